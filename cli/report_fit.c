/*
 * report_fit.c: the HTML page of `azalea fit --report`: the data's
 * histogram with the densities of the top three fits, their Q-Q plot
 * (fitted quantiles against the sorted data) and P-P plot (fitted CDF
 * against the empirical one), drawn by gnuplot as inline SVG with the run
 * report's machinery and style (report_plot.c, report_html.c).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "azalea/version.h"
#include "fit.h"
#include "report.h"

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static const char *const colours[3] = {"#c0392b", "#4a78b5", "#2e8b57"};

/* Data files and the script of the three charts in dir. */
static int write_charts(const char *dir, const char *unit, const double *u,
                        size_t n, const az_fit_result *r, uint32_t top)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/data.dat", dir);
    FILE *f = fopen(path, "w");
    if (!f)
        return 1;
    for (size_t i = 0; i < n; i++)
        fprintf(f, "%.10g\n", u[i]);
    if (fclose(f))
        return 1;
    /* per fit: x, density; and per sorted value: its quantile, CDF */
    for (uint32_t k = 0; k < top; k++) {
        const az_fit *fit = &r->fit[r->rank[k]];
        snprintf(path, sizeof path, "%s/pdf%u.dat", dir, k);
        if (!(f = fopen(path, "w")))
            return 1;
        double lo = u[0], hi = u[n - 1], w = hi - lo;
        for (int j = 0; j <= 200; j++) {
            double x = lo - 0.05 * w + 1.1 * w * j / 200.0;
            fprintf(f, "%.10g %.10g\n", x, x < 0 ? 0 : az_fit_pdf(fit, x));
        }
        if (fclose(f))
            return 1;
        snprintf(path, sizeof path, "%s/qq%u.dat", dir, k);
        if (!(f = fopen(path, "w")))
            return 1;
        for (size_t i = 0; i < n; i++) {
            double p = (i + 0.5) / (double)n;
            fprintf(f, "%.10g %.10g %.10g %.10g\n", az_fit_quantile(fit, p),
                    u[i], az_fit_cdf(fit, u[i]), p);
        }
        if (fclose(f))
            return 1;
    }
    snprintf(path, sizeof path, "%s/report.gp", dir);
    if (!(f = fopen(path, "w")))
        return 1;
    const char *term = "set terminal svg size 640,420 dynamic noenhanced "
                       "font 'DejaVu Sans,Arial,Helvetica,sans-serif,12' "
                       "background rgb 'white'";
    double w = (u[n - 1] - u[0]) / 30;
    fprintf(f, "%s name 'hist'\nset output '%s/chart-hist.svg'\n"
            "set title 'Histogram and fitted densities' font ',14'\n"
            "set border lc rgb '#555555'\nset grid lc rgb '#dddddd'\n"
            "set xlabel 'duration (%s)'\nset ylabel 'density'\n"
            "set key top right\nbw = %.10g\n"
            "set style fill solid 0.4 noborder\n"
            "plot '%s/data.dat' using (bw*floor($1/bw)+bw/2):(1.0/(%zu*bw)) "
            "smooth frequency with boxes lc rgb '#999999' title 'data'",
            term, dir, unit, w, dir, n);
    for (uint32_t k = 0; k < top; k++)
        fprintf(f, ", \\\n  '%s/pdf%u.dat' using 1:2 with lines lw 2 "
                "lc rgb '%s' title '%s'", dir, k, colours[k],
                az_fit_family_name(r->fit[r->rank[k]].family));
    fprintf(f, "\n%s name 'qq'\nset output '%s/chart-qq.svg'\n"
            "set title 'Q-Q plot' font ',14'\nset style fill empty\n"
            "set xlabel 'fitted quantile (%s)'\n"
            "set ylabel 'observed (%s)'\nset key top left\n"
            "plot x with lines lc rgb '#222222' title 'y = x'",
            term, dir, unit, unit);
    for (uint32_t k = 0; k < top; k++)
        fprintf(f, ", \\\n  '%s/qq%u.dat' using 1:2 with points pt 7 ps 0.3 "
                "lc rgb '%s' title '%s'", dir, k, colours[k],
                az_fit_family_name(r->fit[r->rank[k]].family));
    fprintf(f, "\n%s name 'pp'\nset output '%s/chart-pp.svg'\n"
            "set title 'P-P plot' font ',14'\n"
            "set xlabel 'fitted probability'\n"
            "set ylabel 'empirical probability'\nset xrange [0:1]\n"
            "set yrange [0:1]\n"
            "plot x with lines lc rgb '#222222' title 'y = x'", term, dir);
    for (uint32_t k = 0; k < top; k++)
        fprintf(f, ", \\\n  '%s/qq%u.dat' using 3:4 with points pt 7 ps 0.3 "
                "lc rgb '%s' title '%s'", dir, k, colours[k],
                az_fit_family_name(r->fit[r->rank[k]].family));
    fputc('\n', f);
    return fclose(f) != 0;
}

static void write_page(FILE *f, const char *source, const char *unit,
                       size_t n, const az_fit_result *r, chart *ch)
{
    char y[1024];
    fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta "
            "charset=\"utf-8\">\n<title>azalea fit: ");
    report_esc(f, source);
    fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n"
            "<h1>Fitted distributions: ", report_css);
    report_esc(f, source);
    fprintf(f, "</h1>\n<p class=\"meta\">%zu values in %s; mean %.4g, sd "
            "%.4g. Fits by maximum likelihood, ranked by AIC; A-D: "
            "Anderson-Darling A<sup>2</sup>, p: its parametric-bootstrap "
            "p-value.</p>\n<h2>Fits</h2>\n<table>\n<tr><th>rank</th>"
            "<th>distribution</th><th>loglik</th><th>AIC</th><th>A-D</th>"
            "<th>p</th><th>model file</th></tr>\n", n, unit, r->mean, r->sd);
    for (uint32_t i = 0; i < r->nranked; i++) {
        const az_fit *fit = &r->fit[r->rank[i]];
        az_fit_yaml(fit, unit, y, sizeof y);
        fprintf(f, "<tr><td>%u</td><td class=\"t\">%s</td><td>%.2f</td>"
                "<td>%.2f</td><td>%.4g</td><td>%.3g</td><td class=\"t\">"
                "<code>", i + 1, az_fit_family_name(fit->family),
                fit->loglik, fit->aic, fit->ad, fit->p_value);
        report_esc(f, y);
        fputs("</code></td></tr>\n", f);
    }
    fputs("</table>\n<h2>The top three</h2>\n", f);
    for (int k = 0; k < 3; k++)
        fprintf(f, "<figure>\n%s\n</figure>\n", ch[k].svg);
    az_fit_empirical_yaml(r, unit, y, sizeof y);
    fputs("<h2>Empirical table</h2>\n<p>Not ranked (it always fits best):"
          " <code>", f);
    report_esc(f, y);
    fprintf(f, "</code></p>\n<footer>Made by azalea %s. Charts drawn with "
            "gnuplot.</footer>\n</main>\n</body>\n</html>\n", az_version());
}

int report_fit(const char *path, const char *source, const char *unit,
               const double *x, size_t n, const az_fit_result *r)
{
    const char *gnuplot = plot_program();
    if (!gnuplot)
        return 1;
    chart ch[3] = {{"chart-hist", NULL}, {"chart-qq", NULL},
                   {"chart-pp", NULL}};
    double *u = malloc(n * sizeof *u);
    char *dir = u ? plot_tmpdir() : NULL;
    int code = 1;
    if (!dir) {
        free(u);
        return 1;
    }
    memcpy(u, x, n * sizeof *u);
    qsort(u, n, sizeof *u, cmp);
    uint32_t top = r->nranked < 3 ? r->nranked : 3;
    if (write_charts(dir, unit, u, n, r, top)) {
        fprintf(stderr, "azalea: --report: cannot write the chart data in "
                "%s\n", dir);
        goto out;
    }
    if (plot_charts(gnuplot, dir, ch, 3))
        goto out;
    az_outfile *o = report_open(path);
    if (!o)
        goto out;
    write_page(az_outfile_stream(o), source, unit, n, r, ch);
    if (report_commit(o))
        goto out;
    code = 0;
out:
    for (int k = 0; k < 3; k++)
        free(ch[k].svg);
    free(u);
    plot_rmdir(dir);
    return code;
}
