#!/bin/sh
# test_mpi.sh: azalea built with MPI (make MPI=1) under mpirun: ranks give
# byte-identical results to the threaded run and only rank 0 prints; a
# replication failing on one rank, a rank that cannot open the model and a
# rank killed mid-run all end the job with a clear message, a non-zero exit
# and no results file.
# Usage: tests/cli/test_mpi.sh   (from the repository root; AZ_BUILD and
# AZ_MPI_BUILD name the plain and MPI build directories)
# Prints cmocka-style summary lines so tests/run-tests.sh counts the cases.
set -u
. tests/lib.sh
AZ=${AZ_BUILD:-build/rel}/azalea
AZM=${AZ_MPI_BUILD:-build/mpi}/azalea

# Open MPI in a container, as root (CI): allow root, keep to shared memory
# on this machine, and copy through a buffer instead of CMA (ptrace is often
# not allowed in containers). Each run is bounded: a hung rank fails.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_btl=self,vader OMPI_MCA_btl_vader_single_copy_mechanism=none
mpi() { np=$1; shift; timeout 120 mpirun --oversubscribe -np "$np" "$@"; }

# no_results NAME FILE: neither FILE nor its temporary exists.
no_results() {
    if [ ! -e "$2" ] && [ ! -e "$2.tmp" ]; then ok "$1"
    else bad "$1" "$(ls -l "$2"* 2>&1)"; fi
}
# Results without what varies between identical runs (wall time), and the
# events count, which must not vary.
events() { grep '"events"' "$1"; }
no_wall() { grep -v ' s wall time$' "$1"; }

command -v mpirun >/dev/null || bad "mpirun installed" "run scripts/install-deps"

TUT="examples/tutorial-line.yaml --horizon 5d --warmup 1d"
# shellcheck disable=SC2086
expect "threaded run" 0 "$AZ" run $TUT --reps 7 --threads 2 --json "$TMP/t.json"
no_wall "$TMP/out" >"$TMP/t.txt"

# shellcheck disable=SC2086
expect "3 ranks" 0 mpi 3 "$AZM" run $TUT --reps 7 --threads 1 --json "$TMP/m.json"
no_wall "$TMP/out" >"$TMP/m.txt"
strip_timing "$TMP/t.json" >"$TMP/a"; strip_timing "$TMP/m.json" >"$TMP/b"
same "3 ranks give the threaded JSON" "$TMP/a" "$TMP/b"
events "$TMP/t.json" >"$TMP/a"; events "$TMP/m.json" >"$TMP/b"
same "3 ranks count the same events" "$TMP/a" "$TMP/b"
same "only rank 0 prints, the threaded table" "$TMP/t.txt" "$TMP/m.txt"
if [ -s "$TMP/err" ]; then bad "3 ranks say nothing on stderr" "$(head -3 "$TMP/err")"
else ok "3 ranks say nothing on stderr"; fi

# Ranks with threads, and more ranks than replications (one rank idle).
# shellcheck disable=SC2086
expect "2 ranks x 2 threads" 0 mpi 2 "$AZM" run $TUT --reps 7 --threads 2 --json "$TMP/m2.json"
strip_timing "$TMP/t.json" >"$TMP/a"; strip_timing "$TMP/m2.json" >"$TMP/b"
same "2 ranks x 2 threads give the threaded JSON" "$TMP/a" "$TMP/b"
# shellcheck disable=SC2086
expect "threaded 2 replications" 0 "$AZ" run $TUT --reps 2 --json "$TMP/t2.json"
# shellcheck disable=SC2086
expect "3 ranks, 2 replications" 0 mpi 3 "$AZM" run $TUT --reps 2 --threads 1 --json "$TMP/m3.json"
strip_timing "$TMP/t2.json" >"$TMP/a"; strip_timing "$TMP/m3.json" >"$TMP/b"
same "an idle rank changes nothing" "$TMP/a" "$TMP/b"

# --csv and --db are written by rank 0 alone, with the threaded numbers.
# shellcheck disable=SC2086
expect "threaded --csv" 0 "$AZ" run $TUT --reps 7 --csv "$TMP/tcsv"
# shellcheck disable=SC2086
expect "3 ranks --csv --db" 0 mpi 3 "$AZM" run $TUT --reps 7 --threads 1 \
    --csv "$TMP/mcsv" --db "$TMP/m.sqlite"
if diff -r "$TMP/tcsv" "$TMP/mcsv" >"$TMP/diff"; then ok "3 ranks give the threaded CSV"
else bad "3 ranks give the threaded CSV" "$(head -6 "$TMP/diff")"; fi
got=$(sqlite3 -batch "$TMP/m.sqlite" "SELECT count(*) FROM runs" 2>&1)
[ "$got" = 1 ] && ok "3 ranks add one run to --db" || bad "3 ranks add one run to --db" "$got"
echo "not a database" >"$TMP/notdb"
expect "--db refused under mpirun" 2 mpi 3 "$AZM" run --example tutorial --db "$TMP/notdb"
has "--db refused message" "$TMP/err" "notdb: not an SQLite database; it is left as it was"

# --trace (replication 0 again, on rank 0) is the threaded run's.
expect "threaded --trace" 0 "$AZ" run examples/tutorial-line.yaml --reps 3 \
    --horizon 1d --warmup 0s --trace "$TMP/t.trace"
expect "3 ranks --trace" 0 mpi 3 "$AZM" run examples/tutorial-line.yaml --reps 3 \
    --horizon 1d --warmup 0s --threads 1 --trace "$TMP/m.trace"
same "3 ranks write the threaded trace" "$TMP/t.trace" "$TMP/m.trace"

# With an automatic warm-up every rank runs the same pilots.
# shellcheck disable=SC2086
expect "threaded --warmup auto" 0 "$AZ" run $TUT --reps 3 --warmup auto --json "$TMP/wa.json"
# shellcheck disable=SC2086
expect "3 ranks --warmup auto" 0 mpi 3 "$AZM" run $TUT --reps 3 --threads 1 \
    --warmup auto --json "$TMP/wm.json"
strip_timing "$TMP/wa.json" >"$TMP/a"; strip_timing "$TMP/wm.json" >"$TMP/b"
same "3 ranks pick the threaded warm-up" "$TMP/a" "$TMP/b"
has "the warm-up is automatic" "$TMP/wm.json" '"auto": true'

# The MPI build without mpirun is the plain program.
# shellcheck disable=SC2086
expect "MPI build alone" 0 "$AZM" run $TUT --reps 7 --json "$TMP/s.json"
strip_timing "$TMP/t.json" >"$TMP/a"; strip_timing "$TMP/s.json" >"$TMP/b"
same "MPI build alone gives the threaded JSON" "$TMP/a" "$TMP/b"

# A replication that fails on one rank: with seed 11 only replication 4
# deadlocks, and 3 ranks split 7 replications 0-1, 2-3, 4-6.
DL=tests/models/good/deadlock-sometimes.yaml
expect "threaded run of a failing replication" 1 "$AZ" run $DL --json "$TMP/d.json"
has "threaded failure message" "$TMP/err" "azalea: replication 4: deadlock at time"
expect "a replication failing on rank 2" 1 mpi 3 "$AZM" run $DL --threads 1 --json "$TMP/d.json"
has "rank failure message" "$TMP/err" "azalea: rank 2: replication 4: deadlock at time"
no_results "rank failure leaves no JSON" "$TMP/d.json"
if grep -q "throughput" "$TMP/out"; then bad "rank failure prints no table"
else ok "rank failure prints no table"; fi

# A rank that cannot open the model (rank 1 starts in another directory,
# as if the file were missing on its machine).
cat >"$TMP/elsewhere.sh" <<'EOS'
#!/bin/sh
[ "${OMPI_COMM_WORLD_RANK:-}" = 1 ] && cd /
exec "$@"
EOS
chmod +x "$TMP/elsewhere.sh"
expect "model missing on rank 1" 2 mpi 3 "$TMP/elsewhere.sh" "$PWD/$AZM" run \
    examples/tutorial-line.yaml --reps 3 --horizon 1d --warmup 0s --json "$TMP/e.json"
has "model missing message" "$TMP/err" "azalea: rank 1 of 3 could not open the model"
no_results "model missing leaves no JSON" "$TMP/e.json"

# A rank killed mid-run (SIGKILL after 1 s of a run that takes minutes):
# mpirun ends the job with the rank's status (128 + 9), rank 0 never
# gathers, so no JSON appears.
cat >"$TMP/kill1.sh" <<'EOS'
#!/bin/sh
if [ "${OMPI_COMM_WORLD_RANK:-}" = 1 ]; then
    "$@" & pid=$!
    sleep 1; kill -KILL "$pid"; wait "$pid"; exit $?
fi
exec "$@"
EOS
chmod +x "$TMP/kill1.sh"
expect "rank 1 killed" 137 mpi 3 "$TMP/kill1.sh" "$AZM" run examples/tutorial-line.yaml \
    --reps 3 --horizon "1000 year" --warmup 0s --threads 1 --json "$TMP/k.json"
no_results "killed rank leaves no JSON" "$TMP/k.json"

# Refused on rank 0 before the run (exit 2), and every rank exits so.
expect "unwritable --json under mpirun" 2 mpi 3 "$AZM" run examples/tutorial-line.yaml \
    --reps 3 --horizon 1d --warmup 0s --threads 1 --json /nonexistent/x.json
expect "compare is refused under mpirun" 2 mpi 2 "$AZM" compare examples/tutorial-line.yaml \
    --scenario "stations.placer.machines=3"
has "compare refusal message" "$TMP/err" "azalea: 'compare' runs on one machine; start it without mpirun"
expect "sweep is refused under mpirun" 2 mpi 2 "$AZM" sweep examples/tutorial-line.yaml \
    --param stations.placer.machines=2,3 --csv "$TMP/sweep.csv"
has "sweep refusal message" "$TMP/err" "azalea: 'sweep' runs on one machine"
expect "--precision is refused under mpirun" 2 mpi 2 "$AZM" run examples/tutorial-line.yaml \
    --precision 5%
has "--precision refusal message" "$TMP/err" "azalea: --precision runs on one machine; start it without mpirun"
expect "--precision with one rank" 0 mpi 1 "$AZM" run examples/tutorial-line.yaml \
    --horizon 2d --warmup 0s --precision 20% --max-reps 4

summary
