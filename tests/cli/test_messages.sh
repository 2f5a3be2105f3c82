#!/bin/sh
# test_messages.sh: what azalea says, end to end: limits that the file and
# the command line share, hints for locale mistakes, bounds on hostile
# input, and the README's and docs' quoted output against a real run.
# Usage: tests/cli/test_messages.sh BUILD_DIR   (run from the repository root)
# Prints cmocka-style summary lines so tests/run-tests.sh counts the cases.
set -u
. tests/lib.sh
AZ=$(cd "${1:-${AZ_BUILD:-build/rel}}" && pwd)/azalea

# ---- one limit for one value ----
expect "replications over the limit in the file" 2 "$AZ" check tests/models/bad/reps_limit.yaml
has "file replications limit" "$TMP/err" "expected a whole number from 1 to 10000000, got '10000001'"
expect "--reps over the limit" 2 "$AZ" run examples/tutorial-line.yaml --reps 10000001
has "--reps limit" "$TMP/err" "--reps expects a whole number from 1 to 10000000, got '10000001'"
expect "--set replications over the limit" 2 "$AZ" check examples/tutorial-line.yaml --set run.replications=10000001
has "--set replications limit" "$TMP/err" "expected a whole number from 1 to 10000000, got '10000001'"

# ---- locale mistakes get a hint ----
expect "--horizon with a decimal comma" 2 "$AZ" run examples/tutorial-line.yaml --horizon "0,5 d"
has "--horizon decimal comma hint" "$TMP/err" "azalea: --horizon: expected a duration, got '0,5 d'; a decimal comma? write a decimal point: '0.5 d'"
expect "a plan with semicolons" 2 "$AZ" check tests/models/bad/plan_semicolon.yaml
has "one semicolon problem, not one per row" "$TMP/err" "semicolon.csv:1:1: the fields are separated by ';'"
if grep -q "problems" "$TMP/err"; then bad "a semicolon plan is one problem" "$(cat "$TMP/err")"
else ok "a semicolon plan is one problem"; fi

# ---- bounded effort on hostile input ----
# 200 KB of nested brackets (made here, not stored): refused at the 65th
# level while parsing, at once; loading the whole tree first took 49-79 s.
{ printf 'name: deep\nx: '
  awk 'BEGIN { for (i = 0; i < 100000; i++) printf "["; for (i = 0; i < 100000; i++) printf "]"; print "" }'
} >"$TMP/deep.yaml"
expect "200 KB of nesting is refused within 5 s" 2 timeout 5 "$AZ" check "$TMP/deep.yaml"
has "nesting message with its place" "$TMP/err" "deep.yaml:2:68: values are nested more than 64 levels deep"

# A horizon double precision cannot resolve is refused before the run,
# from the command line too; a run that will take hours is warned of,
# with its estimate, before it starts (stopped here after 2 s).
expect "--horizon 1e308 s is refused" 2 timeout 20 "$AZ" run examples/tutorial-line.yaml --horizon "1e308 s"
has "horizon limit message" "$TMP/err" "azalea: a horizon of 1e+308 s is too long for the model's shortest mean time, 30 s ('screw')"
expect "a huge plan day is refused by check" 2 "$AZ" check tests/models/bad/plan_huge.yaml
# SIGKILL: a SIGTERM only stops a run gracefully, after its running
# replication, which here would take hours.
expect "a long run is warned of (stopped)" 137 timeout -s KILL 2 "$AZ" run examples/tutorial-line.yaml --horizon "1e7 d" --reps 1 --threads 1
has "long run estimate" "$TMP/err" "azalea: warning: a large run: about 1.51e+11 events"

# A plan of 100000 bad rows: the first 100 problems and a count, not
# 200000 lines.
mkdir -p "$TMP/plan"
awk 'BEGIN { print "day,product,quantity"; for (i = 0; i < 100000; i++) print "x,basic,y" }' >"$TMP/plan/bad.csv"
printf 'name: t\nproducts: [{name: basic}]\nrelease: {plan: bad.csv}\nstations: {smt: {process: 30 s}}\nbuffers: {in: {to: smt, capacity: 10}}\nroutes: {default: [smt]}\n' >"$TMP/plan/m.yaml"
expect "a 100000-row bad plan" 2 "$AZ" check "$TMP/plan/m.yaml"
if [ "$(wc -l <"$TMP/err")" -eq 101 ]; then ok "problems are capped at 100 and a count"
else bad "problems are capped at 100 and a count" "$(wc -l <"$TMP/err") lines"; fi
has "the count line" "$TMP/err" "azalea: 199900 more problems not listed (200000 in all)"

# ---- the docs' first example runs; a loop that can deadlock is warned of ----
sed -n '/^```yaml$/,/^```$/p' docs/model-format.md | sed -n '2,/^```$/p' |
    sed '$d' >"$TMP/first.yaml"
expect "docs' first example checks" 0 "$AZ" check "$TMP/first.yaml"
if [ -s "$TMP/err" ]; then bad "docs' first example has no warning" "$(cat "$TMP/err")"
else ok "docs' first example has no warning"; fi
expect "docs' first example runs without a deadlock" 0 "$AZ" run "$TMP/first.yaml" --reps 2 --threads 1
(cd tests/models/good && "$AZ" check deadlock-sometimes.yaml) >"$TMP/out" 2>"$TMP/err"
has "a loop of finite buffers is warned of, with file:line:col" "$TMP/err" \
    "deadlock-sometimes.yaml:20:26: warning: stations 'a', 'b' can deadlock"
if sed "s/^ *//" docs/model-format.md | grep -xFf "$TMP/err" | grep -q "can deadlock"; then
    ok "docs deadlock warning line is program output"
else bad "docs deadlock warning line is program output" "$(cat "$TMP/err")"; fi

# ---- the docs and the README say what the program prints ----
# docs/model-format.md quotes the problems of three --set arguments: each
# quoted line must be one the program prints for them.
expect "docs --set example fails" 2 "$AZ" check examples/tutorial-line.yaml \
    --set stations.scrw.machines=3 --set stations.screw.machines=two \
    --set stations.screw.machine=2
grep '^--set:' docs/model-format.md >"$TMP/quoted"
if [ "$(wc -l <"$TMP/quoted")" -eq 3 ] && grep -qvxFf "$TMP/err" "$TMP/quoted"; then
    bad "docs --set lines are program output" "$(grep -vxFf "$TMP/err" "$TMP/quoted")"
elif [ "$(wc -l <"$TMP/quoted")" -ne 3 ]; then
    bad "docs --set lines are program output" "expected 3 quoted lines"
else ok "docs --set lines are program output"; fi
# The warnings quoted under "Warnings", for the fixture they name.
(cd tests/models/good && "$AZ" check unused.yaml) >"$TMP/out" 2>"$TMP/err"
grep '^unused.yaml:.*warning:' docs/model-format.md >"$TMP/quoted"
if [ -s "$TMP/quoted" ] && ! grep -qvxFf "$TMP/err" "$TMP/quoted"; then
    ok "docs warning lines are program output"
else bad "docs warning lines are program output" "$(cat "$TMP/err")"; fi
# The README's results table is a real run's (scripts/readme-sample).
if scripts/readme-sample --check "$AZ" >"$TMP/diff" 2>&1; then
    ok "README sample output is the program's"
else bad "README sample output is the program's" "$(head -20 "$TMP/diff")"; fi
# The README's overload warning is what its what-if prints.
"$AZ" run examples/tutorial-line.yaml --set stations.placer.machines=3 \
    --set release.interarrival="{exponential: {mean: 30 s}}" \
    >"$TMP/out" 2>&1
grep '^warning: ' README.md >"$TMP/quoted"
if [ -s "$TMP/quoted" ] && grep -qxFf "$TMP/quoted" "$TMP/out"; then
    ok "README warning is program output"
else bad "README warning is program output" "$(grep warning "$TMP/out")"; fi

summary
