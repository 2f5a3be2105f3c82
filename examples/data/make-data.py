#!/usr/bin/python3
"""make-data.py: makes the data sets of examples/data/ (stdlib only, a
fixed seed, so the files are the same every time):

  placer-times.csv  1,000 placement times (s) of the tutorial line's
                    placer: gamma, mean 41.2 s, cv 0.31
  downtime.csv      30 days of failures of the tutorial line's machines
                    (examples/tutorial-line.yaml), from 2026-12-07 06:00:
                    up-times Weibull (shape 1.3, scale 8 h; screw 12 h;
                    test exponential, mean 20 h), repairs lognormal (mean
                    20 min, cv 0.5; test 45 min, cv 0.8), calendar time,
                    and a planned maintenance of the screw robot each
                    week (kind maintenance, not a failure)

Run from the repository root: examples/data/make-data.py
"""
import datetime
import math
import random

rng = random.Random(17)

with open("examples/data/placer-times.csv", "w") as f:
    f.write("unit,time\n")
    k = 1 / 0.31 ** 2
    for i in range(1000):
        f.write("%d,%.2f\n" % (i + 1, rng.gammavariate(k, 41.2 / k)))


def lognormal(mean, cv):
    s2 = math.log(1 + cv * cv)
    return rng.lognormvariate(math.log(mean) - s2 / 2, math.sqrt(s2))


start = datetime.datetime(2026, 12, 7, 6, 0)
end = 30 * 86400
machines = [("placer/1", lambda: rng.weibullvariate(8 * 3600, 1.3),
             lambda: lognormal(1200, 0.5)),
            ("placer/2", lambda: rng.weibullvariate(8 * 3600, 1.3),
             lambda: lognormal(1200, 0.5)),
            ("screw", lambda: rng.weibullvariate(12 * 3600, 1.3),
             lambda: lognormal(1200, 0.5)),
            ("test", lambda: rng.expovariate(1 / (20 * 3600)),
             lambda: lognormal(2700, 0.8))]
rows = []
for name, up, repair in machines:
    t = up()
    while t < end:
        r = repair()
        rows.append((t, t + r, name, "failure"))
        t += r + up()
for week in range(4):
    t = week * 7 * 86400 + 5.5 * 86400
    if not any(n == "screw" and a < t + 7200 and t < b for a, b, n, _ in rows):
        rows.append((t, t + 7200, "screw", "maintenance"))
rows.sort()


def stamp(s):
    return (start + datetime.timedelta(seconds=round(s))).strftime("%Y-%m-%d %H:%M:%S")


with open("examples/data/downtime.csv", "w") as f:
    f.write("machine,start,end,kind\n")
    for a, b, name, kind in rows:
        f.write("%s,%s,%s,%s\n" % (name, stamp(a), stamp(b), kind))
