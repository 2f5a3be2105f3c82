/*
 * experiment.h: replications of a model and their summary with confidence
 * intervals.
 *
 * Replication r always runs from the streams (seed, r, ...), whichever thread
 * runs it, and results are combined in replication order, so the summary is
 * bit-identical for any thread count.
 *
 * The runners start their own threads, each with its own az_sim, which
 * read the model; nothing in it may change meanwhile. A summary is the
 * caller's (az_summary_free); the az_summary_* readers only read it, so
 * several threads may read one summary at once, but not while
 * az_experiment_extend grows it. Pointers into a summary stay valid until
 * az_summary_free, except where noted.
 */
#ifndef AZALEA_EXPERIMENT_H
#define AZALEA_EXPERIMENT_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "azalea/error.h"
#include "azalea/model.h"
#include "azalea/sim.h"

/* The most replications one experiment runs, whoever asks (the model
 * file's run.replications, the CLI's --reps and --max-reps, this API): one
 * limit, so a file that checks also runs. The values matrix holds
 * replications x metrics doubles; 1e7 x 100 metrics is 8 GB already. */
#define AZ_MAX_REPLICATIONS 10000000u

typedef struct az_experiment_config {
    uint64_t seed;
    uint32_t replications; /* 1 to AZ_MAX_REPLICATIONS; >= 2 for CIs */
    double horizon;        /* model time units */
    double warmup;         /* model time units, < horizon */
    double level;          /* confidence level, e.g. 0.95 */
    unsigned threads;      /* 0 or 1: run in the caller's thread */
    /* Nonzero: az_experiment_run first picks the warm-up itself
     * (az_experiment_warmup) and ignores `warmup`; the summary's config
     * then holds the chosen value, with warmup_auto still set. */
    int warmup_auto;
    /* Called after each finished replication with the replications done
     * and the total of the current call (az_experiment_extend: counted from
     * replication 0). It runs on the worker threads, but the calls are
     * serialised, so it needs no lock of its own. May be NULL. */
    void (*progress)(void *ctx, uint32_t done, uint32_t total);
    void *progress_ctx;
    /* Graceful stop. NULL, or a flag the caller may set at any time (a
     * signal handler may; the library only reads it). Once it is
     * nonzero no replication starts; running ones finish. The summary
     * then holds replications 0..k-1, the longest run of finished ones
     * from the first (so its figures are exactly a run with k
     * replications), and az_summary_interrupted says so. If none
     * finished: AZ_ESTOPPED and no summary. */
    const volatile sig_atomic_t *stop;
    /* Nonzero: a replication that fails (a deadlock, AZ_ERUNTIME) is left
     * out of the summary and named (az_summary_failure) instead of
     * failing the experiment; the others are reported. Every one
     * failing is still an error (the first's). 0: the first failure is
     * the experiment's. */
    int keep_going;
    /* NULL, or a state of the shop floor (azalea/state.h) every
     * replication starts from (az_sim_set_initial): the horizon and
     * warm-up count from its time. It stays the caller's. */
    const az_state *initial;
} az_experiment_config;

/* Sensible defaults: seed 1, 10 replications, 95 %, 1 thread; horizon and
 * warm-up 0 (the caller must set the horizon). */
az_experiment_config az_experiment_defaults(void);

typedef struct az_summary az_summary;

/* ---- What a run costs, before it starts ---------------------------------- */

/* A horizon beyond which double-precision times no longer resolve the
 * model's times: horizon x DBL_EPSILON must stay below this fraction of
 * the shortest mean time (process or interarrival). At 1e19 s a 4 s lead
 * time came out as 0.0119 s. */
#define AZ_TIME_RESOLUTION 1e-3
/* Units the engine holds at once at most (its unit pool doubles up to
 * 2^31, indexed by uint32_t). */
#define AZ_MAX_UNITS 2147483648.0

/* Rough figures of one experiment, from the model's means (no run). */
typedef struct az_run_estimate {
    double releases;   /* units released per replication */
    double events;     /* events over all replications */
    double peak_units; /* units in the line at once, at most (about) */
    double bytes;      /* memory of those units, per running replication */
} az_run_estimate;

/* Estimates cfg's run of m (est may be NULL) and refuses, with AZ_EINVAL
 * and a message that gives the limit, a run that cannot be right or
 * cannot fit: a horizon too long for double precision to resolve the
 * model's shortest mean time (AZ_TIME_RESOLUTION), or more units in the
 * line at once than AZ_MAX_UNITS (a plan of billions into an unlimited
 * buffer). az_experiment_run and the block and warm-up runs call it;
 * callers may call it first to warn of a long run (est->events). Fails
 * only so (AZ_EINVAL), and fills *est even then; allocates nothing. */
az_status az_experiment_check_scale(const az_model *m,
                                    const az_experiment_config *cfg,
                                    az_run_estimate *est, az_error *err);

/* Runs cfg->replications replications. On AZ_OK *out is yours; free it with
 * az_summary_free. On error *out is NULL, err says which replication failed
 * and why, and nothing leaks: AZ_EINVAL for a bad cfg (or a run too big,
 * az_experiment_check_scale), AZ_EBADMODEL, AZ_ENOMEM, AZ_ERUNTIME (a
 * replication could not go on, or threads could not be started),
 * AZ_ESTOPPED (cfg->stop before any replication finished). */
az_status az_experiment_run(const az_model *m, const az_experiment_config *cfg,
                            az_summary **out, az_error *err);
/* Frees s and everything it owns; NULL is a no-op. */
void az_summary_free(az_summary *s);

size_t az_summary_metric_count(const az_summary *s);
az_metric az_summary_metric(const az_summary *s, size_t i);
size_t az_summary_metric_index(const az_summary *s, az_scope scope,
                               uint32_t object, az_metric_kind kind);
uint32_t az_summary_replications(const az_summary *s);
/* The config s ran with (owned by s; its replications is the summary's). */
const az_experiment_config *az_summary_config(const az_summary *s);
/* Mean over replications of metric i, and the half-width of its CI at the
 * configured level (+inf with one replication). */
double az_summary_mean(const az_summary *s, size_t i);
double az_summary_halfwidth(const az_summary *s, size_t i);
/* The q-quantile (0 <= q <= 1) of metric i over the replications, not a
 * CI: how the replications spread (a forecast's P10, P50, P90). Linear
 * between order statistics (Hyndman and Fan's type 7). A NaN counts as
 * above every number (an order not complete by the horizon): a quantile
 * that reaches one is INFINITY. NaN for no replications. */
double az_summary_quantile(const az_summary *s, size_t i, double q);
/* Half-width at another confidence level (e.g. 0.95 for JSON's ci95). */
double az_summary_halfwidth_at(const az_summary *s, size_t i, double level);
/* The replications that observed metric i: a replication gives NaN for
 * a statistic with no observation (the lead time when no unit finished),
 * which the mean and CI leave out; a mean observed by none is NaN. */
uint32_t az_summary_count(const az_summary *s, size_t i);
/* Metric i of replication r (NaN: not observed in it). */
double az_summary_value(const az_summary *s, uint32_t r, size_t i);
/* The mean and CI half-width at `level` of (alt - base) for metric i,
 * paired by replication. Run both with the same seed and replication count,
 * so replication r of each shares its random numbers (common random
 * numbers) and the difference is sharper than the two CIs suggest.
 * AZ_EINVAL if the replications or metric layouts differ or i is out of
 * range; *mean and *half are then unchanged. */
az_status az_summary_paired_diff(const az_summary *base, const az_summary *alt,
                                 size_t i, double level, double *mean,
                                 double *half, az_error *err);

/* Mean share of time station t was the bottleneck, sole plus shifting
 * (the active-period method): the score stations are ranked by. */
double az_summary_bottleneck_share(const az_summary *s, uint32_t station);

/* Events processed over all replications. */
uint64_t az_summary_events(const az_summary *s);

/* 1 if cfg.stop ended the run before all its replications; *asked (may
 * be NULL) gets how many were asked for. az_summary_replications gives
 * how many the figures hold. */
int az_summary_interrupted(const az_summary *s, uint32_t *asked);
/* Replications left out because they failed (cfg.keep_going). */
uint32_t az_summary_failure_count(const az_summary *s);
/* Failure k (0-based, in replication order): the replication's index
 * (its random streams) and, in *msg (may be NULL), the reason, owned by s
 * and valid until az_summary_free(s) or az_experiment_extend(s). */
uint32_t az_summary_failure(const az_summary *s, uint32_t k,
                            const char **msg);
/* The replication index (which random streams) behind row r of the
 * summary: r itself unless failures were left out. */
uint32_t az_summary_replication_id(const az_summary *s, uint32_t r);

/* ---- growing an experiment, warm-up, precision ---- */

/* Runs `more` replications after the summary's last and adds them, so that
 * the summary becomes exactly (bit for bit) what az_experiment_run with
 * the final count would have given. m must be the model s was run on.
 * AZ_EINVAL if the count would pass UINT32_MAX, else the failures of
 * az_experiment_run (a stop is none: s then says it was interrupted).
 * On error s is unchanged. */
az_status az_experiment_extend(const az_model *m, az_summary *s,
                               uint32_t more, az_error *err);

/* What az_experiment_warmup found. */
typedef struct az_warmup_result {
    double warmup;      /* chosen warm-up, model time units (< horizon / 2) */
    double period;      /* length of one period of the series */
    uint32_t pilots;    /* pilot replications run */
    uint32_t periods;   /* periods in the horizon */
    size_t cut_throughput, cut_wip; /* MSER-5 truncation, in periods */
    int at_limit;       /* the cut is at the end of MSER's search: the
                         * horizon is probably too short */
} az_warmup_result;

enum { AZ_WARMUP_PILOTS = 5, AZ_WARMUP_PERIODS = 200 };

/* Picks a warm-up by MSER-5 (docs/statistics.md): AZ_WARMUP_PILOTS
 * replications 0, 1, ... of cfg's seed run over cfg's horizon with no
 * warm-up, recording throughput and time-average WIP in AZ_WARMUP_PERIODS
 * equal periods; MSER-5 is applied to each series averaged over the pilots
 * and the warm-up is the later of the two cuts, a whole number of periods.
 * cfg's warmup and replications are ignored. On error *out is unchanged:
 * AZ_EINVAL for a bad horizon or a run too big, else AZ_ENOMEM or a
 * pilot's failure (as az_sim_run's). */
az_status az_experiment_warmup(const az_model *m,
                               const az_experiment_config *cfg,
                               az_warmup_result *out, az_error *err);

/* The target of a sequential run (az_experiment_run_precise). */
typedef struct az_precision {
    double relative;   /* wanted half-width / |mean|, in (0, 1) */
    uint32_t pilot;    /* first batch, >= 2 */
    uint32_t max_reps; /* cap, >= pilot */
} az_precision;

/* The largest relative half-width (at the configured level) of the
 * headline metrics: system throughput, mean lead time and WIP, and each
 * product's throughput. A metric whose mean and half-width are both 0
 * (a product never made) counts as 0; a mean of 0 with a positive
 * half-width as +inf. */
double az_summary_precision(const az_summary *s);

/* Runs p->pilot replications, then adds batches until
 * az_summary_precision <= p->relative or p->max_reps are done. After n
 * replications at relative half-width e > target, the next total is
 * ceil(n (e / target)^2) (half-widths shrink as 1/sqrt(n)), at least n + 1,
 * at most 2n and max_reps. The counts depend only on the results, never on
 * the thread count. *reached (may be NULL) says whether the target was met.
 * cfg->replications is ignored. Ownership and failures as
 * az_experiment_run, plus AZ_EINVAL for a bad *p; on error *out is NULL
 * and *reached 0. */
az_status az_experiment_run_precise(const az_model *m,
                                    const az_experiment_config *cfg,
                                    const az_precision *p, az_summary **out,
                                    int *reached, az_error *err);

/* 1 if s chose its warm-up (cfg.warmup_auto), with what was found in *out
 * (may be NULL); else 0. */
int az_summary_warmup(const az_summary *s, az_warmup_result *out);
/* 1 if s came from az_experiment_run_precise, with its target in *p and
 * whether it was met in *reached (either may be NULL); else 0. */
int az_summary_sequential(const az_summary *s, az_precision *p, int *reached);

/* ---- Running the replications elsewhere (e.g. one block per MPI rank,
 * src/experiment_mpi.c) and combining them. az_experiment_run_block over
 * blocks that cover 0..replications-1, then az_summary_from_values on the
 * rows in replication order, gives exactly az_experiment_run's summary.
 * Both use cfg->warmup as given: with warmup_auto, pick it first with
 * az_experiment_warmup (as az_experiment_run does). Both refuse a run
 * from a state (cfg->initial) with AZ_EINVAL: its rows carry its
 * entries' block too (sim.h, AZ_SCOPE_INITIAL), so it runs whole. */

/* The number of metrics each replication of m gives (a values row). On
 * error (az_sim_create's) *n is 0. */
az_status az_experiment_metric_count(const az_model *m, size_t *n,
                                     az_error *err);
/* Runs replications first .. first+count-1 of the experiment cfg, on up to
 * cfg->threads threads, into values: count rows of
 * az_experiment_metric_count doubles, caller-owned; *events gets their
 * events. count may be 0. AZ_EINVAL if the block is not within
 * cfg->replications. On error values is partly written, *events is 0 and
 * err says which replication failed. cfg->stop and keep_going are not used:
 * a block is all or nothing. */
az_status az_experiment_run_block(const az_model *m,
                                  const az_experiment_config *cfg,
                                  uint32_t first, uint32_t count,
                                  double *values, uint64_t *events,
                                  az_error *err);
/* The summary of cfg from every replication's values (cfg->replications
 * rows, copied; the caller keeps values) and their total events; warm is
 * what az_experiment_warmup found when cfg->warmup_auto is set, else NULL.
 * On AZ_OK *out is yours (az_summary_free); on error *out is NULL. */
az_status az_summary_from_values(const az_model *m,
                                 const az_experiment_config *cfg,
                                 const az_warmup_result *warm,
                                 const double *values, uint64_t events,
                                 az_summary **out, az_error *err);

#endif
