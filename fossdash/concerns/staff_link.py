"""The anonymous staff link's concerns: finding the project from the link, holding what is sent
(no author, no account, no time of day), releasing what is due into the register in shuffled
order, and replacing the link. No Flask request here."""
from __future__ import annotations

import re
from datetime import date, datetime

from sqlalchemy import select

from fossdash.concerns.models import CATEGORIES, KINDS, STAFF_LINK, Concern, HeldConcern
from fossdash.extensions import db
from fossdash.modelkit import utcnow
from fossdash.projects.models import Project, new_staff_token

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def project_for_token(token: str) -> Project | None:
    if not token or not TOKEN_RE.match(token):
        return None
    return db.session.scalar(select(Project).where(Project.staff_token == token))


def raise_via_link(project: Project, values: dict) -> HeldConcern:
    """Store exactly what the staff page says it stores: the words, the category, the agency and
    staff group if given, the kind, and the day. No author, no account, no time of day. It is held
    (random key, no audit row) until the next release puts it in the register."""
    allowed_agencies = {p.agency_id for p in project.partnerships}
    allowed_groups = {g.id for g in project.staff_groups}
    held = HeldConcern(
        project_id=project.id,
        kind=values["kind"] if values.get("kind") in KINDS else "concern",
        category=values["category"] if values.get("category") in CATEGORIES else "other",
        text=values["text"],
        agency_id=values.get("agency_id") if values.get("agency_id") in allowed_agencies else None,
        staff_group_id=values.get("staff_group_id") if values.get("staff_group_id") in allowed_groups else None,
        received_on=utcnow().date(),
    )
    db.session.add(held)
    db.session.flush()
    return held


def held_due(today: date, project_id: int | None = None) -> list:
    """The conditions of the held link concerns due for release: from before `today` (of one project)."""
    where = [HeldConcern.received_on < today]
    if project_id is not None:
        where.append(HeldConcern.project_id == project_id)
    return where


def release_held_concerns(today: date | None = None, project_id: int | None = None) -> int:
    """Move every concern held from before `today` into the register, in shuffled order, and log
    one count per project (never a row per concern). Safe to call from a page, the CLI or a
    background job: rows are claimed by deleting them, so two callers never release one twice.
    Returns how many were released."""
    import random

    from sqlalchemy import delete, insert

    from fossdash import audit

    today = today or utcnow().date()
    held = list(db.session.scalars(select(HeldConcern).where(*held_due(today, project_id))))
    if not held:
        return 0
    claimed = db.session.execute(delete(HeldConcern).where(HeldConcern.id.in_([h.id for h in held])))
    if claimed.rowcount != len(held):  # another caller released some of them first
        db.session.rollback()
        return 0
    random.SystemRandom().shuffle(held)
    rows = []
    for h in held:
        midnight = datetime(h.received_on.year, h.received_on.month, h.received_on.day)
        rows.append(dict(project_id=h.project_id, kind=h.kind, category=h.category, channel=STAFF_LINK,
                         text=h.text, agency_id=h.agency_id, staff_group_id=h.staff_group_id, severity=None,
                         status="open", raised_on=h.received_on, raised_by=None, response="", actions="",
                         illustrative=False, version=1, created_at=midnight, updated_at=midnight))
    # Core inserts, one at a time in the shuffled order (so the ids follow it): the ORM's audit
    # hook would write a row per concern; the log gets one count per project instead.
    for row in rows:
        db.session.execute(insert(Concern.__table__).values(**row))
    per_project: dict[int, int] = {}
    for h in held:
        per_project[h.project_id] = per_project.get(h.project_id, 0) + 1
    for pid, n in sorted(per_project.items()):
        audit.record("release", "concern", None, project_id=pid,
                     note=f"{n} concern{'' if n == 1 else 's'} from the staff link released to the register")
    for h in held:
        db.session.expunge(h)
    return len(held)


def release_due(project: Project) -> None:
    """Release what is due when the team reads its pages (and answers, through surveys)."""
    from fossdash.surveys.release import release_held

    release_held(project_id=project.id)


def replace_staff_link(project: Project) -> None:
    project.staff_token = new_staff_token()
    project.staff_token_created_at = utcnow()
    project._audit_note = "Staff link replaced: the old link no longer works"  # noqa: SLF001
