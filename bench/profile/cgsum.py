#!/usr/bin/python3
"""cgsum.py CG_FILE UNITS [ROOT]: exclusive Ir per source function (inlined code
attributed to its own source file/function via ctags line ranges), and per category."""
import sys, re, subprocess, os, bisect, collections
cg, units = sys.argv[1], float(sys.argv[2])
root = sys.argv[3] if len(sys.argv) > 3 else "/tmp/wt-prof"
names = {"fl": {}, "fn": {}}
cost = collections.Counter()   # (file, fnname, line) -> Ir
cur_file = cur_fn = None
skip_next = False
last_line = 0
def name_of(kind, s):
    m = re.match(r"\((\d+)\)(?: (.*))?", s)
    key = m.group(1)
    if m.group(2) is not None:
        names[kind][key] = m.group(2)
    return names[kind][key]
for raw in open(cg):
    line = raw.rstrip("\n")
    if not line: continue
    c = line[0]
    if c.isdigit() or c in "+-*":
        parts = line.split()
        p = parts[0]
        if p.startswith("+"): ln = last_line + int(p[1:])
        elif p.startswith("-"): ln = last_line - int(p[1:])
        elif p == "*": ln = last_line
        else: ln = int(p)
        last_line = ln
        if skip_next:
            skip_next = False; continue
        ir = int(parts[1]) if len(parts) > 1 else 0
        cost[(cur_file, cur_fn, ln)] += ir
        continue
    if "=" not in line: continue
    k, v = line.split("=", 1)
    if k == "fl": cur_file = name_of("fl", v); fl_file = cur_file
    elif k in ("fi", "fe"): cur_file = name_of("fl", v)
    elif k == "fn": cur_fn = name_of("fn", v); cur_file = fl_file
    elif k in ("cfi", "cfl"): name_of("fl", v)
    elif k == "cfn": name_of("fn", v)
    elif k == "calls": skip_next = True
total = sum(cost.values())
# ctags ranges
ranges = {}
def funcs_of(path):
    if path in ranges: return ranges[path]
    full = path if path.startswith("/") else os.path.join(root, path)
    r = []
    if os.path.exists(full) and full.startswith(root):
        out = subprocess.run(["ctags", "-x", "--c-kinds=f", "--language-force=C", full],
                             capture_output=True, text=True).stdout
        for l in out.splitlines():
            f = l.split()
            r.append((int(f[2]), f[0]))
        r.sort()
    ranges[path] = r
    return r
byfn = collections.Counter()
for (f, fn, ln), ir in cost.items():
    r = funcs_of(f)
    if r:
        i = bisect.bisect_right([a for a, _ in r], ln) - 1
        nm = r[i][1] if i >= 0 else "?"
        byfn[(f.replace(root + "/", ""), nm)] += ir
    else:
        fn2 = re.sub(r"\.lto_priv\.\d+", "", fn or "?")
        byfn[(os.path.basename(f) if f else "?", fn2)] += ir
def cat(f, nm):
    b = os.path.basename(f)
    if "calendar" in f or "/cal_" in f or b.startswith("cal_"): return "calendar"
    if b == "philox.h" or nm.startswith("azi_rng_refill"): return "rng: Philox refill"
    if b in ("rng_impl.h", "rng.c"): return "rng: conversions/stream glue"
    if b in ("dist_impl.h", "dist.c"): return "rng: sampler dispatch (dist)"
    if "gsl" in f or nm.startswith("gsl_"): return "rng: GSL samplers"
    if "log" in nm or "exp" in nm or "sqrt" in nm or b.startswith("e_") or b.startswith("w_") or "libm" in f: return "rng: libm log/exp"
    if b == "bottleneck.c": return "bottleneck detector"
    if b in ("stats.c", "stats_impl.h", "metrics.c"): return "statistics"
    if b in ("pool.c", "carton.c", "batch.c", "setup.c", "failure.c", "dispatch.c", "maintain.c", "assembly.c", "shift.c"): return "features: " + b
    if b in ("flow.c", "loop.c", "source.c", "engine.h", "run.c"): return "flow/engine: " + b
    return "other"
cats = collections.Counter()
for (f, nm), ir in byfn.items(): cats[cat(f, nm)] += ir
print("total Ir %d, units %g, Ir/unit %.1f" % (total, units, total / units))
print("\n== by category (exclusive) ==")
for k, v in sorted(cats.items(), key=lambda x: -x[1]):
    print("%-38s %14d %6.1f%% %9.1f /unit" % (k, v, 100 * v / total, v / units))
print("\n== top functions by source (exclusive, inlined code attributed to its source) ==")
N = int(os.environ.get("TOPN", 30))
for (f, nm), v in byfn.most_common(N):
    print("%-30s %-32s %14d %6.2f%% %8.1f /unit" % (f[-30:], nm, v, 100 * v / total, v / units))
