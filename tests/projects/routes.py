"""Route expectations for the projects domain (see tests/route_matrix.py)."""
from tests.route_matrix import OK, READERS, WRITERS, everyone, only, project

# Account roles that may create projects and edit the shared list of agencies. `outsider` is a
# programme manager (of another project).
CREATORS = ("admin", "programme_manager", "outsider")
TERMS = ("admin", "programme_manager", "hr")


def _read():
    return {"GET": project(*READERS)}


def _form(*whos):
    """A page with a form: GET shows it; a forged empty POST is answered without a server error."""
    return {"GET": project(*whos), "POST": project(*whos, ok=OK)}


ROUTES = {
    "projects.index": {"GET": everyone(200)},
    "projects.new": {"GET": only(*CREATORS), "POST": only(*CREATORS, ok=200)},
    "projects.show": _read(),
    "projects.edit": _form(*WRITERS),
    "projects.members": _read(),
    "projects.add_member": _form(*WRITERS),
    "projects.edit_member": _form(*WRITERS),
    "projects.remove_member": _form(*WRITERS),
    "projects.agencies": {"GET": everyone(200)},
    "projects.new_agency": {"GET": only(*CREATORS), "POST": only(*CREATORS, ok=200)},
    # The world's agency is a partner in Alpha: Bravo's programme manager (outsider) may not change it.
    "projects.edit_agency": {"GET": only(*WRITERS), "POST": only(*WRITERS, ok=OK)},
    # The world's agency is still a partner, so deleting it is refused (409) for those allowed.
    "projects.delete_agency": {"GET": only(*WRITERS), "POST": only(*WRITERS, ok=409)},
    "projects.partners": _read(),
    "projects.new_partnership": _form(*WRITERS),
    "projects.edit_partnership": _form(*WRITERS),
    "projects.delete_partnership": _form(*WRITERS),
    "projects.terms": _form(*TERMS),
    "projects.compare_terms": _read(),
    "projects.staff_groups": _read(),
    "projects.new_staff_group": _form(*WRITERS),
    "projects.edit_staff_group": _form(*WRITERS),
    "projects.delete_staff_group": _form(*WRITERS),
    "projects.governance": _read(),
    "projects.new_governance_body": _form(*WRITERS),
    "projects.edit_governance_body": _form(*WRITERS),
    "projects.delete_governance_body": _form(*WRITERS),
    "projects.milestones": _read(),
    "projects.new_milestone": _form(*WRITERS),
    "projects.edit_milestone": _form(*WRITERS),
    "projects.delete_milestone": _form(*WRITERS),
}
