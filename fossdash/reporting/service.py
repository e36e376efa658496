"""Returns: the project's quarter scheme, building a return, submitting it and its history.
Database work, no request: views hand in the project, the user and a `can` function."""
from __future__ import annotations

import hashlib
from datetime import date
from typing import Callable

from sqlalchemy import func, select

from fossdash import audit
from fossdash.downloads import filename as export_filename
from fossdash.extensions import db
from fossdash.reporting.models import ReturnSettings, SubmittedReturn
from fossdash.returns import quarterly
from fossdash.returns.periods import FINANCIAL, SCHEMES, ReturnQuarter, recent


def today() -> date:
    return date.today()


def settings(project) -> ReturnSettings:
    found = db.session.scalar(select(ReturnSettings).filter_by(project_id=project.id))
    return found or ReturnSettings(project_id=project.id, quarter_scheme=FINANCIAL)


def scheme(project) -> str:
    return settings(project).quarter_scheme


def earliest_record(project) -> date | None:
    from fossdash.concerns.models import Concern
    from fossdash.projects.models import Milestone

    days = [db.session.scalar(select(func.min(Concern.raised_on)).where(Concern.project_id == project.id)),
            db.session.scalar(select(func.min(Milestone.on)).where(Milestone.project_id == project.id))]
    found = [d for d in days if d is not None]
    return min(found) if found else None


def quarters(project, on: date | None = None) -> list[ReturnQuarter]:
    """The quarters a return can be made for, newest first."""
    return recent(on or today(), scheme(project), back_to=earliest_record(project))


def quarter_from(project, key: str | None) -> ReturnQuarter | None:
    """The quarter named by a form's value, in the project's scheme; None if not one on offer."""
    q = ReturnQuarter.parse(key or "", scheme(project))
    return q if q is not None and q in quarters(project) else None


def default_quarter(project) -> ReturnQuarter:
    """The last complete quarter (what a board asks for), else the current one."""
    offered = quarters(project)
    return offered[1] if len(offered) > 1 else offered[0]


def context(project, quarter: ReturnQuarter, user, can: Callable[[str], bool],
            prepared_on: date | None = None) -> quarterly.ReturnContext:
    return quarterly.ReturnContext(project=project, quarter=quarter, prepared_by=user.name or user.email,
                                   prepared_on=prepared_on or today(), can=can, session=db.session,
                                   k=project.anonymity_k)


def filename(project, quarter: ReturnQuarter, on: date | None = None) -> str:
    return export_filename(f"return-{quarter.key}", project, on)


def build_bytes(project, quarter: ReturnQuarter, user, can, prepared_on: date | None = None) -> bytes:
    return quarterly.return_bytes(context(project, quarter, user, can, prepared_on))


def submit(project, quarter: ReturnQuarter, user, can) -> SubmittedReturn:
    """Make the return and keep its exact bytes as submitted; audited."""
    content = build_bytes(project, quarter, user, can)
    row = SubmittedReturn(project_id=project.id, quarter_key=quarter.key, quarter_label=quarter.long_label,
                          submitted_by_id=user.id, submitted_by_name=user.name or user.email,
                          sha256=hashlib.sha256(content).hexdigest(), size=len(content),
                          filename=filename(project, quarter), content=content)
    db.session.add(row)
    db.session.flush()
    audit.record("submit", "submitted_return", row.id, project_id=project.id,
                 note=f"Quarterly return {quarter.label} submitted ({len(content):,} bytes, sha256 {row.sha256[:12]})")
    db.session.commit()
    return row


def history(project) -> list[SubmittedReturn]:
    return list(db.session.scalars(
        select(SubmittedReturn).where(SubmittedReturn.project_id == project.id)
        .order_by(SubmittedReturn.submitted_at.desc(), SubmittedReturn.id.desc())))


def set_scheme(project, value: str) -> None:
    if value not in SCHEMES:
        raise ValueError(value)
    row = settings(project)
    if row.id is None:
        db.session.add(row)
    row.quarter_scheme = value  # audited as a change of the row
    db.session.commit()
