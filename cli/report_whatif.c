/*
 * report_whatif.c: the HTML page of `azalea compare --report` and
 * `azalea improve --report` (and `optimize --report`): the scenarios
 * against the base in a table, and a chart of each one's paired
 * throughput difference with its 95 % CI as an error bar, the base at 0;
 * for an optimisation also every configuration screened, cost against
 * throughput, with the front. Same look as run's report (its CSS),
 * self-contained, the chart drawn by gnuplot as inline SVG.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "azalea/version.h"
#include "report.h"
#include "whatif.h"

/* A name for gnuplot's strings: no quotes or backslashes. */
static void gp_text(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++)
        fputc(*s == '"' || *s == '\\' ? '\'' : *s, f);
    fputc('"', f);
}

/* The chart's data and script in dir: one row per scenario, top down
 * (column 2 a placeholder, so the columns read as before). */
static int write_chart(const char *dir, const az_whatif_run *runs, size_t n)
{
    char path[4096];
    size_t unstable = 0;
    for (size_t i = 0; i < n; i++)
        unstable += runs[i].unstable != 0;
    size_t stable = n - unstable;
    snprintf(path, sizeof path, "%s/diff.dat", dir);
    FILE *f = fopen(path, "w");
    if (!f)
        return 1;
    for (size_t i = 0; i < n; i++) {
        const az_whatif_fig *d = &runs[i].diff[AZ_WI_THROUGHPUT];
        double lo = isfinite(d->low) ? d->low : d->mean;
        double hi = isfinite(d->high) ? d->high : d->mean;
        fprintf(f, "%zu x", i);
        /* columns 3-5: stable scenarios; 6-8: unstable ones (red) */
        if (runs[i].unstable)
            fprintf(f, " NaN NaN NaN %.6g %.6g %.6g\n", d->mean, lo, hi);
        else
            fprintf(f, " %.6g %.6g %.6g NaN NaN NaN\n", d->mean, lo, hi);
    }
    if (fclose(f))
        return 1;
    snprintf(path, sizeof path, "%s/report.gp", dir);
    if (!(f = fopen(path, "w")))
        return 1;
    fprintf(f,
            "set terminal svg size 960,%d dynamic noenhanced "
            "font 'DejaVu Sans,Arial,Helvetica,sans-serif,12' "
            "background rgb 'white' name 'chart_paired'\n"
            "set output '%s/chart-paired.svg'\n"
            "set title 'Throughput change against the base (95 %% CI)' "
            "font ',14'\n"
            "set border lc rgb '#555555'\n"
            "set xlabel 'change in units per hour (base = 0)'\n"
            "set yrange [%zu-0.5:-0.5]\nset ytics scale 0\n"
            "set grid xtics lc rgb '#dddddd'\n"
            "set arrow from 0, graph 0 to 0, graph 1 nohead lc rgb '#222222' "
            "lw 2\n"
            "set key outside bottom center vertical\n"
            "set ytics (",
            150 + 30 * (int)n, dir, n);
    /* The labels set here, not by ytic() in a series: a row is then named
     * whichever series draws it. */
    for (size_t i = 0; i < n; i++) {
        char label[200];
        snprintf(label, sizeof label, "%.60s%s", runs[i].label,
                 runs[i].unstable ? " (UNSTABLE)" : "");
        fputs(i ? ", " : "", f);
        gp_text(f, label);
        fprintf(f, " %zu", i);
    }
    fputs(")\nplot ", f);
    /* A series with no point is an error in gnuplot: only those with
     * points; the first carries the labels. */
    if (stable)
        fprintf(f, "'%s/diff.dat' using 3:1:4:5 with xerrorbars "
                "pt 7 ps 0.8 lc rgb '#4a78b5' title 'scenario'", dir);
    if (unstable)
        fprintf(f, "%s'%s/diff.dat' using 6:1:7:8 with xerrorbars pt 5 "
                "ps 0.8 lc rgb '#c0392b' title 'UNSTABLE: the line cannot "
                "keep up'", stable ? ", \\\n     " : "", dir);
    fputc('\n', f);
    return fclose(f) != 0;
}

/* optimize: a chart of every configuration screened, cost against
 * throughput (screening means), the front joined by a line; appended to
 * dir's report.gp as chart-front.svg. */
static int write_front(const char *dir, const az_opt_eval *ev, size_t nev)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/front.dat", dir);
    FILE *f = fopen(path, "w");
    if (!f)
        return 1;
    /* columns: cost, throughput of all; then the front's, by cost */
    for (size_t i = 0; i < nev; i++)
        fprintf(f, "%.10g %.10g\n", ev[i].cost, ev[i].fig[AZ_WI_THROUGHPUT]);
    fputs("\n\n", f); /* index 1: the front */
    size_t *ix = malloc((nev ? nev : 1) * sizeof *ix), k = 0;
    if (!ix) {
        fclose(f);
        return 1;
    }
    for (size_t i = 0; i < nev; i++)
        if (ev[i].pareto)
            ix[k++] = i;
    for (size_t i = 1; i < k; i++)
        for (size_t j = i; j > 0 && ev[ix[j]].cost < ev[ix[j - 1]].cost; j--) {
            size_t t = ix[j];
            ix[j] = ix[j - 1];
            ix[j - 1] = t;
        }
    for (size_t i = 0; i < k; i++)
        fprintf(f, "%.10g %.10g\n", ev[ix[i]].cost,
                ev[ix[i]].fig[AZ_WI_THROUGHPUT]);
    free(ix);
    if (fclose(f))
        return 1;
    snprintf(path, sizeof path, "%s/report.gp", dir);
    if (!(f = fopen(path, "a")))
        return 1;
    fprintf(f,
            "reset\n"
            "set terminal svg size 960,420 dynamic noenhanced "
            "font 'DejaVu Sans,Arial,Helvetica,sans-serif,12' "
            "background rgb 'white' name 'chart_front'\n"
            "set output '%s/chart-front.svg'\n"
            "set title 'Cost and throughput of the configurations screened' "
            "font ',14'\n"
            "set border lc rgb '#555555'\n"
            "set xlabel 'cost'\nset ylabel 'units per hour (screening)'\n"
            "set grid lc rgb '#dddddd'\n"
            "set key outside bottom center horizontal\n"
            "plot '%s/front.dat' index 0 using 1:2 with points pt 7 ps 0.6 "
            "lc rgb '#9aa7b8' title 'screened', \\\n"
            "     '%s/front.dat' index 1 using 1:2 with linespoints pt 7 "
            "ps 0.9 lw 2 lc rgb '#4a78b5' title 'cost/throughput front'\n",
            dir, dir, dir);
    return fclose(f) != 0;
}

/* "a ± b" in a table cell, at 95 %; "-" when a does not exist. */
static void cell(FILE *f, const az_whatif_fig *x, int sign)
{
    fputs("<td>", f);
    if (!isfinite(x->mean)) {
        fputs("-</td>", f);
        return;
    }
    fprintf(f, sign ? "%+.2f" : "%.2f", x->mean);
    if (isfinite(x->low) && isfinite(x->high))
        fprintf(f, " <span class=\"ci\">± %.2f</span>",
                (x->high - x->low) / 2);
    if (sign && isfinite(x->low) && (x->low > 0 || x->high < 0))
        fputs(" *", f);
    fputs("</td>", f);
}

static void row(FILE *f, const az_whatif_run *r, int base, int costs)
{
    fputs("<tr><td class=\"t\">", f);
    report_esc(f, r->label);
    fputs("</td>", f);
    for (int k = 0; k < AZ_WI_NFIG; k++) {
        cell(f, &r->fig[k], 0);
        if (base)
            fputs("<td></td>", f);
        else
            cell(f, &r->diff[k], 1);
    }
    if (costs) {
        if (r->cost >= 0)
            fprintf(f, "<td>%.0f</td>", r->cost);
        else
            fputs("<td>-</td>", f);
    }
    fprintf(f, "<td class=\"t\">%s</td></tr>\n",
            r->unstable ? "<strong>UNSTABLE</strong>" : "");
}

static void write_page(FILE *f, const char *kind, const az_model *m,
                       const char *source, const az_experiment_config *cfg,
                       const az_whatif_run *base, const az_whatif_run *runs,
                       size_t n, const char *svg, const char *front)
{
    int costs = 0, unstable = base->unstable;
    for (size_t i = 0; i < n; i++) {
        costs |= runs[i].cost >= 0;
        unstable |= runs[i].unstable;
    }
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">"
          "\n<title>azalea ", f);
    report_esc(f, kind);
    fputs(": ", f);
    report_esc(f, az_model_name(m));
    fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n<h1>",
            report_css);
    report_esc(f, az_model_name(m));
    fprintf(f, ": %s</h1>\n<p class=\"meta\">",
            !strcmp(kind, "improve")    ? "single changes ranked by "
                                          "throughput gain"
            : !strcmp(kind, "optimize") ? "the best configurations "
                                          "confirmed against today's line"
                                        : "scenarios against the base");
    if (source) {
        fputs("Model ", f);
        report_esc(f, source);
        fputs(". ", f);
    }
    fprintf(f, "%u replications per run, seed %llu; every scenario runs the "
               "same replications with the same random numbers as the base "
               "(common random numbers), so each change comes with its own "
               "paired confidence interval. Figures: mean ± half-width of the "
               "95 %% confidence interval; * the change is significant (its "
               "interval excludes 0).</p>\n",
            (unsigned)cfg->replications, (unsigned long long)cfg->seed);
    if (unstable)
        fputs("<p class=\"warning\"><strong>Warning:</strong> UNSTABLE "
              "marks a run where the line cannot keep up with its release "
              "(a queue or the release backlog grows through the run): its "
              "lead time and WIP depend on the horizon, and so do their "
              "changes.</p>\n", f);
    fputs("<h2>Throughput change</h2>\n", f);
    fprintf(f, "<figure>\n%s\n<figcaption>Each scenario's throughput minus "
               "the base's, paired by replication; whiskers: 95 %% "
               "confidence interval. A whisker clear of the line at 0 is a "
               "significant change.%s</figcaption>\n</figure>\n",
            svg, unstable ? " Red: unstable scenarios." : "");
    if (front)
        fprintf(f, "<h2>What money buys</h2>\n<figure>\n%s\n<figcaption>"
                   "Every configuration the search screened, its cost "
                   "against its screened throughput; the line joins the "
                   "cost/throughput front (nothing screened costs less and "
                   "makes more). The table below holds those confirmed at "
                   "full length.</figcaption>\n</figure>\n", front);
    const char *u = az_model_time_unit(m);
    fprintf(f, "<h2>Scenarios against the base</h2>\n<table>\n<tr>"
               "<th>scenario</th><th>units/h</th><th>change</th>"
               "<th>lead time (%s)</th><th>change</th><th>WIP (units)</th>"
               "<th>change</th>%s<th></th></tr>\n",
            u, costs ? "<th>cost</th>" : "");
    row(f, base, 1, costs);
    for (size_t i = 0; i < n; i++)
        row(f, &runs[i], 0, costs);
    fprintf(f, "</table>\n<footer>Made by azalea %s. Chart drawn with "
               "gnuplot.</footer>\n</main>\n</body>\n</html>\n",
            az_version());
}

int report_whatif(const char *path, const char *kind, const az_model *m,
                  const char *source, const az_experiment_config *cfg,
                  const az_whatif_run *base, const az_whatif_run *runs,
                  size_t n, const az_opt_eval *ev, size_t nev)
{
    const char *gnuplot = plot_program();
    if (!gnuplot)
        return 1;
    chart ch[2] = {{"chart-paired", NULL}, {"chart-front", NULL}};
    char *dir = plot_tmpdir();
    int code = 1;
    if (!dir)
        return 1;
    if (write_chart(dir, runs, n) || (nev && write_front(dir, ev, nev))) {
        fprintf(stderr, "azalea: --report: cannot write the chart data in "
                "%s\n", dir);
        goto out;
    }
    if (plot_charts(gnuplot, dir, ch, nev ? 2 : 1))
        goto out;
    az_outfile *o = report_open(path);
    if (!o)
        goto out;
    write_page(az_outfile_stream(o), kind, m, source, cfg, base, runs, n,
               ch[0].svg, nev ? ch[1].svg : NULL);
    if (report_commit(o))
        goto out;
    code = 0;
out:
    free(ch[0].svg);
    free(ch[1].svg);
    plot_rmdir(dir);
    return code;
}
