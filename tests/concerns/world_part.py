"""Concerns in the world's project Alpha: a named concern (so the union-rep rule can be seen), an
anonymous one from the staff link, and a published question and answer."""
from __future__ import annotations

from datetime import date

RAISER = "Janet Example (contact adviser)"


def build(world, make) -> None:
    from fossdash.concerns.models import Concern, QuestionAnswer
    from fossdash.extensions import db

    named = Concern(project_id=world.project.id, kind="concern", category="job_security", channel="briefing",
                    severity="high", status="open", text="They're after our jobs.", raised_on=date(2007, 2, 5),
                    raised_by=RAISER)
    anonymous = Concern(project_id=world.project.id, kind="question", category="pay_grading",
                        channel="staff_link", status="open", text="Will we be paid the same as county staff?",
                        raised_on=date(2007, 5, 9))
    db.session.add_all([named, anonymous])
    db.session.flush()
    qa = QuestionAnswer(project_id=world.project.id, concern_id=anonymous.id,
                        question="Will I lose my job when we move to the 101 centre?",
                        answer="No. Everyone in the contact teams has a post in the new centre.",
                        published=True, published_on=date(2007, 6, 1))
    db.session.add(qa)
    db.session.commit()
    world.ids.update(concern_id=named.id, qa_id=qa.id, token=world.project.staff_token)
    world.extra["concerns"] = {"named": named, "anonymous": anonymous, "qa": qa}
