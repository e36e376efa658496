"""Route expectations for readiness: everyone on the project reads it; admins, programme managers
and HR ("assess") assess; executives and union reps change nothing."""
from tests.route_matrix import READERS, project

ASSESSORS = ("admin", "programme_manager", "hr")

ROUTES = {
    "readiness.index": {"GET": project(*READERS)},
}
