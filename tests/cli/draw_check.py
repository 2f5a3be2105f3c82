#!/usr/bin/python3
"""draw_check.py: the checks of tests/cli/test_draw.sh on a line diagram.

  draw_check.py ids MODEL.yaml DIAGRAM.svg
      Every station, buffer and route edge of the model file has its id in
      the SVG (docs/output-format.md, "The line diagram"), worked out from
      the YAML on its own, not from azalea's code. Prints what is missing;
      exit 1 if anything is.
  draw_check.py page DIAGRAM.svg PAGE.html
      A page with the SVG inline and a script that measures every node's
      bounding box in the browser's layout and writes each pair that
      overlaps into <pre id="overlaps">, for headless Chromium's --dump-dom.
  draw_check.py overlaps DOM.html
      Reads that result back: prints it; exit 1 if a pair overlaps or no
      node was measured.
"""
import re
import sys
import xml.etree.ElementTree as ET

import yaml


def svg_ids(path):
    return {e.get("id") for e in ET.parse(path).iter() if e.get("id")}


def steps(route):
    for s in route:
        yield (s, {}) if isinstance(s, str) else (s["station"], s)


def expected(model):
    doc = yaml.safe_load(open(model))
    want = {"st-" + s for s in doc["stations"]}
    for b in (doc.get("buffers") or {}).values():
        if b.get("capacity") != "unlimited" or "transport" in b:
            want.add("buf-" + b["to"])
    routes = doc["routes"]
    comps = {c for st in doc["stations"].values() if st
             for c in (st.get("assemble") or {})}
    for p in doc["products"]:
        name = p["name"]
        r = p.get("route") or (name if name in routes else "default")
        route = list(steps(routes[r]))
        want.add("edge-release-" + route[0][0])
        for (a, sa), (b, _) in zip(route, route[1:]):
            if not sa.get("destructive"):
                want.add("edge-%s-%s" % (a, b))
        for a, sa in route:
            if "rework" in sa:
                want |= {"rework-%s-%s" % (a, sa["rework"]),
                         "rework-%s-%s" % (sa["rework"], a)}
            if sa.get("destructive") or ("yield" in sa and (
                    "rework" not in sa or "max_rework" in sa)):
                want.add("scrap-" + a)
        last, sl = route[-1]
        if name not in comps and not sl.get("destructive"):
            want.add("exit-" + last)
    return want


def page(svg, out):
    text = open(svg).read()
    text = text[text.index("<svg"):]
    with open(out, "w") as f:
        f.write("""<!DOCTYPE html><html><head><meta charset="utf-8"></head>
<body>%s<pre id="overlaps">not measured</pre><script>
const nodes = [...document.querySelectorAll("g.node")];
const box = nodes.map(n => n.getBoundingClientRect());
const out = [];
for (let i = 0; i < box.length; i++)
  for (let j = i + 1; j < box.length; j++) {
    const a = box[i], b = box[j], e = 0.5;
    if (a.left < b.right - e && b.left < a.right - e &&
        a.top < b.bottom - e && b.top < a.bottom - e)
      out.push(nodes[i].id + " " + nodes[j].id);
  }
document.getElementById("overlaps").textContent =
  "nodes " + nodes.length + "\\noverlaps " + out.length + "\\n" + out.join("\\n");
</script></body></html>
""" % text)


def overlaps(dom):
    m = re.search(r'<pre id="overlaps">(.*?)</pre>', open(dom).read(), re.S)
    text = m.group(1) if m else "no result"
    print(text)
    n = re.search(r"nodes (\d+)\s+overlaps (\d+)", text)
    return 0 if n and int(n.group(1)) > 0 and int(n.group(2)) == 0 else 1


def main(argv):
    if len(argv) == 3 and argv[0] == "ids":
        missing = sorted(expected(argv[1]) - svg_ids(argv[2]))
        for i in missing:
            print("missing id:", i)
        return 1 if missing else 0
    if len(argv) == 3 and argv[0] == "page":
        page(argv[1], argv[2])
        return 0
    if len(argv) == 2 and argv[0] == "overlaps":
        return overlaps(argv[1])
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
