"""SynTone: tones whose waveform, amplitude and frequency (and more) are known exactly.

The default grid is the published SynTone one: waveform {sine, triangle, sawtooth, square} x
amplitude ``linspace(0.1, 1.0, 20)`` x frequency ``linspace(440, 8000, 400)`` Hz, 1 s at 16 kHz,
mono, phase 0: 32,000 clips. Further factors (phase, duration, attack, decay, partials, noise,
vibrato) can be switched on with ``--factors``; their defaults leave the published grid unchanged.

Two syntheses
-------------
``paper`` (``--preset paper``) is the original one, aliasing included::

    x(t) = amp * f(2 pi freq t),  t = linspace(0, duration, round(duration * sr))  (endpoint included)

with ``f`` = ``np.sin``, ``scipy.signal.sawtooth``, ``scipy.signal.square`` and triangle =
``sawtooth(width=0.5)``. Harmonics of the non-sine waves above Nyquist fold back below it.

``bandlimited`` (the default) sums the Fourier series of the same waves up to the last harmonic
below Nyquist, sampled at cell centres ``t = (arange(n) + 0.5) / sr`` (so that the published
grid's top level, 8,000 Hz = Nyquist at 16 kHz, is a full-amplitude alternation rather than the
all-zero ``sin(pi n)``), and scales each clip so that its peak is exactly
``amp`` (so amplitude means peak amplitude in both syntheses and nothing ever clips)::

    sine      sin(phi)
    square    (4/pi)   sum_{k odd}  sin(k phi) / k
    sawtooth  -(2/pi)  sum_{k>=1}   sin(k phi) / k          (rising ramp, as scipy)
    triangle  -(8/pi^2) sum_{k odd} cos(k phi) / k^2        (sawtooth(width=0.5), as scipy)

with ``phi(t) = 2 pi freq t + phase`` (plus the vibrato term). A consequence worth knowing: above
sr/6 (2,667 Hz at 16 kHz) a band-limited square or triangle has only its fundamental and *is* a
sine, so the waveform factor is not identifiable from the audio there; above sr/4 the sawtooth is
a sine too. ``syndata verify`` checks the waveform only where it is identifiable.
"""

from __future__ import annotations

import functools
from typing import Any, Mapping

import numpy as np

from syndata.audio import SUBTYPES, decode_wav, encode_wav, to_samples
from syndata.errors import SyndataError
from syndata.factors import Factor, FactorSpace
from syndata.generators.base import Generator

__all__ = ["SynTone", "unit_wave"]

WAVEFORMS = ("sine", "triangle", "sawtooth", "square")

_FACTORS = (
    Factor("waveform", "categorical", WAVEFORMS, 0, "wave shape (scipy.signal conventions)"),
    Factor("amplitude", "ordinal", tuple(np.round(np.linspace(0.1, 1.0, 20), 12).tolist()), 19,
           "peak amplitude, full scale = 1"),
    Factor("frequency", "continuous", tuple(np.round(np.linspace(440.0, 8000.0, 400), 9).tolist()), 0,
           "fundamental frequency in Hz"),
    Factor("phase", "ordinal", tuple(np.round(np.arange(8) * 2 * np.pi / 8, 12).tolist()), 0,
           "start phase of the fundamental in radians"),
    Factor("duration", "ordinal", (0.25, 0.5, 1.0, 2.0), 2, "clip length in seconds"),
    Factor("attack", "ordinal", (0.0, 0.01, 0.05, 0.1, 0.2), 0, "linear fade-in time in seconds"),
    Factor("decay", "ordinal", (0.0, 0.01, 0.05, 0.1, 0.2), 0, "linear fade-out time in seconds"),
    Factor("partials", "ordinal", (0, 1, 2, 3, 5, 8, 16), 0,
           "highest harmonic kept (0 = every harmonic below Nyquist; band-limited synthesis only)"),
    Factor("snr_db", "ordinal", (float("inf"), 40.0, 30.0, 20.0, 10.0, 0.0), 0,
           "signal-to-noise ratio of added white noise in dB (inf = no noise)"),
    Factor("vibrato_depth", "ordinal", (0.0, 0.005, 0.01, 0.02, 0.05), 0,
           "peak frequency deviation as a fraction of the frequency"),
    Factor("vibrato_rate", "ordinal", (2.0, 4.0, 5.0, 6.0, 8.0), 2, "vibrato rate in Hz"),
)


@functools.lru_cache(maxsize=4096)
def unit_wave(synthesis: str, waveform: str, freq: float, phase: float, partials: int,
              vib_depth: float, vib_rate: float, n: int, sample_rate: int, duration: float) -> np.ndarray:
    """One clip of a waveform at unit amplitude (read-only, cached per process).

    ``paper``: float64 ``f(2 pi freq t + phase)`` on ``linspace(0, duration, n)``.
    ``bandlimited``: float32 Fourier sum below Nyquist, scaled to peak 1 (module docstring).
    Amplitude is applied by the caller, so the 1,600 distinct shapes of the published grid are
    synthesised once each, not 32,000 times.
    """
    if synthesis == "paper":
        from scipy import signal

        t = np.linspace(0.0, duration, n)
        arg = 2 * np.pi * freq * t + phase
        if vib_depth:
            arg = arg + freq * vib_depth / vib_rate * (1 - np.cos(2 * np.pi * vib_rate * t))
        wave = {"sine": np.sin, "sawtooth": signal.sawtooth, "square": signal.square,
                "triangle": lambda a: signal.sawtooth(a, width=0.5)}[waveform](arg)
        wave.setflags(write=False)
        return wave
    t = (np.arange(n, dtype=np.float64) + 0.5) / sample_rate  # sample at cell centres
    cycles = freq * t  # phase in cycles, float64, reduced to [0, 1) before going to float32
    if vib_depth:
        cycles += freq * vib_depth / vib_rate / (2 * np.pi) * (1 - np.cos(2 * np.pi * vib_rate * t))
    cycles -= np.floor(cycles)
    phi = (2 * np.pi * cycles + phase).astype(np.float32)
    top = freq * (1 + vib_depth)
    k_max = max(1, int(np.ceil(sample_rate / 2 / top)) - 1)  # highest k with k * top < Nyquist
    if partials:
        k_max = min(k_max, partials)
    # harmonics k = 1, 1 + step, ... <= k_max with weight w(k); sin(k phi) (or cos) by the
    # Chebyshev recurrence x_{k+step} = 2 cos(step phi) x_k - x_{k-step}, in float32 on the phase
    # reduced to one cycle (two multiply-adds per harmonic instead of one sin per harmonic)
    if waveform == "sine":
        k_max, step, use_cos, weight = 1, 1, False, (lambda k: 1.0)
    elif waveform == "square":
        step, use_cos, weight = 2, False, (lambda k: 4 / np.pi / k)
    elif waveform == "sawtooth":
        step, use_cos, weight = 1, False, (lambda k: -2 / np.pi / k)
    else:  # triangle
        step, use_cos, weight = 2, True, (lambda k: -8 / np.pi ** 2 / k ** 2)
    cos1 = np.cos(phi)
    x_cur = cos1 if use_cos else np.sin(phi)                                    # k = 1
    if step == 1:
        x_prev = np.full_like(x_cur, 1.0 if use_cos else 0.0)                   # k = 0
        two_c = 2 * cos1
    else:
        x_prev = x_cur.copy() if use_cos else -x_cur                            # k = -1
        two_c = 4 * cos1 * cos1 - 2                                             # 2 cos(2 phi)
    wave = x_cur * np.float32(weight(1))
    tmp = np.empty_like(x_cur)
    for k in range(1 + step, k_max + 1, step):
        np.multiply(two_c, x_cur, out=tmp)
        np.subtract(tmp, x_prev, out=x_prev)          # x_prev <- x_{k}
        x_prev, x_cur = x_cur, x_prev
        wave += np.float32(weight(k)) * x_cur
    out = wave / np.abs(wave).max()
    out.setflags(write=False)
    return out


class SynTone(Generator):
    """Tones with exact waveform, amplitude and frequency (see module docstring)."""

    name = "syntone"
    summary = "tones: waveform x amplitude x frequency (+ phase, duration, envelope, partials, noise, vibrato)"
    media = "audio"
    extension = ".wav"
    default_factors = ("waveform", "amplitude", "frequency")
    options = {
        "sample_rate": (16000, None, "sample rate in Hz (>= 2 x the highest frequency level)"),
        "subtype": ("PCM_16", tuple(SUBTYPES), "WAV sample format"),
        "synthesis": ("bandlimited", ("bandlimited", "paper"), "band-limited Fourier sum, or the "
                      "original aliasing scipy.signal synthesis"),
    }
    presets = {
        "paper": {"factors": ["waveform", "amplitude", "frequency"],
                  "options": {"synthesis": "paper", "subtype": "FLOAT"},
                  "help": "the published 32,000-clip grid with the original (aliasing) synthesis, "
                          "float32 WAV so the formula is reproduced to float32 precision"},
        "published": {"factors": ["waveform", "amplitude", "frequency"], "options": {},
                      "help": "the published grid with band-limited synthesis (the default)"},
    }

    def space(self) -> FactorSpace:
        return FactorSpace(_FACTORS)

    def check_options(self, options):
        sr = options["sample_rate"]
        if not isinstance(sr, int) or not 8000 <= sr <= 192000:
            raise SyndataError(f"option sample_rate: {sr!r} is outside the allowed range 8000..192000 Hz")

    def check_selection(self, varying, options):
        if options["synthesis"] == "paper" and "partials" in varying:
            raise SyndataError("factors: 'partials' cannot vary with synthesis=paper (the paper's "
                               "scipy.signal waves have no harmonic limit); use synthesis=bandlimited")

    # -- synthesis ---------------------------------------------------------------------------
    def render(self, values, indices, *, options, rng_for):
        sr = options["sample_rate"]
        synthesis = options["synthesis"]
        n_batch = len(indices)
        nyq = sr / 2
        if np.max(values["frequency"]) > nyq:
            raise SyndataError(f"option sample_rate: {sr} Hz puts Nyquist at {nyq} Hz, below the highest "
                               f"frequency level {np.max(values['frequency'])} Hz; use >= "
                               f"{int(np.ceil(2 * np.max(values['frequency'])))}")
        out = []
        for b in range(n_batch):
            dur = float(values["duration"][b])
            n = int(round(dur * sr))
            unit = unit_wave(synthesis, WAVEFORMS[int(values["waveform"][b])], float(values["frequency"][b]),
                             float(values["phase"][b]), int(values["partials"][b]),
                             float(values["vibrato_depth"][b]), float(values["vibrato_rate"][b]), n, sr, dur)
            x = float(values["amplitude"][b]) * unit  # float64 in paper mode: exactly the formula
            env = _envelope(float(values["attack"][b]), float(values["decay"][b]), n, sr)
            if env is not None:
                x = x * env
            snr = float(values["snr_db"][b])
            if np.isfinite(snr):
                rms = float(np.sqrt(np.mean(np.square(x, dtype=np.float64))))
                noise = rng_for(int(indices[b])).standard_normal(n) * (rms / 10 ** (snr / 20))
                x = np.clip(x + noise, -1.0, 1.0)
            out.append(x)
        return out

    def encode_batch(self, signals, *, options):
        subtype, sr = options["subtype"], options["sample_rate"]
        lengths = {len(s) for s in signals}
        if len(lengths) == 1:  # one vectorised conversion for the whole batch
            block = to_samples(np.stack(signals), subtype)
            return [encode_wav(row, sample_rate=sr, subtype=subtype) for row in block]
        return [encode_wav(to_samples(s, subtype), sample_rate=sr, subtype=subtype) for s in signals]

    def media_info(self, options):
        return {"type": "audio", "extension": ".wav", "format": "WAV", "channels": 1,
                "sample_rate": options["sample_rate"], "subtype": options["subtype"],
                "synthesis": options["synthesis"]}

    def card_notes(self, plan):
        o = plan.options
        if o["synthesis"] == "paper":
            synth = ("**paper** synthesis: `amp * f(2*pi*freq*t + phase)` on `t = linspace(0, duration, "
                     "n)` (endpoint included) with numpy/scipy.signal waves, as the original SynTone. "
                     "Harmonics above Nyquist alias (fold back below it).")
        else:
            synth = ("**band-limited** synthesis: the Fourier series of each wave summed up to the last "
                     "harmonic below Nyquist at `t = (arange(n) + 0.5) / sr`, scaled so that the peak equals the "
                     "amplitude. No aliasing; above sr/6 square and triangle (above sr/4 sawtooth) keep "
                     "only their fundamental and sound like sines, so the waveform factor is not "
                     "identifiable from the audio there.")
        return (f"- {synth}\n- {o['sample_rate']} Hz, mono, WAV `{o['subtype']}`.\n"
                "- Licence: generated data, CC0 1.0; no recordings, voices or third-party assets are used.\n"
                "- Uses: disentanglement benchmarks with exactly known factors (metrics via "
                "`syndata.load(path).factors`). Limits: pure synthetic tones; not a model of natural "
                "sounds.")

    def decode(self, data: bytes) -> np.ndarray:
        return decode_wav(data)[0]

    # -- measuring back ----------------------------------------------------------------------
    def measure(self, signal, expected, *, options):
        return _measure_tone(signal, expected, options)

    def preview_image(self, signal, *, options):
        from scipy import signal as sps

        _, _, s = sps.spectrogram(signal, fs=options["sample_rate"], nperseg=512, noverlap=384)
        return 10 * np.log10(s + 1e-10)


@functools.lru_cache(maxsize=64)
def _envelope(attack: float, decay: float, n: int, sr: int):
    if not attack and not decay:
        return None
    env = np.ones(n, dtype=np.float64)
    if attack:
        a = min(n, int(round(attack * sr)))
        env[:a] = np.arange(a) / a
    if decay:
        d = min(n, int(round(decay * sr)))
        env[n - d:] *= np.arange(d, 0, -1) / d
    env.setflags(write=False)
    return env


def _measure_tone(x: np.ndarray, expected: Mapping[str, Any], options) -> list:
    """Frequency by FFT peak, peak amplitude, waveform from harmonic ratios, where identifiable.

    Returns human-readable mismatch descriptions (empty when the clip matches ``expected``).
    """
    sr = options["sample_rate"]
    problems = []
    x = np.asarray(x, dtype=np.float64)
    n = len(x)
    expected_n = int(round(float(expected["duration"]) * sr))
    if n != expected_n:
        return [f"length {n} samples, expected {expected_n}"]
    if not np.any(x):
        return ["silent clip"]
    nfft = 1 << int(np.ceil(np.log2(4 * n)))
    win = np.hanning(n)
    spec = np.abs(np.fft.rfft(x * win, nfft))
    freqs = np.fft.rfftfreq(nfft, 1 / sr)
    k = int(np.argmax(spec[1:-1])) + 1
    a, b, c = np.log(spec[k - 1:k + 2] + 1e-30)
    f_hat = freqs[k] + 0.5 * (a - c) / (a - 2 * b + c) * (freqs[1] - freqs[0])
    f0 = float(expected["frequency"])
    tol = max(3.0, 0.002 * f0) + f0 * float(expected.get("vibrato_depth", 0.0))
    if abs(f_hat - f0) > tol:
        problems.append(f"frequency measured {f_hat:.1f} Hz, expected {f0:.1f} Hz")
    clean = (not np.isfinite(float(expected.get("snr_db", np.inf)))) and \
        float(expected.get("attack", 0)) == 0 and float(expected.get("decay", 0)) == 0
    if clean:
        amp = float(expected["amplitude"])
        peak = float(np.abs(x).max())
        tol_a = 0.02 * amp + 2.0 / 32767
        if options["synthesis"] == "paper" and expected.get("waveform") == "sine":
            tol_a += amp * (1 - np.cos(np.pi * f0 / sr))  # sampled sine may miss its crest
        if abs(peak - amp) > tol_a:
            problems.append(f"amplitude measured {peak:.4f}, expected {amp:.4f}")
        wf = _classify_waveform(spec, freqs, f0, sr, int(expected.get("partials", 0)), options["synthesis"])
        if wf is not None and expected["waveform"] not in wf:
            problems.append(f"waveform measured {'/'.join(sorted(wf))}, expected {expected['waveform']}")
    return problems


# harmonic magnitude ratios (h2/h1, h3/h1) of the four waves
_SIGNATURES = {"sine": (0.0, 0.0), "triangle": (0.0, 1 / 9), "sawtooth": (0.5, 1 / 3), "square": (0.0, 1 / 3)}


def _classify_waveform(spec, freqs, f0, sr, partials, synthesis):
    """The set of waveforms consistent with the harmonic ratios, or None if unidentifiable."""
    nyq = sr / 2
    if 3 * f0 >= nyq or (partials and partials < 3):
        return None  # at most the fundamental and 2nd harmonic survive: shapes not separable
    df = freqs[1] - freqs[0]

    def mag(f):
        i = int(round(f / df))
        return spec[max(i - 2, 0):i + 3].max()

    h1, h2, h3 = mag(f0), mag(2 * f0), mag(3 * f0)
    r = np.array([h2 / h1, h3 / h1])
    dists = {w: float(np.abs(r - np.array(s)).max()) for w, s in _SIGNATURES.items()}
    best = min(dists, key=dists.get)
    return {best}
