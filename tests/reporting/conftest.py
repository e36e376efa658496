"""Fixtures the import tests share."""
from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import signed_in_client


@pytest.fixture
def pm(app, world):
    """A programme manager of Alpha, signed in."""
    return signed_in_client(app, world.users["programme_manager"])


@pytest.fixture
def autumn(world, db):
    """A closed round of Alpha's with one own statement."""
    from fossdash.surveys.models import SurveyRound

    r = SurveyRound(project_id=world.project.id, title="Autumn pulse", opens_on=date(2026, 10, 1),
                    closes_on=date(2026, 10, 14), own_items=["The new rota works for me"], ask_group=True)
    db.session.add(r)
    db.session.commit()
    return r
