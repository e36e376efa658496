"""gunicorn settings for `make run` and production (`gunicorn -c python:fossdash.gunicorn_conf app:app`).

Environment: PORT (default 5000), BIND (default 127.0.0.1:$PORT), WEB_CONCURRENCY (workers, default 2).
"""
import os

from gunicorn.glogging import Logger

bind = os.environ.get("BIND", f"127.0.0.1:{os.environ.get('PORT', '5000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
accesslog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Same log line as gunicorn's default, without the client address.
access_log_format = '"%(r)s" %(s)s %(b)s %(D)sµs'

# The anonymous staff pages (/s/<token>/...) must leave no trace that could identify who used
# them: no address, no user agent, no exact time, and not even the secret token in the URL.
ANONYMOUS_PREFIX = "/s/"


class StaffLinkSafeLogger(Logger):
    def access(self, resp, req, environ, request_time):
        if (environ.get("PATH_INFO") or "").startswith(ANONYMOUS_PREFIX):
            return
        super().access(resp, req, environ, request_time)


logger_class = StaffLinkSafeLogger
