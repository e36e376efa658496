"""The shared test app rolls each test back: what one test commits, the next never sees.

Each case below starts by checking that the database is as the fixtures promise (no accounts
in the empty database; the world's project under its own name), then commits a change. If any
test anywhere in the run leaked a commit, the next of these on the same worker would fail.
"""
import pytest


@pytest.mark.parametrize("n", range(4))
def test_the_empty_database_starts_empty_whatever_ran_before(app, db, make, n):
    from fossdash.auth.models import User
    from fossdash.projects.models import Project

    assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 0
    assert db.session.scalar(db.select(db.func.count()).select_from(Project)) == 0
    make.user("hr", email="leak@example.org")  # commits; unique email: a leak would also clash
    make.project("Leaked project")


@pytest.mark.parametrize("n", range(4))
def test_the_world_starts_as_built_whatever_ran_before(world, db, n):
    from fossdash.projects.models import Project

    assert world.project.name == "Alpha one-stop shop"
    assert db.session.scalar(db.select(db.func.count()).select_from(Project)) == 2
    world.project.name = "Renamed by a test"
    db.session.commit()


def test_an_app_commit_and_rollback_inside_a_test_behave_as_in_production(app, db, make):
    """The app's own rollback undoes only what it started, not what the test committed before."""
    from fossdash.auth.models import User

    make.user("hr", email="kept@example.org")
    db.session.add(User(email="dropped@example.org", name="Dropped", role="hr", password_hash="x"))
    db.session.flush()
    db.session.rollback()
    emails = set(db.session.scalars(db.select(User.email)))
    assert emails == {"kept@example.org"}
