"""Route expectations for concerns, Q&A, the staff link management and the public staff pages."""
from tests.route_matrix import OK, READERS, WRITERS, project, public

EXPORTERS = ("admin", "programme_manager", "hr", "executive")

ROUTES = {
    "concerns.index": {"GET": project(*READERS)},
    "concerns.export": {"GET": project(*EXPORTERS)},
    "concerns.new": {"GET": project(*WRITERS), "POST": project(*WRITERS, ok=200)},  # empty: errors
    "concerns.show": {"GET": project(*READERS)},
    "concerns.edit": {"GET": project(*WRITERS), "POST": project(*WRITERS, ok=200)},
    "concerns.answer": {"GET": project(*WRITERS), "POST": project(*WRITERS, ok=200)},
    "concerns.close": {"GET": project(*WRITERS), "POST": project(*WRITERS, ok=OK)},
    "concerns.questions": {"GET": project(*READERS)},
    "concerns.new_question": {"GET": project(*WRITERS), "POST": project(*WRITERS, ok=200)},
    "concerns.edit_question": {"GET": project(*WRITERS), "POST": project(*WRITERS, ok=200)},
    "concerns.set_question_published": {"POST": project(*WRITERS, ok=302)},
    "concerns.delete_question": {"GET": project(*WRITERS), "POST": project(*WRITERS, ok=409)},  # forged: no version
    "concerns.staff_link": {"GET": project(*WRITERS)},
    "concerns.replace_staff_link": {"GET": project(*WRITERS), "POST": project(*WRITERS, ok=302)},
    "concerns.redact": {"GET": project(*WRITERS, ok=404), "POST": project(*WRITERS, ok=404)},  # a named concern: only link concerns
    # The staff pages need no account: the same for everyone, signed in or not.
    "staff.home": {"GET": public(200)},
    "staff.raise_concern": {"GET": public(200), "POST": public(200)},  # empty: errors
    "staff.sent": {"GET": public(200)},
}
