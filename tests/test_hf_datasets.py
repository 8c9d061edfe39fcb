"""Hugging Face ``load_dataset("audiofolder")`` reads a corpus (datasets<4; see docs/corpus-format.md)."""

import numpy as np


def test_audiofolder_loads_factor_columns_and_audio(small_corpus):
    import datasets

    assert int(datasets.__version__.split(".")[0]) < 4
    ds = datasets.load_dataset("audiofolder", data_dir=str(small_corpus), split="train")
    assert len(ds) == 80
    assert {"audio", "index", "waveform", "waveform_class", "amplitude", "amplitude_class"} <= set(ds.column_names)
    row = ds[21]
    import syndata

    c = syndata.load(small_corpus)
    i = row["index"]
    assert row["waveform"] == c.metadata[i]["waveform"] and row["amplitude_class"] == c.classes[i, 1]
    assert row["audio"]["sampling_rate"] == 16000
    np.testing.assert_allclose(row["audio"]["array"], c[i], atol=1e-4)
