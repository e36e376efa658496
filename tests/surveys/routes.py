"""Route expectations for pulse surveys and their staff pages."""
from tests.route_matrix import OK, READERS, WRITERS, project, public

EXPORTERS = ("admin", "programme_manager", "hr", "executive")

ROUTES = {
    "surveys.index": {"GET": project(*READERS)},
    "surveys.new": {"GET": project(*WRITERS), "POST": project(*WRITERS, ok=200)},
    "surveys.edit": {"GET": project(*WRITERS), "POST": project(*WRITERS, ok=OK)},
    "surveys.show": {"GET": project(*READERS)},
    "surveys.export": {"GET": project(*EXPORTERS)},
    "surveys.codes": {"GET": project(*WRITERS), "POST": project(*WRITERS, ok=200)},
    "surveys.codes_print": {"GET": project(*WRITERS)},
    "surveys.codes_csv": {"GET": project(*WRITERS)},
    "surveys.redact_comment": {"GET": project(*WRITERS), "POST": project(*WRITERS, ok=OK)},
    "surveys.publish_comment": {"GET": project(*WRITERS, ok=302)},
    "survey_staff.start": {"GET": public(200)},
    "survey_staff.answer": {"GET": public(200), "POST": public(200)},
    "survey_staff.done": {"GET": public(200)},
}
