#!/bin/sh
# test_python.sh: runs the Python package's tests (pytest, Debian's
# python3-pytest) against the build tree's libazalea.so, and prints
# cmocka-style lines for tests/run-tests.sh.
cd "$(dirname "$0")/../.."
PY=${PYTHON:-/usr/bin/python3}
out=$(mktemp)
PYTHONPATH=python AZ_BUILD=${AZ_BUILD:-build/rel} \
    "$PY" -m pytest -q -p no:cacheprovider tests/python >"$out" 2>&1
rc=$?
cat "$out"
passed=$(grep -oE '[0-9]+ passed' "$out" | tail -1 | cut -d' ' -f1)
failed=$(grep -oE '[0-9]+ (failed|error)' "$out" | awk '{s+=$1} END {print s+0}')
rm -f "$out"
echo "[==========] $(( ${passed:-0} + failed )) test(s) run."
[ "${passed:-0}" -gt 0 ] && echo "[  PASSED  ] ${passed} test(s)."
[ "$failed" -gt 0 ] && echo "[  FAILED  ] ${failed} test(s)."
[ "$rc" -eq 0 ]
