"""SynTone synthesis: the paper formula reproduced, band-limited waves free of aliasing."""

import numpy as np
import pytest
from scipy import signal

import syndata
from syndata.errors import SyndataError
from syndata.plan import make_plan


def paper_formula(waveform, amp, freq):
    """The original SynTone synthesis, written independently of syndata."""
    t = np.linspace(0, 1, 16000)
    arg = 2 * np.pi * freq * t
    f = {"sine": np.sin, "sawtooth": signal.sawtooth, "square": signal.square,
         "triangle": lambda a: signal.sawtooth(a, width=0.5)}[waveform]
    return amp * f(arg)


def test_paper_preset_matches_formula_to_float32(tmp_path):
    out = tmp_path / "paper"
    # a sub-grid of the paper preset (frequency subsampled by --n draws keeps the preset's options)
    syndata.generate("syntone", out=out, preset="paper", n=40, seed=3, progress=False)
    c = syndata.load(out)
    assert c.manifest["media"]["subtype"] == "FLOAT"
    rows = c.metadata
    for i in range(len(c)):
        x = c[i]
        ref = paper_formula(rows[i]["waveform"], rows[i]["amplitude"], rows[i]["frequency"])
        assert x.dtype == np.float32 and x.shape == (16000,)
        np.testing.assert_array_equal(x, ref.astype(np.float32))


def test_paper_aliases_and_bandlimited_does_not(tmp_path):
    freq = 3000.0  # sawtooth harmonics 9000, 12000, ... fold back in the paper synthesis
    plans = {s: make_plan("syntone", factors=["waveform"], options={"synthesis": s})
             for s in ("paper", "bandlimited")}
    spectra = {}
    for s, plan in plans.items():
        vals = plan.values([2])  # sawtooth
        vals["frequency"] = np.array([freq])
        x = plan.gen.render(vals, np.array([2]), options=plan.options, rng_for=None)[0]
        spec = np.abs(np.fft.rfft(x * np.hanning(len(x))))
        f = np.fft.rfftfreq(len(x), 1 / 16000)
        harmonic = np.zeros_like(f, dtype=bool)
        for k in (1, 2):
            harmonic |= np.abs(f - k * freq) < 30
        spectra[s] = spec[~harmonic].max() / spec.max()
    assert spectra["bandlimited"] < 1e-3      # nothing but the 3 kHz and 6 kHz partials
    assert spectra["paper"] > 0.05            # folded harmonics (e.g. 9 kHz -> 7 kHz) are strong


@pytest.mark.parametrize("waveform", ["sine", "triangle", "sawtooth", "square"])
def test_bandlimited_peak_equals_amplitude_and_matches_fourier_series(waveform):
    plan = make_plan("syntone", factors=["waveform", "amplitude"])
    idx = plan.space.index_of([[plan.space["waveform"].values.index(waveform), 5]])
    x = plan.gen.render(plan.values(idx), idx, options=plan.options, rng_for=None)[0]
    amp = plan.space["amplitude"].values[5]
    assert np.abs(x).max() == pytest.approx(amp, rel=1e-6)
    # independent float64 Fourier sum at 440 Hz, 18 harmonics below Nyquist
    t = (np.arange(16000) + 0.5) / 16000
    phi = 2 * np.pi * 440 * t
    ks = {"sine": [1], "square": range(1, 19, 2), "sawtooth": range(1, 19), "triangle": range(1, 19, 2)}[waveform]
    terms = {"sine": lambda k: np.sin(phi), "square": lambda k: np.sin(k * phi) / k,
             "sawtooth": lambda k: -np.sin(k * phi) / k, "triangle": lambda k: -np.cos(k * phi) / k ** 2}
    ref = sum(terms[waveform](k) for k in ks)
    ref = amp * ref / np.abs(ref).max()
    np.testing.assert_allclose(x, ref, atol=1e-5)


def test_nyquist_level_is_full_amplitude_not_silent():
    plan = make_plan("syntone", factors=["frequency"])
    idx = np.array([399])  # 8000 Hz = Nyquist at 16 kHz
    x = plan.gen.render(plan.values(idx), idx, options=plan.options, rng_for=None)[0]
    assert np.abs(x).min() == pytest.approx(1.0, rel=1e-6)


def test_noise_is_seeded_per_sample_and_has_the_requested_snr():
    plan = make_plan("syntone", factors=["snr_db"], seed=7, fixed={"amplitude": 0.1})
    idx = np.arange(plan.n_samples)
    rng_for = lambda i: np.random.default_rng([plan.seed, i])
    a = plan.gen.render(plan.values(idx), idx, options=plan.options, rng_for=rng_for)
    b = plan.gen.render(plan.values(idx[::-1]), idx[::-1], options=plan.options, rng_for=rng_for)[::-1]
    for x, y in zip(a, b):
        np.testing.assert_array_equal(x, y)
    clean = a[0]
    for x, snr in zip(a[1:], plan.space["snr_db"].values[1:]):
        noise = x - clean
        if snr >= 10:  # at 0 dB, clipping to [-1, 1] removes some noise
            measured = 10 * np.log10(np.mean(clean ** 2) / np.mean(noise ** 2))
            assert measured == pytest.approx(snr, abs=0.3)


def test_paper_cannot_vary_partials():
    with pytest.raises(SyndataError, match="'partials' cannot vary with synthesis=paper"):
        make_plan("syntone", factors=["partials"], preset="paper")


def test_sample_rate_range_and_nyquist_errors():
    with pytest.raises(SyndataError, match=r"sample_rate: 1000 is outside the allowed range 8000..192000"):
        make_plan("syntone", options={"sample_rate": 1000})
    plan = make_plan("syntone", factors=["frequency"], options={"sample_rate": 8000})
    with pytest.raises(SyndataError, match=r"Nyquist at 4000.0 Hz, below the highest frequency level"):
        idx = np.array([399])
        plan.gen.render(plan.values(idx), idx, options=plan.options, rng_for=None)
