"""Demo readiness assessments (filled in below)."""


def load(ctx) -> None:
    return None
