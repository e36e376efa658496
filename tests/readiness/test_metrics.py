"""The pure readiness rules: RAG and barrier at every boundary, components on hand-checked counts,
"no evidence" distinct from 0, the weighted index and divergence both ways."""
import pytest

from fossdash.metrics import readiness as r


@pytest.mark.parametrize("score,word", [(1, "Red"), (2, "Red"), (3, "Amber"), (4, "Green"), (5, "Green")])
def test_rag_every_score(score, word):
    assert r.rag(score).word == word


def test_rag_refuses_out_of_range():
    with pytest.raises(ValueError):
        r.rag(6)
    assert r.rag(None) is None


@pytest.mark.parametrize("scores,expected", [
    ({"awareness": 4, "desire": 3, "knowledge": 2}, "desire"),
    ({"awareness": 3, "desire": 1}, "awareness"),
    ({"awareness": 4, "desire": 4, "knowledge": 4, "ability": 4, "reinforcement": 4}, None),
    ({"awareness": 5, "desire": 5, "knowledge": 5, "ability": 5, "reinforcement": 3}, "reinforcement"),
])
def test_barrier_is_first_element_at_three_or_less(scores, expected):
    assert r.barrier(scores) == expected


def test_components_on_hand_checked_counts():
    c = r.component("comms", {"done_on_time": 12, "due": 20})
    assert c.score == 60.0 and c.working == "12 of 20 actions done by their due date"
    assert c.dimension == "communication"
    c = r.component("concerns", {"answered_in_time": 3, "due": 4}, target_days=10)
    assert c.score == 75.0 and c.working == "3 of 4 concerns answered within 10 days"
    assert r.component("grading", {"agreed": 1, "total": 3}).score == 33.3
    assert r.component("training", {"trained": 40, "targeted": 100}).score == 40.0
    assert r.component("morale", {"index": 62.5}).score == 62.5
    assert r.component("participation", {"responses": 30, "invited": 120}).score == 25.0


def test_no_evidence_is_not_zero():
    none = r.component("comms", None)
    zero = r.component("comms", {"done_on_time": 0, "due": 5})
    empty = r.component("comms", {"done_on_time": 0, "due": 0})
    assert none.score is None and none.working == "No evidence" and not none.has_evidence
    assert empty.score is None
    assert zero.score == 0.0 and zero.has_evidence


def test_index_is_weighted_mean_of_components_with_evidence():
    comps = [r.component("comms", {"done_on_time": 1, "due": 2}),  # 50
             r.component("grading", {"agreed": 1, "total": 1}),  # 100
             r.component("training", None)]
    assert r.index(comps) == 75.0
    assert r.index(comps, {"comms": 3, "grading": 1}) == 62.5
    assert r.index([r.component("training", None)]) is None


def test_divergence_both_ways_and_not_at_the_boundaries():
    assert "under 50" in r.divergence("Communication", 4, 49.9).reason
    assert r.divergence("Communication", 4, 50) is None
    assert "over 75" in r.divergence("Training", 2, 75.1).reason
    assert r.divergence("Training", 2, 75) is None
    assert r.divergence("Training", 3, 0) is None
    assert r.divergence("Training", 5, None) is None


def test_dimension_evidence_maps_components():
    comps = [r.component("comms", {"done_on_time": 1, "due": 4})]
    ev = r.dimension_evidence(comps)
    assert ev["communication"] == 25.0 and ev["leadership"] is None
