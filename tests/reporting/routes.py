"""Route expectations for returns, imports and background jobs."""
from tests.route_matrix import READERS, WRITERS, only, project

SUBMITTED_READERS = ("admin", "programme_manager", "hr", "executive")
# A job is seen by the person who started it (programme_manager in the world) and admins only.
JOB = {"anonymous": 302, "admin": 200, "programme_manager": 200, "hr": 404, "union_rep": 404, "executive": 404,
       "outsider": 404}

ROUTES = {
    "reporting.index": {"GET": project(*READERS)},
    "reporting.download": {"GET": project(*READERS)},
    "reporting.submit": {"GET": project(*WRITERS), "POST": project(*WRITERS, ok=200)},  # empty: errors
    "reporting.submitted": {"GET": project(*SUBMITTED_READERS)},
    "reporting.settings": {"GET": project(*WRITERS), "POST": project(*WRITERS, ok=200)},
    "reporting.portfolio": {"GET": only("admin", "executive"), "POST": only("admin", "executive", ok=200)},
    "reporting.job": {"GET": JOB},
    "reporting.job_status": {"GET": JOB},
    "reporting.job_result": {"GET": JOB},
    "reporting.imports": {"GET": project(*WRITERS)},
    "reporting.import_template": {"GET": project(*WRITERS)},
    "reporting.import_upload": {"GET": project(*WRITERS), "POST": project(*WRITERS, ok=200)},
    "reporting.import_columns": {"GET": project(*WRITERS), "POST": project(*WRITERS, ok=200)},  # empty: errors
    "reporting.import_confirm": {"GET": project(*WRITERS), "POST": project(*WRITERS, ok=302)},  # nothing new: done
}
