#!/bin/sh
# test_animate.sh: `azalea animate`, the replay page (docs/animate.md).
# The page is opened in headless Chromium (as tests/report/test_report.sh
# does) and checked against the trace of the same replication: at 20
# instants taken from the trace, every machine's shown state and every
# buffer's shown count must be the trace's, and a trace shifted in time
# must be caught. The page must load with no console message, play must
# move the clock and pause stop it. The reference factory's first working
# day must stay under 10 MB and open in under 3 s (both printed). Bad
# input gets a clear message and exit 2, and no file is ever left half
# written. Screenshots at two times are kept in build/artefacts/.
# Usage: tests/cli/test_animate.sh BUILD_DIR   (run from the repository root)
set -u
. tests/lib.sh
AZ=${1:-${AZ_BUILD:-build/rel}}/azalea
ART=build/artefacts
CHROMIUM=${CHROMIUM:-chromium}
CHECK=tests/cli/animate_check.py
FACTORY=examples/smartphone-factory.yaml
mkdir -p "$ART"
unset AZALEA_DOT

# Chromium's DOM of a page after its scripts ran (virtual time: $3 ms),
# its messages in $TMP/chrome.err.
dom() {
    timeout 120 "$CHROMIUM" --headless=new --no-sandbox --disable-gpu \
        --disable-dev-shm-usage --user-data-dir="$TMP/profile" \
        --enable-logging=stderr --v=0 --virtual-time-budget="${3:-2000}" \
        --dump-dom "file://$1" >"$2" 2>"$TMP/chrome.err"
}
shot() {
    timeout 120 "$CHROMIUM" --headless=new --no-sandbox --disable-gpu \
        --disable-dev-shm-usage --hide-scrollbars --user-data-dir="$TMP/profile" \
        --window-size=1600,1000 --virtual-time-budget=2000 \
        --screenshot="$2" "file://$1" >/dev/null 2>&1
}
# Test $1: the probe result in Chromium's DOM $2, read into $3 (JSON),
# against the trace $4: every machine and buffer as the trace has it.
matches() {
    "$CHECK" probe "$2" >"$3" 2>"$3.err"
    if "$CHECK" compare "$4" "$3" >"$3.cmp"; then ok "$1 ($(tail -1 "$3.cmp"))"
    else bad "$1" "$(head -8 "$3.cmp")" "$(cat "$3.err")"; fi
}
console_messages() { grep -E 'CONSOLE|Uncaught' "$TMP/chrome.err"; }
attr() { grep -o "$2=\"[^\"]*\"" "$1" | head -1 | sed 's/.*="\(.*\)"/\1/'; }

# ---- the command and bad input ----
expect "help animate" 0 "$AZ" help animate
has "help names --from" "$TMP/out" "--from T"
has "help names --rep" "$TMP/out" "--rep N"
expect "animate without a model" 2 "$AZ" animate -o "$TMP/x.html"
has "without a model: why" "$TMP/err" "animate needs a model file"
expect "animate without -o" 2 "$AZ" animate "$FACTORY"
has "without -o: why" "$TMP/err" "animate needs -o FILE.html"
expect "a missing model file" 2 "$AZ" animate "$TMP/none.yaml" -o "$TMP/x.html"
has "a missing model file: named" "$TMP/err" "none.yaml"
expect "--from garbage" 2 "$AZ" animate "$FACTORY" --from soon -o "$TMP/x.html"
has "--from garbage: why" "$TMP/err" "--from: expected a time"
expect "--from negative" 2 "$AZ" animate "$FACTORY" --from "-2 h" -o "$TMP/x.html"
has "--from negative: why" "$TMP/err" "--from:"
expect "--to before --from" 2 "$AZ" animate "$FACTORY" --from "2 d" --to "1 d" -o "$TMP/x.html"
has "--to before --from: why" "$TMP/err" "--to '1 d' is day 1 00:00, not after the window's start (day 2 00:00, --from)"
expect "a bare number for --from" 2 "$AZ" animate "$FACTORY" --from 3600 -o "$TMP/x.html"
has "a bare number: read as a day, and said so" "$TMP/err" "--from '3600' is day 3600 00:00, not before the horizon"
has "a bare number: the hint" "$TMP/err" "a bare number is a run day; a duration needs its unit ('3600 s', '26 h')"
expect "--to equal to --from" 2 "$AZ" animate "$FACTORY" --from "1 d" --to "1 d" -o "$TMP/x.html"
expect "--to past the horizon" 2 "$AZ" animate "$FACTORY" --horizon "2 d" --to "3 d" -o "$TMP/x.html"
has "--to past the horizon: why" "$TMP/err" "past the horizon"
expect "--rep 0" 2 "$AZ" animate "$FACTORY" --rep 0 -o "$TMP/x.html"
has "--rep 0: why" "$TMP/err" "--rep expects a whole number"
expect "--rep is animate's alone" 2 "$AZ" run --example tutorial --rep 2
has "--rep rejected by run" "$TMP/err" "--rep is not an option of 'run'"
expect "--reps is not animate's" 2 "$AZ" animate "$FACTORY" --reps 3 -o "$TMP/x.html"
has "--reps: --rep instead" "$TMP/err" "--rep N picks the replication"
expect "--json is not animate's" 2 "$AZ" animate "$FACTORY" --json "$TMP/x.json" -o "$TMP/x.html"
expect "unwritable -o" 2 "$AZ" animate "$FACTORY" -o /nonexistent/r.html
has "unwritable -o: named" "$TMP/err" "/nonexistent/r.html"
# A window too big for a page: refused with where it filled, no file.
rm -f "$TMP/big.html"
expect "a window over --max-mb" 2 "$AZ" animate "$FACTORY" --from "1 00:00" --to "8 00:00" --max-mb 1 -o "$TMP/big.html"
has "over --max-mb: why and where" "$TMP/err" "azalea: animate: the window day 1 00:00 to day 8 00:00 holds more than 1 MiB of events (--max-mb): they passed it at day "
has "over --max-mb: the way out" "$TMP/err" "a window ending before then fits, or raise --max-mb"
if [ -e "$TMP/big.html" ]; then bad "over --max-mb: no page" "$TMP/big.html exists"; else ok "over --max-mb: no page"; fi
expect "the default cap: two years of the factory" 2 "$AZ" animate "$FACTORY" --horizon "2 year" --from "1 00:00" --to "700 00:00" -o "$TMP/big.html"
has "the default cap is 128 MiB" "$TMP/err" "holds more than 128 MiB of events (--max-mb): they passed it at day 4"
expect "--max-mb 0" 2 "$AZ" animate "$FACTORY" --max-mb 0 -o "$TMP/big.html"
has "--max-mb 0: why" "$TMP/err" "--max-mb expects a whole number from 1"
expect "--max-mb is animate's alone" 2 "$AZ" run --example tutorial --max-mb 5
has "--max-mb rejected by run" "$TMP/err" "--max-mb is not an option of 'run'"
expect "a day within --max-mb 1" 0 "$AZ" animate "$FACTORY" --max-mb 1 -o "$TMP/big.html"
has "a day within --max-mb 1: written" "$TMP/err" "azalea: animate: replication 1, day 1 00:00 to day 2 00:00:"
expect "without dot" 2 env PATH=/nonexistent "$AZ" animate "$FACTORY" -o "$TMP/x.html"
has "without dot: why" "$TMP/err" "needs Graphviz's dot"
[ ! -e "$TMP/x.html" ] && ok "no page after bad input" || bad "no page after bad input"
# A failing disk leaves the old page whole (az_outfile).
echo old >"$TMP/keep.html"
expect "a failing write exits 1" 1 env AZALEA_IO_FAULT=write:1 "$AZ" animate \
    examples/tutorial-line.yaml --horizon "2 h" -o "$TMP/keep.html"
[ "$(cat "$TMP/keep.html")" = old ] && [ ! -e "$TMP/keep.html.tmp" ] &&
    ok "a failed write leaves the old page" || bad "a failed write leaves the old page"

# ---- the reference factory's first working day: size, the replay ----
expect "animate the factory" 0 "$AZ" animate "$FACTORY" --horizon "3 d" --warmup "0 s" -o "$TMP/day.html"
has "the window is the first working day" "$TMP/err" "day 1 00:00 to day 2 00:00"
size=$(wc -c <"$TMP/day.html")
echo "    factory, first working day: $size bytes ($(grep -o '"events":[0-9]*' "$TMP/day.html" | cut -d: -f2) events)"
[ "$size" -lt 10000000 ] && ok "first working day under 10 MB ($size bytes)" ||
    bad "first working day under 10 MB ($size bytes)"
if grep -qiE '(src|href)="(https?:)?//|@import|url\(http' "$TMP/day.html"; then
    bad "self-contained: nothing fetched"
else ok "self-contained: nothing fetched"; fi
has "the diagram is in the page" "$TMP/day.html" 'id="st&#45;placer"'

# The same replication's trace (rep 1, the model's seed, the same horizon).
expect "trace of the same run" 0 "$AZ" run "$FACTORY" --reps 1 --horizon "3 d" --warmup "0 s" \
    --trace "$TMP/t.csv"
awk -F, '{ $1 = $1 + 600; print }' OFS=, "$TMP/t.csv" | sed '1s/.*/time,object,state,product,unit,count/' >"$TMP/shifted.csv"

if ! command -v "$CHROMIUM" >/dev/null 2>&1; then
    bad "chromium installed" "no '$CHROMIUM' on the PATH: run scripts/install-deps"
    summary
    exit
fi
page="$TMP/day.html"
start=$(date +%s%N)
dom "$page" "$TMP/load.html" 100
end=$(date +%s%N)
ready=$(attr "$TMP/load.html" data-ready-ms)
echo "    factory, first working day: ready in ${ready:-?} ms in the page, Chromium's whole run $(( (end - start) / 1000000 )) ms"
[ -n "$ready" ] && [ "$ready" -lt 3000 ] && ok "opens in under 3 s (${ready} ms)" ||
    bad "opens in under 3 s (${ready:-no ready mark} ms)"
msgs=$(console_messages)
[ -z "$msgs" ] && ok "no console errors" || bad "no console errors" "$msgs"
has "the page's error box is empty" "$TMP/load.html" '<pre id="errors" hidden=""></pre>'

# 20 instants, each just after a change in the trace.
times=$("$CHECK" instants "$page" "$TMP/t.csv" 20)
n=$(echo "$times" | tr ',' '\n' | grep -c .)
[ "$n" -eq 20 ] && ok "20 instants from the trace" || bad "20 instants from the trace" "$times"
dom "$page#probe=$times" "$TMP/probe.html" 5000
matches "machines and buffers match the trace at 20 instants" \
    "$TMP/probe.html" "$TMP/probe.json" "$TMP/t.csv"
check "every buffer of the factory is shown" python3 -c "
import json, sys
p = json.load(open('$TMP/probe.json'))
sys.exit(not (len(p) == 20 and len(p[0]['buffers']) == 10 and len(p[0]['machines']) == 22))"
if "$CHECK" compare "$TMP/shifted.csv" "$TMP/probe.json" >"$TMP/cmp2.txt"; then
    bad "a trace shifted by 600 s is caught" "$(tail -1 "$TMP/cmp2.txt")"
else ok "a trace shifted by 600 s is caught ($(tail -1 "$TMP/cmp2.txt"))"; fi
# Backwards: each seek before the last restores an earlier keyframe.
rtimes=$(echo "$times" | tr ',' '\n' | tac | paste -sd, -)
dom "$page#probe=$rtimes" "$TMP/rprobe.html" 5000
matches "seeking backwards matches the trace too" \
    "$TMP/rprobe.html" "$TMP/rprobe.json" "$TMP/t.csv"
# The probe hook reads the page as a plain seek shows it.
t1=$(echo "$times" | cut -d, -f7)
dom "$page#t=$t1" "$TMP/seek.html"
"$CHECK" shown "$TMP/seek.html" "$t1" >"$TMP/shown.json"
if "$CHECK" compare "$TMP/t.csv" "$TMP/shown.json" >"$TMP/cmp3.txt"; then
    ok "a seek by #t= shows the trace's state ($(tail -1 "$TMP/cmp3.txt"))"
else bad "a seek by #t= shows the trace's state" "$(head -5 "$TMP/cmp3.txt")"; fi

# The placer, the bottleneck, keeps a full input buffer and the stations
# after it wait for work: every 20 minutes of day 1's shifts.
bn=$(python3 -c "print(','.join(str(86400 + 6 * 3600 + 600 + k * 1200) for k in range(47)))")
dom "$page#probe=$bn" "$TMP/bn.html" 3000
"$CHECK" probe "$TMP/bn.html" >"$TMP/bn.json"
check "the placer's buffer full, the stations after it starved" python3 -c "
import json, sys
p = json.load(open('$TMP/bn.json'))
full = sum(e['buffers']['placer'] == 40 for e in p)
wait = sum(any(e['machines'][m] == 'starved' for m in
               ('screw/m1', 'screw/m2', 'vibration/m1', 'vibration/m2')) for e in p)
print(full, wait, len(p))
sys.exit(not (len(p) == 47 and full >= 0.75 * 47 and wait >= 0.5 * 47))"

# ---- names that are HTML ----
# A name may hold '<!--<script', '</script>' or '&amp;': the page must
# still run (the data block's '<' are escaped), find each station's
# element (dot decodes entities: draw.c escapes '&') and match the trace.
cat >"$TMP/html.yaml" <<'YAML'
name: "<!--<script> x </script> & co"
time_unit: s
run: {horizon: 2 h, warmup: 0 s, replications: 1, seed: 5}
products:
  - {name: "a<b", mix: 1}
release:
  interarrival: {exponential: {mean: 40 s}}
stations:
  "st <!--<script>":
    process: {exponential: {mean: 30 s}}
  "</script> &amp; co":
    process: {exponential: {mean: 30 s}}
buffers:
  b1: {from: "st <!--<script>", to: "</script> &amp; co", capacity: 5}
routes:
  default: ["st <!--<script>", "</script> &amp; co"]
YAML
expect "animate a model named in HTML" 0 "$AZ" animate "$TMP/html.yaml" -o "$TMP/html.html"
expect "its trace" 0 "$AZ" run "$TMP/html.yaml" --trace "$TMP/html.csv"
htimes=$("$CHECK" instants "$TMP/html.html" "$TMP/html.csv" 10)
dom "$TMP/html.html#probe=$htimes" "$TMP/html-dom.html" 3000
[ -n "$(attr "$TMP/html-dom.html" data-ready-ms)" ] && ok "the page still runs" ||
    bad "the page still runs" "no data-ready-ms"
has "its error box is empty" "$TMP/html-dom.html" '<pre id="errors" hidden=""></pre>'
matches "and matches its trace" "$TMP/html-dom.html" "$TMP/html.json" \
    "$TMP/html.csv"

# A window to the second is reported to the second.
expect "a one-second window" 0 "$AZ" animate "$FACTORY" --horizon "3 d" --warmup "0 s" \
    --from "1 06:00:30" --to "1 06:00:31" -o "$TMP/sec.html"
has "reported to the second" "$TMP/err" "day 1 06:00:30 to day 1 06:00:31"

# ---- a window in which nothing happens ----
# The night between day 1 and day 2: the line is off shift, nothing is
# recorded, and the page must show the line as the night holds it (it
# showed the state of the run's end, far later).
expect "a quiet window" 0 "$AZ" animate "$FACTORY" --horizon "3 d" --warmup "0 s" \
    --from "1 23:00" --to "2 05:00" -o "$TMP/night.html"
has "nothing happens in it" "$TMP/err" ": 0 events"
dom "$TMP/night.html#probe=$((86400 + 23 * 3600 + 60)),$((2 * 86400 + 4 * 3600))" "$TMP/night-dom.html" 3000
matches "a quiet window shows the trace's state" "$TMP/night-dom.html" \
    "$TMP/night.json" "$TMP/t.csv"
check "the night's counters are the trace's" python3 -c "
import csv, re, sys
done = sum(1 for r in csv.reader(open('$TMP/t.csv')) if r[1] == 'line' and r[2] == 'done' and float(r[0]) <= 86400 + 23 * 3600)
page = open('$TMP/night-dom.html').read()
m = re.search(r'id=\"c-out\">([0-9]+)<', page)
print(done, m and m.group(1))
sys.exit(not (m and int(m.group(1)) == done))"

# ---- the clock: the shift by name, breaks, off shift, holidays ----
clock_at() { # page, time: the clock's calendar label there
    dom "$1#t=$2" "$TMP/clock.html" 1000
    grep -o '<span class="cal">[^<]*</span>' "$TMP/clock.html" | sed 's/<[^>]*>//g'
}
c1=$(clock_at "$page" $((86400 + 13 * 3600 + 600)))
[ "$c1" = "day shift" ] && ok "13:10 on day 1 is the day shift" || bad "13:10 on day 1 is the day shift" "$c1"
c2=$(clock_at "$page" $((86400 + 9 * 3600 + 300)))
[ "$c2" = "break" ] && ok "09:05 is the tea break" || bad "09:05 is the tea break" "$c2"
c3=$(clock_at "$page" $((86400 + 17 * 3600 + 1800)))
[ "$c3" = "evening shift" ] && ok "17:30 is the evening shift" || bad "17:30 is the evening shift" "$c3"
c4=$(clock_at "$page" $((86400 + 23 * 3600)))
[ "$c4" = "off shift" ] && ok "23:00 is off shift" || bad "23:00 is off shift" "$c4"
expect "a window on the New Year holiday" 0 "$AZ" animate "$FACTORY" --horizon "3 d" \
    --warmup "0 s" --from "0 10:00" --to "0 11:00" -o "$TMP/ny.html"
c5=$(clock_at "$TMP/ny.html" $((10 * 3600 + 60)))
[ "$c5" = "holiday" ] && ok "day 0 is a holiday" || bad "day 0 is a holiday" "$c5"

# ---- full size: the factory's long line legible, scrolled sideways ----
dom "$page#zoom=full" "$TMP/zoom.html" 2000
has "zoom to full size" "$TMP/zoom.html" 'aria-pressed="true"'
check "the diagram at its own width" python3 -c "
import re, sys
page = open('$TMP/zoom.html').read()
w = re.search(r'<svg[^>]*width=\"([0-9.]+)pt\"', page)
st = re.search(r'<svg[^>]*style=\"[^\"]*width: ([0-9.]+)px', page)
print(w and w.group(1), st and st.group(1))
sys.exit(not (w and st and abs(float(st.group(1)) - float(w.group(1)) * 4 / 3) < 1))"

# ---- play and pause ----
dom "$page#t=100000&speed=1000&play=1s" "$TMP/play.html" 4000
tp=$(attr "$TMP/play.html" data-t)
check "play moves the clock, pause stops it (t = $tp)" python3 -c "
import sys
t = float('$tp')
sys.exit(not (100000 + 500 <= t <= 100000 + 1600))"
has "paused after playing" "$TMP/play.html" 'data-playing="0"'
has "played for the time asked" "$TMP/play.html" 'data-played="1"'
msgs=$(console_messages)
[ -z "$msgs" ] && ok "no console errors while playing" || bad "no console errors while playing" "$msgs"
# the step to the next event and the station panel do not fail either
dom "$page#t=120000&station=placer" "$TMP/panel.html"
has "the station's panel" "$TMP/panel.html" '<div id="panel" data-station="placer">'
has "its queue" "$TMP/panel.html" "<h2>Queue: "

# ---- screenshots at two times ----
rm -f "$ART/animate-1.png" "$ART/animate-2.png"
shot "$page#t=108600&station=placer" "$ART/animate-1.png"
shot "$page#t=151200&station=display_inspection" "$ART/animate-2.png"
for f in "$ART/animate-1.png" "$ART/animate-2.png"; do
    [ -s "$f" ] && [ "$(wc -c <"$f")" -gt 30000 ] && ok "screenshot $f" || bad "screenshot $f"
done
cp "$page" "$ART/animate.html"

# ---- from a state (--initial): the forecast replayed ----
# Wednesday 14:00's line (docs/twin.md) to the end of the day: the window
# starts at the state's time, and the page matches the trace of the same
# run from the same state.
STATE=examples/state/line-blocks-wednesday.yaml
expect "animate from a state" 0 "$AZ" animate examples/line-blocks.yaml --initial "$STATE" \
    --horizon "end of day" -o "$TMP/init.html"
has "from a state: the window starts at the state" "$TMP/err" "day 2 14:00 to day 3 00:00"
expect "its trace" 0 "$AZ" run examples/line-blocks.yaml --initial "$STATE" \
    --horizon "end of day" --reps 1 --trace "$TMP/init.csv"
itimes=$("$CHECK" instants "$TMP/init.html" "$TMP/init.csv" 10)
dom "$TMP/init.html#probe=$itimes" "$TMP/init-dom.html" 3000
matches "from a state: machines and buffers match the trace at 10 instants" \
    "$TMP/init-dom.html" "$TMP/init.json" "$TMP/init.csv"
expect "--from before the state" 2 "$AZ" animate examples/line-blocks.yaml --initial "$STATE" \
    --from "2 06:00" -o "$TMP/init.html"
has "--from before the state: why" "$TMP/err" "--from '2 06:00' is day 2 06:00, before the state the run starts from (day 2 14:00, --initial)"
expect "from a state, a warm-up past the horizon: not refused" 0 "$AZ" animate examples/line-blocks.yaml \
    --initial "$STATE" --horizon "1 h" --warmup "1 d" -o "$TMP/init-w.html"
has "from a state, a warm-up past the horizon: the hour" "$TMP/err" "day 2 14:00 to day 2 15:00"
expect "--initial that is no state" 2 "$AZ" animate examples/line-blocks.yaml --initial "$TMP/none.yaml" \
    -o "$TMP/init.html"
has "--initial that is no state: named" "$TMP/err" "none.yaml"

# ---- a week: possible, its size stated ----
expect "animate a week" 0 "$AZ" animate "$FACTORY" --from "1 d" --to "8 d" -o "$TMP/week.html"
wsize=$(wc -c <"$TMP/week.html")
echo "    factory, a week (day 1 to day 8): $wsize bytes"
[ "$wsize" -lt 30000000 ] && ok "a week under 30 MB ($wsize bytes)" || bad "a week under 30 MB ($wsize bytes)"

summary
