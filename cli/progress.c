/*
 * progress.c: "replications 37/100, ETA 12 s" on stderr while experiments
 * run, for a person watching a terminal. Never when stderr is not a
 * terminal (a log or a pipe gets only the results), at most four updates a
 * second, nothing for runs shorter than half a second, and erased at the
 * end so the results table starts on a clean line.
 */
#include <stdio.h>
#include <unistd.h>

#include "cli.h"

#define FIRST_AFTER 0.5 /* s before the first line */
#define EVERY 0.25      /* s between updates */

static void show(void *ctx, uint32_t done, uint32_t total)
{
    cli_progress *p = ctx;
    double now = cli_seconds_now();
    if (done >= total || now - p->t0 < FIRST_AFTER || now - p->last < EVERY)
        return;
    p->last = now;
    double rate = (now - p->t0) / done; /* s per replication so far */
    fprintf(stderr, "\r%sreplications %u/%u, ETA %.0f s\033[K", p->label,
            (unsigned)done, (unsigned)total, rate * (total - done));
    fflush(stderr);
    p->shown = 1;
}

void cli_progress_start(cli_progress *p, az_experiment_config *cfg)
{
    *p = (cli_progress){0};
    p->on = isatty(2);
    p->t0 = cli_seconds_now();
    if (p->on) {
        cfg->progress = show;
        cfg->progress_ctx = p;
    }
}

void cli_progress_label(cli_progress *p, const char *label)
{
    snprintf(p->label, sizeof p->label, "%s", label);
    p->t0 = cli_seconds_now();
}

void cli_progress_end(cli_progress *p)
{
    if (p->shown)
        fputs("\r\033[K", stderr);
    p->shown = 0;
}
