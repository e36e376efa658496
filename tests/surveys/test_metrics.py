"""Morale index, eNPS, participation by hand; the breakdown keeps k, across both cuts."""
from __future__ import annotations

from fossdash.metrics.surveys import Stats, enps, morale_index, participation, round_stats


def test_morale_enps_and_participation_by_hand():
    # Answers 1, 3, 5 and 5: mean 3.5, so (3.5 - 1) x 25 = 62.5.
    assert morale_index(1 + 3 + 5 + 5, 4) == 62.5
    assert morale_index(5, 5) == 0 and morale_index(25, 5) == 100 and morale_index(0, 0) is None
    # 10 answered: 4 promoters (9-10), 3 detractors (0-6): 40% - 30% = 10.
    assert enps(4, 3, 10) == 10
    assert enps(0, 5, 5) == -100 and enps(0, 0, 0) is None
    assert participation(30, 120) == 0.25 and participation(3, 0) is None


def _s(n, core_mean=3, promoters=0):
    return Stats(n=n, core_sum=core_mean * 5 * n, core_n=5 * n, promoters=promoters, detractors=0, recommend_n=n)


def test_a_round_under_k_shows_nothing():
    stats = round_stats({(None, None): _s(4)}, k=5, headcount=40)
    assert not stats.shown and stats.n is None and stats.morale is None and stats.enps is None
    assert stats.participation is None and stats.agencies == []


def test_the_subtraction_attack_across_two_cuts_is_stopped():
    """Agency A (10 answers) has groups G1 (8) and G2 (2). Shown by agency and by group separately,
    A - G1 gives G2's two answers, and their mean. One two-way suppression hides enough."""
    agencies, groups = [(1, "A"), (2, "B")], [(11, "G1"), (12, "G2"), (21, "H")]
    cells = {(1, 11): _s(8, 4), (1, 12): _s(2, 1), (2, 21): _s(9, 3)}
    stats = round_stats(cells, k=5, headcount=40, agencies=agencies, groups=groups)
    assert stats.shown and stats.n == 19
    by_group = {c.label: c for c in stats.groups}
    by_agency = {c.label: c for c in stats.agencies}
    assert by_group["G2"].hidden and by_group["G2"].morale is None and by_group["G2"].enps is None
    # Whatever is shown, G2 cannot be worked out: neither A minus G1, nor the total minus the rest.
    a, g1 = by_agency["A"], by_group["G1"]
    assert a.hidden or g1.hidden
    shown_groups = [c.n for c in stats.groups if not c.hidden]
    assert sum(1 for c in stats.groups if c.hidden) >= 2 and sum(shown_groups) != stats.n - 2
    # Every mean and share is hidden exactly where its count is.
    for c in stats.agencies + stats.groups:
        if c.n is None:
            assert c.morale is None and c.enps is None
        elif c.n:
            assert c.morale is not None and c.enps is not None


def test_big_groups_are_shown_with_their_means():
    cells = {(1, 11): _s(10, 4, promoters=5), (2, 21): _s(10, 2)}
    stats = round_stats(cells, k=5, agencies=[(1, "A"), (2, "B")], groups=[(11, "G1"), (21, "H")])
    by_agency = {c.label: c for c in stats.agencies}
    assert by_agency["A"].n == 10 and by_agency["A"].morale == 75 and by_agency["A"].enps == 50
    assert by_agency["B"].morale == 25


def test_a_morale_index_or_enps_over_answers_that_leave_its_questions_empty_is_not_shown():
    """Imported answers may leave questions empty. 12 answers, 2 of them to the recommend question,
    and 11 to all five core statements: over part of the answers, neither figure is shown, though
    the count is (beside the statements' spreads, or the other cuts, part of the answers could be
    worked out). Nor does any cut then, even one whose every answer answered them: the statements'
    spreads add up the round's answers, and less that cut's they would give the rest's."""
    few = Stats(n=12, core_sum=3 * 55, core_n=55, promoters=2, detractors=0, recommend_n=2)
    stats = round_stats({(1, None): few}, k=5, headcount=40, agencies=[(1, "A")])
    assert stats.shown and stats.n == 12 and stats.morale is None and stats.enps is None
    whole = Stats(n=12, core_sum=3 * 60, core_n=60, promoters=3, detractors=0, recommend_n=12)
    stats = round_stats({(1, None): whole}, k=5, headcount=40, agencies=[(1, "A")])
    assert stats.morale == 50 and stats.enps == 25
    cells = {(1, None): _s(8, 3, promoters=8),
             (2, None): Stats(n=9, core_sum=3 * 45, core_n=45, promoters=1, detractors=0, recommend_n=1)}
    stats = round_stats(cells, k=5, headcount=40, agencies=[(1, "A"), (2, "B")], breakdown=True)
    a, b = (next(c for c in stats.agencies if c.label == name) for name in ("A", "B"))
    assert (a.n, a.morale, a.enps) == (8, 50, None) and (b.n, b.morale, b.enps) == (9, 50, None)
    assert stats.morale == 50 and stats.enps is None  # B's one recommend answer: in no eNPS shown
    # The same with B's core statements left empty by one answer: no morale index anywhere.
    cells[(2, None)] = Stats(n=9, core_sum=3 * 44, core_n=44, promoters=9, detractors=0, recommend_n=9)
    stats = round_stats(cells, k=5, headcount=40, agencies=[(1, "A"), (2, "B")], breakdown=True)
    assert stats.morale is None and all(c.morale is None for c in stats.agencies + stats.groups)
    assert stats.enps == 100 and next(c for c in stats.agencies if c.label == "A").enps == 100


def test_a_staff_link_round_is_shown_at_k_answers_as_before():
    """Staff link answers answer every question: at exactly k answers, every figure shows."""
    stats = round_stats({(None, None): _s(5, 4, promoters=5)}, k=5, headcount=40)
    assert stats.morale == 75 and stats.enps == 100


def test_a_statement_answered_by_fewer_than_k_people_has_its_spread_hidden():
    from fossdash.metrics.surveys import Distribution

    dist = Distribution({"q1": [1, 2, 4, 2, 1], "q2": [0, 1, 0, 1, 0], "o1": [0] * 5}, [0] * 9 + [1, 1]).under(5)
    assert dist.items == {"q1": [1, 2, 4, 2, 1], "q2": None, "o1": [0] * 5} and dist.recommend is None
