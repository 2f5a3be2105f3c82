#!/bin/sh
# test_optimize.sh: `azalea optimize` end to end: the example's choice,
# its --set lines and YAML, the JSON's "optimization", the same result on
# 1 and 2 threads, and each problem that cannot be solved as stated
# refused with its place and exit 2.
# Usage: tests/cli/test_optimize.sh BUILD_DIR   (run from the repository root)
set -u
. tests/lib.sh
AZ=$(cd "${1:-${AZ_BUILD:-build/rel}}" && pwd)/azalea
EX=examples/line-optimize.yaml

expect "optimize the example" 0 "$AZ" optimize $EX --threads 1 --json "$TMP/o1.json"
has "the problem is said" "$TMP/out" "optimize: the most throughput for a budget of 150000"
has "the search is said" "$TMP/out" "configurations screened"
has "the choice" "$TMP/out" "best: "
has "a value with spaces is quoted" "$TMP/out" "  --set 'stations.placer.process={lognormal: {mean: 60 s, cv: 0.3}}'"
has "as --set" "$TMP/out" "  --set "
has "as YAML" "$TMP/out" "in the model file:"
has "the front" "$TMP/out" "cost/throughput front of the configurations screened"
has "KN names it" "$TMP/out" "with probability at least 0.95 it is the best of them"
has "JSON: optimization" "$TMP/o1.json" '"optimization"'
has "JSON: the evaluations" "$TMP/o1.json" '"pareto": true'
expect "optimize --csv" 0 "$AZ" optimize $EX --csv "$TMP/ocsv"
has "optimization.csv header" "$TMP/ocsv/optimization.csv" "changes,cost,throughput_per_hour,lead_time_mean,wip,feasible,pareto"
has "optimization.csv today's line" "$TMP/ocsv/optimization.csv" ",0,101."
n_json=$(grep -c '"pareto"' "$TMP/o1.json"); n_csv=$(($(wc -l <"$TMP/ocsv/optimization.csv") - 1))
if [ "$n_json" -eq "$n_csv" ]; then ok "a CSV row per configuration screened ($n_csv)"
else bad "a CSV row per configuration screened" "JSON $n_json, CSV $n_csv"; fi
has "comparison.csv too" "$TMP/ocsv/comparison.csv" "label,role,changes,cost"
cp "$TMP/out" "$TMP/o1.out"
expect "optimize on 2 threads" 0 "$AZ" optimize $EX --threads 2 --json "$TMP/o2.json"
if diff "$TMP/o1.out" "$TMP/out" >/dev/null; then ok "same table on 1 and 2 threads"
else bad "same table on 1 and 2 threads" "$(diff "$TMP/o1.out" "$TMP/out" | head -5)"; fi
strip_timing "$TMP/o1.json" >"$TMP/a"; strip_timing "$TMP/o2.json" >"$TMP/b"
same "same JSON on 1 and 2 threads" "$TMP/a" "$TMP/b"
# The choice loads and stays within the budget.
set --
while IFS= read -r l; do set -- "$@" --set "$l"; done <<EOS
$(sed -n "s/^  --set //p" "$TMP/o1.out" | sed "s/^'//; s/'\$//")
EOS
expect "the choice is a valid line" 0 "$AZ" check $EX "$@"

# The cheapest line reaching a target.
expect "min_cost" 0 "$AZ" optimize $EX --set optimize.objective=min_cost --set optimize.target=110
has "min_cost says so" "$TMP/out" "optimize: the least cost reaching 110 units/h"
has "min_cost choice" "$TMP/out" "the cheapest of these whose throughput reaches 110 units/h"

# --report: the confirmation's chart and the front of what was screened.
if command -v gnuplot >/dev/null 2>&1; then
    expect "optimize --report" 0 "$AZ" optimize $EX --report "$TMP/o.html"
    has "report: the paired chart" "$TMP/o.html" "<svg id=\"chart-paired\""
    has "report: the front's chart" "$TMP/o.html" "<svg id=\"chart-front\""
    has "report: what money buys" "$TMP/o.html" "What money buys"
    if grep -q 'src="http\|href="http' "$TMP/o.html"; then
        bad "report: self-contained"; else ok "report: self-contained"; fi
fi

# --budget and --target over the model's objective.
expect "--budget" 0 "$AZ" optimize $EX --budget 60000
has "the cheapest within delta is the choice" "$TMP/out" "the choice, for less: "
has "--budget says so" "$TMP/out" "optimize: the most throughput for a budget of 60000"
expect "--target" 0 "$AZ" optimize $EX --target 105
has "--target says so" "$TMP/out" "optimize: the least cost reaching 105 units/h"
expect "run rejects --budget" 2 "$AZ" run $EX --budget 5
has "run rejects --budget message" "$TMP/err" "--budget is not an option of 'run'"

# Today's line as an answer, or left out when it breaks a limit.
expect "today's line reaches the target" 0 "$AZ" optimize $EX --target 100
has "today's line is named" "$TMP/out" "best: today's line"
expect "today's line breaks a limit" 0 "$AZ" optimize $EX --set "optimize.max_lead_time=400 s"
has "today's line is left out" "$TMP/out" "today's line breaks a limit and is left out"
expect "a range too large" 2 "$AZ" check $EX --set optimize.decisions.0.from=1e17 --set optimize.decisions.0.to=1e17
has "a range too large message" "$TMP/err" "a range of machines, places or people ends at 4294967294 at most"
expect "--select cap below the first stage" 2 "$AZ" compare $EX --reps 20 --scenario stations.screw.machines=2 --select throughput --delta 1 --max-reps 10
has "--select cap message" "$TMP/err" "the first stage is 20 replications (--reps), above the cap of 10"

# Problems that cannot be solved as stated.
expect "budget below every change" 2 "$AZ" optimize $EX --set optimize.budget=1000
has "budget message" "$TMP/err" "azalea: optimize: the budget 1000 is below the cheapest change (4000)"
sed 's/budget: 150000/budget: 1000/' $EX >"$TMP/b.yaml"
expect "a budget in the file" 2 "$AZ" optimize "$TMP/b.yaml"
has "the budget's place" "$TMP/err" "b.yaml:25:11: optimize: the budget 1000 is below the cheapest change (4000)"
expect "target out of reach" 2 "$AZ" optimize $EX --set optimize.objective=min_cost --set optimize.target=500
has "target message" "$TMP/err" "optimize: the target 500 units/h is out of reach: the largest line the ranges allow makes"
expect "a list value to nowhere" 2 "$AZ" optimize $EX --set 'optimize.decisions.4.set=stations.placer.procss'
has "list path message" "$TMP/err" "decision stations.placer.procss: the value"
expect "no optimize section" 2 "$AZ" optimize examples/tutorial-line.yaml
has "no section message" "$TMP/err" "has no 'optimize' section"
expect "optimize --db" 0 "$AZ" optimize $EX --db "$TMP/o.db"
if command -v sqlite3 >/dev/null; then
    k=$(sqlite3 "$TMP/o.db" "SELECT kind FROM comparisons")
    ne=$(sqlite3 "$TMP/o.db" "SELECT count(*) FROM optimization_evaluations")
    nr=$(sqlite3 "$TMP/o.db" "SELECT count(*) FROM comparison_runs")
    np=$(sqlite3 "$TMP/o.db" "SELECT count(*) FROM optimization_evaluations WHERE pareto = 1 AND changes = ''")
    if [ "$k" = optimize ] && [ "$ne" -eq "$n_json" ] && [ "$nr" -ge 2 ] && [ "$np" -eq 1 ]; then
        ok "the database holds the optimisation ($nr runs, $ne configurations)"
    else bad "the database holds the optimisation" "kind $k, $ne evaluations (want $n_json), $nr runs, today's on the front $np"; fi
fi
expect "--scenario is refused" 2 "$AZ" optimize $EX --scenario a=1
expect "bad fixture" 2 "$AZ" check tests/models/bad/optimize.yaml
has "bad fixture: reversed" "$TMP/err" "the range 8 to 2 is reversed"

summary
