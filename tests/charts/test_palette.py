"""Chart colours can be told from the white plot: every series colour of the palette has at least
3:1 contrast against it (WCAG 2.2, 1.4.11 non-text contrast), so a ninth project's line on the
portfolio trends is as visible as the first's."""
from __future__ import annotations


def _luminance(hex_colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def test_every_series_colour_has_3_to_1_contrast_against_white():
    from fossdash.charts.base import PALETTE

    ratios = {c: round(1.05 / (_luminance(c) + 0.05), 2) for c in PALETTE}
    assert all(r >= 3 for r in ratios.values()), ratios
    assert len(set(PALETTE)) == len(PALETTE)
