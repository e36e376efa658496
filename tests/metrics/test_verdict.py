"""The portfolio's one-line verdict: each rule on hand-made components, and their order."""
from datetime import date

from fossdash.metrics import readiness as rules
from fossdash.metrics.verdict import Inputs, until, verdict

TODAY = date(2027, 2, 1)


def comps(**scores):
    """Components from plain counts: training=(trained, targeted), comms=(on time, due), ..."""
    counts = {
        "training": lambda t: {"trained": t[0], "targeted": t[1]},
        "comms": lambda t: {"done_on_time": t[0], "due": t[1]},
        "concerns": lambda t: {"answered_in_time": t[0], "due": t[1]},
        "grading": lambda t: {"agreed": t[0], "total": t[1]},
        "morale": lambda t: {"index": t},
        "participation": lambda t: {"responses": t[0], "invited": t[1]},
    }
    return [rules.component(name, counts[name](scores[name]) if name in scores else None) for name in rules.COMPONENTS]


def test_weak_evidence_with_go_live_close_names_the_figure_and_the_weeks():
    # 8 of 20 trained is 40%; 15 March is 42 days (6 weeks) after 1 February.
    c = comps(training=(8, 20), comms=(9, 10))
    v = verdict(Inputs("Kent Gateway", TODAY, go_live=date(2027, 3, 15), components=c, index=rules.index(c)))
    assert v.text == "Kent Gateway: training coverage 40% with go-live in 6 weeks"
    assert (v.severity, v.reason) == ("red", "go_live")


def test_go_live_further_than_twelve_weeks_is_not_urgent():
    c = comps(training=(8, 20))
    v = verdict(Inputs("Kent Gateway", TODAY, go_live=date(2027, 4, 27), components=c, index=40.0))  # 85 days
    assert v.text == "Kent Gateway: training coverage 40%" and v.reason == "weak"
    v = verdict(Inputs("Kent Gateway", TODAY, go_live=date(2027, 4, 26), components=c, index=40.0))  # 84 days
    assert v.reason == "go_live" and v.text.endswith("with go-live in 12 weeks")


def test_the_weakest_component_is_named_and_50_is_not_weak():
    c = comps(comms=(5, 10), concerns=(7, 10))  # 50 and 70: nothing under 50
    v = verdict(Inputs("Rushcliffe", TODAY, go_live=date(2027, 2, 20), components=c, index=rules.index(c)))
    assert v.text == "Rushcliffe: evidence index 60 out of 100; weakest is communication actions on time 50%"
    assert v.severity == "amber"


def test_adkar_barrier_comes_before_weak_evidence():
    c = comps(concerns=(1, 10))
    v = verdict(Inputs("Braintree Children's Trust", TODAY, components=c, index=10.0, barrier="desire",
                       barrier_score=2))
    assert v.text == "Braintree Children's Trust: ADKAR barrier at desire (2 of 5)"


def test_divergence_names_the_dimension_and_the_evidence():
    c = comps(comms=(1, 3))
    v = verdict(Inputs("Kent Gateway", TODAY, components=c, index=33.3, scores={"communication": 4},
                       divergences=[("communication", 4, 33.3)]))
    assert v.text == "Kent Gateway: communication self-assessed green but its evidence today is 33 out of 100"
    assert v.reason == "divergence"


def test_morale_is_out_of_100_not_a_percentage():
    c = comps(morale=38.0)
    v = verdict(Inputs("Tameside", TODAY, components=c, index=38.0))
    assert v.text == "Tameside: morale index 38 out of 100"


def test_a_red_self_assessment_with_good_evidence():
    c = comps(comms=(9, 10))
    v = verdict(Inputs("Bury", TODAY, components=c, index=90.0, scores={"leadership": 2, "communication": 4}))
    assert v.text == "Bury: leadership self-assessed red (2 of 5)" and v.reason == "red"


def test_no_evidence_is_not_zero():
    v = verdict(Inputs("Worcestershire Hub", TODAY, components=comps()))
    assert v.text == "Worcestershire Hub: no readiness evidence or assessment yet" and v.severity == "grey"
    v = verdict(Inputs("Worcestershire Hub", TODAY, components=comps(), scores={"leadership": 4}))
    assert v.reason == "none" and "no evidence from the records" in v.text


def test_on_track_needs_an_index_over_75():
    c = comps(comms=(19, 20), training=(16, 20))  # 95 and 80: index 87.5
    v = verdict(Inputs("Northumbria 101", TODAY, go_live=date(2027, 2, 10), components=c, index=rules.index(c)))
    assert v.text == "Northumbria 101: on track, evidence index 88 out of 100; not self-assessed yet"
    assert v.severity == "green"
    v = verdict(Inputs("Northumbria 101", TODAY, components=c, index=rules.index(c), scores={"leadership": 4}))
    assert v.text == "Northumbria 101: on track, evidence index 88 out of 100"
    c = comps(comms=(15, 20))  # exactly 75: amber, not on track
    assert verdict(Inputs("X", TODAY, components=c, index=75.0)).reason == "index"


def test_until_in_words():
    assert until(TODAY, TODAY) == "today"
    assert until(TODAY, date(2027, 2, 2)) == "tomorrow"
    assert until(TODAY, date(2027, 2, 14)) == "in 13 days"
    assert until(TODAY, date(2027, 2, 15)) == "in 2 weeks"
    assert until(TODAY, date(2027, 3, 14)) == "in 5 weeks"  # 41 days
