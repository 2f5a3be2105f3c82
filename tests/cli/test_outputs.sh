#!/bin/sh
# test_outputs.sh: result files that never lose or corrupt data (issue 15,
# section 6): only a regular file is replaced (a device or FIFO is written
# in place, a symlink's target is replaced), concurrent runs never mix,
# the CSV set is all or nothing, no temporary survives a failure or the
# next run after a kill -9, a full standard output is an error, output
# paths are checked before the run, and a graceful stop on SIGINT/SIGTERM.
# Usage: tests/cli/test_outputs.sh BUILD_DIR   (run from the repository root)
# Prints cmocka-style summary lines so tests/run-tests.sh counts the cases.
set -u
. tests/lib.sh
AZ=${1:-${AZ_BUILD:-build/rel}}/azalea
TUT="examples/tutorial-line.yaml --reps 2 --horizon 1d --warmup 0s"

# temps DIR: the temporaries (ours are .NAME.tmp-PID-RAND) left under DIR.
temps() { find "$1" -name '.*.tmp-*' -o -name '*.tmp' | sort; }
# none NAME DIR: no temporary under DIR.
none() {
    if [ -z "$(temps "$2")" ]; then ok "$1"; else bad "$1" "$(temps "$2")"; fi
}

# ---- only a regular file is replaced ----

# A character device is written in place: a node of /dev/null's device
# (1, 3) made here, so a broken writer cannot break the machine's own.
if mknod "$TMP/null" c 1 3 2>/dev/null; then
    # shellcheck disable=SC2086
    expect "--json to a device" 0 "$AZ" run $TUT --json "$TMP/null"
    if [ -c "$TMP/null" ]; then
        ok "a device stays a device"
        # Now the machine's own, as the issue reported it (as root).
        # shellcheck disable=SC2086
        expect "--json /dev/null" 0 "$AZ" run $TUT --json /dev/null
        [ -c /dev/null ] && ok "/dev/null stays a character device" \
            || bad "/dev/null stays a character device" "$(ls -l /dev/null)"
    else bad "a device stays a device" "$(ls -l "$TMP/null")"; fi
else ok "a device stays a device (skipped: mknod not allowed)"; fi

# A FIFO is written in place: its reader gets the JSON.
mkfifo "$TMP/fifo"
cat "$TMP/fifo" >"$TMP/fifo.out" &
reader=$!
# shellcheck disable=SC2086
expect "--json to a FIFO" 0 "$AZ" run $TUT --json "$TMP/fifo"
n=0 # the reader ends at the writer's close; a FIFO replaced never does
while kill -0 $reader 2>/dev/null && [ $n -lt 40 ]; do sleep 0.05; n=$((n + 1)); done
kill $reader 2>/dev/null; wait $reader 2>/dev/null
if [ -p "$TMP/fifo" ] && grep -q '"azalea_version"' "$TMP/fifo.out"; then
    ok "a FIFO stays a FIFO and its reader gets the JSON"
else bad "a FIFO stays a FIFO and its reader gets the JSON" "$(ls -l "$TMP/fifo")"; fi

# A symlink is followed: its target is replaced, the link stays.
mkdir "$TMP/runs"
echo old >"$TMP/runs/target.json"
ln -s runs/target.json "$TMP/latest.json"
# shellcheck disable=SC2086
expect "--json through a symlink" 0 "$AZ" run $TUT --json "$TMP/latest.json"
if [ -L "$TMP/latest.json" ] && grep -q '"azalea_version"' "$TMP/runs/target.json"; then
    ok "a symlink's target is replaced and the link kept"
else bad "a symlink's target is replaced and the link kept" "$(ls -l "$TMP/latest.json" "$TMP/runs")"; fi
# A dangling link: the target is created where it points.
ln -s runs/new.json "$TMP/dangling.json"
# shellcheck disable=SC2086
expect "--json through a dangling symlink" 0 "$AZ" run $TUT --json "$TMP/dangling.json"
if [ -L "$TMP/dangling.json" ] && [ -s "$TMP/runs/new.json" ]; then
    ok "a dangling symlink's target is created"
else bad "a dangling symlink's target is created" "$(ls -l "$TMP" "$TMP/runs")"; fi
# A replaced file keeps its mode.
chmod 640 "$TMP/runs/target.json"
# shellcheck disable=SC2086
"$AZ" run $TUT --json "$TMP/runs/target.json" >/dev/null 2>&1
[ "$(stat -c %a "$TMP/runs/target.json")" = 640 ] && ok "a replaced file keeps its mode" \
    || bad "a replaced file keeps its mode" "$(stat -c %a "$TMP/runs/target.json")"
none "no temporaries after the replacements" "$TMP"

# ---- concurrent runs cannot mix their outputs ----

# Four runs (four seeds) write one trace at once, three times over: the
# file is each time exactly one of the runs' traces.
L="examples/tutorial-line.yaml --reps 1 --horizon 20d --warmup 0s"
mkdir "$TMP/conc"
for s in 1 2 3 4; do
    # shellcheck disable=SC2086
    "$AZ" run $L --seed $s --trace "$TMP/conc/ref$s.csv" >/dev/null 2>&1
done
mixed=0
for round in 1 2 3; do
    for s in 1 2 3 4; do
        # shellcheck disable=SC2086
        "$AZ" run $L --seed $s --trace "$TMP/conc/t.csv" >/dev/null 2>&1 &
    done
    wait
    m=1
    for s in 1 2 3 4; do cmp -s "$TMP/conc/t.csv" "$TMP/conc/ref$s.csv" && m=0; done
    mixed=$((mixed + m))
done
[ "$mixed" -eq 0 ] && ok "4 concurrent traces: the file is always one run's" \
    || bad "4 concurrent traces: the file is always one run's" "$mixed of 3 rounds mixed"
none "no temporaries after concurrent runs" "$TMP/conc"

# ---- the CSV set is all or nothing ----

mkdir "$TMP/set"
# shellcheck disable=SC2086
expect "CSV set, first run" 0 "$AZ" run $TUT --seed 1 --csv "$TMP/set/out"
echo "kept" >"$TMP/set/out/notes.txt"
(cd "$TMP/set/out" && md5sum ./*) >"$TMP/set.sum"
# The third file's write fails (AZALEA_IO_FAULT: the writers' fault hook).
# shellcheck disable=SC2086
AZALEA_IO_FAULT=write:3 expect "CSV set, write error in the third file" 1 \
    "$AZ" run $TUT --seed 2 --csv "$TMP/set/out"
has "CSV write error message" "$TMP/err" "products.csv: Input/output error"
if (cd "$TMP/set/out" && md5sum -c --quiet "$TMP/set.sum") >/dev/null 2>&1 &&
    [ "$(ls "$TMP/set/out" | wc -l)" -eq 9 ]; then
    ok "a failed CSV set leaves the old set whole"
else bad "a failed CSV set leaves the old set whole" "$(cd "$TMP/set/out" && md5sum -c "$TMP/set.sum" 2>&1)"; fi
none "no temporaries after a failed CSV set" "$TMP/set"
for op in open write sync rename; do
    # shellcheck disable=SC2086
    AZALEA_IO_FAULT=$op:1 "$AZ" run $TUT --seed 3 --csv "$TMP/set/out" >/dev/null 2>&1
    if (cd "$TMP/set/out" && md5sum -c --quiet "$TMP/set.sum") >/dev/null 2>&1 &&
        [ -z "$(temps "$TMP/set")" ]; then ok "CSV set: a failed $op changes nothing"
    else bad "CSV set: a failed $op changes nothing" "$(temps "$TMP/set")"; fi
done
# shellcheck disable=SC2086
expect "CSV set, second run" 0 "$AZ" run $TUT --seed 2 --csv "$TMP/set/out"
if ! (cd "$TMP/set/out" && md5sum -c --quiet "$TMP/set.sum") >/dev/null 2>&1 &&
    [ "$(cat "$TMP/set/out/notes.txt")" = kept ]; then
    ok "a new CSV set replaces the tables and keeps other files"
else bad "a new CSV set replaces the tables and keeps other files" "$(ls -la "$TMP/set/out")"; fi

# A directory of the user's in DIR stays (the set is then installed file by
# file, each failure undone); a failure still leaves the old set.
mkdir "$TMP/set/out/plots"
echo keep >"$TMP/set/out/plots/p.txt"
(cd "$TMP/set/out" && md5sum ./*.csv) >"$TMP/set2.sum"
# shellcheck disable=SC2086
AZALEA_IO_FAULT=rename:4 expect "CSV set with a subdirectory, failing rename" 1 \
    "$AZ" run $TUT --seed 4 --csv "$TMP/set/out"
(cd "$TMP/set/out" && md5sum -c --quiet "$TMP/set2.sum") >/dev/null 2>&1 \
    && ok "a failed set beside a subdirectory leaves the old set" \
    || bad "a failed set beside a subdirectory leaves the old set"
# shellcheck disable=SC2086
expect "CSV set with a subdirectory" 0 "$AZ" run $TUT --seed 4 --csv "$TMP/set/out"
if [ "$(cat "$TMP/set/out/plots/p.txt")" = keep ] &&
    ! (cd "$TMP/set/out" && md5sum -c --quiet "$TMP/set2.sum") >/dev/null 2>&1; then
    ok "a subdirectory in DIR stays and the tables are replaced"
else bad "a subdirectory in DIR stays and the tables are replaced" "$(ls -la "$TMP/set/out")"; fi
none "no temporaries beside a subdirectory" "$TMP/set"

# Every writer, with a failing rename: exit 1, the old file as it was.
for w in json trace; do
    echo old >"$TMP/old.$w"
    # shellcheck disable=SC2086
    AZALEA_IO_FAULT=rename:1 "$AZ" run $TUT --$w "$TMP/old.$w" >/dev/null 2>"$TMP/err"
    if [ $? -eq 1 ] && [ "$(cat "$TMP/old.$w")" = old ] && grep -q "old.$w: Input/output error" "$TMP/err"; then
        ok "--$w: a failed rename leaves the old file"
    else bad "--$w: a failed rename leaves the old file" "$(cat "$TMP/err")"; fi
done
none "no temporaries after failed writes" "$TMP"

# ---- kill -9 mid-write ----

# A run killed while it writes its trace leaves a temporary (nothing can
# stop that); the next run to the same target removes it.
mkdir "$TMP/kill"
for i in 1 2 3; do
    "$AZ" run examples/tutorial-line.yaml --reps 1 --horizon 1000d --warmup 0s \
        --trace "$TMP/kill/t.csv" >/dev/null 2>&1 &
    pid=$!
    n=0
    while [ -z "$(temps "$TMP/kill")" ] && [ $n -lt 200 ]; do sleep 0.05; n=$((n + 1)); done
    kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
done
[ -n "$(temps "$TMP/kill")" ] && ok "kill -9 mid-write leaves a temporary" \
    || ok "kill -9 mid-write leaves a temporary (none seen: the run ended first)"
# shellcheck disable=SC2086
expect "a run after the kills" 0 "$AZ" run $TUT --trace "$TMP/kill/t.csv"
none "the next run removes what killed runs left" "$TMP/kill"
# A CSV set killed mid-write, then written again.
"$AZ" run examples/tutorial-line.yaml --reps 400 --horizon 30d --warmup 0s \
    --csv "$TMP/kill/set" >/dev/null 2>&1 &
pid=$!
n=0
while [ -z "$(temps "$TMP/kill")" ] && [ $n -lt 400 ]; do sleep 0.02; n=$((n + 1)); done
kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
# shellcheck disable=SC2086
expect "a CSV set after a kill" 0 "$AZ" run $TUT --csv "$TMP/kill/set"
none "the next CSV set removes what a killed one left" "$TMP/kill"

# ---- a full standard output is an error ----

for cmd in "run $TUT" "check examples/tutorial-line.yaml" \
    "sweep $TUT --param stations.placer.machines=2,3"; do
    # shellcheck disable=SC2086
    "$AZ" $cmd >/dev/full 2>"$TMP/err"
    rc=$?
    if [ $rc -ne 0 ] && grep -q "cannot write to standard output" "$TMP/err"; then
        ok "${cmd%% *} > /dev/full fails with a message"
    else bad "${cmd%% *} > /dev/full fails with a message" "exit $rc" "$(cat "$TMP/err")"; fi
done

# ---- output paths are checked before the run ----

# A read-only directory. root writes anywhere, so as root the runs are
# made as nobody (setpriv); the directory is left read-only to them.
LONG="examples/smartphone-factory.yaml --reps 200 --horizon 1825d"
mkdir "$TMP/ro"
chmod 755 "$TMP"
chmod 555 "$TMP/ro"
AS=""
if [ "$(id -u)" = 0 ]; then AS="setpriv --reuid=65534 --regid=65534 --clear-groups"; fi
for opt in "--json $TMP/ro/r.json" "--csv $TMP/ro/csv" "--db $TMP/ro/r.sqlite" \
    "--report $TMP/ro/r.html" "--trace $TMP/ro/t.csv"; do
    t0=$(date +%s)
    # shellcheck disable=SC2086
    expect "read-only directory refused before the run: ${opt%% *}" 2 $AS "$AZ" run $LONG $opt
    has "${opt%% *} refusal names the file" "$TMP/err" "${opt#* }"
    [ $(($(date +%s) - t0)) -le 3 ] && ok "${opt%% *} refused in seconds" \
        || bad "${opt%% *} refused in seconds" "$(($(date +%s) - t0)) s"
done
[ -z "$(ls -A "$TMP/ro")" ] && ok "nothing left in the read-only directory" \
    || bad "nothing left in the read-only directory" "$(ls -A "$TMP/ro")"
# shellcheck disable=SC2086
expect "sweep: a read-only --csv refused before the run" 2 $AS "$AZ" sweep $LONG \
    --param stations.placer.machines=2,3 --csv "$TMP/ro/s"

# A full disk (a tiny tmpfs, where mounting is allowed).
mkdir "$TMP/full"
if mount -t tmpfs -o size=64k tmpfs "$TMP/full" 2>/dev/null; then
    dd if=/dev/zero of="$TMP/full/fill" bs=4k count=100 2>/dev/null
    for opt in "--json $TMP/full/r.json" "--db $TMP/full/r.sqlite" "--csv $TMP/full/csv"; do
        # shellcheck disable=SC2086
        expect "full disk refused before the run: ${opt%% *}" 2 "$AZ" run $LONG $opt
        has "${opt%% *} on a full disk: the reason" "$TMP/err" "No space left on device"
    done
    [ ! -e "$TMP/full/r.sqlite" ] && ok "no 0-byte database on a full disk" \
        || bad "no 0-byte database on a full disk" "$(ls -l "$TMP/full")"
    umount "$TMP/full"
    # --csv at a mount point, which cannot be renamed: written in place.
    mount -t tmpfs -o size=1m tmpfs "$TMP/full"
    # shellcheck disable=SC2086
    expect "--csv at a mount point" 0 "$AZ" run $TUT --csv "$TMP/full"
    [ -s "$TMP/full/replications.csv" ] && [ -z "$(temps "$TMP/full")" ] \
        && ok "a mount point takes the set" || bad "a mount point takes the set" "$(ls -a "$TMP/full")"
    umount "$TMP/full"
else ok "full disk refused before the run (skipped: cannot mount tmpfs)"; fi

# ---- a graceful stop ----

# A 200-replication run of the factory (100 days each, about 0.1 s a
# replication on each of 2 threads) gets SIGINT after a second: it
# abandons the running replications, reports those finished marked as
# interrupted, writes the JSON and exits 130. SIGTERM: the same, 143. A
# second SIGINT stops at once.
# (A job started with & in a script ignores SIGINT, and azalea keeps a
# signal ignored as it was given: env gives the runs the default.)
FAC="examples/smartphone-factory.yaml --reps 200 --horizon 100d --threads 2"
# stop NAME SIGNAL STATUS: runs $FAC, sends SIGNAL after a second.
stop() {
    # shellcheck disable=SC2086
    env --default-signal=INT "$AZ" run $FAC --json "$TMP/stop.json" \
        --csv "$TMP/stopcsv" >"$TMP/out" 2>"$TMP/err" &
    pid=$!
    sleep 1
    kill -"$2" $pid
    wait $pid
    got=$?
    if [ $got -eq "$3" ]; then ok "$1: exit $3"; else bad "$1: exit $3" "exit $got" "$(cat "$TMP/err")"; fi
    has "$1: the table says interrupted" "$TMP/out" "INTERRUPTED: "
    has "$1: the table has the figures" "$TMP/out" "throughput (units/h)"
    has "$1: stderr says so" "$TMP/err" "azalea: interrupted (SIG$2): "
    if /usr/bin/python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))["run"]
sys.exit(0 if r["interrupted"] is True and r["replications_asked"] == 200
         and 1 <= r["replications"] < 200 else 1)' "$TMP/stop.json" 2>/dev/null; then
        ok "$1: the JSON says interrupted, with the replications done"
    else bad "$1: the JSON says interrupted, with the replications done" "$(head -c 400 "$TMP/stop.json" 2>&1)"; fi
    [ -s "$TMP/stopcsv/replications.csv" ] && ok "$1: the CSV set is written" \
        || bad "$1: the CSV set is written"
    rm -rf "$TMP/stop.json" "$TMP/stopcsv"
}
stop "SIGINT" INT 130
stop "SIGTERM" TERM 143
# shellcheck disable=SC2086
env --default-signal=INT "$AZ" run $FAC --json "$TMP/stop2.json" >"$TMP/out" 2>"$TMP/err" &
pid=$!
sleep 1
t0=$(date +%s%N)
kill -INT $pid; sleep 0.2; kill -INT $pid
wait $pid
got=$?
ms=$((($(date +%s%N) - t0) / 1000000))
# (The first one abandons the running replications at once too, so the
# run may already be over, reported, when the second comes.)
if [ $got -eq 130 ] && [ $ms -lt 1000 ]; then ok "a second SIGINT stops at once"
else bad "a second SIGINT stops at once" "exit $got after $ms ms"; fi
none "no temporaries after the stops" "$TMP"

# ---- a failed replication costs only itself ----

DL=tests/models/good/deadlock-sometimes.yaml # replication 4 deadlocks
expect "a deadlock fails the run by default" 1 "$AZ" run $DL
has "the default names the replication" "$TMP/err" "azalea: replication 4: deadlock at time"
expect "--on-error continue reports the others" 0 "$AZ" run $DL --on-error continue \
    --json "$TMP/dl.json"
has "--on-error continue names the failure" "$TMP/err" "azalea: replication 4 failed and is left out: deadlock at time"
has "the table names the failure" "$TMP/out" "FAILED and left out: replication 4: deadlock"
has "the table has the others' figures" "$TMP/out" "throughput (units/h)"
if /usr/bin/python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))["run"]
f = r["failed_replications"]
sys.exit(0 if r["replications"] == 6 and [x["replication"] for x in f] == [4]
         and "deadlock" in f[0]["error"] else 1)' "$TMP/dl.json"; then
    ok "the JSON names the failed replication"
else bad "the JSON names the failed replication" "$(head -c 600 "$TMP/dl.json")"; fi
expect "--on-error bad value" 2 "$AZ" run $DL --on-error maybe
expect "--on-error is run's" 2 "$AZ" sweep $DL --on-error continue --param stations.a.machines=1

summary
