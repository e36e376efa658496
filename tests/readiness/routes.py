"""Route expectations for readiness: everyone on the project reads it; admins, programme managers
and HR ("assess") assess; programme managers and admins ("manage") change the settings;
executives and union reps change nothing."""
from tests.route_matrix import READERS, WRITERS, project

ASSESSORS = ("admin", "programme_manager", "hr")

ROUTES = {
    "readiness.index": {"GET": project(*READERS)},
    "readiness.new": {"GET": project(*ASSESSORS), "POST": project(*ASSESSORS, ok=200)},  # empty: errors
    "readiness.show": {"GET": project(*READERS)},
    "readiness.edit": {"GET": project(*ASSESSORS), "POST": project(*ASSESSORS, ok=200)},
    "readiness.delete": {"GET": project(*ASSESSORS), "POST": project(*ASSESSORS, ok=409)},  # forged: no version
    "readiness.settings": {"GET": project(*WRITERS), "POST": project(*WRITERS, ok=200)},
}
