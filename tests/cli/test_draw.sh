#!/bin/sh
# test_draw.sh: `azalea draw`, the line diagram (docs/output-format.md,
# "The line diagram"). Every example model's stations, buffers and route
# edges are in its SVG by id (tests/cli/draw_check.py works them out from
# the YAML alone); the line with rework and the one with assembly lay out
# with no two nodes overlapping, measured in headless Chromium's layout;
# 100 stations are drawn one by one, 1,000 and 10,000 as a summary that
# says so; a missing or failing dot leaves no file. Screenshots are kept
# in build/artefacts/ (draw-*.png) for people to look at. Each checker is
# also shown a broken diagram, which it must fail.
# Usage: tests/cli/test_draw.sh BUILD_DIR   (run from the repository root)
set -u
. tests/lib.sh
AZ=${1:-${AZ_BUILD:-build/rel}}/azalea
ART=build/artefacts
CHROMIUM=${CHROMIUM:-chromium}
CHECK=tests/cli/draw_check.py
mkdir -p "$ART" "$TMP/tmpdir"
unset AZALEA_DOT

# ---- the command ----
expect "help draw" 0 "$AZ" help draw
has "help names --output" "$TMP/out" "--output FILE"
has "help names --format" "$TMP/out" "--format F"
expect "draw without a model" 2 "$AZ" draw
has "draw without a model says why" "$TMP/err" "draw needs a model file"
expect "draw --format png refused" 2 "$AZ" draw examples/tutorial-line.yaml --format png
has "--format message" "$TMP/err" "--format expects 'svg' or 'dot', got 'png'"
expect "--format is draw's alone" 2 "$AZ" run --example tutorial --format svg
has "--format rejected by run" "$TMP/err" "--format is not an option of 'run'"
expect "-o is draw's alone" 2 "$AZ" check examples/tutorial-line.yaml -o "$TMP/x"
has "-o rejected by check" "$TMP/err" "--output is not an option of 'check'"
expect "--report is not draw's" 2 "$AZ" draw examples/tutorial-line.yaml --report "$TMP/x.html"

# ---- every example: each station, buffer and route edge by id ----
for f in examples/*.yaml; do
    b=$(basename "$f" .yaml)
    expect "draw $b" 0 "$AZ" draw "$f" -o "$TMP/$b.svg"
    has "$b: a whole SVG" "$TMP/$b.svg" "</svg>"
    if "$CHECK" ids "$f" "$TMP/$b.svg" >"$TMP/ids" 2>&1; then
        ok "$b: every station, buffer and route edge has its id"
    else bad "$b: every station, buffer and route edge has its id" "$(head -5 "$TMP/ids")"; fi
done
# The id check fails a diagram that lacks a station.
sed 's/id="st&#45;placer"/id="gone"/' "$TMP/line-blocks.svg" >"$TMP/broken.svg"
if "$CHECK" ids examples/line-blocks.yaml "$TMP/broken.svg" | grep -q "missing id: st-placer"; then
    ok "id check fails a diagram without a station"
else bad "id check fails a diagram without a station"; fi
has "the diagram has the shapes" "$TMP/line-blocks.svg" 'class="node station batch"'
has "a test shows its yield" "$TMP/line-blocks.svg" "yield 94–97 %"
has "packaging shows its carton" "$TMP/line-blocks.svg" "cartons of 20"
has "a conveyor is drawn" "$TMP/line-assembly.svg" 'class="node buffer conveyor"'
has "components join in their colour" "$TMP/line-assembly.svg" 'class="edge component"'
# 30 products on the factory's routes: one edge per pair of stations.
n=$(grep -c 'id="edge&#45;adhesive&#45;' "$TMP/smartphone-factory.svg")
[ "$n" -eq 1 ] && ok "30 products' edges merged into one" || bad "30 products' edges merged into one" "$n edges"

# ---- the DOT text; --example; standard output ----
expect "draw --format dot" 0 env PATH=/nonexistent "$AZ" draw examples/line-blocks.yaml --format dot -o "$TMP/l.dot"
check "DOT text without dot installed" grep -q "^digraph line {" "$TMP/l.dot"
expect "a .gv file is DOT" 0 "$AZ" draw --example tutorial -o "$TMP/t.gv"
check "the .gv file holds DOT" grep -q "^digraph line {" "$TMP/t.gv"
expect "draw to standard output" 0 "$AZ" draw --example tutorial --set stations.placer.machines=3
has "the SVG on standard output" "$TMP/out" "placer ×3"

# ---- large lines ----
bench/gen-line 100 -o "$TMP/g100.yaml"
expect "draw 100 stations" 0 "$AZ" draw "$TMP/g100.yaml" -o "$TMP/g100.svg"
n=$(grep -c 'class="node station"' "$TMP/g100.svg")
[ "$n" -eq 100 ] && ok "100 stations drawn one by one" || bad "100 stations drawn one by one" "$n"
if grep -q Summary "$TMP/err" "$TMP/g100.svg"; then bad "no summary for 100 stations"
else ok "no summary for 100 stations"; fi
# 100 stations in series fold into rows, as text wraps: not one strip
# 17,000 points long.
w=$(sed -n 's/^<svg width="\([0-9]*\)pt" height="\([0-9]*\)pt"/\1 \2/p' "$TMP/g100.svg")
if echo "$w" | awk '{ exit !($1 < 4000 && $2 > 400) }'; then ok "100 stations fold into rows ($w pt)"
else bad "100 stations fold into rows" "$w"; fi
bench/gen-line 1000 --lanes 10 -o "$TMP/g1000.yaml"
expect "draw 1,000 stations" 0 "$AZ" draw "$TMP/g1000.yaml" -o "$TMP/g1000.svg"
has "1,000 stations: a summary, said on stderr" "$TMP/err" "azalea: draw: Summary: 1000 stations"
has "1,000 stations: a summary, said on the drawing" "$TMP/g1000.svg" "Summary: 1000 stations"
n=$(grep -c 'class="node group"' "$TMP/g1000.svg")
[ "$n" -ge 10 ] && [ "$n" -le 60 ] && ok "1,000 stations in $n boxes" || bad "1,000 stations in 10 to 60 boxes" "$n"
bench/gen-line 10000 --lanes 100 -o "$TMP/g10000.yaml"
expect "draw 10,000 stations" 0 "$AZ" draw "$TMP/g10000.yaml" -o "$TMP/g10000.svg"
n=$(grep -c 'class="node group"' "$TMP/g10000.svg")
[ "$n" -le 60 ] && ok "10,000 stations in $n boxes" || bad "10,000 stations in at most 60 boxes" "$n"

# ---- failures: a clear message, no file ----
expect "draw without dot exits 2" 2 env PATH=/nonexistent "$AZ" draw examples/tutorial-line.yaml -o "$TMP/none.svg"
has "draw without dot says why" "$TMP/err" "draw needs Graphviz's dot"
expect "a failing dot exits 1" 1 env TMPDIR="$TMP/tmpdir" AZALEA_DOT=/bin/false "$AZ" draw examples/tutorial-line.yaml -o "$TMP/none.svg"
has "a failing dot says so" "$TMP/err" "dot failed"
[ ! -e "$TMP/none.svg" ] && ok "no diagram when dot fails" || bad "no diagram when dot fails"
[ -z "$(ls -A "$TMP/tmpdir")" ] && ok "temporary files removed" || bad "temporary files removed" "$(ls "$TMP/tmpdir")"
printf 'name: x\nstations:\n  a: {process: 1 s}\nroutes:\n  default: [b]\n' >"$TMP/bad.yaml"
expect "a bad model exits 2" 2 "$AZ" draw "$TMP/bad.yaml" -o "$TMP/none.svg"
has "a bad model's problem located" "$TMP/err" "bad.yaml:5:"
expect "an unwritable file exits 2" 2 "$AZ" draw examples/tutorial-line.yaml -o /nonexistent/x.svg
[ ! -e "$TMP/none.svg" ] && ok "no diagram of a bad model" || bad "no diagram of a bad model"

# ---- layout in a browser: no node overlaps another ----
# browse PAGE PNG: headless Chromium's screenshot of PAGE.
browse() {
    timeout 120 "$CHROMIUM" --headless=new --no-sandbox --disable-gpu \
        --disable-dev-shm-usage --hide-scrollbars \
        --user-data-dir="$TMP/profile" --window-size="$3" \
        --screenshot="$2" "file://$1" >/dev/null 2>&1
}
# no_overlap NAME SVG: the nodes' boxes in Chromium's layout of SVG.
no_overlap() {
    "$CHECK" page "$2" "$TMP/page.html"
    timeout 120 "$CHROMIUM" --headless=new --no-sandbox --disable-gpu \
        --disable-dev-shm-usage --user-data-dir="$TMP/profile" \
        --dump-dom "file://$TMP/page.html" >"$TMP/dom.html" 2>/dev/null
    "$CHECK" overlaps "$TMP/dom.html" >"$TMP/overlaps"
}
if ! command -v "$CHROMIUM" >/dev/null 2>&1; then
    bad "chromium installed" "no '$CHROMIUM' on the PATH: run scripts/install-deps"
else
    for b in line-blocks line-assembly smartphone-factory; do
        if no_overlap "$b" "$TMP/$b.svg"; then
            ok "$b: no node overlaps another ($(head -1 "$TMP/overlaps"))"
        else bad "$b: no node overlaps another" "$(head -5 "$TMP/overlaps")"; fi
    done
    if no_overlap g100 "$TMP/g100.svg"; then
        ok "100 stations: no node overlaps another ($(head -1 "$TMP/overlaps"))"
    else bad "100 stations: no node overlaps another" "$(head -5 "$TMP/overlaps")"; fi
    # A diagram with one station drawn twice on itself fails the check.
    python3 - "$TMP/line-assembly.svg" "$TMP/overlap.svg" <<'PY'
import re, sys
s = open(sys.argv[1]).read()
m = re.search(r'<g id="st&#45;test" class="node[^"]*">.*?</a>\n</g>\n</g>', s, re.S)
copy = m.group(0).replace('id="st&#45;test"', 'id="copy"', 1)
open(sys.argv[2], "w").write(s.replace(m.group(0), m.group(0) + "\n" + copy))
PY
    if no_overlap broken "$TMP/overlap.svg"; then
        bad "overlap check fails a node drawn on another" "$(cat "$TMP/overlaps")"
    else ok "overlap check fails a node drawn on another"; fi
    for b in line-blocks line-assembly; do
        rm -f "$ART/draw-$b.png"
        cp "$TMP/$b.svg" "$ART/draw-$b.svg"
        browse "$(pwd)/$ART/draw-$b.svg" "$ART/draw-$b.png" 1700,420
        [ -s "$ART/draw-$b.png" ] && ok "screenshot $ART/draw-$b.png" \
            || bad "screenshot $ART/draw-$b.png"
    done
    cp "$TMP/g100.svg" "$ART/draw-100-stations.svg"
    browse "$(pwd)/$ART/draw-100-stations.svg" "$ART/draw-100-stations.png" 3400,1000
    [ -s "$ART/draw-100-stations.png" ] && ok "screenshot $ART/draw-100-stations.png" \
        || bad "screenshot $ART/draw-100-stations.png"
    cp "$TMP/g1000.svg" "$ART/draw-1000-stations.svg"
    browse "$(pwd)/$ART/draw-1000-stations.svg" "$ART/draw-1000-stations.png" 1900,1000
    [ -s "$ART/draw-1000-stations.png" ] && ok "screenshot $ART/draw-1000-stations.png" \
        || bad "screenshot $ART/draw-1000-stations.png"
fi

summary
