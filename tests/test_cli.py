"""The installed ``syndata`` command, run as a user would: exit codes, output, files."""

import json
import shutil

import numpy as np

from conftest import syndata_cmd


def test_list_shows_generators_factors_levels_and_defaults():
    r = syndata_cmd("list")
    assert r.returncode == 0
    assert "syntone:" in r.stdout
    assert "waveform       categorical [sine], triangle, sawtooth, square" in r.stdout
    assert "(400 levels; default [440.0])" in r.stdout
    data = json.loads(syndata_cmd("list", "--json").stdout)
    assert data["syntone"]["default_factors"] == ["waveform", "amplitude", "frequency"]


def test_generate_waveform_frequency_gives_1600_with_amplitude_default(tmp_path):
    out = tmp_path / "wf"
    r = syndata_cmd("generate", "syntone", "--factors", "waveform,frequency", "--out", out, "--quiet")
    assert r.returncode == 0, r.stderr
    m = json.loads((out / "manifest.json").read_text())
    assert m["n_samples"] == 1600 and len(list((out / "data").rglob("*.wav"))) == 1600
    assert m["held_factors"]["amplitude"] == 1.0
    rows = (out / "metadata.jsonl").read_text().splitlines()
    assert len(rows) == 1600 and "amplitude" not in json.loads(rows[0])
    r2 = syndata_cmd("generate", "syntone", "--factors", "waveform,frequency", "--out", out)
    assert r2.returncode == 0 and "already complete" in r2.stdout
    info = syndata_cmd("info", out)
    assert info.returncode == 0 and "1600 samples (grid)" in info.stdout and "amplitude=1.0" in info.stdout


def test_bogus_factor_exits_2_names_valid_factors_writes_nothing(tmp_path):
    out = tmp_path / "nothing"
    r = syndata_cmd("generate", "syntone", "--factors", "bogus", "--out", out)
    assert r.returncode == 2
    assert "unknown factor(s) 'bogus'; valid factors: waveform, amplitude, frequency, phase" in r.stderr
    assert not out.exists()


def test_bad_option_and_level_errors_exit_2(tmp_path):
    r = syndata_cmd("generate", "syntone", "--set", "subtype=MP3", "--out", tmp_path / "x")
    assert r.returncode == 2 and "choose one of PCM_16, PCM_32, FLOAT" in r.stderr
    r = syndata_cmd("generate", "syntone", "--factors", "waveform", "--fix", "amplitude=7", "--out", tmp_path / "x")
    assert r.returncode == 2 and "value '7' is not one of its levels (0.1," in r.stderr
    r = syndata_cmd("generate", "nope", "--out", tmp_path / "x")
    assert r.returncode == 2 and "valid generators: syntone" in r.stderr
    assert not (tmp_path / "x").exists()


def test_verify_passes_then_names_a_corrupted_file_and_a_relabelled_row(small_corpus, tmp_path):
    ok = syndata_cmd("verify", small_corpus, "--all", "--quiet")
    assert ok.returncode == 0, ok.stdout
    assert "80 measured back" in ok.stdout and "OK: no problems found" in ok.stdout

    bad = tmp_path / "bad"
    shutil.copytree(small_corpus, bad)
    rows = [json.loads(line) for line in (bad / "metadata.jsonl").read_text().splitlines()]
    # corrupt index 37's audio: same size, different samples
    path = bad / rows[37]["file_name"]
    data = bytearray(path.read_bytes())
    data[44:1044] = bytes(1000)
    path.write_bytes(bytes(data))
    # relabel index 50: claim a different amplitude
    rows[50]["amplitude"], rows[50]["amplitude_class"] = rows[55]["amplitude"], rows[55]["amplitude_class"]
    (bad / "metadata.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    r = syndata_cmd("verify", bad, "--all", "--quiet", "--json")
    assert r.returncode == 1
    report = json.loads(r.stdout)
    by_index = {}
    for p in report["problems"]:
        by_index.setdefault(p["index"], set()).add(p["check"])
    assert "checksum" in by_index[37]
    assert {"metadata", "measure"} <= by_index[50]
    assert set(by_index) <= {None, 37, 50}  # nothing else is blamed
    text = syndata_cmd("verify", bad, "--all", "--quiet").stdout
    assert "index 37: [checksum]" in text and "index 50: [measure] amplitude measured" in text


def test_verify_measures_waveform_and_frequency(tmp_path):
    out = tmp_path / "wf"
    assert syndata_cmd("generate", "syntone", "--factors", "waveform,frequency", "--n", "120",
                       "--set", "subtype=FLOAT", "--out", out, "--quiet").returncode == 0
    rows = [json.loads(line) for line in (out / "metadata.jsonl").read_text().splitlines()]
    # swap the labels of a low-frequency square and a low-frequency sawtooth: identifiable shapes
    lows = [r for r in rows if r["frequency"] < 2000]
    sq = next(r for r in lows if r["waveform"] == "square")
    saw = next(r for r in lows if r["waveform"] == "sawtooth")
    sq["waveform"], sq["waveform_class"] = "sawtooth", 2
    (out / "metadata.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    rep = json.loads(syndata_cmd("verify", out, "--all", "--quiet", "--json").stdout)
    measured = [p for p in rep["problems"] if p["check"] == "measure"]
    assert [p["index"] for p in measured] == [sq["index"]]
    assert "waveform measured square, expected sawtooth" in measured[0]["text"]
    assert saw["index"] != sq["index"]


def test_verify_passes_on_paper_preset_subset(tmp_path):
    out = tmp_path / "paper"
    assert syndata_cmd("generate", "syntone", "--preset", "paper", "--n", "200", "--out", out,
                       "--quiet").returncode == 0
    r = syndata_cmd("verify", out, "--all", "--quiet")
    assert r.returncode == 0, r.stdout


def test_preview_writes_a_png_grid(small_corpus, tmp_path):
    target = tmp_path / "p.png"
    r = syndata_cmd("preview", small_corpus, "--out", target)
    assert r.returncode == 0, r.stderr
    import matplotlib.image as mpimg

    img = mpimg.imread(target)
    assert img.ndim == 3 and img.shape[0] > 150 and img.shape[1] > 600
    assert np.std(img[..., :3]) > 0.05  # not blank
