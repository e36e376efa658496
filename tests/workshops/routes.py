"""Route expectations for the Shared Solutions workshops: programme managers of the project run
them; everyone on the project reads them (executives too); exporters download the workbook."""
from tests.route_matrix import READERS, WRITERS, project

EXPORTERS = ("admin", "programme_manager", "hr", "executive")

ROUTES = {
    "workshops.index": {"GET": project(*READERS)},
    "workshops.show": {"GET": project(*READERS)},
    "workshops.report": {"GET": project(*READERS)},
    "workshops.export": {"GET": project(*EXPORTERS)},
    "workshops.new": {"GET": project(*WRITERS), "POST": project(*WRITERS, ok=200)},  # empty: errors
    "workshops.edit": {"GET": project(*WRITERS), "POST": project(*WRITERS, ok=200)},
    "workshops.delete": {"GET": project(*WRITERS), "POST": project(*WRITERS, ok=409)},  # forged: no version
    # A forged POST carries no version: refused as made from an old page, nothing saved (409).
    "workshops.capture": {"GET": project(*WRITERS), "POST": project(*WRITERS, ok=409)},
    "workshops.guesses": {"GET": project(*WRITERS), "POST": project(*WRITERS, ok=409)},
    "workshops.mood": {"GET": project(*WRITERS), "POST": project(*WRITERS, ok=409)},
    "workshops.priority_edit": {"GET": project(*WRITERS), "POST": project(*WRITERS, ok=200)},
    "workshops.priority_delete": {"GET": project(*WRITERS), "POST": project(*WRITERS, ok=409)},
    "workshops.quote_new": {"GET": project(*WRITERS), "POST": project(*WRITERS, ok=200)},
    "workshops.quote_edit": {"GET": project(*WRITERS), "POST": project(*WRITERS, ok=200)},
    "workshops.quote_delete": {"GET": project(*WRITERS), "POST": project(*WRITERS, ok=409)},
    "workshops.action_new": {"GET": project(*WRITERS), "POST": project(*WRITERS, ok=200)},
    "workshops.action_edit": {"GET": project(*WRITERS), "POST": project(*WRITERS, ok=200)},
    "workshops.action_delete": {"GET": project(*WRITERS), "POST": project(*WRITERS, ok=409)},
}
