"""The workshop analysis on hand-built cases: normalisation, shared and divergent, surprises, ties,
a group that scored nothing, merged priorities, mood change."""
from __future__ import annotations

from fossdash.metrics import workshops as wm

T, H = wm.GroupIn(1, "Tenants"), wm.GroupIn(2, "Housing officers")
P = [wm.PriorityIn(1, "Knowing when repairs will be done", 1), wm.PriorityIn(2, "Speed of repairs", 2),
     wm.PriorityIn(3, "Anti-social behaviour", 1), wm.PriorityIn(4, "National targets", 2)]


def test_votes_are_divided_by_the_top_and_ranks_run_from_one_to_zero():
    assert wm.normalise({1: 10, 2: 5, 3: None}, "votes") == {1: 1.0, 2: 0.5, 3: 0.0}
    assert wm.normalise({1: 1, 2: 2, 3: 3}, "rank") == {1: 1.0, 2: 0.5, 3: 0.0}
    assert wm.normalise({1: 1, 2: None, 3: None}, "rank") == {1: 1.0, 2: 0.0, 3: 0.0}
    assert wm.normalise({1: 1}, "rank") == {1: 1.0}


def test_a_group_that_scored_nothing_has_no_scale():
    assert wm.normalise({1: None, 2: None}, "votes") is None
    assert wm.normalise({1: 0, 2: 0}, "votes") is None
    result = wm.analyse([T, H], P, {(2, 2): 5}, {2: [2]})
    assert not result.complete and result.shared == [] and result.divergent == [] and result.surprises == []
    assert any(n.startswith("Tenants have not scored the priorities yet, so what housing officers expected")
               for n in result.notes)


def _scores():
    # tenants: when-repairs 10, speed 2, ASB 9, targets 8; officers: when 7, speed 10, ASB 9, targets 1
    t = {1: 10, 2: 2, 3: 9, 4: 8}
    h = {1: 7, 2: 10, 3: 9, 4: 1}
    return {**{(k, 1): v for k, v in t.items()}, **{(k, 2): v for k, v in h.items()}}


def test_shared_divergent_and_the_officers_surprise():
    result = wm.analyse([T, H], P, _scores(), {2: [2], 1: [2, 3]})
    assert [p.title for p in result.shared] == ["Anti-social behaviour", "Knowing when repairs will be done"]
    assert [p.title for p in result.divergent] == ["Speed of repairs", "National targets"]
    assert [p.divergent for p in result.divergent] == [2, 1]
    assert ("Housing officers expected tenants to put speed of repairs first; tenants put knowing when repairs "
            "will be done first.") in result.surprises
    assert any("did not expect tenants to hold anti-social behaviour (0.90)" in s for s in result.surprises)


def test_a_tie_at_the_top_names_both_joint_first():
    scores = _scores()
    scores[(3, 1)] = 10
    result = wm.analyse([T, H], P, scores, {2: [2]})
    assert ("Housing officers expected tenants to put speed of repairs first; tenants put knowing when repairs "
            "will be done and anti-social behaviour joint first.") in result.surprises


def test_a_right_guess_is_no_surprise():
    result = wm.analyse([T, H], P, _scores(), {1: [2]})
    assert not any(s.startswith("Tenants expected") for s in result.surprises)


def test_merged_priorities_count_once_and_keep_both_scores():
    merged = [*P[:3], wm.PriorityIn(4, "National targets", 2), wm.PriorityIn(5, "Repairs timing", 2, merged_into=1)]
    scores = _scores()
    scores[(1, 2)] = 1
    scores[(5, 2)] = 10
    result = wm.analyse([T, H], merged, scores)
    survivor = next(p for p in result.priorities if p.id == 1)
    assert [p.id for p in result.priorities] == [1, 2, 3, 4]
    assert survivor.merged_titles == ["Repairs timing"] and survivor.raw[2] == [1, 10]
    assert survivor.scores[2] == 1.0 and survivor.raised_by == [1, 2]


def test_mood_change_per_group():
    changes = wm.mood_changes({(1, "start", "respect"): [5, 5, 5, 0, 0], (1, "end", "respect"): [0, 0, 5, 5, 5]},
                              [1, 2], ["respect"])
    assert changes[0].start == 2.0 and changes[0].end == 4.0 and changes[0].change == 2.0
    assert changes[1].start is None and changes[1].change is None
    assert wm.mood_sentence(changes[0], "Tenants", "Respect") == "Tenants: respect rose from 2.0 to 4.0 out of 5 (up 2.0)."
