"""test_azalea.py: the Python package (python/azalea) against the command.

The results of a Python run must be the command's for the same model,
seed and settings, bit for bit (both come from the library's writer); a
model's problems come back with file, line and column; Ctrl-C stops a run
cleanly and hands back what finished.
"""
import json
import os
import signal
import subprocess
import threading

import pytest

import azalea

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
AZ = os.path.join(ROOT, os.environ.get("AZ_BUILD", "build/rel"), "azalea")
TUTORIAL = os.path.join(ROOT, "examples", "tutorial-line.yaml")


def cli_json(tmp_path, *args):
    out = tmp_path / "cli.json"
    subprocess.run([AZ, "run", *args, "--json", str(out)], check=True,
                   stdout=subprocess.DEVNULL)
    with open(out, encoding="utf-8") as f:
        return json.load(f)


def without_timing(doc):
    return {k: v for k, v in doc.items() if k != "timing"}


def test_results_equal_the_command(tmp_path):
    want = cli_json(tmp_path, TUTORIAL, "--reps", "3", "--seed", "7",
                    "--horizon", "2 d", "--warmup", "1 h", "--threads", "1")
    got = azalea.load(TUTORIAL).run(replications=3, seed=7, horizon="2 d",
                                    warmup="1 h")
    assert without_timing(got.json) == without_timing(want)
    assert got.system == want["system"]
    assert [s["name"] for s in got.stations] == ["placer", "screw", "test"]


def test_a_forecast_from_a_state_equals_the_command(tmp_path):
    blocks = os.path.join(ROOT, "examples", "line-blocks.yaml")
    state = os.path.join(ROOT, "examples", "state",
                         "line-blocks-wednesday.yaml")
    want = cli_json(tmp_path, blocks, "--reps", "3", "--initial", state,
                    "--horizon", "end of week", "--threads", "1")
    got = azalea.load(blocks).run(replications=3, initial=state,
                                  horizon="end of week")
    assert without_timing(got.json) == without_timing(want)
    assert got.forecast == want["forecast"]
    assert got.forecast["to"] - got.forecast["from"] == (4 * 24 + 10) * 3600
    with pytest.raises(azalea.ModelError) as e:
        azalea.load(blocks).run(initial=TUTORIAL)
    assert "tutorial-line.yaml:" in str(e.value)


def test_set_changes_the_model_as_the_command_does(tmp_path):
    want = cli_json(tmp_path, TUTORIAL, "--reps", "2", "--horizon", "1 d", "--warmup", "0 s",
                    "--set", "stations.placer.machines=3")
    m = azalea.load(TUTORIAL, set={"stations.placer.machines": 3})
    got = m.run(replications=2, horizon="1 d", warmup="0 s")
    assert without_timing(got.json) == without_timing(want)
    assert got.stations[0]["machines"] == 3


def test_dot_is_the_commands(tmp_path):
    out = tmp_path / "line.dot"
    subprocess.run([AZ, "draw", TUTORIAL, "-o", str(out)], check=True)
    dot = azalea.load(TUTORIAL).dot()
    assert dot.startswith("digraph line {")
    assert 'id="st-placer"' in dot and 'id="buf-screw"' in dot
    assert dot == out.read_text(encoding="utf-8")


def test_trace_is_the_commands(tmp_path):
    out = tmp_path / "cli.csv"
    subprocess.run([AZ, "run", TUTORIAL, "--reps", "1", "--horizon", "1 d",
                    "--warmup", "0 s", "--trace", str(out)], check=True,
                   stdout=subprocess.DEVNULL)
    got = tmp_path / "py.csv"
    m = azalea.load(TUTORIAL)
    assert m.trace(str(got), horizon="1 d", warmup="0 s") == str(got)
    assert got.read_bytes() == out.read_bytes()
    assert got.read_text().startswith("time,object,state,product,unit,count\n")
    other = tmp_path / "rep2.csv"
    m.trace(str(other), replication=2, horizon="1 d", warmup="0 s")
    assert other.read_bytes() != out.read_bytes()
    with pytest.raises(ValueError):
        m.trace(str(other), replication=0)
    with pytest.raises(azalea.AzaleaError):
        m.trace(str(tmp_path / "no" / "such" / "dir.csv"))


def test_threads_do_not_change_results():
    m = azalea.load(TUTORIAL)
    one = m.run(replications=4, seed=3, horizon="1 d", warmup="0 s", threads=1)
    two = m.run(replications=4, seed=3, horizon="1 d", warmup="0 s", threads=2)
    assert without_timing(one.json) == without_timing(two.json)


def test_replication_rows():
    r = azalea.load(TUTORIAL).run(replications=2, horizon="1 d", warmup="0 s")
    reps = {row["replication"] for row in r.replications}
    assert reps == {0, 1}
    out = [row["value"] for row in r.replications
           if row["scope"] == "system" and row["metric"] == "released"]
    assert len(out) == 2 and all(v > 0 for v in out)


def test_model_problems_carry_their_place():
    bad = os.path.join(ROOT, "tests", "models", "bad", "undefined_station.yaml")
    with pytest.raises(azalea.ModelError) as e:
        azalea.load(bad)
    first = e.value.problems[0]
    # The command prints the same first problem, file:line:col first.
    cli = subprocess.run([AZ, "check", bad], capture_output=True, text=True)
    assert cli.returncode == 2
    assert cli.stderr.splitlines()[0] == str(first)
    assert (e.value.file, e.value.line) == (bad, first.line) and first.line > 0


def test_a_bad_override_is_located_in_the_override():
    with pytest.raises(azalea.ModelError) as e:
        azalea.load(TUTORIAL, set={"stations.placer.machines": "many"})
    assert e.value.file == "--set"
    assert "stations.placer.machines" in e.value.message


def test_loads_names_the_text():
    with pytest.raises(azalea.ModelError) as e:
        azalea.loads("name: x\n", name="inline.yaml")
    assert e.value.file == "inline.yaml" and e.value.line == 1
    text = open(TUTORIAL, encoding="utf-8").read()
    r = azalea.loads(text, name="t.yaml").run(replications=2, horizon="1 d", warmup="0 s")
    assert r.system["throughput"]["n"] == 2


def test_ctrl_c_stops_a_run_cleanly():
    m = azalea.load(TUTORIAL)
    t = threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGINT))
    t.start()
    with pytest.raises(azalea.Interrupted) as e:
        m.run(replications=100000, horizon="30 d", threads=1)
    t.cancel()
    res = e.value.results
    if res is not None:  # the replications finished before the stop
        assert res.interrupted
        assert 0 < res.replications_done < 100000


def test_frames():
    pytest.importorskip("pandas")
    f = azalea.load(TUTORIAL).run(replications=2, horizon="1 d", warmup="0 s").frames()
    assert list(f["stations"]["name"]) == ["placer", "screw", "test"]
    assert "utilisation_low" in f["stations"].columns


def test_the_example_script_runs(tmp_path):
    script = os.path.join(ROOT, "examples", "python", "sweep_buffer.py")
    env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, "python"))
    out = subprocess.run(["/usr/bin/python3", script, "--reps", "2", "--png",
                          str(tmp_path / "s.png")], env=env, check=True,
                         capture_output=True, text=True).stdout
    rows = [l for l in out.splitlines() if l.split()[:1] and
            l.split()[0].isdigit()]
    assert [int(r.split()[0]) for r in rows] == list(range(1, 11))


# ---- what-ifs: compare, improve and sweep, as the command runs them ----

def cli_whatif(tmp_path, cmd, *args):
    out = tmp_path / f"{cmd}.json"
    subprocess.run([AZ, cmd, TUTORIAL, *args, "--json", str(out)],
                   check=True, stdout=subprocess.DEVNULL)
    with open(out, encoding="utf-8") as f:
        return json.load(f)


def untimed(doc):
    """A what-if document without its wall times."""
    doc = without_timing(doc)
    if "base" in doc:
        doc["base"] = without_timing(doc["base"])
    return doc


RUN = ("--reps", "3", "--seed", "5", "--horizon", "2 d", "--warmup", "2 h")
KW = dict(replications=3, seed=5, horizon="2 d", warmup="2 h")


def test_compare_equals_the_command(tmp_path):
    want = cli_whatif(tmp_path, "compare", *RUN,
                      "--scenario", "stations.placer.machines=3",
                      "--scenario", "stations.screw.machines=2; "
                      "buffers.before_test.capacity=8")
    got = azalea.load(TUTORIAL).compare(
        ["stations.placer.machines=3",
         {"stations.screw.machines": 2, "buffers.before_test.capacity": 8}],
        threads=2, **KW)
    assert untimed(got.json) == untimed(want)
    assert got.kind == "compare" and not got.interrupted
    paired = got.scenarios[0]["paired"]["lead_time_mean"]
    assert paired["ci95"][1] < 0  # a third placer cuts the lead time


def test_improve_equals_the_command(tmp_path):
    want = cli_whatif(tmp_path, "improve", *RUN)
    got = azalea.load(TUTORIAL).improve(**KW)
    assert untimed(got.json) == untimed(want)
    assert got.scenarios[0]["label"].startswith("+1 machine at placer")


def test_improve_screens_as_the_command_does(tmp_path):
    want = cli_whatif(tmp_path, "improve", "--seed", "5", "--horizon", "1 d",
                      "--warmup", "0 s")
    got = azalea.load(TUTORIAL).improve(seed=5, horizon="1 d", warmup="0 s")
    assert untimed(got.json) == untimed(want)
    assert got.base["run"]["replications"] == 5


def test_sweep_equals_the_command(tmp_path):
    want = cli_whatif(tmp_path, "sweep", *RUN,
                      "--param", "buffers.before_screw.capacity=5..9:2",
                      "--param", "stations.placer.machines=2,3")
    got = azalea.load(TUTORIAL).sweep(
        {"buffers.before_screw.capacity": "5..9:2",
         "stations.placer.machines": [2, 3]}, **KW)
    assert got.json == want
    assert len(got.points) == 6
    assert got.points[1]["values"] == ["5", "3"]


def test_whatif_of_a_text_model_with_changes():
    text = open(TUTORIAL, encoding="utf-8").read()
    m = azalea.loads(text, name="t.yaml", set={"stations.test.machines": 2})
    c = m.compare(["stations.placer.machines=3"], replications=2,
                  horizon="1 d", warmup="0 s")
    assert c.base["model"]["file"] == "t.yaml"
    assert c.base["stations"][2]["machines"] == 2


def test_a_bad_scenario_raises_with_its_place():
    with pytest.raises(azalea.ModelError) as e:
        azalea.load(TUTORIAL).compare(["stations.placr.machines=3"])
    assert e.value.file == "--set" and "did you mean 'placer'" in str(e.value)
    with pytest.raises(azalea.AzaleaError) as e:
        azalea.load(TUTORIAL).sweep({"stations.placer.machines": "3..1"})
    assert "is empty" in str(e.value)


def test_ctrl_c_stops_a_sweep_cleanly():
    m = azalea.load(TUTORIAL)
    t = threading.Timer(1.0, os.kill, (os.getpid(), signal.SIGINT))
    t.start()
    with pytest.raises(azalea.Interrupted) as e:
        m.sweep({"buffers.before_screw.capacity": "1..1000"},
                replications=2, horizon="5 d", warmup="0 s")
    t.cancel()
    res = e.value.results
    if res is not None:  # the points finished whole before the stop
        assert res.interrupted
        assert 0 < len(res.points) < 1000


def test_whatif_frame():
    pytest.importorskip("pandas")
    c = azalea.load(TUTORIAL).compare(["stations.placer.machines=3"],
                                      replications=2, horizon="1 d",
                                      warmup="0 s")
    f = c.frame()
    assert "change_throughput_per_hour_low" in f.columns


def test_select_equals_the_command(tmp_path):
    want = cli_whatif(tmp_path, "compare", *RUN,
                      "--scenario", "stations.placer.machines=3",
                      "--scenario", "stations.screw.machines=2",
                      "--select", "lead_time", "--delta", "30 s",
                      "--pcs", "0.9")
    got = azalea.load(TUTORIAL).compare(
        ["stations.placer.machines=3", "stations.screw.machines=2"],
        select="lead_time", delta="30 s", pcs=0.9, threads=2, **KW)
    assert untimed(got.json) == untimed(want)
    sel = got.selection
    assert sel["best"] == "stations.placer.machines=3"
    assert sel["figure"] == "lead_time_mean" and sel["pcs"] == 0.9
    assert sum(s["replications"] for s in sel["scenarios"]) == \
        sel["replications_total"]


def test_optimize_equals_the_command(tmp_path):
    ex = os.path.join(ROOT, "examples", "line-optimize.yaml")
    out = tmp_path / "o.json"
    subprocess.run([AZ, "optimize", ex, "--threads", "1", "--json", str(out)],
                   check=True, stdout=subprocess.DEVNULL)
    with open(out, encoding="utf-8") as f:
        want = json.load(f)
    got = azalea.load(ex).optimize(threads=2)
    assert untimed(got.json) == untimed(want)
    o = got.optimization
    assert o["objective"] == "max_throughput" and o["budget"] == 150000
    assert o["best"]["cost"] <= 150000
    assert any(e["pareto"] for e in o["evaluations"])
    m = azalea.load(ex, set={"optimize.budget": 1000})
    with pytest.raises(azalea.AzaleaError) as e:
        m.optimize()
    assert "below the cheapest change" in str(e.value)
