"""The communication plan in the world's project Alpha: one all-staff briefing. (World parts run in
name order, so the concerns part has not run yet: links to concerns are tested in tests/comms.)"""
from __future__ import annotations

from datetime import date


def build(world, make) -> None:
    from fossdash.comms.models import CommsAction
    from fossdash.extensions import db

    action = CommsAction(project_id=world.project.id, title="Chief executive’s all-staff briefing",
                         technique="all_staff_briefing", audience="all_staff", owner="Chief executive",
                         due_on=date(2007, 3, 1), feedback="")
    db.session.add(action)
    db.session.commit()
    world.ids.update(action_id=action.id)
    world.extra["comms"] = {"action": action}
