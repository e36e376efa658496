"""The production access log never records the anonymous staff pages, nor anyone's address."""
from datetime import timedelta
from types import SimpleNamespace

import pytest

gunicorn_conf = pytest.importorskip("fossdash.gunicorn_conf")


def _logger(tmp_path):
    from gunicorn.config import Config

    cfg = Config()
    cfg.set("accesslog", str(tmp_path / "access.log"))
    cfg.set("access_log_format", gunicorn_conf.access_log_format)
    return gunicorn_conf.StaffLinkSafeLogger(cfg), tmp_path / "access.log"


def _hit(logger, path):
    environ = {"PATH_INFO": path, "REQUEST_METHOD": "GET", "QUERY_STRING": "", "RAW_URI": path,
               "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "203.0.113.77",
               "HTTP_USER_AGENT": "DistinctiveAgent/1.0"}
    req = SimpleNamespace(headers=[("USER-AGENT", "DistinctiveAgent/1.0")], method="GET", path=path,
                          query="", uri=path, version=(1, 1), peer_addr=("203.0.113.77", 1234))
    resp = SimpleNamespace(status="200 OK", status_code=200, sent=10, headers=[], response_length=10)
    logger.access(resp, req, environ, timedelta(milliseconds=3))
    for handler in logger.access_log.handlers:
        handler.flush()


def test_staff_link_requests_are_not_logged_and_no_address_is(tmp_path):
    logger, path = _logger(tmp_path)
    _hit(logger, "/s/secret-token-abc/raise")
    _hit(logger, "/login")
    text = path.read_text()
    assert "/login" in text
    assert "secret-token-abc" not in text and "/s/" not in text
    assert "203.0.113.77" not in text
