"""A project membership can narrow what an account may do, never widen it."""
import logging

import pytest

from fossdash.auth.models import Role
from fossdash.security import allowed_project_roles, can, effective_role, project_role


def test_a_union_rep_made_programme_manager_of_a_project_still_cannot_see_raisers(app, make):
    project = make.project()
    rep = make.user("union_rep")
    make.member(project, rep, role="programme_manager")
    assert project_role(rep, project.id) is Role.UNION_REP
    assert not can("see_raiser", project.id, rep)
    assert not can("manage", project.id, rep)
    assert can("union_position", project.id, rep)


def test_an_executive_given_a_managing_role_still_changes_nothing(app, make):
    project = make.project()
    boss = make.user("executive")
    make.member(project, boss, role="programme_manager")
    assert not can("manage", project.id, boss)
    assert can("read", project.id, boss)


def test_a_narrower_membership_is_honoured(app, make):
    project = make.project()
    pm = make.user("programme_manager")
    make.member(project, pm, role="executive")
    assert project_role(pm, project.id) is Role.EXECUTIVE
    assert not can("manage", project.id, pm)


def test_demoting_an_account_takes_effect_on_its_projects_at_once(app, db, make):
    project = make.project()
    user = make.user("programme_manager")
    make.member(project, user)
    assert can("see_raiser", project.id, user)
    user.role = "union_rep"
    db.session.commit()
    assert not can("see_raiser", project.id, user)
    assert not can("manage", project.id, user)


@pytest.mark.parametrize("account,expected", [
    (Role.UNION_REP, [Role.UNION_REP]),
    (Role.EXECUTIVE, [Role.EXECUTIVE]),
    (Role.HR, [Role.HR, Role.EXECUTIVE]),
    (Role.PROGRAMME_MANAGER, [Role.PROGRAMME_MANAGER, Role.EXECUTIVE]),
])
def test_roles_on_offer_for_each_account(account, expected):
    assert allowed_project_roles(account) == expected
    for role in Role:
        if role is not Role.ADMIN:
            assert (effective_role(account, role) is role) == (role in expected)


def test_log_lines_never_carry_the_staff_link_token(caplog):
    from fossdash.text import RedactStaffLinks

    logger = logging.getLogger("fossdash.test-redaction")
    caplog.handler.addFilter(RedactStaffLinks())
    with caplog.at_level(logging.WARNING):
        logger.warning("form refused: %s %s", "POST", "/s/AbC-123_xyz/raise")
    assert "AbC-123_xyz" not in caplog.text
    assert "/s/[staff link]/raise" in caplog.text


def test_like_pattern_takes_wildcards_literally():
    from fossdash.text import like_pattern

    assert like_pattern("50%_off\\") == "%50\\%\\_off\\\\%"
