# tests/lib.sh: the shell tests' shared harness (sourced, not run).
# Gives TMP (a scratch directory removed on exit), the checks below, and
# summary, which prints cmocka-style lines so tests/run-tests.sh counts the
# cases, and returns non-zero if any failed.
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
pass=0; fail=0

ok()  { pass=$((pass + 1)); echo "[       OK ] $1"; }
bad() { fail=$((fail + 1)); echo "[  FAILED  ] $1"; shift; for l in "$@"; do echo "    $l"; done; }

# expect NAME STATUS CMD...: runs CMD (output in $TMP/out and $TMP/err),
# checks its exit status.
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

# check NAME CMD...: CMD succeeds.
check() {
    name=$1; shift
    if "$@" >/dev/null 2>&1; then ok "$name"; else bad "$name"; fi
}

# same NAME A B: files A and B are identical and not empty.
same() {
    if cmp -s "$2" "$3" && [ -s "$2" ]; then ok "$1"
    else bad "$1" "$(diff "$2" "$3" | head -6)"; fi
}

# Results without the "timing" object, which varies between identical runs.
strip_timing() { sed '/"timing"/,$d' "$1"; }

summary() {
    echo "[==========] $((pass + fail)) test(s) run."
    [ "$pass" -gt 0 ] && echo "[  PASSED  ] $pass test(s)."
    [ "$fail" -gt 0 ] && echo "[  FAILED  ] $fail test(s)."
    [ "$fail" -eq 0 ]
}
