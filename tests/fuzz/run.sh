#!/bin/sh
# Builds the model-loader fuzzer (libFuzzer, ASan, UBSan) into build/fuzz/
# and runs it for $1 seconds (default 60) on inputs of up to $FUZZ_MAX_LEN
# bytes (default 256 KiB: large enough for the costs that grow with the
# input, such as 200 KB of nesting that once took over a minute to refuse;
# -timeout reports any input that takes over 10 s).
# New inputs go to build/fuzz/corpus. The seeds are the model fixtures
# (tests/models/good, tests/models/bad, examples/), read where they are,
# and tests/fuzz/corpus: the inputs that are no fixture, among them every
# input that once crashed. A crash, leak or
# hang leaves its input in build/fuzz/ (crash-*, leak-*, timeout-*); fix it
# and copy the input into tests/fuzz/corpus as a regression.
set -eu
cd "$(dirname "$0")/../.."
secs=${1:-60}
out=build/fuzz
mkdir -p "$out/obj" "$out/corpus"

CC=${CC:-clang}
CFLAGS="-std=c11 -g -fno-omit-frame-pointer -Iinclude -Isrc \
 -D_POSIX_C_SOURCE=200809L $(pkg-config --cflags yaml-0.1 gsl jansson sqlite3 nettle)"
SAN="address,undefined"

# The library as an archive, so only what the loader needs gets linked.
rm -f "$out/libazalea.a"
# experiment_mpi.c belongs to the MPI build only (it needs mpi.h).
# The engine (src/engine/), which loading never runs, at -O0: with both
# sanitizers clang takes minutes on its flow at -O1 (its hot helpers are
# forced inline), seconds at -O0. Objects are named by their path, since
# two folders may hold files of one name.
rm -f "$out"/obj/*.o
for f in src/*.c src/*/*.c; do
    [ "$f" = src/experiment_mpi.c ] && continue
    opt=-O1
    case $f in src/engine/*) opt=-O0 ;; esac
    o=$(echo "${f#src/}" | tr / _)
    $CC $CFLAGS $opt -fsanitize=fuzzer-no-link,$SAN -c "$f" \
        -o "$out/obj/${o%.c}.o"
done
ar rcs "$out/libazalea.a" "$out"/obj/*.o
$CC $CFLAGS -O1 -fsanitize=fuzzer,$SAN tests/fuzz/fuzz_load.c \
    "$out/libazalea.a" $(pkg-config --libs yaml-0.1 gsl jansson sqlite3 nettle) -lcsv -lm -lpthread \
    -o "$out/fuzz_load"

export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
exec "$out/fuzz_load" -max_len="${FUZZ_MAX_LEN:-262144}" \
    -max_total_time="$secs" -timeout=10 \
    -dict=tests/fuzz/load.dict -artifact_prefix="$out/" \
    -print_final_stats=1 "$out/corpus" tests/fuzz/corpus \
    tests/models/good tests/models/bad examples
