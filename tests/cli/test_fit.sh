#!/bin/sh
# test_fit.sh: `azalea fit` end to end: the shipped data sets give the
# ranked fits and YAML that loads, the downtime log gives failures blocks
# that load into the line, and bad data is refused with its line and
# exit 2.
# Usage: tests/cli/test_fit.sh BUILD_DIR   (run from the repository root)
set -u
. tests/lib.sh
AZ=$(cd "${1:-${AZ_BUILD:-build/rel}}" && pwd)/azalea

expect "fit the placer times" 0 "$AZ" fit examples/data/placer-times.csv --column time --bootstrap 9
has "gamma ranks first" "$TMP/out" "   1 gamma"
has "the best fit's YAML" "$TMP/out" "best fit (lowest AIC), for the model file:"
has "the empirical table" "$TMP/out" "{empirical: {values: ["
cp "$TMP/out" "$TMP/fit1"
expect "fit again" 0 "$AZ" fit examples/data/placer-times.csv --column time --bootstrap 9
same "the output is the same every time" "$TMP/fit1" "$TMP/out"
# The printed YAML loads as the placer's process time.
y=$(sed -n '/^best fit/{n;p}' "$TMP/fit1")
sed "s|process: {lognormal: {mean: 70 s, cv: 0.3}}|process: $y|" examples/tutorial-line.yaml >"$TMP/fitted.yaml"
if grep -qF "process: $y" "$TMP/fitted.yaml"; then ok "the YAML went into the model"
else bad "the YAML went into the model" "$(grep -n process examples/tutorial-line.yaml)"; fi
expect "the fitted model checks" 0 "$AZ" check "$TMP/fitted.yaml"
expect "--unit min" 0 "$AZ" fit examples/data/placer-times.csv --column time --unit min --bootstrap 0
has "minutes in the YAML" "$TMP/out" " min, cv: "

# ---- the downtime log ----
expect "fit the downtime log" 0 "$AZ" fit --downtime examples/data/downtime.csv --model examples/tutorial-line.yaml --bootstrap 0
has "the clock is said" "$TMP/out" "Clock: calendar"
has "a failures block" "$TMP/out" "    failures:"
has "with the calendar clock" "$TMP/out" "      clock: calendar"
# The blocks load into the line.
awk '/^for the model file/{f=1; next} f && !/^stations:/' "$TMP/out" >"$TMP/blocks"
python3 - "$TMP/blocks" examples/tutorial-line.yaml >"$TMP/line.yaml" <<'PY'
import sys, re
blocks = open(sys.argv[1]).read().split("\n")
text = open(sys.argv[2]).read()
cur = None; add = {}
for l in blocks:
    m = re.match(r"^  (\w+):$", l)
    if m: cur = m.group(1); add[cur] = []; continue
    if cur and l.strip(): add[cur].append(l)
out = []
for l in text.split("\n"):
    out.append(l)
    m = re.match(r"^  (\w+):", l)
    if m and m.group(1) in add and "stations" in "".join(out):
        out.extend(add.pop(m.group(1)))
print("\n".join(out))
PY
expect "the failures blocks load into the line" 0 "$AZ" check "$TMP/line.yaml"
expect "a run of the line with them" 0 "$AZ" run "$TMP/line.yaml" --reps 2 --horizon "3 d" --warmup "0 s"

# ---- bad data: the line and exit 2 ----
printf 't\n1\n2\nx3\n' >"$TMP/nan.csv"
expect "a value that is no number" 2 "$AZ" fit "$TMP/nan.csv"
has "its line" "$TMP/err" "nan.csv:4: expected a number (a duration), got 'x3'"
printf 't\n1\n2\n-3\n' >"$TMP/neg.csv"
expect "a negative duration" 2 "$AZ" fit "$TMP/neg.csv"
has "negative, with its line" "$TMP/err" "neg.csv:4: a negative duration, -3"
printf '1\n2\n3\n' >"$TMP/few.csv"
expect "fewer than 10 values" 2 "$AZ" fit "$TMP/few.csv"
has "too few" "$TMP/err" "few.csv:3: only 3 values; at least 10 are needed"
awk 'BEGIN { for (i = 0; i < 20; i++) print 30 }' >"$TMP/const.csv"
expect "all values equal" 2 "$AZ" fit "$TMP/const.csv"
has "a constant is suggested" "$TMP/err" "const.csv:1: all 20 values are 30"
printf 'machine,start,end\nplacer/1,100,90\n' >"$TMP/back.csv"
expect "an end before its start" 2 "$AZ" fit --downtime "$TMP/back.csv"
has "end before start, with its line" "$TMP/err" "back.csv:2: the end, 90, is before the start, 100"
printf 'machine,start,end\nplacer/1,100,200\nplacer/1,150,300\n' >"$TMP/over.csv"
expect "overlapping downtimes" 2 "$AZ" fit --downtime "$TMP/over.csv"
has "overlap, with its lines" "$TMP/err" "over.csv:3: this downtime of machine 'placer/1' starts before the one on line 2 ends"
printf 'machine,start,end\nplacr/1,100,200\nplacer/3,300,400\n' >"$TMP/names.csv"
expect "names the model does not have" 2 "$AZ" fit --downtime "$TMP/names.csv" --model examples/tutorial-line.yaml
has "an unknown station" "$TMP/err" "names.csv:2: no station 'placr' in the model"
has "a machine out of range" "$TMP/err" "names.csv:3: station 'placer' has 2 machines, not 3"
expect "an unknown option" 2 "$AZ" fit examples/data/placer-times.csv --colum time

summary
