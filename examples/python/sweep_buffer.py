#!/usr/bin/python3
"""sweep_buffer.py: what a bigger buffer before the screw robot buys on the
tutorial line, from Python, with kits released close to the placers'
capacity (one every 36 s on average, 100 an hour for 103): throughput and
lead time for capacities 1 to 10, each with its 95 % confidence interval,
and the curve as a PNG when matplotlib is there.

    PYTHONPATH=python examples/python/sweep_buffer.py [--reps N] [--png FILE]
"""
import argparse
import os

import azalea

HERE = os.path.dirname(os.path.abspath(__file__))
MODEL = os.path.join(HERE, "..", "tutorial-line.yaml")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=10)
    ap.add_argument("--png", default="sweep_buffer.png")
    a = ap.parse_args()
    m = azalea.load(MODEL, set={
        "release.interarrival": "{exponential: {mean: 36 s}}"})
    # One call, as `azalea sweep`: every capacity with the same seed and
    # replications (common random numbers), so the curve is smooth.
    sw = m.sweep({"buffers.before_screw.capacity": "1..10"},
                 replications=a.reps, seed=42, threads=0)
    rows = []
    print(f"{'buffer':>6}  {'units/h':>16}  {'lead time (s)':>18}")
    for p in sw.points:
        cap = int(p["values"][0])
        tp, lt = p["throughput_per_hour"], p["lead_time_mean"]
        half_tp = (tp["ci95"][1] - tp["ci95"][0]) / 2
        half_lt = (lt["ci95"][1] - lt["ci95"][0]) / 2
        rows.append((cap, tp["mean"], half_tp, lt["mean"], half_lt))
        # A figure that may mislead (a line that cannot keep up) is named.
        note = "  UNSTABLE: the line cannot keep up" if p["unstable"] else ""
        print(f"{cap:>6}  {tp['mean']:>9.2f} ± {half_tp:<5.2f}"
              f"  {lt['mean']:>10.1f} ± {half_lt:<8.1f}" + note)
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("(matplotlib is not installed: no plot)")
        return
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.errorbar([r[0] for r in rows], [r[1] for r in rows],
                yerr=[r[2] for r in rows], marker="o", capsize=3)
    ax.set_xlabel("capacity of before_screw")
    ax.set_ylabel("throughput (units/h)")
    ax.set_title("Tutorial line: what the buffer buys")
    fig.tight_layout()
    fig.savefig(a.png, dpi=120)
    print(f"plot: {a.png}")


if __name__ == "__main__":
    main()
