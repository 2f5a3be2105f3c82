#!/bin/sh
# test_layout.sh: the rules of the code's layout that a reviewer would
# otherwise have to remember (README "Layout", docs/architecture.md):
#  - every source file opens with a comment that names it ("/* flow.c: ...")
#    and says what it is for;
#  - no .c file is over MAX lines unless its top comment says why it is
#    kept whole (the words "Kept whole");
#  - the library's allocations go through src/util/alloc.h, so that the
#    fault tests can fail them (tests/fault/test_alloc_fault.c);
#  - the library never ends the process (no exit, abort or assert-free
#    _Exit): failures come back as an az_status;
#  - commit subjects since the rule was set are at most 72 characters, with
#    a blank line before the body (skipped outside a git checkout);
#  - docs/architecture.md's map of every file is what scripts/file-map
#    makes of the files' top comments.
cd "$(dirname "$0")/../.."
. tests/lib.sh
MAX=800

# Each rule is checked in a subshell that prints offenders; none: passed.
rule() {
    name=$1; shift
    "$@" >"$TMP/offenders" 2>&1
    if [ -s "$TMP/offenders" ]; then bad "$name" "$(head -10 "$TMP/offenders")"
    else ok "$name"; fi
}

names_itself() {
    for f in src/*.c src/*/*.c src/*.h src/*/*.h cli/*.c cli/*.h \
             include/azalea/*.h; do
        [ -f "$f" ] || continue
        b=$(basename "$f")
        head -2 "$f" | tr '\n' ' ' | grep -qE "^/\*\s*(\*\s*)?$b: " ||
            echo "$f: does not open with '/* $b: what it is'"
    done
}

short_or_whole() {
    for f in src/*.c src/*/*.c cli/*.c; do
        [ -f "$f" ] || continue
        n=$(wc -l <"$f")
        [ "$n" -le "$MAX" ] && continue
        head -40 "$f" | grep -q "Kept whole" ||
            echo "$f: $n lines (over $MAX) and its top comment gives no reason"
    done
}

one_door_to_the_heap() {
    grep -nE '(^|[^_a-z>.])(malloc|calloc|realloc|aligned_alloc|strdup|strndup)\(' \
        src/*.c src/*/*.c 2>/dev/null | grep -v '^src/util/alloc.c:'
}

never_ends_process() {
    grep -nE '(^|[^_a-z])(exit|_Exit|abort)\(' src/*.c src/*/*.c 2>/dev/null
}

short_subjects() {
    git rev-parse --git-dir >/dev/null 2>&1 || return 0
    # The rule holds from this commit on; a shallow clone without it has
    # only its newest commit checked (older ones may predate the rule).
    since=82e905c
    range="-1 HEAD"
    git cat-file -e "$since^{commit}" 2>/dev/null && range="$since..HEAD"
    # shellcheck disable=SC2086
    git log --format='%h%x09%s' $range | awk -F '\t' \
        'length($2) > 72 { print $1 ": subject of " length($2) " characters" }'
    # shellcheck disable=SC2086
    for h in $(git log --format=%h $range); do
        l2=$(git log -1 --format=%B "$h" | sed -n 2p)
        [ -z "$l2" ] || echo "$h: no blank line after the subject"
    done
}

rule "every source file names itself at the top" names_itself
rule "no .c file over $MAX lines without a reason" short_or_whole
rule "allocations go through src/util/alloc.h" one_door_to_the_heap
rule "the library never ends the process" never_ends_process
rule "commit subjects at most 72 characters" short_subjects
rule "docs/architecture.md's file map is current" scripts/file-map --check

# The rules can fail: each finds its offender in a planted file.
mkdir -p "$TMP/src/x"
printf '/* wrong.c: a file that gives another name */\n' >"$TMP/src/x/bad.c"
i=0; while [ $i -le $MAX ]; do echo "int v$i;"; i=$((i + 1)); done \
    >>"$TMP/src/x/bad.c"
printf 'void f(void) { void *p = malloc(4); exit(1); }\n' >>"$TMP/src/x/bad.c"
(cd "$TMP" && mkdir -p cli include/azalea && names_itself) | grep -q bad.c &&
    (cd "$TMP" && short_or_whole) | grep -q bad.c &&
    (cd "$TMP" && one_door_to_the_heap) | grep -q bad.c &&
    (cd "$TMP" && never_ends_process) | grep -q bad.c &&
    ok "each rule finds a planted offender" ||
    bad "each rule finds a planted offender"

summary
