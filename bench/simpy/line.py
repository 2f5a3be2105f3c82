#!/usr/bin/python3
"""line.py: a serial line in idiomatic SimPy 3, the same model as
bench/models/line10.yaml (bench/gen-line): N single-machine stations with
exponential process times, a Store of capacity B in front of each station,
blocking after service (a machine that finished a unit keeps it until its
put into the next Store succeeds), and a saturated first station (a source
that puts units into the first Store as fast as they are taken).

It computes what azalea reports, over [warmup, horizon]: throughput (units
out per time unit), lead time mean (entry into the first Store to exit, of
the units that left after the warm-up), wip (time-average units in the
line), and for each station k: util_k and blocked_k (time-average shares of
the machine processing and blocked). `work` is the station completions
(process ends) after the warm-up, the unit bench/compare counts.

Usage: /usr/bin/python3 bench/simpy/line.py [--stations N] [--bottleneck K:T]
           [--buffer B] [--horizon H] [--warmup W] [--reps R] [--seed S]"""
import argparse
import random
import time

import simpy

from common import emit

IDLE, BUSY, BLOCKED = 0, 1, 2


class Line:
    """State of one replication and its time-weighted tallies."""

    def __init__(self, env, n, warmup):
        self.env, self.warmup = env, warmup
        self.in_line = 0
        self.wip_area = 0.0
        self.wip_since = 0.0
        self.state = [IDLE] * n
        self.since = [0.0] * n
        self.area = [[0.0, 0.0, 0.0] for _ in range(n)]
        self.done = 0
        self.out = 0
        self.lead_sum = 0.0

    def _span(self, since):
        return self.env.now - max(since, self.warmup)

    def set_state(self, k, s):
        d = self._span(self.since[k])
        if d > 0:
            self.area[k][self.state[k]] += d
        self.state[k], self.since[k] = s, self.env.now

    def wip(self, delta):
        d = self._span(self.wip_since)
        if d > 0:
            self.wip_area += self.in_line * d
        self.in_line += delta
        self.wip_since = self.env.now

    def close(self):
        self.wip(0)
        for k in range(len(self.state)):
            self.set_state(k, self.state[k])


def source(env, first, line):
    while True:
        unit = {}
        yield first.put(unit)
        unit["t_in"] = env.now
        line.wip(+1)


def machine(env, k, inbuf, outbuf, mean, rnd, line):
    while True:
        unit = yield inbuf.get()
        line.set_state(k, BUSY)
        yield env.timeout(rnd.expovariate(1.0 / mean))
        if env.now >= line.warmup:
            line.done += 1
        if outbuf is not None:
            line.set_state(k, BLOCKED)
            yield outbuf.put(unit)
        else:
            line.wip(-1)
            if env.now >= line.warmup:
                line.out += 1
                line.lead_sum += env.now - unit["t_in"]
        line.set_state(k, IDLE)


def replication(means, buffer, horizon, warmup, seed):
    env = simpy.Environment()
    rnd = random.Random(seed)
    n = len(means)
    line = Line(env, n, warmup)
    stores = [simpy.Store(env, capacity=buffer) for _ in range(n)]
    env.process(source(env, stores[0], line))
    for k in range(n):
        nxt = stores[k + 1] if k + 1 < n else None
        env.process(machine(env, k, stores[k], nxt, means[k], rnd, line))
    env.run(until=horizon)
    line.close()
    span = horizon - warmup
    res = {"throughput": line.out / span,
           "lead_time_mean": line.lead_sum / line.out,
           "wip": line.wip_area / span}
    for k in range(n):
        res["util_%d" % (k + 1)] = line.area[k][BUSY] / span
        res["blocked_%d" % (k + 1)] = line.area[k][BLOCKED] / span
    return res, line.done


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--stations", type=int, default=10)
    ap.add_argument("--bottleneck", default="5:1.1")
    ap.add_argument("--mean", type=float, default=1.0)
    ap.add_argument("--buffer", type=int, default=5)
    ap.add_argument("--horizon", type=float, default=2e5)
    ap.add_argument("--warmup", type=float, default=1000.0)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    means = [a.mean] * a.stations
    if a.bottleneck:
        k, t = a.bottleneck.split(":")
        means[int(k) - 1] = float(t)
    reps, work, wall = [], 0, 0.0
    for r in range(a.reps):
        t0 = time.perf_counter()
        res, done = replication(means, a.buffer, a.horizon, a.warmup,
                                a.seed * 1000003 + r)
        wall += time.perf_counter() - t0
        reps.append(res)
        work += done
    emit({"engine": "SimPy %s" % simpy.__version__, "horizon": a.horizon,
          "warmup": a.warmup}, reps, work, wall)


if __name__ == "__main__":
    main()
