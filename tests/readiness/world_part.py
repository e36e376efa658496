"""Readiness in the world's project Alpha: one ADKAR assessment with a barrier point at desire."""
from __future__ import annotations

from datetime import date


def build(world, make) -> None:
    from fossdash.extensions import db
    from fossdash.metrics import readiness as rules
    from fossdash.readiness.models import ReadinessAssessment, ReadinessScore

    a = ReadinessAssessment(project_id=world.project.id, assessed_on=date(2007, 3, 31), framework="adkar",
                            assessor="Programme manager", summary="")
    scores = {"awareness": 4, "desire": 2, "knowledge": 3, "ability": 3, "reinforcement": 2}
    for i, key in enumerate(rules.DIMENSIONS["adkar"]):
        a.scores.append(ReadinessScore(project_id=world.project.id, dimension=key, position=i, score=scores[key],
                                       note=""))
    db.session.add(a)
    db.session.commit()
    world.ids.update(assessment_id=a.id)
    world.extra["readiness"] = {"assessment": a}
