"""The corpus on disk: manifest, tables, determinism, resume, refusal to overwrite, reader."""

import hashlib
import json
import os

import numpy as np
import pytest

import syndata
from syndata.errors import SyndataError
from syndata.reader import resolve_inside


def test_layout_manifest_checksums_and_tables(small_corpus):
    m = json.loads((small_corpus / "manifest.json").read_text())
    assert m["n_samples"] == 80 and m["sampling"] == "grid"
    assert [f["name"] for f in m["factor_space"]] == ["waveform", "amplitude"]
    assert m["held_factors"]["duration"] == 0.25 and m["held_factors"]["frequency"] == 440.0
    assert len(m["files"]) == 80
    for name, digest in list(m["files"].items())[::7]:
        assert hashlib.sha256((small_corpus / name).read_bytes()).hexdigest() == digest
    rows = [json.loads(line) for line in (small_corpus / "metadata.jsonl").read_text().splitlines()]
    assert rows[21] == {"file_name": rows[21]["file_name"], "index": 21, "waveform": "triangle",
                        "waveform_class": 1, "amplitude": m["factor_space"][1]["values"][1],
                        "amplitude_class": 1}
    with np.load(small_corpus / "factors.npz", allow_pickle=False) as z:
        assert z["latents_classes"].shape == (80, 2) and z["latents_classes"].dtype == np.int64
        assert z["latents_classes"][21].tolist() == [1, 1]
        assert z["factor_names"].tolist() == ["waveform", "amplitude"]
        assert z["factor_sizes"].tolist() == [4, 20]
        np.testing.assert_allclose(z["latents_values"][21], [1.0, m["factor_space"][1]["values"][1]])
    header = (small_corpus / "factors.csv").read_text().splitlines()[0]
    assert header == "file_name,index,waveform,waveform_class,amplitude,amplitude_class"
    card = (small_corpus / "README.md").read_text()
    assert "syndata generate syntone --factors waveform,amplitude --seed 0 --fix duration=0.25 --out" in card


def test_rerun_is_a_noop(corpus_copy):
    before = {p: p.stat().st_mtime_ns for p in corpus_copy.rglob("*") if p.is_file()}
    r = syndata.generate("syntone", out=corpus_copy, factors=["waveform", "amplitude"],
                         fixed={"duration": 0.25}, shard_size=16, progress=False)
    assert r.status == "unchanged" and r.shards_written == 0
    after = {p: p.stat().st_mtime_ns for p in corpus_copy.rglob("*") if p.is_file()}
    assert before == after


def test_other_config_is_refused_and_nothing_changes(corpus_copy):
    before = (corpus_copy / "manifest.json").read_bytes()
    with pytest.raises(SyndataError, match=r"holds a corpus of another config \(.*seed: 0 here, 1 requested"):
        syndata.generate("syntone", out=corpus_copy, factors=["waveform", "amplitude"],
                         fixed={"duration": 0.25}, shard_size=16, seed=1, progress=False)
    assert (corpus_copy / "manifest.json").read_bytes() == before
    r = syndata.generate("syntone", out=corpus_copy, factors=["waveform"], overwrite=True, progress=False)
    assert r.status == "created" and len(syndata.load(corpus_copy)) == 4
    assert len(list((corpus_copy / "data").rglob("*.wav"))) == 4


def test_foreign_directory_is_refused(tmp_path):
    (tmp_path / "thesis.tex").write_text("precious")
    with pytest.raises(SyndataError, match="not empty and holds no syndata corpus"):
        syndata.generate("syntone", out=tmp_path, factors=["waveform"], progress=False, overwrite=True)
    assert (tmp_path / "thesis.tex").read_text() == "precious"


def test_workers_and_shard_size_do_not_change_bytes(small_corpus, tmp_path):
    syndata.generate("syntone", out=tmp_path / "w2", factors=["waveform", "amplitude"],
                     fixed={"duration": 0.25}, shard_size=16, workers=2, progress=False)
    a = json.loads((small_corpus / "manifest.json").read_text())
    b = json.loads((tmp_path / "w2" / "manifest.json").read_text())
    assert a["files"] == b["files"] and a["data_digest"] == b["data_digest"]
    syndata.generate("syntone", out=tmp_path / "s7", factors=["waveform", "amplitude"],
                     fixed={"duration": 0.25}, shard_size=7, progress=False)
    c = json.loads((tmp_path / "s7" / "manifest.json").read_text())
    assert sorted(a["files"].values()) == sorted(c["files"].values())


def test_killed_between_shard_and_record_resumes(corpus_copy):
    """A shard directory without its record (kill after rename) is redone, same bytes."""
    m = json.loads((corpus_copy / "manifest.json").read_text())
    (corpus_copy / "manifest.json").unlink()
    (corpus_copy / ".syndata" / "shards" / "00002.json").unlink()
    victim = corpus_copy / "data" / "00002"
    for p in list(victim.iterdir())[:3]:
        p.write_bytes(b"half-written")
    (corpus_copy / "data" / ".tmp-00003-999").mkdir()
    r = syndata.generate("syntone", out=corpus_copy, factors=["waveform", "amplitude"],
                         fixed={"duration": 0.25}, shard_size=16, progress=False)
    assert r.status == "resumed" and r.shards_written == 1 and r.shards_skipped == 4
    m2 = json.loads((corpus_copy / "manifest.json").read_text())
    assert m2["files"] == m["files"]
    assert not (corpus_copy / "data" / ".tmp-00003-999").exists()


def test_random_draws_are_seeded_and_sampler_works(tmp_path):
    a = syndata.generate("syntone", out=tmp_path / "a", n=50, seed=5, factors=["waveform", "frequency"],
                         progress=False)
    assert a.n_samples == 50
    ca = syndata.load(tmp_path / "a")
    syndata.generate("syntone", out=tmp_path / "b", n=50, seed=5, factors=["waveform", "frequency"],
                     progress=False)
    syndata.generate("syntone", out=tmp_path / "c", n=50, seed=6, factors=["waveform", "frequency"],
                     progress=False)
    assert np.array_equal(ca.classes, syndata.load(tmp_path / "b").classes)
    assert not np.array_equal(ca.classes, syndata.load(tmp_path / "c").classes)
    s = ca.sampler()
    rng = np.random.default_rng(0)
    cls = s.sample_factors(10, rng)
    assert cls.shape == (10, 2)
    obs = s.sample_observations_from_factors(cls, rng)
    assert obs.shape == (10, 16000)
    # each observation has the frequency of its classes (dominant FFT bin)
    freqs = np.asarray(ca.space["frequency"].values)[cls[:, 1]]
    peak = np.argmax(np.abs(np.fft.rfft(obs, axis=1)), axis=1) * 16000 / 16000
    assert np.all(np.abs(peak - freqs) <= 1.0)
    with pytest.raises(SyndataError, match="never drawn"):
        missing = [c for c in np.ndindex(4, 400) if not (ca.classes == c).all(axis=1).any()][0]
        s.sample_observations_from_factors([missing], rng)


def test_grid_sampler_maps_classes_by_arithmetic(small_corpus):
    c = syndata.load(small_corpus)
    s = c.sampler()
    assert s.factor_names == ("waveform", "amplitude") and s.factor_sizes == (4, 20)
    assert s.observation_shape == (4000,)
    cls = np.array([[3, 19], [0, 0]])
    obs = s.sample_observations_from_factors(cls, np.random.RandomState(0))
    amps = np.asarray(c.space["amplitude"].values)[cls[:, 1]]
    np.testing.assert_allclose(np.abs(obs).max(axis=1), amps, atol=1e-4)


def test_torch_dataset_is_lazy_and_works(small_corpus):
    import subprocess
    import sys

    code = ("import sys, syndata; c = syndata.load(sys.argv[1]); "
            "assert 'torch' not in sys.modules; print(len(c))")
    out = subprocess.run([sys.executable, "-c", code, str(small_corpus)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "80"
    import torch
    ds = syndata.load(small_corpus).torch_dataset()
    x, y = ds[5]
    assert isinstance(x, torch.Tensor) and x.shape == (4000,) and y.tolist() == [0, 5]


def test_paths_outside_the_root_are_refused(tmp_path):
    with pytest.raises(SyndataError, match="points outside the corpus root"):
        resolve_inside(tmp_path, "../../etc/passwd")
    with pytest.raises(SyndataError, match="points outside the corpus root"):
        resolve_inside(tmp_path, "/etc/passwd")
    os.symlink("/etc", tmp_path / "link")
    with pytest.raises(SyndataError, match="points outside the corpus root"):
        resolve_inside(tmp_path, "link/passwd")


def test_unfinished_corpus_cannot_be_loaded(tmp_path):
    with pytest.raises(SyndataError, match="manifest.json is missing"):
        syndata.load(tmp_path)
