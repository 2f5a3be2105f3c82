"""azalea: discrete-event simulation of electronics assembly lines, from Python.

A thin binding of libazalea (ctypes, nothing to compile):

    import azalea
    model = azalea.load("examples/tutorial-line.yaml",
                        set={"stations.screw.machines": 2})
    res = model.run(replications=10, seed=42, threads=2)
    res.system["throughput"]["mean"]          # the CLI's JSON, as dicts
    res.stations[0]["utilisation"]["ci95"]
    res.replications                          # one dict per replication row
    frames = res.frames()                     # pandas DataFrames, if installed

What-ifs as `azalea compare`, `improve` and `sweep` run them:

    cmp = model.compare(["stations.placer.machines=3",
                         {"stations.screw.machines": 2}], replications=5)
    cmp.scenarios[0]["paired"]["throughput_per_hour"]   # change, with CI
    model.improve().scenarios[0]["label"]               # the best change
    model.sweep({"buffers.before_screw.capacity": "5..30:5"}).frame()

Results are exactly the command's: `res.json` is what `azalea run --json`
writes for the same model and seed (timing aside), because the library's
own writer makes both. A model with problems raises ModelError, whose
`problems` each carry the file, line and column. Ctrl-C during a run
stops it cleanly: the replications finished so far come back on the
Interrupted exception (`exc.results`), as the command reports them.

The library is found, in this order: $AZALEA_LIB; the build tree beside
this package (build/pic/, after `make lib`); the installed libazalea.so.0.
"""
import csv
import ctypes
import ctypes.util
import json
import os
import tempfile
import threading

__all__ = ["load", "loads", "Model", "Results", "WhatIf", "ModelError",
           "AzaleaError", "Interrupted", "version"]

# ---- the C library ----------------------------------------------------------

_HERE = os.path.dirname(os.path.abspath(__file__))


def _find_library():
    env = os.environ.get("AZALEA_LIB")
    if env:
        return env
    built = os.path.join(_HERE, "..", "..", "build", "pic")
    if os.path.isdir(built):
        for name in sorted(os.listdir(built)):
            if name.startswith("libazalea.so."):
                return os.path.join(built, name)
    return ctypes.util.find_library("azalea") or "libazalea.so.0"


_lib = ctypes.CDLL(_find_library())


class _Error(ctypes.Structure):
    _fields_ = [("code", ctypes.c_int), ("file", ctypes.c_char * 256),
                ("line", ctypes.c_int), ("col", ctypes.c_int),
                ("msg", ctypes.c_char * 512)]


_PROBLEM = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.POINTER(_Error))
_PROGRESS = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_uint32,
                             ctypes.c_uint32)


class _LoadOptions(ctypes.Structure):
    _fields_ = [("overrides", ctypes.POINTER(ctypes.c_char_p)),
                ("noverrides", ctypes.c_size_t),
                ("on_problem", _PROBLEM), ("ctx", ctypes.c_void_p),
                ("on_warning", _PROBLEM)]


class _Config(ctypes.Structure):
    # az_experiment_config (azalea/experiment.h), field for field.
    _fields_ = [("seed", ctypes.c_uint64), ("replications", ctypes.c_uint32),
                ("horizon", ctypes.c_double), ("warmup", ctypes.c_double),
                ("level", ctypes.c_double), ("threads", ctypes.c_uint),
                ("warmup_auto", ctypes.c_int), ("progress", _PROGRESS),
                ("progress_ctx", ctypes.c_void_p),
                ("stop", ctypes.POINTER(ctypes.c_int)),
                ("keep_going", ctypes.c_int),
                ("initial", ctypes.c_void_p)]


class _WhatifSource(ctypes.Structure):
    # az_whatif_source (azalea/whatif.h), field for field.
    _fields_ = [("path", ctypes.c_char_p), ("text", ctypes.c_char_p),
                ("len", ctypes.c_size_t), ("name", ctypes.c_char_p),
                ("overrides", ctypes.POINTER(ctypes.c_char_p)),
                ("noverrides", ctypes.c_size_t), ("on_problem", _PROBLEM),
                ("ctx", ctypes.c_void_p)]


class _WhatifOptions(ctypes.Structure):
    # az_whatif_options; the callbacks stay NULL (no Python in the run).
    _fields_ = [("buffer_step", ctypes.c_uint32), ("keep_points", ctypes.c_int),
                ("on_start", ctypes.c_void_p), ("on_done", ctypes.c_void_p),
                ("ctx", ctypes.c_void_p)]


class _Meta(ctypes.Structure):
    _fields_ = [("model_file", ctypes.c_char_p),
                ("wall_seconds", ctypes.c_double),
                ("model_sha256", ctypes.c_char_p),
                ("overrides", ctypes.c_char_p)]


def _fn(name, restype, *argtypes):
    f = getattr(_lib, name)
    f.restype = restype
    f.argtypes = list(argtypes)
    return f


_P = ctypes.c_void_p
_E = ctypes.POINTER(_Error)
_load_file = _fn("az_model_load_file", ctypes.c_int, ctypes.c_char_p,
                 ctypes.POINTER(_LoadOptions), ctypes.POINTER(_P),
                 ctypes.POINTER(_Config), _E)
_load_string = _fn("az_model_load_string", ctypes.c_int, ctypes.c_char_p,
                   ctypes.c_size_t, ctypes.c_char_p,
                   ctypes.POINTER(_LoadOptions), ctypes.POINTER(_P),
                   ctypes.POINTER(_Config), _E)
_model_free = _fn("az_model_free", None, _P)
_model_name = _fn("az_model_name", ctypes.c_char_p, _P)
_run = _fn("az_experiment_run", ctypes.c_int, _P, ctypes.POINTER(_Config),
           ctypes.POINTER(_P), _E)
_summary_free = _fn("az_summary_free", None, _P)
_state_load = _fn("az_state_load_file", ctypes.c_int, _P, ctypes.c_char_p,
                  ctypes.POINTER(_LoadOptions), ctypes.POINTER(_P), _E)
_state_free = _fn("az_state_free", None, _P)
_state_horizon = _fn("az_state_horizon", ctypes.c_int, _P, ctypes.c_char_p,
                     ctypes.POINTER(ctypes.c_double), _E)
_interrupted = _fn("az_summary_interrupted", ctypes.c_int, _P,
                   ctypes.POINTER(ctypes.c_uint32))
_out_json = _fn("az_output_json", ctypes.c_int, ctypes.c_char_p, _P, _P,
                ctypes.POINTER(_Meta), _E)
_out_csv = _fn("az_output_csv", ctypes.c_int, ctypes.c_char_p, _P, _P,
               ctypes.POINTER(_Meta), _E)
_parse_duration = _fn("az_parse_duration", ctypes.c_int, ctypes.c_char_p,
                      ctypes.POINTER(ctypes.c_double), _E)
_time_unit_seconds = _fn("az_model_time_unit_seconds", ctypes.c_double, _P)
_version = _fn("az_version", ctypes.c_char_p)
_SRC = ctypes.POINTER(_WhatifSource)
_CFG = ctypes.POINTER(_Config)
_OPT = ctypes.POINTER(_WhatifOptions)
_compare = _fn("az_compare", ctypes.c_int, _SRC, _CFG,
               ctypes.POINTER(ctypes.c_char_p), ctypes.c_size_t, _OPT,
               ctypes.POINTER(_P), _E)
_improve = _fn("az_improve", ctypes.c_int, _SRC, _CFG, _OPT,
               ctypes.POINTER(_P), _E)
_sweep = _fn("az_sweep", ctypes.c_int, _SRC, _CFG,
             ctypes.POINTER(ctypes.c_char_p), ctypes.c_size_t, _OPT,
             ctypes.POINTER(_P), _E)
_whatif_free = _fn("az_whatif_free", None, _P)
_whatif_interrupted = _fn("az_whatif_interrupted", ctypes.c_int, _P,
                          ctypes.POINTER(ctypes.c_size_t))
class _SelectSpec(ctypes.Structure):
    # az_select_spec
    _fields_ = [("metric", ctypes.c_int), ("delta", ctypes.c_double),
                ("pcs", ctypes.c_double), ("max_reps", ctypes.c_uint32),
                ("without_base", ctypes.c_int)]


_select = _fn("az_whatif_select", ctypes.c_int, _P, ctypes.c_size_t,
              ctypes.POINTER(_SelectSpec), _E)
_whatif_count = _fn("az_whatif_count", ctypes.c_size_t, _P)
_optimize = _fn("az_optimize", ctypes.c_int, _SRC, _CFG, _OPT,
                ctypes.POINTER(_P), _E)
_METRICS = {"throughput": 0, "lead_time": 1, "wip": 2}  # AZ_WI_*
_out_whatif = _fn("az_output_whatif", ctypes.c_int, ctypes.c_char_p, _P, _E)
_IMPROVE_REPS = 5  # AZ_IMPROVE_REPS

_draw_dot = _fn("az_draw_dot", ctypes.c_int, _P, _P,
                ctypes.POINTER(ctypes.c_void_p), _P, _E)
_trace_csv = _fn("az_trace_csv", ctypes.c_int, ctypes.c_char_p, _P, _CFG,
                 ctypes.c_uint32, _E)
_libc_free = ctypes.CDLL(None).free  # what the library allocates is free()'s
_libc_free.argtypes = [ctypes.c_void_p]
_libc_free.restype = None

_AZ_ESTOPPED = 9  # azalea/error.h


def version():
    """The version of the libazalea in use."""
    return _version().decode()


# ---- errors -----------------------------------------------------------------

class AzaleaError(Exception):
    """A call into azalea failed: .code (az_status), .message."""

    def __init__(self, err):
        self.code = err.code
        self.message = err.msg.decode("utf-8", "replace")
        super().__init__(self.message)


class Problem:
    """One problem of a model: where it is and what was expected."""

    def __init__(self, err):
        self.file = err.file.decode("utf-8", "replace")
        self.line = err.line
        self.col = err.col
        self.message = err.msg.decode("utf-8", "replace")

    def __str__(self):
        where = self.file
        if self.line:
            where += f":{self.line}:{self.col}"
        elif self.col:
            where += f":{self.col}"
        return f"{where}: {self.message}" if where else self.message

    __repr__ = __str__


class ModelError(AzaleaError):
    """The model could not be loaded: .problems lists every one (file,
    line, col, message); .file, .line, .col are the first's."""

    def __init__(self, err, problems):
        super().__init__(err)
        self.problems = problems or [Problem(err)]
        first = self.problems[0]
        self.file, self.line, self.col = first.file, first.line, first.col
        self.args = ("\n".join(str(p) for p in self.problems),)


class Interrupted(KeyboardInterrupt):
    """Ctrl-C stopped a run. .results holds the replications finished
    before it (None if none had); for a what-if, a WhatIf of the runs
    finished whole."""

    def __init__(self, results):
        if results is None:
            done = "nothing finished"
        elif isinstance(results, WhatIf):
            done = "%d runs finished whole" % len(results.scenarios or
                                                   results.points)
        else:
            done = "%d replications finished" % results.replications_done
        super().__init__("run stopped; " + done)
        self.results = results


# ---- models -----------------------------------------------------------------

def _overrides(set):
    if not set:
        return []
    items = set.items() if isinstance(set, dict) else set
    out = []
    for k, v in items:
        if isinstance(v, bool):
            v = "true" if v else "false"
        out.append(f"{k}={v}")
    return out


def _load(loader, args, set, source, text=None):
    ov = [s.encode() for s in _overrides(set)]
    arr = (ctypes.c_char_p * max(len(ov), 1))(*ov)
    problems, warnings = [], []
    on_p = _PROBLEM(lambda ctx, e: problems.append(Problem(e.contents)))
    on_w = _PROBLEM(lambda ctx, e: warnings.append(Problem(e.contents)))
    opt = _LoadOptions(arr, len(ov), on_p, None, on_w)
    out = _P()
    run = _Config()
    err = _Error()
    rc = loader(*args, ctypes.byref(opt), ctypes.byref(out),
                ctypes.byref(run), ctypes.byref(err))
    if rc:
        raise ModelError(err, problems)
    return Model(out, run, source, ov, warnings, text)


def load(path, set=None):
    """Loads a model file. set: changes as the command's --set, a dict
    {"stations.screw.machines": 3} or a list of (path, value) pairs."""
    return _load(_load_file, (os.fsencode(path),), set, os.fspath(path))


def loads(text, name="<string>", set=None):
    """Loads a model from YAML text; name is the file name in messages."""
    data = text.encode() if isinstance(text, str) else text
    return _load(_load_string, (data, len(data), name.encode()), set, None,
                 (data, name))


def _duration(value, unit_seconds):
    """A duration in model time units: a number is taken as such, a string
    such as '2 d' is read as the model file reads it."""
    if isinstance(value, (int, float)):
        return float(value)
    sec = ctypes.c_double()
    err = _Error()
    if _parse_duration(value.encode(), ctypes.byref(sec), ctypes.byref(err)):
        raise AzaleaError(err)
    return sec.value / unit_seconds


class Model:
    """A loaded model. .name, .warnings (what it defines but never uses),
    .run_settings (the file's run: seed, replications, horizon, warmup)."""

    def __init__(self, handle, run, source, overrides, warnings, text=None):
        self._m = handle
        self._text = text  # (bytes, name) for a model loaded from text
        self._ov = list(overrides)
        self._run = run
        self.source = source
        self._overrides = "; ".join(o.decode() for o in overrides) or None
        self.warnings = warnings
        self.name = _model_name(handle).decode()
        self.run_settings = {"seed": run.seed,
                             "replications": run.replications,
                             "horizon": run.horizon, "warmup": run.warmup}

    def __del__(self):
        if getattr(self, "_m", None):
            _model_free(self._m)
            self._m = None

    def _config(self, replications, seed, threads, horizon, warmup,
                keep_going=False):
        """az_experiment_config: the file's run settings, then these; its
        stop flag (a c_int) is returned beside it."""
        cfg = _Config()
        ctypes.memmove(ctypes.byref(cfg), ctypes.byref(self._run),
                       ctypes.sizeof(cfg))
        unit = _time_unit_seconds(self._m)
        if replications is not None:
            cfg.replications = replications
        if seed is not None:
            cfg.seed = seed
        if horizon is not None:
            cfg.horizon = _duration(horizon, unit)
        if warmup is not None:
            cfg.warmup = _duration(warmup, unit)
        cfg.threads = threads if threads else (os.cpu_count() or 1)
        cfg.keep_going = 1 if keep_going else 0
        stop = ctypes.c_int(0)
        cfg.stop = ctypes.pointer(stop)
        return cfg, stop

    def _state(self, path):
        """The state file at path, loaded against this model (a handle
        the caller frees with _state_free)."""
        problems = []
        on_p = _PROBLEM(lambda ctx, e: problems.append(Problem(e.contents)))
        opt = _LoadOptions(None, 0, on_p, None, _PROBLEM())
        out = _P()
        err = _Error()
        if _state_load(self._m, os.fsencode(path), ctypes.byref(opt),
                       ctypes.byref(out), ctypes.byref(err)):
            raise ModelError(err, problems)
        return out

    def dot(self):
        """The line as a flow diagram in Graphviz's DOT language, what
        `azalea draw --format dot` writes (docs/output-format.md, "The line
        diagram"): lay it out with `dot -Tsvg`."""
        out = ctypes.c_void_p()
        err = _Error()
        if _draw_dot(self._m, None, ctypes.byref(out), None,
                     ctypes.byref(err)):
            raise AzaleaError(err)
        try:
            return ctypes.string_at(out).decode("utf-8")
        finally:
            _libc_free(out)

    def trace(self, path, replication=1, seed=None, horizon=None,
              warmup=None):
        """Runs replication `replication` (from 1; 1 is the one `azalea run
        --trace` writes) and writes every state change of it to path as
        the CSV trace (docs/output-format.md, "Trace"): machine states,
        units in and out, buffers, conveyors, cartons, stores, pools,
        batches and rework trips. Read it with pandas.read_csv(path). The
        file is replaced whole or not at all; returns path."""
        if replication < 1:
            raise ValueError("replication counts from 1")
        cfg, _ = self._config(None, seed, 1, horizon, warmup)
        err = _Error()
        if _trace_csv(os.fsencode(path), self._m, ctypes.byref(cfg),
                      replication - 1, ctypes.byref(err)):
            raise AzaleaError(err)
        return path

    def run(self, replications=None, seed=None, threads=1, horizon=None,
            warmup=None, keep_going=False, initial=None):
        """Runs the model's replications (defaults: the file's run
        settings) on `threads` threads (0: one per core; results do not
        depend on it) and returns Results. The library runs without the
        GIL. Ctrl-C stops it cleanly: raises Interrupted with the finished
        replications.

        initial: a state file of the shop floor (docs/twin.md) every
        replication starts from, as the command's --initial: the horizon
        counts from its time and may be "end of shift", "end of day" or
        "end of week"; the warm-up is 0 unless given; Results.forecast
        holds the forecast."""
        words = isinstance(horizon, str) and horizon.startswith("end of")
        cfg, stop = self._config(replications, seed, threads,
                                 None if initial else horizon,
                                 warmup if warmup is not None or not initial
                                 else 0, keep_going)
        st = self._state(initial) if initial else None
        try:
            if st and horizon is not None:
                h = ctypes.c_double()
                err = _Error()
                if _state_horizon(st, (horizon if words or isinstance(
                        horizon, str) else "%r s" % (
                            horizon * _time_unit_seconds(self._m))).encode(),
                        ctypes.byref(h), ctypes.byref(err)):
                    raise AzaleaError(err)
                cfg.horizon = h.value
            cfg.initial = st
            return self._run_with(cfg, stop)
        finally:
            if st:
                _state_free(st)

    def _run_with(self, cfg, stop):
        out = _P()
        err = _Error()
        rc, interrupted = _stoppable(
            lambda: _run(self._m, ctypes.byref(cfg), ctypes.byref(out),
                         ctypes.byref(err)), stop)
        if rc == _AZ_ESTOPPED and interrupted:
            raise Interrupted(None)
        if rc:
            raise AzaleaError(err)
        res = Results(self, out)
        if interrupted:
            raise Interrupted(res)
        return res

    # ---- what-ifs: the library's az_compare, az_improve, az_sweep ----

    def _whatif(self, call, cfg, stop, select=None, top=None):
        """Runs a what-if call(src, opt, out, err) on the model's source
        and returns WhatIf; the source is the file (or text) this model
        was loaded from, with the same changes. select: (metric, delta,
        pcs, max_reps) for a KN selection among the base and the first
        `top` runs (None: all)."""
        ov = (ctypes.c_char_p * max(len(self._ov), 1))(*self._ov)
        problems = []
        on_p = _PROBLEM(lambda ctx, e: problems.append(Problem(e.contents)))
        if self._text is not None:
            data, name = self._text
            src = _WhatifSource(None, data, len(data), name.encode(), ov,
                                len(self._ov), on_p, None)
        else:
            src = _WhatifSource(os.fsencode(self.source), None, 0, None, ov,
                                len(self._ov), on_p, None)
        out = _P()
        err = _Error()
        rc, interrupted = _stoppable(
            lambda: call(ctypes.byref(src), ctypes.byref(cfg),
                         ctypes.byref(out), ctypes.byref(err)), stop)
        if rc == _AZ_ESTOPPED and interrupted:
            raise Interrupted(None)
        if rc and problems:
            raise ModelError(err, problems)
        if rc:
            raise AzaleaError(err)
        if select and not interrupted:
            metric, delta, pcs, cap = select
            if metric not in _METRICS:
                _whatif_free(out)
                raise ValueError("select: throughput, lead_time or wip")
            if metric == "lead_time":
                delta = _duration(delta, _time_unit_seconds(self._m))
            elif isinstance(delta, str):
                delta = float(delta.replace("/h", ""))
            spec = _SelectSpec(_METRICS[metric], float(delta), float(pcs),
                               cap or 0, 0)
            k = _whatif_count(out)
            if top is not None:
                k = min(k, top)
            rc, interrupted = _stoppable(
                lambda: _select(out, k, ctypes.byref(spec),
                                ctypes.byref(err)), stop)
            if rc and not (rc == _AZ_ESTOPPED and interrupted):
                _whatif_free(out)
                raise AzaleaError(err)
        res = WhatIf(out)
        if interrupted:
            raise Interrupted(res)
        return res

    def compare(self, scenarios, replications=None, seed=None, threads=1,
                horizon=None, warmup=None, select=None, delta=None, pcs=0.95,
                max_reps=None):
        """Runs the base and each scenario with the same seed and
        replications (common random numbers), as `azalea compare`. A
        scenario is "path=value; path=value" or a dict {path: value}.
        Returns WhatIf, whose scenarios carry their paired differences to
        the base with 95 % CIs. select="throughput" (or "lead_time",
        "wip") with delta (units/h, a duration, units) and pcs names the
        best by KN, as --select: WhatIf.selection."""
        texts = []
        for sc in scenarios:
            texts.append(sc if isinstance(sc, str)
                         else "; ".join(_overrides(sc)))
        arr = (ctypes.c_char_p * max(len(texts), 1))(
            *[t.encode() for t in texts])
        cfg, stop = self._config(replications, seed, threads, horizon, warmup)
        opt = _WhatifOptions()
        return self._whatif(
            lambda src, c, out, err: _compare(src, c, arr, len(texts),
                                              ctypes.byref(opt), out, err),
            cfg, stop, (select, delta, pcs, max_reps) if select else None)

    def improve(self, replications=None, seed=None, threads=1, horizon=None,
                warmup=None, buffer_step=5, select=None, delta=None,
                pcs=0.95, max_reps=None):
        """Tries every single change (+1 machine at each station,
        +buffer_step places in each finite buffer, +1 person in each pool,
        the model's own `improve:` candidates) against the base and ranks
        them, as `azalea improve`. Without `replications` it screens with
        at most 5, as the command does. select/delta/pcs as compare's
        confirm the top pick among the first 5 changes and the base."""
        if replications is None:
            replications = min(self._run.replications, _IMPROVE_REPS)
        cfg, stop = self._config(replications, seed, threads, horizon, warmup)
        opt = _WhatifOptions(buffer_step, 0, None, None, None)
        return self._whatif(
            lambda src, c, out, err: _improve(src, c, ctypes.byref(opt), out,
                                              err), cfg, stop,
            (select, delta, pcs, max_reps) if select else None, 5)

    def optimize(self, replications=None, seed=None, threads=1,
                 horizon=None, warmup=None):
        """Solves the model's `optimize:` problem, as `azalea optimize`:
        a screened local search, the best confirmed at full length
        (replications, horizon), the choice named by KN. Returns WhatIf;
        .optimization holds the problem, the search, the choice ('best')
        and every configuration screened ('evaluations'). Change the
        problem with set= on load, e.g. {"optimize.budget": 900000}."""
        cfg, stop = self._config(replications, seed, threads, horizon, warmup)
        opt = _WhatifOptions()
        return self._whatif(
            lambda src, c, out, err: _optimize(src, c, ctypes.byref(opt), out,
                                               err), cfg, stop)

    def sweep(self, params, replications=None, seed=None, threads=1,
              horizon=None, warmup=None):
        """Runs a grid of one or two model values, as `azalea sweep`:
        params is a dict {path: "a..b:step" | "x,y,z" | [x, y, z]} or a
        list of "path=a..b:step" strings. Every point has the same seed and
        replications."""
        items = params.items() if isinstance(params, dict) else None
        texts = []
        if items is None:
            texts = list(params)
        else:
            for k, v in items:
                if isinstance(v, (list, tuple, range)):
                    v = ",".join(str(x) for x in v)
                texts.append(f"{k}={v}")
        arr = (ctypes.c_char_p * max(len(texts), 1))(
            *[t.encode() for t in texts])
        cfg, stop = self._config(replications, seed, threads, horizon, warmup)
        opt = _WhatifOptions()
        return self._whatif(
            lambda src, c, out, err: _sweep(src, c, arr, len(texts),
                                            ctypes.byref(opt), out, err),
            cfg, stop)


def _stoppable(call, stop):
    """Runs call() (a library call that reads the stop flag) on a thread
    of its own, so that Ctrl-C reaches this one (Python delivers signals
    to the main thread, between bytecodes), which sets the flag and waits
    for the call to end. It waits on an Event: a KeyboardInterrupt inside
    Thread.join can leave the thread marked as ended while it still runs.
    Returns (the call's status, whether Ctrl-C came)."""
    box = {}
    done = threading.Event()

    def work():
        try:
            box["rc"] = call()
        finally:
            done.set()

    t = threading.Thread(target=work, daemon=True)
    t.start()
    interrupted = False
    while not done.is_set():
        try:
            done.wait(0.1)
        except KeyboardInterrupt:
            stop.value = 2
            interrupted = True
    t.join()
    return box["rc"], interrupted


# ---- results ----------------------------------------------------------------

def _read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        for k, v in r.items():
            try:
                r[k] = int(v)
            except (TypeError, ValueError):
                try:
                    r[k] = float(v) if v != "" else None
                except ValueError:
                    pass
    return rows


class Results:
    """A run's results, as the command writes them. .json is the whole
    JSON document; .system, .products, .stations, .pools, .stores and
    .warnings are its parts; .replications the rows of replications.csv
    (one per replication and object); .interrupted says whether Ctrl-C cut
    the run short."""

    def __init__(self, model, handle):
        meta = _Meta(model.source.encode() if model.source else None, -1.0,
                     None, model._overrides.encode()
                     if model._overrides else None)
        err = _Error()
        try:
            with tempfile.TemporaryDirectory(prefix="azalea-py-") as d:
                jp = os.path.join(d, "r.json")
                if _out_json(jp.encode(), model._m, handle,
                             ctypes.byref(meta), ctypes.byref(err)):
                    raise AzaleaError(err)
                with open(jp, encoding="utf-8") as f:
                    self.json = json.load(f)
                cd = os.path.join(d, "csv")
                if _out_csv(cd.encode(), model._m, handle,
                            ctypes.byref(meta), ctypes.byref(err)):
                    raise AzaleaError(err)
                self.replications = _read_csv(
                    os.path.join(cd, "replications.csv"))
            asked = ctypes.c_uint32()
            self.interrupted = bool(_interrupted(handle, ctypes.byref(asked)))
        finally:
            _summary_free(handle)
        j = self.json
        self.system = j["system"]
        self.products = j["products"]
        self.stations = j["stations"]
        self.pools = j["pools"]
        self.stores = j.get("stores", [])
        self.warnings = j.get("warnings", [])
        self.replications_done = j["run"]["replications"]
        #: a run from a state: the forecast (docs/output-format.md,
        #: Forecast), else None
        self.forecast = j.get("forecast")

    def frames(self):
        """The results as pandas DataFrames: 'products', 'stations',
        'pools', 'stores' (one row per object, a column per statistic's
        mean and CI bounds) and 'replications'. Needs pandas."""
        import pandas as pd

        def flat(objs):
            rows = []
            for o in objs:
                row = {}
                for k, v in o.items():
                    if isinstance(v, dict) and "mean" in v:
                        row[k] = v["mean"]
                        ci = v.get("ci95") or [None, None]
                        row[k + "_low"], row[k + "_high"] = ci
                    else:
                        row[k] = v
                rows.append(row)
            return pd.DataFrame(rows)

        return {"system": flat([self.system]),
                "products": flat(self.products),
                "stations": flat(self.stations), "pools": flat(self.pools),
                "stores": flat(self.stores),
                "replications": pd.DataFrame(self.replications)}


class WhatIf:
    """A what-if's results, as the command's --json writes them. .json is
    the whole document; .kind is "compare", "improve" or "sweep"; .base the
    base's run document (compare, improve); .scenarios (compare, improve:
    in the command's order, improve's ranked) or .points (sweep), each a
    dict with its label, changes, figures and, but for a sweep, "paired"
    differences to the base; .selection the KN selection asked for (or
    None); .optimization an optimisation's search and choice (or None);
    .interrupted says whether Ctrl-C cut it
    short (then it holds the runs finished whole)."""

    def __init__(self, handle):
        err = _Error()
        try:
            asked = ctypes.c_size_t()
            self.interrupted = bool(_whatif_interrupted(handle,
                                                        ctypes.byref(asked)))
            with tempfile.TemporaryDirectory(prefix="azalea-py-") as d:
                jp = os.path.join(d, "w.json")
                if _out_whatif(jp.encode(), handle, ctypes.byref(err)):
                    raise AzaleaError(err)
                with open(jp, encoding="utf-8") as f:
                    self.json = json.load(f)
        finally:
            _whatif_free(handle)
        j = self.json
        self.kind = j["kind"]
        self.base = j.get("base")
        self.scenarios = j.get("scenarios", [])
        self.points = j.get("points", [])
        self.parameters = j.get("parameters", [])
        self.selection = j.get("selection")
        self.optimization = j.get("optimization")

    def frame(self):
        """The scenarios (or points) as a pandas DataFrame, one row each,
        a column per figure's mean and CI bounds. Needs pandas."""
        import pandas as pd
        rows = []
        for r in self.scenarios or self.points:
            row = {}
            for k, v in r.items():
                if k == "paired" and isinstance(v, dict):
                    for fk, fv in v.items():
                        row["change_" + fk] = fv["mean"]
                        lo, hi = fv.get("ci95") or [None, None]
                        row["change_" + fk + "_low"] = lo
                        row["change_" + fk + "_high"] = hi
                elif isinstance(v, dict) and "mean" in v:
                    row[k] = v["mean"]
                    lo, hi = v.get("ci95") or [None, None]
                    row[k + "_low"], row[k + "_high"] = lo, hi
                elif k == "values" and isinstance(v, list):
                    for p, x in zip(self.parameters, v):
                        row[p] = x
                else:
                    row[k] = v
            rows.append(row)
        return pd.DataFrame(rows)
