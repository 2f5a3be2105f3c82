#!/bin/sh
# test_initial.sh: `azalea run --initial` end to end: the shipped state of
# line-blocks starts a forecast to the end of the week, the same on any
# number of threads; orders' forecasts; the horizon's words; and every
# bad state refused with its line, column and exit 2.
# Usage: tests/cli/test_initial.sh BUILD_DIR   (run from the repository root)
set -u
. tests/lib.sh
AZ=$(cd "${1:-${AZ_BUILD:-build/rel}}" && pwd)/azalea
M=examples/line-blocks.yaml
S=examples/state/line-blocks-wednesday.yaml

expect "forecast to the end of the week" 0 "$AZ" run $M --initial $S --horizon "end of week" --reps 8 --threads 1
has "the forecast's span" "$TMP/out" "forecast from day 2 14:00 to day 7 00:00, over 8 replications (71 units in the line at the start):"
has "a product's spread" "$TMP/out" "  pro   "
has "when the units in the line now are out" "$TMP/out" "    all out by "
has "each entry's" "$TMP/out" "    24 pro at oven "
grep -v "wall time" "$TMP/out" >"$TMP/one"
expect "the same on two threads" 0 "$AZ" run $M --initial $S --horizon "end of week" --reps 8 --threads 2
grep -v "wall time" "$TMP/out" >"$TMP/two"
same "threads give the same forecast" "$TMP/one" "$TMP/two"
expect "end of shift" 0 "$AZ" run $M --initial $S --horizon "end of shift" --reps 2
has "end of shift is 22:00" "$TMP/out" "forecast from day 2 14:00 to day 2 22:00"
expect "a duration" 0 "$AZ" run $M --initial $S --horizon "90 min" --reps 2
has "90 min on" "$TMP/out" "to day 2 15:30"
expect "the JSON of a forecast" 0 "$AZ" run $M --initial $S --horizon "1 d" --reps 2 --json "$TMP/f.json"
expect "no shifts to end" 2 "$AZ" run examples/tutorial-line.yaml --initial $S --horizon "end of shift"
expect "a bad horizon word" 2 "$AZ" run $M --initial $S --horizon "end of month"
has "what a horizon may be" "$TMP/err" "expected 'end of shift', 'end of day', 'end of week' or a duration"
expect "--initial is run's" 2 "$AZ" compare $M --initial $S --scenario "stations.oven.machines=2"
has "--initial is not compare's" "$TMP/err" "--initial is not an option of 'compare'"
expect "check a state" 0 "$AZ" check $M --initial $S
has "the state checks" "$TMP/out" "line-blocks-wednesday.yaml: ok: 71 units in the line, no engine section"
expect "check a state against the wrong model" 2 "$AZ" check examples/tutorial-line.yaml --initial $S
has "with each problem's place" "$TMP/err" "line-blocks-wednesday.yaml:7:32: undefined product 'pro' in unit entry 1"
expect "end of shift needs a state" 2 "$AZ" run $M --horizon "end of shift"
has "the words need --initial" "$TMP/err" "give it with --initial STATE"
expect "a warm-up asked for" 0 "$AZ" run $M --initial $S --horizon "end of shift" --warmup "1 h" --reps 2
has "the counts say they leave it out" "$TMP/out" "(counted from day 2 15:00: the warm-up asked for is left out)"
# a machine down at a station that never fails: repaired, then up for good
printf 'at: 2 14:00\nmachines:\n  - {station: oven, machine: 1, state: down, repair_left: 10 min}\n' >"$TMP/down.yaml"
expect "a machine down where nothing fails" 0 "$AZ" run $M --initial "$TMP/down.yaml" --horizon "2 h" --reps 2
expect "a missing state file" 2 "$AZ" run $M --initial "$TMP/nosuch.yaml"

# ---- orders: the state's counts and units carry over ----
cat >"$TMP/ord.yaml" <<'YAML'
at: 2026-12-08T10:00
units:
  - {station: printer, product: main_board, count: 20, order: W50-100}
orders:
  - {order: W50-100, out: 250}
  - {order: W50-101, out: 200}
YAML
expect "orders from a state" 0 "$AZ" run examples/smt-orders.yaml --initial "$TMP/ord.yaml" --horizon "end of day"
has "dates on the plant's clock" "$TMP/out" "forecast from 2026-12-08 10:00 to 2026-12-09 00:00"
has "the order's completion" "$TMP/out" "  W50-100      2026-12-08 14:00   2026-12-08 10:4"
# W50-101 was complete (200 of 200 out): not open, not listed
if grep -q "^  W50-101 " "$TMP/out"; then bad "a complete order is not listed" "$(grep W50-101 "$TMP/out")"
else ok "a complete order is not listed"; fi
has "an order the horizon does not reach" "$TMP/out" "after the horizon"
expect "the forecast in JSON" 0 "$AZ" run examples/smt-orders.yaml --initial "$TMP/ord.yaml" --horizon "end of day" --json "$TMP/o.json"
python3 - "$TMP/o.json" >"$TMP/fj" <<'PY'
import json, sys
f = json.load(open(sys.argv[1]))["forecast"]
o = {x["order"]: x for x in f["orders"]}
ok = (f["units_at_start"] == 20 and f["to"] - f["from"] == 14 * 3600 and
      "W50-101" not in o and o["W50-100"]["on_time"] == 1.0 and
      o["W50-100"]["p10"] <= o["W50-100"]["p50"] <= o["W50-100"]["p90"] and
      o["W50-107"]["p50"] is None and o["W50-107"]["undecided"] == 10 and
      f["in_line"]["entries"][0]["count"] == 20 and
      f["in_line"]["entries"][0]["station"] == "printer" and
      f["in_line"]["all"]["p10"] >= f["from"] and
      f["finished_all"]["p10"] <= f["finished_all"]["p90"])
print("ok" if ok else json.dumps(f)[:400])
PY
has "the JSON forecast holds the orders" "$TMP/fj" "ok"
expect "a run from time 0 has no forecast" 0 "$AZ" run examples/smt-orders.yaml --reps 2 --json "$TMP/n.json"
if grep -q '"forecast"' "$TMP/n.json"; then bad "no forecast without a state"; else ok "no forecast without a state"; fi

# ---- bad states: where, and what is wrong ----
bad_state() { # name, state text, expected message
    printf '%b' "$2" >"$TMP/b.yaml"
    expect "bad state: $1" 2 "$AZ" run $M --initial "$TMP/b.yaml" --reps 2
    has "bad state: $1: message" "$TMP/err" "$3"
}
bad_state "unknown station" 'at: 2 14:00\nunits:\n  - {station: placr, product: pro}\n' \
    "b.yaml:3:15: undefined station 'placr' in unit entry 1; did you mean 'placer'?"
bad_state "over capacity" 'at: 2 14:00\nunits:\n  - {station: oven, product: pro, count: 40}\n  - {station: oven, product: pro, count: 10}\n' \
    "b.yaml:4:5: 50 units in the buffer of station 'oven', whose capacity is 48"
bad_state "more units than machines" 'at: 2 14:00\nunits:\n  - {station: function_test, product: pro, where: machine, count: 3}\n' \
    "b.yaml:3:5: more units on the machines of station 'function_test' than it has machines (2)"
bad_state "machine twice" 'at: 2 14:00\nunits:\n  - {station: placer, product: pro, where: machine, machine: 2}\n  - {station: placer, product: pro, where: machine, machine: 2}\n' \
    "b.yaml:4:5: machine 2 of station 'placer' holds units of unit entry 1 already"
bad_state "no such machine" 'at: 2 14:00\nunits:\n  - {station: placer, product: pro, where: machine, machine: 3}\n' \
    "station 'placer' has 2 machines, not 3"
bad_state "unknown product" 'at: 2 14:00\nunits:\n  - {station: oven, product: phone}\n' \
    "b.yaml:3:30: undefined product 'phone' in unit entry 1"
bad_state "negative time" 'at: 2 14:00\nunits:\n  - {station: oven, product: pro, where: machine, remaining: -5 s}\n' \
    "b.yaml:3:62: a duration must not be negative, got '-5 s'"
bad_state "a visit too many" 'at: 2 14:00\nunits:\n  - {station: oven, product: pro, visit: 2}\n' \
    "product 'pro' does not visit station 'oven' that many times"
bad_state "a bad time" 'at: -1 14:00\n' \
    "b.yaml:1:5: expected the state's time: a run day and a clock time such as '2 14:00'"
bad_state "batch too big" 'at: 2 14:00\nunits:\n  - {station: oven, product: pro, where: machine, count: 30}\n' \
    "a batch of 30 units on machine 1 of station 'oven', which takes at most 24"
# a pure oven's rack holds one family
printf 'at: 2 14:00\nunits:\n  - {station: curing_oven, product: S01, where: machine, machine: 1, count: 5}\n  - {station: curing_oven, product: R01, where: machine, machine: 1, count: 2}\n  - {station: curing_oven, product: S02, where: machine, machine: 2, count: 2}\n' >"$TMP/mix.yaml"
expect "bad state: two families in a pure batch" 2 "$AZ" run examples/smartphone-factory.yaml --initial "$TMP/mix.yaml" --reps 1 --horizon "1 h"
has "bad state: two families in a pure batch: message" "$TMP/err" "mix.yaml:4:5: 'R01' (family 'rugged') in a batch of family 'compact' on machine 1 of station 'curing_oven', whose batches hold one family"
sed -i 's/product: R01/product: S03/' "$TMP/mix.yaml"
expect "one family in a pure batch" 0 "$AZ" run examples/smartphone-factory.yaml --initial "$TMP/mix.yaml" --reps 1 --horizon "1 h"
bad_state "no repair to draw" 'at: 2 14:00\nmachines:\n  - {station: oven, machine: 1, state: down}\n' \
    "station 'oven' has no failures, so no repair time to draw: give 'repair_left'"
bad_state "remaining and done" 'at: 2 14:00\nunits:\n  - {station: oven, product: pro, remaining: 1 min, done: 2 min, where: machine}\n' \
    "give 'remaining' or 'done', not both"
bad_state "not a list" 'at: 2 14:00\nunits: {oven: 3}\n' "b.yaml:2:8: expected a list of units, got a mapping"
bad_state "no time" 'units: []\n' "b.yaml:1:1: missing required key 'at' in the state"
bad_state "released later" 'at: 2 14:00\nunits:\n  - {station: oven, product: pro, released: 2 15:00}\n' \
    "the unit is released after the state's time"
bad_state "remaining in a queue" 'at: 2 14:00\nunits:\n  - {station: oven, product: pro, remaining: 20 s}\n' \
    "'remaining' is for a unit on a machine or a conveyor"
bad_state "reworks at no test" 'at: 2 14:00\nunits:\n  - {station: oven, product: pro, reworks: 1}\n' \
    "'reworks' counts the reworks used at a test, and station 'oven' is no test of 'pro'"
bad_state "counts that wrap" 'at: 2 14:00\nunits:\n  - {station: oven, product: pro, count: 5}\n  - {station: oven, product: pro, count: 4294967295}\n' \
    "b.yaml:4:5: more than 10000000 units in the state"
bad_state "too many units" 'at: 2 14:00\nunits:\n  - {station: placer, product: pro, count: 4000000000}\n' \
    "more than 10000000 units in the state"
bad_state "a machine twice" 'at: 2 14:00\nmachines:\n  - {station: placer, machine: 1, set_up_for: pro}\n  - {station: placer, machine: 1, state: down, repair_elapsed: 1 min}\n' \
    "machine 1 of station 'placer' is given twice in 'machines'"
bad_state "a key after the engine section" 'at: 2 14:00\nengine: {version: 2, time: "0x1p+0", shop_floor: "0", data_hash: "0", data: "1"}\nunits: []\n' \
    "'units' after the engine section: it comes last"
bad_state "an engine section of an older azalea" 'at: 2 14:00\nengine: {version: 1, time: "0x1p+0", shop_floor: "0", data_hash: "0", data: "1"}\n' \
    "b.yaml:2:19: engine section version 1: this azalea reads version 2 (delete the section to start from the shop floor alone)"
bad_state "unknown key" 'at: 2 14:00\nunits:\n  - {station: oven, product: pro, cnt: 2}\n' "cnt"

# a store given twice, on the assembly line
printf 'at: 1 07:00\nstores:\n  - {station: assembly, component: display, count: 3}\n  - {station: assembly, component: display, count: 2}\n' >"$TMP/st2.yaml"
expect "a store twice" 2 "$AZ" run examples/line-assembly.yaml --initial "$TMP/st2.yaml" --reps 1
has "the store is named" "$TMP/err" "the store of 'display' at station 'assembly' is given twice"
# units of an order with no entry: the order released them, and no more
cat >"$TMP/oa.yaml" <<'YAML'
at: 2026-12-08T10:00
units:
  - {station: printer, product: main_board, count: 20, order: W50-100}
YAML
expect "an order's units without its entry" 0 "$AZ" run examples/smt-orders.yaml --initial "$TMP/oa.yaml" --horizon "3 d" --reps 2 --json "$TMP/oa.json"
python3 - "$TMP/oa.json" >"$TMP/oa" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
o = [x for x in d["orders"] if x["id"] == "W50-100"][0]
print("ok" if o["completed"]["mean"] <= 300 else o["completed"])
PY
has "no order makes more than its quantity" "$TMP/oa" "ok"

# ---- snapshots: written whole, and continued exactly ----
expect "a snapshot at Wednesday 14:00" 0 "$AZ" run examples/smartphone-factory.yaml --reps 2 --horizon "62 h" --warmup "0 s" --snapshot-at "2 14:00" --snapshot "$TMP/snap.yaml"
has "the snapshot's time" "$TMP/snap.yaml" 'at: "2 14:00:00"'
has "its engine section" "$TMP/snap.yaml" "engine:"
# Whole and the same, whatever memory held before: malloc filling new
# blocks with two different bytes gives the same file (a unit's field
# left as allocated once made the files differ).
MALLOC_PERTURB_=17 "$AZ" run examples/smartphone-factory.yaml --reps 1 --horizon "62 h" --warmup "0 s" --snapshot-at "2 14:00" --snapshot "$TMP/snap17.yaml" >/dev/null 2>&1
MALLOC_PERTURB_=200 "$AZ" run examples/smartphone-factory.yaml --reps 1 --horizon "62 h" --warmup "0 s" --snapshot-at "2 14:00" --snapshot "$TMP/snap200.yaml" >/dev/null 2>&1
if [ -s "$TMP/snap17.yaml" ] && cmp -s "$TMP/snap17.yaml" "$TMP/snap200.yaml"; then
    ok "a snapshot does not depend on what memory held"
else bad "a snapshot does not depend on what memory held" "$(diff "$TMP/snap17.yaml" "$TMP/snap200.yaml" | head -5)"; fi
# Before the first unit: nothing in the line, and no false 'out of memory'.
expect "a snapshot before the first unit" 0 "$AZ" run examples/tutorial-line.yaml --reps 1 --horizon "1 d" --warmup "0 s" --snapshot-at "0 00:00:01" --snapshot "$TMP/early.yaml"
has "before the first unit: written" "$TMP/early.yaml" "engine:"
expect "resumed from before the first unit" 0 "$AZ" run examples/tutorial-line.yaml --reps 2 --initial "$TMP/early.yaml" --horizon "1 d"
expect "the whole run to Saturday 14:00" 0 "$AZ" run examples/smartphone-factory.yaml --reps 1 --horizon "124 h" --warmup "62 h" --json "$TMP/a.json" --threads 1
expect "resumed to the same time" 0 "$AZ" run examples/smartphone-factory.yaml --reps 1 --initial "$TMP/snap.yaml" --horizon "62 h" --json "$TMP/b.json" --threads 1
python3 - "$TMP/a.json" "$TMP/b.json" >"$TMP/cmp" <<'PY'
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
for k in ("system", "products", "stations", "pools", "stores"):
    if a.get(k) != b.get(k):
        print("differ:", k)
PY
if [ -s "$TMP/cmp" ]; then bad "the resumed run's results are the whole run's" "$(cat "$TMP/cmp")"
else ok "the resumed run's results are the whole run's"; fi
expect "a forecast from the snapshot" 0 "$AZ" run examples/smartphone-factory.yaml --reps 4 --initial "$TMP/snap.yaml" --horizon "end of week"
has "the forecast to the end of the week" "$TMP/out" "forecast from day 2 14:00 to day 7 00:00, over 4 replications"
# a changed engine section is refused, not misread
sed 's/^    \([0-9]\)/    7 \1/' "$TMP/snap.yaml" >"$TMP/bad-snap.yaml"
expect "a changed engine section" 2 "$AZ" run examples/smartphone-factory.yaml --reps 1 --initial "$TMP/bad-snap.yaml" --horizon "1 h"
has "what is wrong with it" "$TMP/err" "the engine section's data was changed after it was written"
expect "a snapshot of another model" 2 "$AZ" run examples/smartphone-factory.yaml --reps 1 --initial "$TMP/snap.yaml" --horizon "1 h" --set stations.pack.machines=9
has "it does not fit" "$TMP/err" "engine section does not fit this model"
# an edited shop floor under an engine section: refused, not ignored
awk '/^  - \{station/ && !cut { cut = 1; next } { print }' "$TMP/snap.yaml" >"$TMP/edited.yaml"
expect "an edited shop floor with its engine section" 2 "$AZ" run examples/smartphone-factory.yaml --reps 1 --initial "$TMP/edited.yaml" --horizon "1 h"
has "why it is refused" "$TMP/err" "the shop floor was changed after this snapshot was written"
if [ "$(grep -c . "$TMP/err")" -eq 1 ]; then ok "the edit alone is the problem"
else bad "the edit alone is the problem" "$(cat "$TMP/err")"; fi
grep -v '^# ' "$TMP/snap.yaml" >"$TMP/nocomment.yaml"
expect "comments may change" 0 "$AZ" run examples/smartphone-factory.yaml --reps 1 --initial "$TMP/nocomment.yaml" --horizon "1 h"
# a carton being packed (cartons with a pack time, three packers)
sed 's/    carton: 20             # 20 phones of one product per carton/    carton: {size: 4, time: 30 min}\n    machines: 3/' $M >"$TMP/packm.yaml"
expect "a snapshot while cartons are packed" 0 "$AZ" run "$TMP/packm.yaml" --reps 1 --horizon "62 h" --warmup "0 s" --snapshot-at "2 14:00" --snapshot "$TMP/pk.yaml"
has "a carton being packed" "$TMP/pk.yaml" "where: packing"
expect "the snapshot checks" 0 "$AZ" check "$TMP/packm.yaml" --initial "$TMP/pk.yaml"
expect "and forecasts" 0 "$AZ" run "$TMP/packm.yaml" --reps 3 --initial "$TMP/pk.yaml" --horizon "1 d"
# a stop during the snapshot's own replication: the results stand, the
# snapshot is not written, and one line says both
# (the factory's replication to day 30000 takes half a minute; the stop
# comes as soon as the table is out, so within the snapshot's run)
env --default-signal=TERM "$AZ" run examples/smartphone-factory.yaml --reps 1 \
    --horizon "9 d" --snapshot-at "30000 d" --snapshot "$TMP/late.yaml" \
    >"$TMP/out" 2>"$TMP/err" &
pid=$!
for _ in $(seq 200); do
    grep -q "events in" "$TMP/out" 2>/dev/null && break
    sleep 0.1
done
kill -TERM $pid
wait $pid
got=$?
[ $got -eq 143 ] && ok "a stop during the snapshot exits 143" \
    || bad "a stop during the snapshot exits 143" "exit $got: $(cat "$TMP/err")"
[ ! -e "$TMP/late.yaml" ] && ok "no snapshot, not half of one" \
    || bad "no snapshot, not half of one"
has "the table was printed" "$TMP/out" "throughput (units/h)"
has "one line says what stands" "$TMP/err" "the results are complete, but no snapshot was written"
if [ "$(grep -c . "$TMP/err")" -eq 1 ]; then ok "and nothing else"
else bad "and nothing else" "$(cat "$TMP/err")"; fi
expect "--snapshot alone" 2 "$AZ" run $M --snapshot "$TMP/x.yaml"
expect "a bad snapshot time" 2 "$AZ" run $M --snapshot-at "someday" --snapshot "$TMP/x.yaml"
has "what a time may be" "$TMP/err" "expected a time: a run day and a clock time"
expect "a snapshot before the state" 2 "$AZ" run $M --initial $S --snapshot-at "1 08:00" --snapshot "$TMP/x.yaml"
summary
