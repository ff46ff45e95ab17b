"""The growth engine's properties (netsim.studies.growth_checks), re-run small, several seeds.

The full table in docs/validation.md uses 10 000 teachers and 16 seeds; here the
same checks run on 3 000 teachers and 8 seeds (paired), for the properties that
hold with margin at that size.
"""

import math

import numpy as np
import pytest

from netsim.core.params import PARAMETERS
from netsim.studies import growth_checks as gc

FAST = (
    "no_money_bottom_up",
    "no_money_bottom_up_smaller",
    "no_money_top_down",
    "top_down_fastest_start",
    "unpaid_bottom_up",
    "unpaid_top_down",
    "hybrid_reaches_most",
    "lever_peers_bottom_up",
    "lever_peers_hybrid",
    "lever_trust_gain_bottom_up",
    "lever_trust_gain_hybrid",
    "lever_peers_top_down",
    "lever_trust_gain_top_down",
)


@pytest.fixture(scope="module")
def outcomes():
    checks = [gc.BY_ID[i] for i in FAST]
    return {o.check.id: o for o in gc.run_checks(checks, reps=8, seed=3, teachers=3_000)}


@pytest.mark.parametrize("check_id", FAST)
def test_property_holds_over_seeds(outcomes, check_id):
    o = outcomes[check_id]
    assert o.values.size == 8
    assert o.holds, f"{check_id}: mean {o.mean:.3f} over seeds {np.round(o.values, 3)}"


def test_money_is_one_input_not_the_engine(outcomes):
    # without public money bottom_up keeps growing through its own channels, smaller
    values = outcomes["no_money_bottom_up"].values
    assert (values > 0.05).all()
    assert (outcomes["no_money_bottom_up_smaller"].values > 0).mean() >= 0.75


def test_every_check_is_in_the_validation_doc():
    verdicts = gc.doc_verdicts()
    assert set(verdicts) == set(gc.BY_ID)
    assert set(verdicts.values()) <= {"yes", "no"}


def test_bass_fit_tells_imitation_from_innovation():
    months = np.arange(121, dtype=float)
    t = months / 12

    def bass(p, q, m=0.9):
        e = np.exp(-(p + q) * t)
        return m * (1 - e) / (1 + q / p * e)

    _, p1, q1 = gc.bass_fit(months, bass(0.02, 0.8))
    _, p2, q2 = gc.bass_fit(months, bass(0.4, 0.05))
    assert q1 / p1 > 10 * (q2 / p2)
    assert math.isclose(p1, 0.02, rel_tol=0.2)


def test_morris_screening_covers_every_behavioural_parameter_and_dummies():
    result = gc.screen(trajectories=2, teachers=300, months=24)
    behavioural = {p.name for p in PARAMETERS.values() if p.behavioural}
    assert set(result["parameter"]) == behavioural | set(gc.DUMMIES)
    assert np.isfinite(result["mu_star"]).all()
    # a parameter that matters at this size is above the dummies' noise floor
    floor = gc.noise_floor(result, "mu_star")
    assert result["mu_star"].max() > floor
    text = gc.morris_table(result, trajectories=2, seed=0, teachers=300)
    assert "Noise floor" in text
    assert not any(d in text for d in gc.DUMMIES)


def test_morris_sign_needs_two_standard_errors():
    assert gc.sign(0.1, 0.1, 16) == "+"  # standard error 0.025
    assert gc.sign(-0.1, 0.1, 16) == "-"
    assert gc.sign(0.04, 0.1, 16) == "?"


def test_a_raise_must_be_told_apart_from_no_effect():
    # "raises" is read on the one-sided 95 % bound of the mean: a positive mean that the
    # seeds cannot tell from zero does not hold; the same mean with a small spread does
    check = gc.BY_ID["lever_lead_support_bottom_up"]
    assert check.surely
    assert check.low == 0.0
    noisy = np.array([0.05, -0.04, 0.03, -0.03, 0.02, -0.02, 0.01, 0.0])
    clear = np.array([0.004, 0.006, 0.005, 0.003, 0.007, 0.005, 0.004, 0.006])
    assert noisy.mean() > 0
    assert not gc.decide(check, noisy).holds
    assert gc.decide(check, clear).holds
    assert gc.decide(check, clear).bound == pytest.approx(
        clear.mean() - 1.894579 * clear.std(ddof=1) / math.sqrt(8), abs=1e-6
    )
    # "does not lower materially" keeps reading the mean
    loose = gc.BY_ID["lever_lead_support_top_down"]
    assert not loose.surely
    assert gc.decide(loose, noisy).holds


def test_raises_checks_read_more_seeds_paired_with_the_first():
    lever, other = gc.BY_ID["lever_peers_hybrid"], gc.BY_ID["lever_peers_top_down"]
    assert lever.surely
    assert not other.surely
    small = {"seed": 5, "teachers": 400}
    more = {o.check.id: o for o in gc.run_checks([lever, other], reps=2, raise_reps=3, **small)}
    assert more[lever.id].values.size == 3
    assert more[other.id].values.size == 2
    plain = {o.check.id: o for o in gc.run_checks([lever, other], reps=2, **small)}
    assert plain[lever.id].values.size == 2
    # seed k is the same whatever the count: the first two seeds give the same figures
    np.testing.assert_array_equal(more[lever.id].values[:2], plain[lever.id].values)
    np.testing.assert_array_equal(more[other.id].values, plain[other.id].values)
    text = gc.table(list(more.values()), reps=2, seed=5, teachers=400, raise_reps=3)
    assert "`netsim growth-checks --reps 2 --raise-reps 3 --seed 5`" in text
    assert "2 seeds per run (3 for the checks that a change raises reach)" in text
