#!/bin/sh
# test_cli.sh: the azalea command end to end: exit codes, messages, JSON,
# thread-count independence and the golden results of the example models.
# Usage: tests/cli/test_cli.sh BUILD_DIR   (run from the repository root)
# Prints cmocka-style summary lines so tests/run-tests.sh counts the cases.
set -u
AZ=${1:-${AZ_BUILD:-build/rel}}/azalea
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
pass=0; fail=0

ok()  { pass=$((pass + 1)); echo "[       OK ] $1"; }
bad() { fail=$((fail + 1)); echo "[  FAILED  ] $1"; shift; for l in "$@"; do echo "    $l"; done; }

# expect NAME STATUS CMD...: runs CMD, checks its exit status.
expect() {
    name=$1; want=$2; shift 2
    "$@" >"$TMP/out" 2>"$TMP/err"; got=$?
    if [ "$got" -eq "$want" ]; then ok "$name"; else
        bad "$name" "exit $got, want $want" "$(head -5 "$TMP/err")"; fi
}

# has NAME FILE TEXT: FILE contains the fixed string TEXT.
has() {
    if grep -qF -- "$3" "$2"; then ok "$1"; else
        bad "$1" "missing: $3" "$(head -5 "$2")"; fi
}

# Results without the "timing" object, which varies between identical runs.
strip_timing() { sed '/"timing"/,$d' "$1"; }

expect "version" 0 "$AZ" version
has "version text" "$TMP/out" "azalea 0.1.0"
expect "no command is a usage error" 2 "$AZ"
expect "unknown command" 2 "$AZ" frobnicate
has "unknown command message" "$TMP/err" "azalea: unknown command 'frobnicate'"
expect "unknown option" 2 "$AZ" run --fast
has "unknown option message" "$TMP/err" "azalea: unknown option '--fast'"
expect "bad --reps" 2 "$AZ" run --reps zero
has "bad --reps message" "$TMP/err" "--reps expects a whole number from 1 to 10000000, got 'zero'"
expect "duration without unit" 2 "$AZ" run --horizon 30
has "duration message" "$TMP/err" "azalea: --horizon: expected a duration with a unit"
expect "missing file" 2 "$AZ" check /nonexistent.yaml
expect "unknown example" 2 "$AZ" run --example nope
expect "examples list" 0 "$AZ" examples
has "examples list names tutorial" "$TMP/out" "tutorial"
has "factory is the default example" "$TMP/out" "factory      examples/smartphone-factory.yaml (default)"

expect "run built-in example" 0 "$AZ" run --reps 3 --horizon "5 d" --warmup "1 d"
has "table has throughput" "$TMP/out" "throughput (units/h)"
has "built-in example is the factory" "$TMP/out" "Smartphone"
has "table has stations" "$TMP/out" "placer"

for f in examples/*.yaml; do
    expect "check $f" 0 "$AZ" check "$f"
done

expect "bad model exits 2" 2 "$AZ" check tests/models/bad/several.yaml
if [ -f tests/models/bad/several.expected ]; then
    grep -v '^azalea: [0-9]* problems$' "$TMP/err" >"$TMP/err2"
    has "problem count" "$TMP/err" "azalea: 12 problems"
    if diff -u tests/models/bad/several.expected "$TMP/err2" >"$TMP/diff"; then
        ok "bad model messages"
    else bad "bad model messages" "$(cat "$TMP/diff")"; fi
fi

expect "--set changes the model" 0 "$AZ" run examples/tutorial-line.yaml \
    --reps 2 --horizon "2 d" --warmup "0 s" --set stations.placer.machines=3 --json "$TMP/set.json"
has "--set shows in JSON" "$TMP/set.json" '"machines": 3'
expect "--set bad path" 2 "$AZ" check examples/tutorial-line.yaml --set stations.nope.machines=3

# Bottleneck regression: a mostly blocked oven must not hide the real
# bottleneck (station b, three machines at 75 s for a 20 s feeder).
expect "bottleneck model" 0 "$AZ" run tests/models/good/bottleneck-oven.yaml \
    --reps 3 --horizon "10 d" --warmup "1 d"
if awk '/^bottleneck/ {t=1} t && $1 == "b" {exit !($2 > 50)}' "$TMP/out"; then
    ok "bottleneck found"
else bad "bottleneck found" "$(grep -A6 '^bottleneck' "$TMP/out")"; fi

# A family-pure oven with a full buffer still starts a batch.
expect "full oven buffer" 0 "$AZ" run tests/models/good/batch-full-buffer.yaml --reps 2
if awk '/^units out in the horizon/ {exit !($5 > 1000)}' "$TMP/out"; then
    ok "full oven buffer keeps flowing"
else bad "full oven buffer keeps flowing" "$(grep '^units out' "$TMP/out")"; fi

# What-ifs: compare scenarios, rank single changes.
expect "compare" 0 "$AZ" compare examples/tutorial-line.yaml --reps 3 \
    --horizon "2 d" --warmup "0 s" --scenario "stations.placer.machines=3" \
    --scenario "buffers.before_screw.capacity=20; stations.screw.machines=2"
has "compare base line" "$TMP/out" "base"
has "compare scenario line" "$TMP/out" "stations.placer.machines=3"
has "compare marks significance" "$TMP/out" "* the change is significant"
expect "compare without scenario" 2 "$AZ" compare examples/tutorial-line.yaml
has "compare without scenario message" "$TMP/err" "compare needs at least one --scenario"
expect "compare empty scenario" 2 "$AZ" compare examples/tutorial-line.yaml --scenario " ; "
has "compare empty scenario message" "$TMP/err" "azalea: scenario 1 is empty"
expect "compare bad scenario path" 2 "$AZ" compare examples/tutorial-line.yaml \
    --reps 2 --horizon "1 d" --warmup "0 s" --scenario "stations.plcer.machines=3"
has "compare bad path message" "$TMP/err" "did you mean 'placer'?"
expect "improve" 0 "$AZ" improve examples/tutorial-line.yaml --reps 3 \
    --horizon "2 d" --warmup "0 s" --top 3
has "improve ranks machines" "$TMP/out" "+1 machine at placer (3)"
has "improve says how many" "$TMP/out" "single changes ranked by throughput gain (5 tried)"
expect "improve bad step" 2 "$AZ" improve examples/tutorial-line.yaml --buffer-step 0
expect "improve step with junk" 2 "$AZ" improve examples/tutorial-line.yaml --buffer-step 5x
has "improve step message" "$TMP/err" "--buffer-step expects a whole number from 1 to 1000000, got '5x'"
expect "run rejects --scenario" 2 "$AZ" run --scenario "a=1"
has "run rejects --scenario message" "$TMP/err" "azalea: --scenario is not an option of 'run'"
expect "improve rejects --json" 2 "$AZ" improve examples/tutorial-line.yaml --json x.json

# Thread count never changes results.
expect "json 1 thread" 0 "$AZ" run examples/tutorial-line.yaml --reps 4 \
    --horizon "3 d" --warmup "1 d" --threads 1 --json "$TMP/t1.json"
expect "json 3 threads" 0 "$AZ" run examples/tutorial-line.yaml --reps 4 \
    --horizon "3 d" --warmup "1 d" --threads 3 --json "$TMP/t3.json"
strip_timing "$TMP/t1.json" >"$TMP/a"; strip_timing "$TMP/t3.json" >"$TMP/b"
if cmp -s "$TMP/a" "$TMP/b" && [ -s "$TMP/a" ]; then ok "threads give identical JSON"
else bad "threads give identical JSON" "$(diff "$TMP/a" "$TMP/b" | head -5)"; fi
expect "unwritable --json" 1 "$AZ" run --example tutorial --reps 2 --horizon "1 d" --warmup "0 s" --json /nonexistent/x.json
[ ! -e /nonexistent/x.json ] && ok "no partial JSON" || bad "no partial JSON"

# Golden results: each example with its stored seed and replications gives
# exactly the stored numbers. Regenerate deliberately with `make golden`.
for g in tests/golden/*.json; do
    [ -e "$g" ] || continue
    name=$(basename "$g" .json)
    expect "golden run $name" 0 "$AZ" run "examples/$name.yaml" --json "$TMP/g.json"
    strip_timing "$TMP/g.json" >"$TMP/a"; strip_timing "$g" >"$TMP/b"
    if cmp -s "$TMP/a" "$TMP/b"; then ok "golden $name"
    else bad "golden $name" "$(diff "$TMP/b" "$TMP/a" | head -10)"; fi
done

echo "[==========] $((pass + fail)) test(s) run."
[ "$pass" -gt 0 ] && echo "[  PASSED  ] $pass test(s)."
[ "$fail" -gt 0 ] && echo "[  FAILED  ] $fail test(s)."
[ "$fail" -eq 0 ]
