#!/bin/sh
# test_whatif_out.sh: the result files of compare, improve and sweep (issue
# 15, section 4): --json, --csv DIR, --db (read back with the sqlite3 CLI,
# with the schema migrated from version 3) and --report, each path checked
# before the runs.
# Usage: tests/cli/test_whatif_out.sh BUILD_DIR   (run from the repository root)
# Prints cmocka-style summary lines so tests/run-tests.sh counts the cases.
set -u
. tests/lib.sh
AZ=${1:-${AZ_BUILD:-build/rel}}/azalea
T=examples/tutorial-line.yaml
RUN="--reps 3 --horizon 3d --warmup 0s"
S1="stations.placer.machines=3"
S2="buffers.before_screw.capacity=20; stations.screw.machines=2"
sql() { sqlite3 "$1" "$2"; }

# ---- compare --json: the base's run and each scenario paired with it ----
# shellcheck disable=SC2086
expect "compare --json" 0 "$AZ" compare $T $RUN --scenario "$S1" \
    --scenario "$S2" --json "$TMP/c.json"
cp "$TMP/out" "$TMP/table"
# The JSON's paired difference is the table's (same level: 95 %).
if python3 - "$TMP/c.json" "$TMP/table" <<'EOF'
import json, re, sys
d = json.load(open(sys.argv[1]))
assert d["kind"] == "compare"
assert d["base"]["model"]["name"] == "Three-station tutorial line"
assert d["base"]["run"]["replications"] == 3
sc = d["scenarios"]
assert [s["label"] for s in sc] == ["stations.placer.machines=3",
    "buffers.before_screw.capacity=20; stations.screw.machines=2"], sc
table = open(sys.argv[2]).read()
for s in sc:
    p = s["paired"]["throughput_per_hour"]
    lo, hi = p["ci95"]
    assert abs((lo + hi) / 2 - p["mean"]) < 1e-9
    line = [l for l in table.splitlines() if l.startswith(s["label"])][0]
    m = re.findall(r"([+-]\d+\.\d+) ± (\d+\.\d+)", line)[0]
    assert "%+.2f" % p["mean"] == m[0], (p, m)
    assert "%.2f" % ((hi - lo) / 2) == m[1], (p, m)
    t = s["throughput_per_hour"]["mean"] - d["base"]["system"]["throughput_per_hour"]["mean"]
    assert abs(t - p["mean"]) < 1e-9 * max(1, abs(t))
    for k in ("lead_time_mean", "wip"):
        assert k in s and k in s["paired"]
    assert s["unstable"] in (True, False) and s["cost"] is None
assert "timing" in d and list(d)[-1] == "timing"
EOF
then ok "compare --json: paired differences equal the table's"
else bad "compare --json: paired differences equal the table's" "$(head -c 300 "$TMP/c.json")"; fi
# Deterministic: the same file for another thread count, but the timing.
# shellcheck disable=SC2086
expect "compare --json, 1 thread" 0 "$AZ" compare $T $RUN --threads 1 \
    --scenario "$S1" --scenario "$S2" --json "$TMP/c1.json"
strip_timing "$TMP/c.json" >"$TMP/a"; strip_timing "$TMP/c1.json" >"$TMP/b"
same "compare --json does not depend on --threads" "$TMP/a" "$TMP/b"

# ---- improve --csv DIR: comparison.csv, one row per change ----
# shellcheck disable=SC2086
expect "improve --csv" 0 "$AZ" improve $T $RUN --csv "$TMP/imp"
has "comparison.csv header" "$TMP/imp/comparison.csv" \
    "label,role,changes,cost,replications,throughput_per_hour_mean,throughput_per_hour_ci95_low,throughput_per_hour_ci95_high"
has "comparison.csv paired columns" "$TMP/imp/comparison.csv" \
    "diff_throughput_per_hour_mean,diff_throughput_per_hour_ci95_low,diff_throughput_per_hour_ci95_high"
n=$(grep -c ',scenario,' "$TMP/imp/comparison.csv")
[ "$n" -eq 5 ] && ok "improve --csv: one row per change (5)" \
    || bad "improve --csv: one row per change (5)" "$(cat "$TMP/imp/comparison.csv")"
has "improve --csv: the base first" "$TMP/imp/comparison.csv" "as it is,base,"
has "improve --csv: a change with its paths" "$TMP/imp/comparison.csv" \
    "+1 machine at placer (3),scenario,stations.placer.machines=3,"
[ -f "$TMP/imp/system.csv" ] && [ -f "$TMP/imp/run.csv" ] \
    && ok "improve --csv: the base's run tables too" \
    || bad "improve --csv: the base's run tables too" "$(ls "$TMP/imp")"
# The rows are ranked as the table: by throughput gain.
first=$(awk -F, 'NR == 3 {print $1}' "$TMP/imp/comparison.csv")
has "improve --csv: ranked by gain as the table" "$TMP/out" "$first"
grep -A2 '^scenario' "$TMP/out" | tail -1 | grep -qF -- "$first" \
    && ok "improve --csv: the first change is the table's first" \
    || bad "improve --csv: the first change is the table's first" "$first"

# ---- sweep --csv DIR: DIR/sweep.csv; the old file form refused ----
# shellcheck disable=SC2086
expect "sweep --csv DIR" 0 "$AZ" sweep $T $RUN --param stations.placer.machines=2,3 \
    --csv "$TMP/sw" --json "$TMP/sw.json"
has "sweep --csv DIR writes DIR/sweep.csv" "$TMP/sw/sweep.csv" \
    "stations.placer.machines,replications,throughput_per_hour,"
[ "$(wc -l <"$TMP/sw/sweep.csv")" -eq 3 ] && ok "sweep.csv: a row per point" \
    || bad "sweep.csv: a row per point" "$(cat "$TMP/sw/sweep.csv")"
if python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["kind"] == "sweep" and d["parameters"] == ["stations.placer.machines"]
assert [p["values"] for p in d["points"]] == [["2"], ["3"]]
assert all("throughput_per_hour" in p and p["bottleneck"] for p in d["points"])
' "$TMP/sw.json"; then ok "sweep --json: parameters and points"
else bad "sweep --json: parameters and points" "$(head -c 300 "$TMP/sw.json")"; fi
# shellcheck disable=SC2086
expect "sweep --csv FILE.csv refused" 2 "$AZ" sweep $T $RUN \
    --param stations.placer.machines=2,3 --csv "$TMP/old.csv"
has "sweep --csv FILE.csv: the new form in the message" "$TMP/err" \
    "sweep --csv takes a directory, as run's does, and writes DIR/sweep.csv in it"
[ ! -e "$TMP/old.csv" ] && [ ! -s "$TMP/out" ] && ok "sweep --csv FILE.csv: nothing run, nothing written" \
    || bad "sweep --csv FILE.csv: nothing run, nothing written" "$(head -3 "$TMP/out")"
mkdir "$TMP/dir.csv"
# shellcheck disable=SC2086
expect "sweep --csv to a directory named *.csv" 0 "$AZ" sweep $T $RUN \
    --param stations.placer.machines=2 --csv "$TMP/dir.csv"
[ -f "$TMP/dir.csv/sweep.csv" ] && ok "a directory named *.csv takes sweep.csv" \
    || bad "a directory named *.csv takes sweep.csv"

# ---- compare --db: base and scenarios as runs, linked to a comparison ----
# shellcheck disable=SC2086
expect "compare --db" 0 "$AZ" compare $T $RUN --scenario "$S1" --scenario "$S2" \
    --db "$TMP/c.sqlite" --json "$TMP/cdb.json"
got=$(sql "$TMP/c.sqlite" "SELECT kind || '|' || model_sha256 FROM comparisons")
want="compare|$(sha256sum $T | cut -d' ' -f1)"
[ "$got" = "$want" ] && ok "compare --db: a comparison row" || bad "compare --db: a comparison row" "$got"
got=$(sql "$TMP/c.sqlite" "SELECT c.role || '|' || c.label || '|' || coalesce(r.overrides, '') FROM comparison_runs c JOIN runs r USING (run_id) ORDER BY run_id" | tr '\n' '/')
want="base|base|/scenario|$S1|$S1/scenario|$S2|$S2/"
[ "$got" = "$want" ] && ok "compare --db: base and scenario runs linked" \
    || bad "compare --db: base and scenario runs linked" "$got"
a=$(sql "$TMP/c.sqlite" "SELECT printf('%.9f', diff_throughput_per_hour) FROM comparison_runs WHERE label = '$S1'")
b=$(python3 -c 'import json,sys; print("%.9f" % json.load(open(sys.argv[1]))["scenarios"][0]["paired"]["throughput_per_hour"]["mean"])' "$TMP/cdb.json")
[ -n "$a" ] && [ "$a" = "$b" ] && ok "compare --db: the paired difference is the JSON's" \
    || bad "compare --db: the paired difference is the JSON's" "db $a json $b"
a=$(sql "$TMP/c.sqlite" "SELECT count(*) FROM results WHERE run_id = 2 AND metric = 'throughput_per_hour' AND scope = 'system'")
[ "$a" = 1 ] && ok "compare --db: each run has its results" || bad "compare --db: each run has its results" "$a"
# sweep --db: its points linked to a 'sweep' comparison.
# shellcheck disable=SC2086
expect "sweep --db" 0 "$AZ" sweep $T $RUN --param stations.placer.machines=2,3 --db "$TMP/c.sqlite"
got=$(sql "$TMP/c.sqlite" "SELECT count(*) FROM comparison_runs JOIN comparisons USING (comparison_id) WHERE kind = 'sweep' AND role = 'point'")
[ "$got" = 2 ] && ok "sweep --db: points linked to the sweep" || bad "sweep --db: points linked to the sweep" "$got"

# ---- the schema migrated from version 3 ----
# A version-3 database: what this azalea writes, less the tables of
# versions 4 and 6.
# shellcheck disable=SC2086
expect "run --db" 0 "$AZ" run $T $RUN --db "$TMP/v2.sqlite"
sql "$TMP/v2.sqlite" "DROP TABLE optimization_evaluations; DROP INDEX comparison_runs_by_run; DROP TABLE comparison_runs; DROP TABLE comparisons; PRAGMA user_version = 3;"
# shellcheck disable=SC2086
expect "compare --db on a version-3 database" 0 "$AZ" compare $T $RUN --scenario "$S1" --db "$TMP/v2.sqlite"
got=$(sql "$TMP/v2.sqlite" "PRAGMA user_version; SELECT count(*) FROM runs; SELECT count(*) FROM comparison_runs; SELECT min(run_id) FROM comparison_runs" | tr '\n' ' ')
[ "$got" = "6 3 2 2 " ] && ok "version 3 migrated to 6, its run kept" \
    || bad "version 3 migrated to 6, its run kept" "$got"

# ---- compare --report: the page with the paired chart ----
if command -v gnuplot >/dev/null 2>&1; then
    # shellcheck disable=SC2086
    expect "compare --report" 0 "$AZ" compare $T $RUN --scenario "$S1" \
        --scenario "release.interarrival={exponential: {mean: 30 s}}" --report "$TMP/c.html"
    has "report: an HTML page" "$TMP/c.html" "<!DOCTYPE html>"
    has "report: the paired chart" "$TMP/c.html" "<svg id=\"chart-paired\""
    has "report: the scenarios' table" "$TMP/c.html" "Scenarios against the base"
    has "report: an unstable scenario marked" "$TMP/c.html" "(UNSTABLE)"
    if grep -qiE '<script|(src|href)="(https?:)?//' "$TMP/c.html"; then
        bad "report: self-contained"; else ok "report: self-contained"; fi
else bad "gnuplot installed" "run scripts/install-deps"; fi

# ---- every path checked before the runs: exit 2, in seconds ----
LONG="examples/smartphone-factory.yaml --reps 200 --horizon 1825d"
# Under a regular file: no directory can be made there, even by root.
echo x >"$TMP/afile"
for opt in "--json $TMP/afile/c.json" "--csv $TMP/afile/dir" \
    "--db $TMP/afile/c.sqlite" "--report $TMP/afile/c.html"; do
    t0=$(date +%s)
    # shellcheck disable=SC2086
    expect "compare: unwritable ${opt%% *} refused" 2 "$AZ" compare $LONG \
        --scenario "stations.placer.machines=9" $opt
    has "compare: ${opt%% *} refusal names the path" "$TMP/err" "$TMP/afile/"
    [ $(($(date +%s) - t0)) -le 3 ] && [ ! -s "$TMP/out" ] \
        && ok "compare: ${opt%% *} refused before the runs" \
        || bad "compare: ${opt%% *} refused before the runs" "$(($(date +%s) - t0)) s" "$(head -3 "$TMP/out")"
done
t0=$(date +%s)
# shellcheck disable=SC2086
expect "improve: unwritable --json refused" 2 "$AZ" improve $LONG --json "$TMP/afile/i.json"
[ $(($(date +%s) - t0)) -le 3 ] && ok "improve: refused in seconds" || bad "improve: refused in seconds"
# shellcheck disable=SC2086
expect "sweep: unwritable --json refused" 2 "$AZ" sweep $LONG \
    --param stations.placer.machines=2,3 --json "$TMP/afile/s.json"
expect "compare --json - refused" 2 "$AZ" compare $T --scenario "$S1" --json -
has "compare --json - message" "$TMP/err" "only run takes '-'"
expect "sweep --report is not an option" 2 "$AZ" sweep $T --param "$S1" --report "$TMP/s.html"
expect "compare --trace is not an option" 2 "$AZ" compare $T --scenario "$S1" --trace "$TMP/t.csv"

summary
