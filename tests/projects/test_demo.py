"""The demo programme's projects: the eight FOSS case studies, loaded idempotently."""
from __future__ import annotations

from fossdash.demo.projects import MEMBERS

NAMES = ["Rushcliffe First Contact", "Northumbria 101", "Braintree Children's Trust",
         "Staffordshire Moorlands one-stop shops", "Kent Gateway, Ashford", "Tameside and the Pensions Service",
         "Worcestershire Hub", "Bury St Edmunds Public Service Village"]


def _load(db):
    from fossdash.demo import projects, users

    ctx = {"password": "demo password for tests"}
    users.load(ctx)
    projects.load(ctx)
    db.session.commit()
    return ctx


def _counts(db):
    from fossdash.auth.models import ProjectMembership
    from fossdash.projects.models import Agency, GovernanceBody, Milestone, Partnership, Project, StaffGroup

    return {m.__name__: db.session.scalar(db.select(db.func.count()).select_from(m))
            for m in (Project, Agency, Partnership, StaffGroup, GovernanceBody, Milestone, ProjectMembership)}


def test_demo_loads_the_eight_case_studies_once(app, db):
    ctx = _load(db)
    assert sorted(ctx["projects"]) == sorted(NAMES)
    first = _counts(db)
    assert first["Project"] == 8
    _load(db)
    assert _counts(db) == first


def test_demo_keeps_changes_made_in_the_app(app, db):
    ctx = _load(db)
    kent = ctx["projects"]["Kent Gateway, Ashford"]
    kent.stage = "embedding"
    db.session.commit()
    _load(db)
    db.session.refresh(kent)
    assert kent.stage == "embedding"


def test_demo_memberships(app, db):
    from fossdash.security import visible_project_ids

    ctx = _load(db)
    users, projects = ctx["users"], ctx["projects"]
    by_id = {p.id: name for name, p in projects.items()}

    def names(email):
        ids = visible_project_ids(users[email])
        return None if ids is None else sorted(by_id[i] for i in ids)

    assert names("pm@fossdash.example") == ["Kent Gateway, Ashford", "Northumbria 101"]
    assert names("pm.kent@fossdash.example") == ["Kent Gateway, Ashford", "Staffordshire Moorlands one-stop shops"]
    assert names("hr@fossdash.example") == ["Kent Gateway, Ashford", "Northumbria 101"]
    assert names("union@fossdash.example") == ["Kent Gateway, Ashford", "Northumbria 101"]
    assert names("exec@fossdash.example") is None and names("admin@fossdash.example") is None
    roles = {(e, p): r for e, p, r in MEMBERS}
    assert roles[("union@fossdash.example", "Northumbria 101")] == "union_rep"


def test_demo_facts_from_the_paper_and_illustrative_flags(app, db):
    ctx = _load(db)
    p = ctx["projects"]
    northumbria = p["Northumbria 101"]
    assert northumbria.population == 1_400_000 and northumbria.type == "contact_centre"
    partners = {x.agency.name for x in northumbria.partnerships}
    assert {"Northumbria Police Authority", "Northumbria Police", "Newcastle City Council",
            "Sunderland City Council", "Northumberland County Council"} <= partners
    kent = p["Kent Gateway, Ashford"]
    kinds = sorted(b.kind for b in kent.governance_bodies)
    assert kinds == ["advisory_board", "project_board"]
    assert any(b.name == "Multi-Agency Advisory Board" for b in kent.governance_bodies)
    assert {m.title for m in kent.milestones} >= {"Ashford Gateway opens",
                                                   "Staff of the next Gateway spend time at Ashford Gateway"}
    forums = [b for b in p["Staffordshire Moorlands one-stop shops"].governance_bodies]
    assert len(forums) == 3 and all(b.kind == "partnership_forum" and "Age Concern" in b.member_list for b in forums)
    assert any(m.kind == "opening" for m in p["Bury St Edmunds Public Service Village"].milestones)
    assert {x.agency.name for x in p["Tameside and the Pensions Service"].partnerships} == {
        "Tameside Metropolitan Borough Council", "The Pensions Service"}
    # Everything invented is flagged, so the pages can say "Illustrative figures".
    for project in p.values():
        assert project.illustrative
        assert all(x.terms_illustrative for x in project.partnerships)
        assert all(g.illustrative for g in project.staff_groups)
        assert all(m.illustrative for m in project.milestones)
        assert all(b.illustrative for b in project.governance_bodies)
        assert project.anonymity_k == 5


def test_demo_terms_really_differ_between_partners(app, db):
    from fossdash.projects.terms import compare_terms

    ctx = _load(db)
    c = compare_terms(ctx["projects"]["Kent Gateway, Ashford"])
    by = {r.attr: r for r in c.rows}
    assert by["weekly_hours"].range_text == "37 to 39"
    assert by["annual_leave_days"].range_text == "25 to 28 days"
    assert by["pay_scale"].differs
