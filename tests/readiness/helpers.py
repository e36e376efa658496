"""Readiness test helpers: an assessment straight into the database, and the form a person posts."""
from __future__ import annotations

from datetime import date

from fossdash.metrics import readiness as rules


def assessment(project, on: date, framework: str = "foss", scores: dict | None = None, group=None,
               assessor: str = "Programme manager", default: int = 3):
    from fossdash.extensions import db
    from fossdash.readiness.models import ReadinessAssessment, ReadinessScore

    a = ReadinessAssessment(project_id=project.id, assessed_on=on, framework=framework, assessor=assessor,
                            staff_group_id=group.id if group else None, summary="")
    for i, key in enumerate(rules.DIMENSIONS[framework]):
        a.scores.append(ReadinessScore(project_id=project.id, dimension=key, position=i,
                                       score=(scores or {}).get(key, default), note=""))
    db.session.add(a)
    db.session.commit()
    return a


def form(framework: str = "foss", on: date = date(2007, 3, 31), scores: dict | None = None, default: int = 3,
         **kw) -> dict:
    data = {"assessed_on": [str(on.day), str(on.month), str(on.year)], "assessor": "Programme manager",
            "staff_group_id": "", "summary": ""}
    for key in rules.DIMENSIONS[framework]:
        data[f"score_{key}"] = str((scores or {}).get(key, default))
        data[f"note_{key}"] = ""
    data.update(kw)
    return data
