"""Chart tests need no database. They carry the "sqlite" id all the same (each module says
`pytestmark = pytest.mark.usefixtures("backend")`), so that the usual `pytest -k sqlite` run
includes them, and they run once rather than once per backend."""
import pytest


@pytest.fixture(params=["sqlite"])
def backend(request) -> str:
    return request.param
