"""Route expectations for the portfolio: every signed-in user may open it (each sees only the
projects they may read, tested in tests/portfolio/test_portfolio.py); anonymous is sent to sign in."""
from tests.route_matrix import everyone

ROUTES = {
    "portfolio.index": {"GET": everyone()},
    "portfolio.trends_page": {"GET": everyone()},
}
