/*
 * report.h: the HTML report (--report) of `azalea run`: report_series.c
 * gathers replication 1's day-by-day figures with an observer,
 * report_plot.c draws the charts with gnuplot, report_html.c writes the
 * page. It lives in the CLI, not the library, because it runs an external
 * program (gnuplot): a library should not fork from its callers' threads
 * or depend on their PATH.
 */
#ifndef AZALEA_CLI_REPORT_H
#define AZALEA_CLI_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "azalea/draw.h"
#include "azalea/experiment.h"
#include "azalea/model.h"
#include "azalea/output.h"
#include "azalea/sim.h"

/* One segment of a machine's state in the Gantt strip (model time). */
typedef struct rep_seg {
    double t0, t1;
    uint32_t row; /* machine: stations in order, then machines */
    az_machine_state state;
} rep_seg;

/* What replication 1 shows over time. */
typedef struct rep_series {
    double day, horizon, warmup; /* model time units */
    double t0;      /* a run from a state: its time, which the series'
                     * times count from; else 0 */
    uint32_t ndays;
    double *done;   /* [ndays] units finished per day */
    double *wip;    /* [ndays] time-average units in the line */
    double *lead;   /* lead times of units finished after the warm-up */
    size_t nlead, caplead;
    rep_seg *seg;   /* machine states up to gantt_end */
    size_t nseg, capseg;
    /* The Gantt strip shows the first day on which some machine is not off
     * shift (the first day of a calendar is often a holiday); gantt_day is
     * its index, or UINT32_MAX until one is seen. */
    uint32_t gantt_day;
    double gantt_end;
    uint32_t nrow;
    uint32_t *first_row; /* [stations] row of each station's machine 1 */
    double *since;  /* [nrow] start of the current state */
    az_machine_state *cur;
    double wip_now, wip_t;
    int oom;
} rep_series;

/* Runs replication 1 of m (cfg's seed, horizon, warm-up) with the
 * observer. 0 on success; else prints why and returns an exit status. */
int rep_series_run(rep_series *r, const az_model *m,
                   const az_experiment_config *cfg);
void rep_series_free(rep_series *r);

/* A chart: gnuplot commands and its data, drawn into an SVG string. */
typedef struct chart {
    const char *id;      /* "chart-states": the <svg> element's id */
    char *svg;           /* after plot_charts: the cleaned SVG, yours */
} chart;

/* An external program: $env if set (it must be executable), else prog if
 * it is on the PATH; NULL if neither, after saying so ("azalea: WHAT
 * needs NEED, and none is on the PATH (Debian: apt-get install PKG)"). */
const char *cli_program(const char *what, const char *env,
                        const char *prog, const char *need, const char *pkg);
/* The gnuplot program: $AZALEA_GNUPLOT, else "gnuplot" on the PATH; NULL
 * (after saying so) if it cannot be found. */
const char *plot_program(void);
/* A fresh temporary directory for data and SVG files; NULL on failure,
 * having said so (what: the option or command it is for). Yours: remove
 * it with plot_rmdir. */
char *cli_tmpdir(const char *what);
char *plot_tmpdir(void); /* cli_tmpdir("--report") */
void plot_rmdir(char *dir);
/* Runs argv (argv[0] found on the PATH) with no input and its output and
 * messages into the file log, and waits for it. 0 if it exits 0; else 1,
 * having said "azalea: WHAT: NAME failed:" and what it wrote. */
int cli_run(const char *what, const char *name, char *const argv[],
            const char *log);
/* The whole of a file, NUL-terminated (yours), or NULL. */
char *plot_slurp(const char *path);
/* The SVG raw from its <svg element on, with id="<id>" on it and every
 * reference-able id in it (id='x', href='#x', url(#x)) prefixed by the
 * id, to inline in HTML; NULL if it has no <svg or memory runs out.
 * Yours. */
char *plot_inline_svg(const char *raw, const char *id);
/* Runs gnuplot on dir/report.gp, then reads dir/<id>.svg for each chart.
 * 0, or prints gnuplot's complaint and returns 1. */
int plot_charts(const char *gnuplot, const char *dir, chart *c, size_t n);

/* The page file, through the atomic writer (output.h): report_open gives
 * the writer or NULL, having said why; report_commit replaces path with
 * what was written, 0, or says why and returns 1 (path is then as it was). */
az_outfile *report_open(const char *path);
int report_commit(az_outfile *o);

/* The page's style sheet and HTML escaping (report_html.c), shared with
 * the what-if page (report_whatif.c). */
extern const char report_css[];
void report_esc(FILE *f, const char *s);

/* The line diagram (draw.c). dot: $AZALEA_DOT, else "dot" on the PATH;
 * NULL (after saying so, "WHAT needs Graphviz's dot ...") if neither. */
const char *draw_program(const char *what);
/* m's diagram laid out by dot into *svg (yours; dot's whole SVG file),
 * with s's figures if s is not NULL; *info says what it holds. 0, or 1
 * having said why ("azalea: WHAT: ..."). */
int draw_svg(const char *what, const char *dot, const az_model *m,
             const az_summary *s, char **svg, az_draw_info *info);

/* Writes the page to path (via path.tmp, renamed when complete). Returns
 * 0 or an exit status, having said why. */
int report_html(const char *path, const az_model *m, const az_summary *s,
                const char *source);

#endif
