"""Route expectations for the training plan: everyone on the project reads it; HR, programme
managers and admins ("train") change it; executives and union reps change nothing."""
from tests.route_matrix import READERS, project

TRAINERS = ("admin", "programme_manager", "hr")
EXPORTERS = ("admin", "programme_manager", "hr", "executive")

ROUTES = {
    "training.index": {"GET": project(*READERS)},
    "training.export": {"GET": project(*EXPORTERS)},
    "training.course": {"GET": project(*READERS)},
    "training.new_course": {"GET": project(*TRAINERS), "POST": project(*TRAINERS, ok=200)},  # empty: errors
    "training.edit_course": {"GET": project(*TRAINERS), "POST": project(*TRAINERS, ok=200)},
    "training.delete_course": {"GET": project(*TRAINERS), "POST": project(*TRAINERS, ok=409)},  # forged: no version
    "training.new_session": {"GET": project(*TRAINERS), "POST": project(*TRAINERS, ok=200)},
    "training.edit_session": {"GET": project(*TRAINERS), "POST": project(*TRAINERS, ok=200)},
    "training.delete_session": {"GET": project(*TRAINERS), "POST": project(*TRAINERS, ok=409)},
    "training.attendance": {"GET": project(*TRAINERS), "POST": project(*TRAINERS, ok=200)},  # empty: errors
}
