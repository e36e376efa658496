"""Route expectations for the grading domain (see tests/route_matrix.py).

HR and admins change the register and move issues ("grading"); union reps set the union's
position ("union_position"); admins, programme managers, HR and union reps comment; everyone who
reads the project reads and exports the register (union reps negotiate Single Status). Forged empty POSTs re-show the
form with errors (200), except removing an agency row: the confirm form has no fields but the
row's version, and an empty one removes it (302); an older version is refused (409).
"""
from tests.route_matrix import READERS, everyone, project

HR = ("admin", "hr")
COMMENTERS = ("admin", "programme_manager", "hr", "union_rep")

ROUTES = {
    "grading.queue": {"GET": everyone(200)},
    "grading.index": {"GET": project(*READERS)},
    "grading.show": {"GET": project(*READERS)},
    "grading.export": {"GET": project(*READERS)},  # union reps too (grading_export)
    "grading.new_issue": {"GET": project(*HR), "POST": project(*HR, ok=200)},
    "grading.edit_issue": {"GET": project(*HR), "POST": project(*HR, ok=200)},
    "grading.add_row": {"GET": project(*HR), "POST": project(*HR, ok=200)},
    "grading.edit_row": {"GET": project(*HR), "POST": project(*HR, ok=200)},
    "grading.remove_row": {"GET": project(*HR), "POST": project(*HR, ok=409)},  # forged: no version, nothing removed
    "grading.evaluation": {"GET": project(*HR), "POST": project(*HR, ok=200)},
    "grading.decision": {"GET": project(*HR), "POST": project(*HR, ok=200)},
    "grading.move": {"GET": project(*HR), "POST": project(*HR, ok=200)},
    "grading.union_position": {"GET": project("union_rep"), "POST": project("union_rep", ok=200)},
    "grading.comment": {"POST": project(*COMMENTERS, ok=200)},
}
