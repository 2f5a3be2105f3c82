#!/usr/bin/python3
"""mm1.py: the M/M/1 queue in idiomatic SimPy 3: a source process starts a
customer process per arrival; a customer requests the server (a Resource
of capacity 1), holds it for an exponential service time, and leaves.

It computes what azalea reports for bench/models/mm1.yaml, over [warmup,
horizon]: throughput (customers out per time unit), lead time mean (sojourn
of the customers that left after the warm-up), wip (time-average customers
in the system) and util (time-average share of the server busy).

Usage: /usr/bin/python3 bench/simpy/mm1.py [--customers N] [--reps R]
           [--seed S] [--warmup W]
N customers are expected per replication (horizon N / lambda)."""
import argparse
import random
import time

import simpy

from common import emit

LAM, MU = 0.9, 1.0


class Stats:
    """Tallies over [warmup, horizon]; areas are kept up to `since`."""

    def __init__(self, env, warmup):
        self.env, self.warmup = env, warmup
        self.out = 0
        self.lead_sum = 0.0
        self.in_system = 0
        self.wip_area = 0.0
        self.busy_area = 0.0
        self.busy = False
        self.since = 0.0

    def _advance(self):
        now = self.env.now
        t0 = max(self.since, self.warmup)
        if now > t0:
            self.wip_area += self.in_system * (now - t0)
            if self.busy:
                self.busy_area += now - t0
        self.since = now

    def arrive(self):
        self._advance()
        self.in_system += 1

    def start(self):
        self._advance()
        self.busy = True

    def leave(self, t_in):
        self._advance()
        self.busy = False
        self.in_system -= 1
        if self.env.now >= self.warmup:
            self.out += 1
            self.lead_sum += self.env.now - t_in


def customer(env, server, rnd, st):
    t_in = env.now
    st.arrive()
    with server.request() as req:
        yield req
        st.start()
        yield env.timeout(rnd.expovariate(MU))
        st.leave(t_in)


def source(env, server, rnd, st):
    while True:
        yield env.timeout(rnd.expovariate(LAM))
        env.process(customer(env, server, rnd, st))


def replication(horizon, warmup, seed):
    env = simpy.Environment()
    server = simpy.Resource(env, capacity=1)
    rnd = random.Random(seed)
    st = Stats(env, warmup)
    env.process(source(env, server, rnd, st))
    env.run(until=horizon)
    st._advance()
    span = horizon - warmup
    return {
        "throughput": st.out / span,
        "lead_time_mean": st.lead_sum / st.out,
        "wip": st.wip_area / span,
        "util": st.busy_area / span,
    }, st.out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--customers", type=float, default=1e5)
    ap.add_argument("--reps", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--warmup", type=float, default=1000.0)
    a = ap.parse_args()
    horizon = a.customers / LAM
    reps, work, wall = [], 0, 0.0
    for r in range(a.reps):
        t0 = time.perf_counter()
        res, out = replication(horizon, a.warmup, a.seed * 1000003 + r)
        wall += time.perf_counter() - t0
        reps.append(res)
        work += out
    emit({"engine": "SimPy %s" % simpy.__version__, "horizon": horizon,
          "warmup": a.warmup}, reps, work, wall)


if __name__ == "__main__":
    main()
