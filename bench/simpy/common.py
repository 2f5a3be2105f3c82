"""common.py: what the SimPy ports share: the 95 % Student-t interval over
replications (the same definition azalea uses, docs/statistics.md) and the
JSON they print, shaped like azalea's "statistic" objects so that
bench/compare reads both the same way."""
import json
import math
import sys

# t quantiles at 0.975 for 1..30 degrees of freedom.
_T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262,
         2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101,
         2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052,
         2.048, 2.045, 2.042]


def t975(df):
    if df <= 30:
        return _T975[df - 1]
    return 1.960 + 2.4 / df  # within 0.003 of the true quantile beyond 30


def statistic(values):
    """{mean, ci95, n} over replications; ci95 is null with one value."""
    n = len(values)
    m = sum(values) / n
    if n < 2:
        return {"mean": m, "ci95": None, "n": n}
    var = sum((v - m) ** 2 for v in values) / (n - 1)
    h = t975(n - 1) * math.sqrt(var / n)
    return {"mean": m, "ci95": [m - h, m + h], "n": n}


def emit(engine_info, reps, work, wall):
    """Prints the result: one statistic per name, work units done (summed
    over replications) and the wall time of the simulation runs alone."""
    names = reps[0].keys()
    out = dict(engine_info)
    out["stats"] = {k: statistic([r[k] for r in reps]) for k in names}
    out["work"] = work
    out["wall_seconds"] = wall
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")
