#!/bin/sh
# Runs each test binary given, reads cmocka's summary lines, and closes with
# one line "tests: N passed, N failed". Exits 1 if any test failed or any
# binary crashed or printed no summary.
passed=0; failed=0; broken=0
for t in "$@"; do
    out=$(mktemp)
    "$t" >"$out" 2>&1
    rc=$?
    p=$(grep -o "\[  PASSED  \] [0-9]* test" "$out" | awk "{s+=\$4} END {print s+0}")
    f=$(grep -o "\[  FAILED  \] [0-9]* test" "$out" | awk "{s+=\$4} END {print s+0}")
    passed=$((passed + p)); failed=$((failed + f))
    if [ "$rc" -ne 0 ] || [ "$f" -ne 0 ] || [ "$p" -eq 0 ]; then
        echo "FAIL $t (exit $rc)"; cat "$out"
        [ "$f" -eq 0 ] && broken=$((broken + 1))
    else
        echo "ok   $t ($p tests)"
    fi
    rm -f "$out"
done
failed=$((failed + broken))
echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
