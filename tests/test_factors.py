import itertools

import numpy as np
import pytest

from syndata.errors import SyndataError
from syndata.factors import Factor, FactorSpace
from syndata.generators import get_generator


def space3():
    return FactorSpace([Factor("a", "categorical", ("x", "y", "z")), Factor("b", "ordinal", (1, 2)),
                        Factor("c", "continuous", (0.1, 0.2, 0.3, 0.4), default=2)])


def test_mixed_radix_matches_itertools_product_order():
    s = space3()
    expected = np.array(list(itertools.product(range(3), range(2), range(4))))  # last fastest
    assert np.array_equal(s.grid(), expected)
    assert np.array_equal(s.index_of(expected), np.arange(24))
    assert s.index_of([[2, 1, 3]]).tolist() == [2 * 8 + 1 * 4 + 3]
    assert s.classes_of([13]).tolist() == [[1, 1, 1]]


def test_values_categorical_is_class_index_and_numeric_is_level():
    s = space3()
    v = s.values_of([[2, 1, 3]])
    assert v.tolist() == [[2.0, 2.0, 0.4]]


def test_out_of_range_classes_and_index_are_errors():
    s = space3()
    with pytest.raises(SyndataError, match=r"factor 'c' class 4 is outside 0..3"):
        s.index_of([[0, 0, 4]])
    with pytest.raises(SyndataError, match=r"0..23"):
        s.classes_of([24])


def test_select_keeps_declared_order_and_holds_defaults():
    s = space3()
    sub, held = s.select(["c", "a"])
    assert sub.names == ("a", "c")
    assert held == {"b": 0}
    sub, held = s.select(["a"], fixed={"c": 0.4})
    assert held == {"b": 0, "c": 3}


@pytest.mark.parametrize("varying,fixed,match", [
    (["bogus"], None, r"unknown factor\(s\) 'bogus'; valid factors: a, b, c"),
    ([], None, r"empty; choose from a, b, c"),
    (["a", "a"], None, r"a listed more than once"),
    (["a"], {"c": 0.9}, r"value 0.9 is not one of its levels \(0.1, 0.2, 0.3, 0.4\)"),
    (["a"], {"a": "x"}, r"also listed as varying"),
    (["a"], {"nope": 1}, r"unknown factor 'nope'; valid factors: a, b, c"),
])
def test_select_errors_list_what_is_valid(varying, fixed, match):
    with pytest.raises(SyndataError, match=match):
        space3().select(varying, fixed)


def test_syntone_default_grid_is_the_published_one():
    g = get_generator("syntone")
    sub, held = g.space().select(g.default_factors)
    assert sub.names == ("waveform", "amplitude", "frequency")
    assert sub.n_grid == 32000
    assert sub["waveform"].values == ("sine", "triangle", "sawtooth", "square")
    np.testing.assert_allclose(sub["amplitude"].values, np.linspace(0.1, 1.0, 20), rtol=0, atol=1e-12)
    np.testing.assert_allclose(sub["frequency"].values, np.linspace(440, 8000, 400), rtol=0, atol=1e-8)
    full = g.space()
    # every extra factor defaults to "no change": phase 0, 1 s, no envelope, all partials, no noise/vibrato
    assert {n: full[n].default_value for n in held} == {
        "phase": 0.0, "duration": 1.0, "attack": 0.0, "decay": 0.0, "partials": 0,
        "snr_db": float("inf"), "vibrato_depth": 0.0, "vibrato_rate": 5.0}
