"""Route expectations for the communication plan."""
from tests.route_matrix import READERS, WRITERS, project

EXPORTERS = ("admin", "programme_manager", "hr", "executive")

ROUTES = {
    "comms.index": {"GET": project(*READERS)},
    "comms.export": {"GET": project(*EXPORTERS)},
    "comms.new": {"GET": project(*WRITERS), "POST": project(*WRITERS, ok=200)},  # empty: errors
    "comms.show": {"GET": project(*READERS)},
    "comms.edit": {"GET": project(*WRITERS), "POST": project(*WRITERS, ok=200)},
    "comms.done": {"GET": project(*WRITERS), "POST": project(*WRITERS, ok=200)},
    "comms.delete": {"GET": project(*WRITERS), "POST": project(*WRITERS, ok=409)},  # forged: no version
    "comms.lead": {"GET": project(*WRITERS), "POST": project(*WRITERS, ok=200)},
    # The world names no lead: the page says there is nobody to remove, and a POST changes nothing.
    "comms.remove_lead": {"GET": project(*WRITERS), "POST": project(*WRITERS, ok=409)},
}
