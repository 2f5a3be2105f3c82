#!/bin/sh
# test_messages.sh: what azalea says, end to end: limits that the file and
# the command line share, hints for locale mistakes, bounds on hostile
# input, and the README's and docs' quoted output against a real run.
# Usage: tests/cli/test_messages.sh BUILD_DIR   (run from the repository root)
# Prints cmocka-style summary lines so tests/run-tests.sh counts the cases.
set -u
. tests/lib.sh
AZ=${1:-${AZ_BUILD:-build/rel}}/azalea

# ---- one limit for one value ----
expect "replications over the limit in the file" 2 "$AZ" check tests/models/bad/reps_limit.yaml
has "file replications limit" "$TMP/err" "expected a whole number from 1 to 10000000, got '10000001'"
expect "--reps over the limit" 2 "$AZ" run examples/tutorial-line.yaml --reps 10000001
has "--reps limit" "$TMP/err" "--reps expects a whole number from 1 to 10000000, got '10000001'"
expect "--set replications over the limit" 2 "$AZ" check examples/tutorial-line.yaml --set run.replications=10000001
has "--set replications limit" "$TMP/err" "expected a whole number from 1 to 10000000, got '10000001'"

summary
