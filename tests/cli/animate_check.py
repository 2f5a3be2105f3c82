#!/usr/bin/env python3
"""animate_check.py: the replay page of `azalea animate` against the trace
of the same replication (tests/cli/test_animate.sh).

  animate_check.py instants PAGE TRACE N   N times in the page's window, each
      just after a machine or buffer change in the trace (half way to the
      next change), comma-separated
  animate_check.py probe DOM              the page's probe result (#probe=)
      from Chromium's dumped DOM, as JSON
  animate_check.py shown DOM T            what the dumped DOM shows (the
      data-state and data-count attributes), as one probe entry at time T
  animate_check.py compare TRACE PROBE [SHIFT]   every machine's state and
      every buffer's count the page showed at each time against the trace
      (its times shifted by SHIFT); exit 1 on any difference
"""
import bisect
import csv
import html
import json
import re
import sys

STATES = {"starved", "setup", "working", "blocked", "failed",
          "waiting_operator", "off_shift", "maintenance"}


def page_meta(path):
    text = open(path, encoding="utf-8").read()
    m = re.search(r'<script type="application/json" id="az-meta">(.*?)</script>',
                  text, re.S)
    return json.loads(m.group(1))


def read_trace(path, shift=0.0):
    """{machine: ([times], [states])}, {station: ([times], [counts])}."""
    machines, buffers = {}, {}
    with open(path, newline="", encoding="utf-8") as f:
        rows = csv.reader(f)
        next(rows)
        for r in rows:
            t, obj, state = float(r[0]) + shift, r[1], r[2]
            if state in STATES and re.search(r"/m\d+$", obj):
                ts, vs = machines.setdefault(obj, ([], []))
                ts.append(t)
                vs.append(state)
            elif obj.endswith("/buffer") and len(r) > 5:
                ts, vs = buffers.setdefault(obj[:-len("/buffer")], ([], []))
                ts.append(t)
                vs.append(int(r[5]))
    return machines, buffers


def at(series, t, default):
    ts, vs = series
    k = bisect.bisect_right(ts, t)
    return vs[k - 1] if k else default


def instants(page, trace, n):
    meta = page_meta(page)
    lo, hi = meta["from"], meta["to"]
    times = []
    with open(trace, newline="", encoding="utf-8") as f:
        rows = csv.reader(f)
        next(rows)
        for r in rows:
            if (r[2] in STATES and re.search(r"/m\d+$", r[1])) or \
                    r[1].endswith("/buffer"):
                t = float(r[0])
                if lo < t < hi:
                    times.append(t)
    distinct = sorted(set(times))
    out = []
    for k in range(n):
        i = (k * len(distinct)) // n
        while i + 1 < len(distinct) and distinct[i + 1] - distinct[i] < 0.01:
            i += 1
        if i + 1 < len(distinct):
            out.append((distinct[i] + distinct[i + 1]) / 2)
    print(",".join("%.6f" % t for t in out))


def probe(dom):
    text = open(dom, encoding="utf-8").read()
    m = re.search(r'<pre id="probe"[^>]*>(.*?)</pre>', text, re.S)
    if not m or not m.group(1).strip():
        sys.exit("no probe result in the page")
    print(html.unescape(m.group(1)))


def shown(dom, t):
    text = open(dom, encoding="utf-8").read()
    r = {"t": float(t), "machines": {}, "buffers": {}}
    for m in re.finditer(r'data-machine="([^"]*)" data-state="([^"]*)"', text):
        r["machines"][html.unescape(m.group(1))] = m.group(2)
    for m in re.finditer(r'data-buffer="([^"]*)" data-count="([^"]*)"', text):
        r["buffers"][html.unescape(m.group(1))] = int(m.group(2))
    print(json.dumps([r]))


def compare(trace, probe_json, shift=0.0):
    machines, buffers = read_trace(trace, shift)
    result = json.load(open(probe_json, encoding="utf-8"))
    bad = checked = 0
    for entry in result:
        t = entry["t"]
        if not entry["machines"]:
            print("t=%g: the page shows no machine" % t)
            bad += 1
        for name, state in entry["machines"].items():
            want = at(machines.get(name, ([], [])), t, "starved")
            checked += 1
            if want != state:
                bad += 1
                print("t=%g %s: page %s, trace %s" % (t, name, state, want))
        for name, count in entry["buffers"].items():
            want = at(buffers.get(name, ([], [])), t, 0)
            checked += 1
            if want != count:
                bad += 1
                print("t=%g %s buffer: page %d, trace %d" % (t, name, count, want))
        # every machine and buffer of the trace is on the page: one it
        # could not find on the diagram must not pass unseen
        for name in machines:
            if name not in entry["machines"]:
                bad += 1
                print("t=%g %s: in the trace, not on the page" % (t, name))
        for name in buffers:
            if name not in entry["buffers"]:
                bad += 1
                print("t=%g %s buffer: in the trace, not on the page" % (t, name))
    print("%d instants, %d values checked, %d differ" % (len(result), checked, bad))
    return 1 if bad or not checked else 0


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "instants":
        instants(args[0], args[1], int(args[2]))
    elif cmd == "probe":
        probe(args[0])
    elif cmd == "shown":
        shown(args[0], args[1])
    elif cmd == "compare":
        sys.exit(compare(args[0], args[1], float(args[2]) if len(args) > 2 else 0.0))
    else:
        sys.exit(__doc__)
