"""A workshop in the world's project Alpha: two groups, two priorities with scores, a quote and an
agreed action (for the route matrix)."""
from __future__ import annotations

from datetime import date


def build(world, make) -> None:
    from fossdash.extensions import db
    from fossdash.workshops.models import (
        Workshop,
        WorkshopAction,
        WorkshopGroup,
        WorkshopPriority,
        WorkshopQuote,
        WorkshopScore,
    )

    pid = world.project.id
    w = Workshop(project_id=pid, title="Tenants and officers", held_on=date(2007, 6, 14), place="Civic centre")
    w.groups = [WorkshopGroup(project_id=pid, position=1, name="Tenants", participants=15),
                WorkshopGroup(project_id=pid, position=2, name="Housing officers", participants=10)]
    db.session.add(w)
    db.session.flush()
    p = WorkshopPriority(project_id=pid, workshop_id=w.id, title="Knowing when repairs will be done", raised_by=1)
    q = WorkshopPriority(project_id=pid, workshop_id=w.id, title="Speed of repairs", raised_by=2)
    db.session.add_all([p, q])
    db.session.flush()
    db.session.add_all([WorkshopScore(priority_id=p.id, position=1, value=9, workshop_id=w.id, project_id=pid),
                        WorkshopScore(priority_id=q.id, position=2, value=6, workshop_id=w.id, project_id=pid)])
    quote = WorkshopQuote(project_id=pid, workshop_id=w.id, text="They look down at you.", speaker="Tenant",
                          impact="build_respect")
    action = WorkshopAction(project_id=pid, workshop_id=w.id, title="Text tenants the repair day", owner="Repairs",
                            due_on=date(2007, 9, 1), status="not_started", priority_id=p.id)
    db.session.add_all([quote, action])
    db.session.commit()
    world.ids.update(workshop_id=w.id, group_id=w.groups[0].id, priority_id=q.id, quote_id=quote.id,
                     workshop_action_id=action.id)
