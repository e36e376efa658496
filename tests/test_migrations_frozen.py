"""Released migrations never change: a database migrated by a released revision (0001–0008) must
stay what those files say. A change to the schema is a new revision, named by domain and change
(for example 0004_training_plans.py), never an edit to a released one."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

VERSIONS = Path(__file__).resolve().parents[1] / "fossdash" / "migrations" / "versions"

RELEASED = {
    "0001_foundation.py": "76d9b9cae36efc1589ebc23e97511f7b4863a351915f9293e8fb6132ffed8310",
    "0002_concerns.py": "664c5057d7064474c7a3e07fdc22e0648d5f12251d0c3f98ba38abfcbcaa6c5b",
    "0003_grading.py": "8219e50428a3fcc9312fe9f729cc4d383bd375cb4eb5ca9781fe3a7c44916193",
    "0004_training.py": "aaac60e4e2525c712d0d8fb59d15d74563ccd3335f63091bbc94500557071a15",
    "0005_comms.py": "592169db2a96a14d090a91502c2cd64beeb8d8cb3704bbde42da1eddf4702f47",
    "0006_surveys.py": "24797a91b6d19afc5c1346bf5be80d631915fb4777d1beef060f8a7349f4c081",
    "0008_returns.py": "c2f7ba396bf3a63403de50620bdc310024214d0a4199f1f8978580b71351b9e4",
}


def test_released_revision_files_are_unchanged():
    for name, digest in RELEASED.items():
        text = (VERSIONS / name).read_bytes()
        assert hashlib.sha256(text).hexdigest() == digest, (
            f"{name} was released and must not change: add a new revision instead")


def test_new_revisions_are_numbered_and_named_by_domain_and_change():
    for path in VERSIONS.glob("*.py"):
        assert re.fullmatch(r"\d{4}_[a-z]+(_[a-z0-9]+)*\.py", path.name), (
            f"{path.name}: name revisions NNNN_<domain>_<change>.py")
        revision = re.search(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", path.read_text(), re.M)
        assert revision and revision.group(1) == path.stem, f"{path.name}: its revision id should be its file name"
