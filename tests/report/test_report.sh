#!/bin/sh
# test_report.sh: `azalea run --report` and `--trace` end to end. The HTML
# report is opened in headless Chromium (Debian's chromium, installed by
# scripts/install-deps): it must render with no console message, with every
# chart present and the line diagram at the top; its screenshot and the
# page are kept in build/artefacts/ (report.png, report.html) for people
# to look at.
# Usage: tests/report/test_report.sh BUILD_DIR   (run from the repository root)
# Prints cmocka-style summary lines so tests/run-tests.sh counts the cases.
set -u
. tests/lib.sh
AZ=${1:-${AZ_BUILD:-build/rel}}/azalea
ART=build/artefacts
CHROMIUM=${CHROMIUM:-chromium}
mkdir -p "$ART"
unset AZALEA_GNUPLOT AZALEA_DOT

# Headless Chromium on a page: screenshot $2, messages in $TMP/chrome.err.
# Its own profile directory, so parallel runs do not share one.
browse() {
    timeout 120 "$CHROMIUM" --headless=new --no-sandbox --disable-gpu \
        --disable-dev-shm-usage --hide-scrollbars \
        --user-data-dir="$TMP/profile" --enable-logging=stderr --v=0 \
        --window-size=1280,4000 --screenshot="$2" "file://$1" \
        >/dev/null 2>"$TMP/chrome.err"
}
# The console messages Chromium logged (a page error is one too).
console_messages() { grep -E 'CONSOLE|Uncaught' "$TMP/chrome.err"; }

CHARTS="chart-states chart-products chart-days chart-leadtime chart-bottleneck chart-gantt"

# ---- the report ----
mkdir -p "$TMP/tmpdir"
expect "run --report" 0 env TMPDIR="$TMP/tmpdir" "$AZ" run --reps 3 --horizon "2 week" --report "$TMP/out.html"
has "table still printed" "$TMP/out" "throughput (units/h)"
html="$TMP/out.html"
[ -f "$html.tmp" ] && bad "no leftover tmp file" || ok "no leftover tmp file"
has "HTML document" "$html" "<!DOCTYPE html>"
has "headline throughput" "$html" "units per hour"
has "confidence intervals" "$html" "<span class=\"ci\">±"
has "warm-up marked" "$html" "warm-up"
has "bottleneck named" "$html" "main bottleneck"
for id in $CHARTS; do has "chart $id in the file" "$html" "<svg id=\"$id\""; done
# The line diagram comes first, filled by utilisation, with the bottleneck
# and the buffers' mean content against their capacity.
has "line diagram in the file" "$html" "<svg id=\"diagram\""
check "line diagram before the headline figures" awk '/<svg id="diagram"/ { d = NR } /Headline figures/ { h = NR } END { exit !(d && h && d < h) }' "$html"
has "diagram marks the bottleneck" "$html" "BOTTLENECK"
has "diagram has a legend" "$html" "Working share of machine time"
check "buffers show mean content / capacity" grep -qE '>[0-9.]+ / 10<' "$html"
if grep -qiE '<script|(src|href)="(https?:)?//|@import|url\(http' "$html"; then
    bad "self-contained: no script, no external resource"
else ok "self-contained: no script, no external resource"; fi
cp "$html" "$ART/report.html"
# A model without orders has no orders' section; one with orders has it,
# its two charts, and a row per order.
if grep -q 'chart-orders' "$html"; then bad "no orders section without orders"
else ok "no orders section without orders"; fi
expect "run --report with orders" 0 "$AZ" run examples/smt-orders.yaml --reps 3 --report "$TMP/orders.html"
has "orders section" "$TMP/orders.html" "<h2>Orders</h2>"
for id in chart-orders chart-order-days; do
    has "chart $id in the orders report" "$TMP/orders.html" "<svg id=\"$id\""
done
has "order row" "$TMP/orders.html" "<td>W50-119</td>"

if ! command -v "$CHROMIUM" >/dev/null 2>&1; then
    bad "chromium installed" "no '$CHROMIUM' on the PATH: run scripts/install-deps"
else
    abs=$(cd "$ART" && pwd)/report.html
    rm -f "$ART/report.png"
    if browse "$abs" "$ART/report.png"; then ok "chromium renders the report"
    else bad "chromium renders the report" "$(tail -5 "$TMP/chrome.err")"; fi
    if [ -s "$ART/report.png" ] && [ "$(wc -c <"$ART/report.png")" -gt 50000 ]; then
        ok "screenshot kept in $ART/report.png"
    else bad "screenshot kept in $ART/report.png"; fi
    msgs=$(console_messages)
    if [ -z "$msgs" ]; then ok "no console errors"
    else bad "no console errors" "$msgs"; fi
    # Every chart is an <svg> element of the page Chromium built, with
    # gnuplot's drawing in it.
    timeout 120 "$CHROMIUM" --headless=new --no-sandbox --disable-gpu \
        --disable-dev-shm-usage --user-data-dir="$TMP/profile" \
        --dump-dom "file://$abs" >"$TMP/dom.html" 2>/dev/null
    has "line diagram in the rendered page" "$TMP/dom.html" 'id="diagram-st-adhesive"'
    for id in $CHARTS; do
        has "chart $id in the rendered page" "$TMP/dom.html" "<svg id=\"$id\""
        has "chart $id has a drawing" "$TMP/dom.html" "id=\"$id-gnuplot_canvas\""
    done
    # The console check catches errors: a page with one fails it.
    printf '<!DOCTYPE html><html><body><p>x</p><script>console.error("boom");</script></body></html>' >"$TMP/bad.html"
    browse "$TMP/bad.html" "$TMP/bad.png"
    if console_messages | grep -q boom; then ok "console check sees a console error"
    else bad "console check sees a console error" "$(tail -5 "$TMP/chrome.err")"; fi
fi

# ---- report failures: a clear message, exit 1, no file ----
# ---- a run from a state: the forecast's fan and the orders at risk ----
cat >"$TMP/ord.yaml" <<'YAML'
at: 2026-12-08T10:00
units:
  - {station: printer, product: main_board, count: 20, order: W50-100}
orders:
  - {order: W50-100, out: 250}
YAML
expect "report of a forecast" 0 env TMPDIR="$TMP/tmpdir" "$AZ" run examples/smt-orders.yaml --reps 4 --initial "$TMP/ord.yaml" --horizon "2 d" --report "$TMP/fc.html"
has "the forecast's section" "$TMP/fc.html" "<h2>Forecast from the state</h2>"
has "from the state's time" "$TMP/fc.html" "<p>From 2026-12-08 10:00 to 2026-12-10 10:00, with 20 units in the line"
has "the fan chart" "$TMP/fc.html" 'id="chart-forecast"'
has "the orders at risk" "$TMP/fc.html" '<table id="orders-at-risk">'
has "an order the horizon cannot decide" "$TMP/fc.html" "<td>after the horizon</td><td>&ge; 0 %</td></tr>"
has "an order on time in every future" "$TMP/fc.html" "<td>W50-100</td><td>2026-12-08 14:00</td>"
browse "$TMP/fc.html" "$ART/report-forecast.png"
if console_messages >/dev/null; then bad "the forecast's page has no console message" "$(console_messages | head -3)"
else ok "the forecast's page has no console message"; fi
expect "a forecast with a warm-up" 0 env TMPDIR="$TMP/tmpdir" "$AZ" run examples/smt-orders.yaml --reps 2 --initial "$TMP/ord.yaml" --horizon "1 d" --warmup "1 h" --report "$TMP/fw.html"
has "no fan, and why" "$TMP/fw.html" "No fan chart: a warm-up was asked for"

expect "report without gnuplot exits 1" 1 env PATH=/nonexistent "$AZ" run \
    --example tutorial --reps 2 --horizon "1 d" --warmup "0 s" --report "$TMP/none.html"
has "report without gnuplot says why" "$TMP/err" "--report needs gnuplot"
[ ! -e "$TMP/none.html" ] && [ ! -e "$TMP/none.html.tmp" ] && ok "no report without gnuplot" \
    || bad "no report without gnuplot"
expect "failing gnuplot exits 1" 1 env TMPDIR="$TMP/tmpdir" AZALEA_GNUPLOT=/bin/false "$AZ" run \
    --example tutorial --reps 2 --horizon "1 d" --warmup "0 s" --report "$TMP/none.html"
has "failing gnuplot says so" "$TMP/err" "gnuplot failed"
[ ! -e "$TMP/none.html" ] && [ ! -e "$TMP/none.html.tmp" ] && ok "no partial report" \
    || bad "no partial report"
# Without a working dot the report is written all the same, and says why
# it has no diagram.
expect "report with a failing dot" 0 env TMPDIR="$TMP/tmpdir" AZALEA_DOT=/bin/false "$AZ" run \
    --example tutorial --reps 2 --horizon "1 d" --warmup "0 s" --report "$TMP/nodot.html"
has "failing dot warned of" "$TMP/err" "the report has no line diagram"
has "report without diagram says so" "$TMP/nodot.html" "No line diagram"
# An unwritable path is refused before the run (exit 2).
expect "unwritable --report" 2 "$AZ" run --example tutorial --reps 2 \
    --horizon "1 d" --warmup "0 s" --report /nonexistent/r.html
[ -z "$(ls -A "$TMP/tmpdir")" ] && ok "temporary chart files removed" \
    || bad "temporary chart files removed" "$(ls "$TMP/tmpdir")"
expect "--report is not sweep's" 2 "$AZ" sweep examples/tutorial-line.yaml --param stations.placer.machines=2 --report "$TMP/x.html"
has "--report rejected message" "$TMP/err" "--report is not an option of 'sweep'"

# ---- the trace ----
expect "run --trace" 0 "$AZ" run --example tutorial --reps 2 --horizon "1 d" \
    --warmup "0 s" --trace "$TMP/t.csv"
trace="$TMP/t.csv"
[ "$(head -1 "$trace")" = "time,object,state,product,unit,count" ] && ok "trace header" \
    || bad "trace header" "$(head -1 "$trace")"
rows=$(($(wc -l <"$trace") - 1))
[ "$rows" -gt 5000 ] && ok "trace rows ($rows)" || bad "trace rows ($rows)"
check "trace time never goes back" awk -F, 'NR > 1 { if ($1 + 0 < last) exit 1; last = $1 + 0 }' "$trace"
check "trace rows have 6 fields" awk -F, 'NF != 6 { exit 1 }' "$trace"
check "trace states are known" awk -F, 'NR > 1 && $3 !~ /^(starved|setup|working|blocked|failed|waiting_operator|off_shift|maintenance|enter|done|scrapped|joined|in|out|batch|rework)$/ { exit 1 }' "$trace"
check "trace has machines and units" sh -c "grep -q '^[0-9.e+]*,placer/m2,working,phone,[0-9]*,\$' '$trace' && grep -q ',line,enter,phone,1,\$' '$trace' && grep -q ',line,done,phone,' '$trace'"
# Buffers: a unit in and out of screw's buffer, its count following them.
check "trace follows buffers" awk -F, '$2 == "screw/buffer" { n += ($3 == "in") ? 1 : -1; if ($6 != n || $5 == "") exit 1; rows++ } END { if (rows < 100) exit 1 }' "$trace"
# Units enter once each, with ids 1, 2, 3...
check "trace unit ids count releases" awk -F, '$2 == "line" && $3 == "enter" { if ($5 != ++n) exit 1 } END { if (n < 1000) exit 1 }' "$trace"
expect "trace with 1 thread" 0 "$AZ" run --example tutorial --reps 2 --horizon "1 d" \
    --warmup "0 s" --threads 1 --trace "$TMP/t1.csv"
check "trace independent of threads" cmp "$trace" "$TMP/t1.csv"
"$AZ" run --example tutorial --reps 2 --horizon "1 d" --warmup "0 s" \
    --trace - >"$TMP/stdout.txt" 2>/dev/null
has "--trace - writes to stdout" "$TMP/stdout.txt" "time,object,state,product,unit,count"
expect "unwritable --trace" 2 "$AZ" run --example tutorial --reps 2 \
    --horizon "1 d" --warmup "0 s" --trace /nonexistent/t.csv
has "unwritable --trace message" "$TMP/err" "/nonexistent/t.csv"

summary
