"""WAV encoding and decoding in numpy: the bytes are ours, so they are reproducible.

A RIFF/WAVE file is a 44-byte header followed by little-endian samples. Writing it directly
(rather than through libsndfile) makes the bytes depend only on the samples and the subtype, and
lets a whole shard be converted to integers in one vectorised call.

Subtypes
--------
``PCM_16``  int16, ``round(x * 32767)`` clipped to [-32768, 32767] (WAVE_FORMAT_PCM)
``PCM_32``  int32, ``round(x * 2147483647)`` clipped (WAVE_FORMAT_PCM)
``FLOAT``   float32, the samples as they are (WAVE_FORMAT_IEEE_FLOAT)
"""

from __future__ import annotations

import struct

import numpy as np

from syndata.errors import SyndataError

__all__ = ["SUBTYPES", "to_samples", "wav_header", "encode_wav", "decode_wav"]

# subtype -> (numpy dtype, format tag, full scale or None for float)
SUBTYPES = {
    "PCM_16": (np.dtype("<i2"), 1, 32767.0),
    "PCM_32": (np.dtype("<i4"), 1, 2147483647.0),
    "FLOAT": (np.dtype("<f4"), 3, None),
}


def _check_subtype(subtype: str):
    if subtype not in SUBTYPES:
        raise SyndataError(f"subtype: {subtype!r} is not supported; choose one of {', '.join(SUBTYPES)}")
    return SUBTYPES[subtype]


def to_samples(x: np.ndarray, subtype: str) -> np.ndarray:
    """Convert float signals in [-1, 1] (any shape) to the subtype's sample dtype.

    Integer subtypes: ``clip(rint(x * full_scale), min, max)``, computed in place on one scratch
    array (float32 for 16-bit, float64 for 32-bit). Vectorised over a whole batch.
    """
    dtype, _, scale = _check_subtype(subtype)
    if scale is None:
        return np.asarray(x, dtype=dtype)
    info = np.iinfo(dtype)
    y = np.multiply(x, scale, dtype=np.float64 if dtype.itemsize > 2 else np.float32)
    np.rint(y, out=y)
    np.clip(y, info.min, info.max, out=y)
    return y.astype(dtype)


def wav_header(n_frames: int, *, sample_rate: int, subtype: str, channels: int = 1) -> bytes:
    """The 44-byte canonical RIFF/WAVE header for ``n_frames`` frames."""
    dtype, tag, _ = _check_subtype(subtype)
    width = dtype.itemsize
    data_bytes = n_frames * channels * width
    return (b"RIFF" + struct.pack("<I", 36 + data_bytes) + b"WAVE"
            + b"fmt " + struct.pack("<IHHIIHH", 16, tag, channels, sample_rate,
                                    sample_rate * channels * width, channels * width, 8 * width)
            + b"data" + struct.pack("<I", data_bytes))


def encode_wav(samples: np.ndarray, *, sample_rate: int, subtype: str) -> bytes:
    """Mono WAV bytes of ``samples`` already in the subtype's dtype (see :func:`to_samples`)."""
    samples = np.ascontiguousarray(samples)
    return wav_header(samples.shape[0], sample_rate=sample_rate, subtype=subtype) + samples.tobytes()


def decode_wav(data: bytes) -> tuple[np.ndarray, int]:
    """Decode a mono WAV written by :func:`encode_wav` (or any canonical PCM/float WAV).

    Returns float32 samples scaled to [-1, 1] and the sample rate.
    """
    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise SyndataError("wav: not a RIFF/WAVE file")
    pos, fmt, payload = 12, None, None
    while pos + 8 <= len(data):
        cid, size = data[pos:pos + 4], struct.unpack("<I", data[pos + 4:pos + 8])[0]
        body = data[pos + 8:pos + 8 + size]
        if cid == b"fmt ":
            fmt = struct.unpack("<HHIIHH", body[:16])
        elif cid == b"data":
            payload = body
        pos += 8 + size + (size & 1)
    if fmt is None or payload is None:
        raise SyndataError("wav: missing fmt or data chunk")
    tag, channels, rate, _, _, bits = fmt
    if tag == 3 and bits == 32:
        x = np.frombuffer(payload, "<f4")
    elif tag == 1 and bits in (16, 32):
        x = np.frombuffer(payload, f"<i{bits // 8}").astype(np.float32) / np.float32(2 ** (bits - 1) - 1)
    else:
        raise SyndataError(f"wav: unsupported format tag {tag} with {bits} bits")
    if channels != 1:
        x = x.reshape(-1, channels)
    return np.asarray(x, dtype=np.float32), rate
