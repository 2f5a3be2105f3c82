#!/usr/bin/python3
"""realistic.py: the realistic electronics line of issue 22 in idiomatic
SimPy 3, the same system as bench/models/realistic.yaml (bench/compare,
item 5).

The line (all times lognormal with the mean and cv given, unless said):
  release     exponential, mean 36 s; lots of 50 units of one product, the
              product drawn per lot by the mix A1 .35, A2 .15, B1 .20,
              B2 .10, C1 .12, C2 .08 (the family is the letter)
  lcd         2 machines, 60 s cv 0.1, buffer 10, failures MTBF 4 h,
              MTTR 10 min (both exponential, operating clock)
  adhesive    1 machine, 28 s cv 0.1, buffer 5, 120 s setup on a family
              change
  oven        2 ovens, 15 min constant, batches of 20, or of at least 5
              once the oldest unit has waited 10 min; buffer 60
  placer      2 machines, 55 s cv 0.2, buffer 10, 300 s setup on a family
              change, MTBF 8 h, MTTR 20 min
  screw       2 machines, 50 s cv 0.05, buffer 10, MTBF 6 h, MTTR 15 min
  test        1 machine, 25 s cv 0.3, buffer 5, yield 0.97; a failed unit
              goes to rework (1 machine, 180 s cv 0.5, buffer 20) and back
              to the test; failing after 2 reworks scraps it
  inspection  3 benches sharing a pool of 3 inspectors, 90 s cv 0.4,
              buffer 20
  pack        cartons of 10 units of one product, 40 s per carton
Times given without a cv (setups, the oven cycle, the pack time) are
constant.

As SimPy users write it: a simpy.Store of the buffer's capacity in front of
each station, one process per machine (get a unit, set up if its family
differs, process it, put it into the next Store; the put waits while that
Store is full, so the machine stays blocked with its finished unit:
blocking after service, as azalea), a source process for the release, and
a simpy.Resource for the inspector pool. Where azalea's semantics and the
first SimPy idiom that comes to mind differ, this port follows azalea, and
a comment says so.

It computes what azalea reports, over [warmup, horizon]: units per day
(units out, per day), lead time mean (release into the first buffer to
leaving in a carton, of the units out after the warm-up; scrapped units
have none), wip (time-average units in the line: released and neither out
nor scrapped, so units in open cartons count) and, for each station,
util_NAME: the share of machine time processing (not setting up, failed,
blocked or idle; a carton's pack time is processing, as in azalea); and
where the line has them, setup_NAME, failed_NAME (under repair: no
technicians here) and the ovens' blocked share, blocked_curing_oven.

`work` counts station completions over the whole run, warm-up included
(both engines pay for it): one per unit per station (each visit: a test
again after a rework counts again), one per oven batch and one per carton
(a unit's own visit to the packing station is not counted).

Usage: /usr/bin/python3 bench/simpy/realistic.py [--horizon H] [--warmup W]
           [--reps R] [--seed S]     (times in seconds)"""
import argparse
import math
import random
import time

import simpy

from common import emit

DAY = 86400.0
MIX = [("A1", 0.35), ("A2", 0.15), ("B1", 0.20), ("B2", 0.10),
       ("C1", 0.12), ("C2", 0.08)]
LOT = 50
STATIONS = ["lcd_transfer", "adhesive", "curing_oven", "placer", "screw",
            "vibration_test", "rework", "inspection", "pack"]
MACHINES = {"lcd_transfer": 2, "adhesive": 1, "curing_oven": 2, "placer": 2,
            "screw": 2, "vibration_test": 1, "rework": 1, "inspection": 3,
            "pack": 1}
BATCH_MAX, BATCH_MIN, MAX_WAIT, OVEN_CYCLE, OVEN_BUFFER = 20, 5, 600.0, 900.0, 60
YIELD, MAX_REWORK = 0.97, 2
CARTON, PACK_TIME = 10, 40.0


class Unit:
    __slots__ = ("product", "family", "t_in", "t_oven", "reworks")

    def __init__(self, product):
        self.product = product
        self.family = product[0]
        self.t_in = 0.0
        self.t_oven = 0.0
        self.reworks = 0


class Line:
    """State of one replication and its tallies."""

    def __init__(self, env, rnd, warmup, horizon):
        self.env, self.rnd = env, rnd
        self.warmup, self.horizon = warmup, horizon
        self.in_line = 0
        self.wip_area = 0.0
        self.wip_since = 0.0
        self.out = 0
        self.lead_sum = 0.0
        self.busy = {k: 0.0 for k in STATIONS}
        self.setup = {k: 0.0 for k in STATIONS}
        self.failed = {k: 0.0 for k in STATIONS}
        self.blocked = {k: 0.0 for k in STATIONS}
        self.work = 0

    def lognormal(self, mean, cv):
        s2 = math.log(1.0 + cv * cv)
        return self.rnd.lognormvariate(math.log(mean) - s2 / 2, math.sqrt(s2))

    def inside(self, t0, t1):
        """The part of [t0, t1] inside [warmup, horizon]."""
        return max(0.0, min(t1, self.horizon) - max(t0, self.warmup))

    def processing(self, station, d):
        """Processing from now for d."""
        self.busy[station] += self.inside(self.env.now, self.env.now + d)

    def wip(self, delta):
        d = self.env.now - max(self.wip_since, self.warmup)
        if d > 0:
            self.wip_area += self.in_line * d
        self.in_line += delta
        self.wip_since = self.env.now

    def leave(self, unit, done):
        self.wip(-1)
        if done and self.env.now >= self.warmup:
            self.out += 1
            self.lead_sum += self.env.now - unit.t_in


def source(env, line, first):
    """Release: one unit per exponential interarrival time, the product drawn
    once per lot. azalea's release holds a unit that finds the first buffer
    full and draws the next interarrival time once it is in: here the put
    waits, and the next timeout starts after it."""
    rnd = line.rnd
    names = [p for p, _ in MIX]
    weights = [w for _, w in MIX]  # lots all of 50: weights mix / lot = mix
    product, left = None, 0
    while True:
        yield env.timeout(rnd.expovariate(1.0 / 36.0))
        if left == 0:
            product, left = rnd.choices(names, weights)[0], LOT
        left -= 1
        unit = Unit(product)
        yield first.put(unit)
        unit.t_in = env.now
        line.wip(+1)


class Machine:
    """One machine of a station with failures and setups (either optional).

    Failures run on the operating clock: the time to failure runs only while
    the machine sets up or processes. SimPy's machine-shop example breaks
    machines from a second process on the calendar clock; on the operating
    clock a failure can only come during the machine's own work, so the
    machine splits its work timeout where the time to failure runs out: the
    unit stays on the machine, is repaired around, and the rest of its work
    resumes after the repair (as azalea: a failure interrupts a setup or a
    process, which resumes where it stopped). The same results as a breaker
    process that interrupts the machine, without its extra events."""

    def __init__(self, line, station, mtbf=None, mttr=None, setup=None):
        self.line, self.station = line, station
        self.mtbf, self.mttr, self.setup = mtbf, mttr, setup
        self.family = None  # the family set up for; none before the first unit
        self.ttf = line.rnd.expovariate(1.0 / mtbf) if mtbf else math.inf

    def run(self, d, processing):
        """Works for d of operating time (a setup, or processing when
        `processing`), interrupted by the failures that fall in it."""
        env, line = self.line.env, self.line
        tally = line.busy if processing else line.setup
        while self.ttf < d:
            tally[self.station] += line.inside(env.now, env.now + self.ttf)
            yield env.timeout(self.ttf)  # the failure strikes
            d -= self.ttf
            repair = line.rnd.expovariate(1.0 / self.mttr)
            line.failed[self.station] += line.inside(env.now, env.now + repair)
            yield env.timeout(repair)
            self.ttf = line.rnd.expovariate(1.0 / self.mtbf)
        tally[self.station] += line.inside(env.now, env.now + d)
        self.ttf -= d
        yield env.timeout(d)

    def work(self, unit, d):
        """A setup if the unit's family is not the one set up for (azalea:
        the first unit of a run needs none), then d of processing."""
        if self.setup and self.family is not None and unit.family != self.family:
            yield from self.run(self.setup, False)
        self.family = unit.family
        yield from self.run(d, True)
        self.line.work += 1


def station(env, line, m, inbuf, outbuf, mean, cv):
    """A machine of a serial station: get, (set up,) process, put on."""
    while True:
        unit = yield inbuf.get()
        yield from m.work(unit, line.lognormal(mean, cv))
        yield outbuf.put(unit)


class OvenBuffer(simpy.Store):
    """The ovens' buffer: a Store of 60 whose units the ovens take in
    batches. `changed` fires when a unit arrives, so that idle ovens look
    again at the batch rule."""

    def __init__(self, env, capacity):
        super().__init__(env, capacity)
        self.changed = env.event()

    def _do_put(self, event):
        n = len(self.items)
        super()._do_put(event)
        if len(self.items) > n:  # in: its wait for a batch starts
            event.item.t_oven = self._env.now
            if not self.changed.triggered:
                self.changed.succeed()


def oven(env, line, buf, outbuf):
    """One oven. azalea's rule: a batch starts as soon as an oven is idle and
    the buffer holds 20 units, or at least 5 whose oldest has waited 10 min,
    or whatever it holds when it is full (which would otherwise stop the
    line). The batch takes the oldest units. Its units then leave together:
    all their puts are made at once, so they wait for room in the placer's
    buffer in a row, ahead of a later batch's, and the oven stays blocked
    until the last is in (azalea: a blocked batch's units join the next
    station's waiting list together)."""
    while True:
        n = len(buf.items)
        if n >= BATCH_MAX or n >= OVEN_BUFFER:
            take = min(n, BATCH_MAX)
        elif n >= BATCH_MIN and env.now >= buf.items[0].t_oven + MAX_WAIT:
            take = n
        else:
            if buf.changed.triggered:
                buf.changed = env.event()
            wake = [buf.changed]
            if n >= BATCH_MIN:
                wake.append(env.timeout(buf.items[0].t_oven + MAX_WAIT - env.now))
            yield env.any_of(wake)
            continue
        # All the gets at once: each takes its unit as it is made, so the
        # batch is taken whole before the other oven looks at the buffer.
        gets = [buf.get() for _ in range(take)]
        yield env.all_of(gets)
        batch = [g.value for g in gets]
        line.processing("curing_oven", OVEN_CYCLE)
        yield env.timeout(OVEN_CYCLE)
        line.work += 1
        t = env.now
        yield env.all_of([outbuf.put(u) for u in batch])
        line.blocked["curing_oven"] += line.inside(t, env.now)


def test(env, line, m, inbuf, passed, rework_buf):
    """The vibration test: a unit passes with probability 0.97; a failed one
    goes to rework, or is scrapped if it has had 2 reworks already. Passing
    resets the count (azalea's max_rework counts the reworks since the last
    pass at this test, and it is the only one)."""
    rnd = line.rnd
    while True:
        unit = yield inbuf.get()
        yield from m.work(unit, line.lognormal(25.0, 0.3))
        if rnd.random() < YIELD:
            unit.reworks = 0
            yield passed.put(unit)
        elif unit.reworks >= MAX_REWORK:
            line.leave(unit, False)  # scrapped
        else:
            unit.reworks += 1
            yield rework_buf.put(unit)


def inspection(env, line, m, inbuf, outbuf, inspectors):
    """A bench that needs one of the pool of inspectors for each unit. The
    inspector leaves when the unit is done, before it moves on (azalea: a
    person stays for the process, not while the machine is blocked)."""
    while True:
        unit = yield inbuf.get()
        with inspectors.request() as req:
            yield req
            yield from m.work(unit, line.lognormal(90.0, 0.4))
        yield outbuf.put(unit)


def pack(env, line, inbuf):
    """Packing: each unit goes into the open carton of its product; the unit
    that fills it (10) has the machine pack the carton for 40 s, after which
    its units leave the line. A unit's own visit takes no time (the issue
    gives none)."""
    cartons = {p: [] for p, _ in MIX}
    while True:
        unit = yield inbuf.get()
        carton = cartons[unit.product]
        carton.append(unit)
        if len(carton) < CARTON:
            continue
        cartons[unit.product] = []  # the next unit opens a new carton
        line.processing("pack", PACK_TIME)
        yield env.timeout(PACK_TIME)
        line.work += 1
        for u in carton:
            line.leave(u, True)


def replication(horizon, warmup, seed):
    env = simpy.Environment()
    line = Line(env, random.Random(seed), warmup, horizon)
    store = {k: simpy.Store(env, capacity=c) for k, c in (
        ("lcd_transfer", 10), ("adhesive", 5), ("placer", 10), ("screw", 10),
        ("vibration_test", 5), ("rework", 20), ("inspection", 20))}
    store["curing_oven"] = OvenBuffer(env, OVEN_BUFFER)
    store["pack"] = simpy.Store(env)  # no buffer given: unlimited
    env.process(source(env, line, store["lcd_transfer"]))
    serial = (("lcd_transfer", 60.0, 0.1, dict(mtbf=4 * 3600.0, mttr=600.0)),
              ("adhesive", 28.0, 0.1, dict(setup=120.0)),
              ("placer", 55.0, 0.2, dict(mtbf=8 * 3600.0, mttr=1200.0, setup=300.0)),
              ("screw", 50.0, 0.05, dict(mtbf=6 * 3600.0, mttr=900.0)))
    nxt = {"lcd_transfer": "adhesive", "adhesive": "curing_oven",
           "placer": "screw", "screw": "vibration_test"}
    for name, mean, cv, kw in serial:
        for _ in range(MACHINES[name]):
            env.process(station(env, line, Machine(line, name, **kw),
                                store[name], store[nxt[name]], mean, cv))
    for _ in range(MACHINES["curing_oven"]):
        env.process(oven(env, line, store["curing_oven"], store["placer"]))
    env.process(test(env, line, Machine(line, "vibration_test"),
                     store["vibration_test"], store["inspection"], store["rework"]))
    env.process(station(env, line, Machine(line, "rework"), store["rework"],
                        store["vibration_test"], 180.0, 0.5))
    inspectors = simpy.Resource(env, capacity=3)
    for _ in range(MACHINES["inspection"]):
        env.process(inspection(env, line, Machine(line, "inspection"),
                               store["inspection"], store["pack"], inspectors))
    env.process(pack(env, line, store["pack"]))
    env.run(until=horizon)
    line.wip(0)
    span = horizon - warmup
    res = {"units_per_day": line.out / span * DAY,
           "lead_time_mean": line.lead_sum / line.out if line.out else float("nan"),
           "wip": line.wip_area / span}
    for k in STATIONS:
        res["util_" + k] = line.busy[k] / (MACHINES[k] * span)
    # more shares of machine time, where the line has them: power for the
    # agreement check beyond the utilisations, which the load sets
    for name, tally, k in (("setup", line.setup, "adhesive"),
                           ("setup", line.setup, "placer"),
                           ("failed", line.failed, "lcd_transfer"),
                           ("failed", line.failed, "placer"),
                           ("failed", line.failed, "screw"),
                           ("blocked", line.blocked, "curing_oven")):
        res["%s_%s" % (name, k)] = tally[k] / (MACHINES[k] * span)
    return res, line.work


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--horizon", type=float, default=30 * DAY)
    ap.add_argument("--warmup", type=float, default=2 * DAY)
    ap.add_argument("--reps", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    reps, work, wall = [], 0, 0.0
    for r in range(a.reps):
        t0 = time.perf_counter()
        res, done = replication(a.horizon, a.warmup, a.seed * 1000003 + r)
        wall += time.perf_counter() - t0
        reps.append(res)
        work += done
    emit({"engine": "SimPy %s" % simpy.__version__, "horizon": a.horizon,
          "warmup": a.warmup}, reps, work, wall)


if __name__ == "__main__":
    main()
