/*
 * draw.c: `azalea draw MODEL -o FILE`: the line diagram alone, as SVG for
 * a document or as the DOT text, and the diagram the run report puts at
 * its top (report_html.c). The library writes the DOT text
 * (azalea/draw.h); Graphviz's dot lays it out, run as an external
 * program in a temporary directory as the report runs gnuplot
 * (report_plot.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "azalea/draw.h"
#include "azalea/output.h"
#include "cli.h"
#include "report.h"

const char *draw_program(const char *what)
{
    return cli_program(what, "AZALEA_DOT", "dot",
                       "Graphviz's dot to lay out the line diagram",
                       "graphviz");
}

int draw_svg(const char *what, const char *dot, const az_model *m,
             const az_summary *s, char **svg, az_draw_info *info)
{
    az_draw_options opt = {s, 0};
    az_error err;
    char *text = NULL, *dir = NULL;
    *svg = NULL;
    if (az_draw_dot(m, &opt, &text, info, &err)) {
        fprintf(stderr, "azalea: %s: %s\n", what, err.msg);
        return 1;
    }
    int code = 1;
    if (!(dir = cli_tmpdir(what)))
        goto out;
    char in[4096], out[4096], log[4096];
    snprintf(in, sizeof in, "%s/line.dot", dir);
    snprintf(out, sizeof out, "%s/line.svg", dir);
    snprintf(log, sizeof log, "%s/dot.log", dir);
    FILE *f = fopen(in, "w");
    int bad = !f || fputs(text, f) == EOF;
    bad |= f && fclose(f) != 0;
    if (bad) {
        fprintf(stderr, "azalea: %s: cannot write the diagram's DOT text in "
                "%s\n", what, dir);
        goto out;
    }
    char *argv[] = {(char *)dot, "-Tsvg", "-o", out, in, NULL};
    if (cli_run(what, "dot", argv, log))
        goto out;
    if (!(*svg = plot_slurp(out)) || !strstr(*svg, "<svg")) {
        fprintf(stderr, "azalea: %s: dot drew no diagram\n", what);
        free(*svg);
        *svg = NULL;
        goto out;
    }
    code = 0;
out:
    free(text);
    plot_rmdir(dir);
    return code;
}

/* svg or dot: --format, else by the file's extension (.dot, .gv). */
static const char *format_of(const options *o)
{
    if (o->format)
        return !strcmp(o->format, "svg") || !strcmp(o->format, "dot")
                   ? o->format
                   : NULL;
    const char *dot = o->output ? strrchr(o->output, '.') : NULL;
    return dot && (!strcmp(dot, ".dot") || !strcmp(dot, ".gv")) ? "dot"
                                                                 : "svg";
}

int cmd_draw(int argc, char **argv)
{
    options o = {0};
    if (!cli_parse_args(argc, argv, &o) || cli_reject(&o, "draw", 0, 0, 0))
        return EXIT_USAGE;
    if (cli_model_named(&o, "draw", 1))
        return EXIT_USAGE;
    const char *fmt = format_of(&o);
    if (!fmt) {
        fprintf(stderr, "azalea: --format expects 'svg' or 'dot', got "
                "'%s'\n", o.format);
        return EXIT_USAGE;
    }
    const char *path = o.output ? o.output : "-";
    const char *dot = NULL;
    /* Refused before any work: no dot for an SVG, a file not writable. */
    if (!strcmp(fmt, "svg") && !(dot = draw_program("draw")))
        return EXIT_USAGE;
    if (cli_check_output(path, AZ_OUT_FILE))
        return EXIT_USAGE;
    az_model *m = NULL;
    az_experiment_config cfg;
    const char *source;
    az_status rc = cli_load(&o, NULL, 0, &m, &cfg, &source);
    if (rc)
        return cli_exit_code(rc);
    char *text = NULL;
    az_draw_info info;
    az_error err;
    int code = EXIT_RUNTIME;
    if (dot) {
        if (draw_svg("draw", dot, m, NULL, &text, &info))
            goto out;
    } else if (az_draw_dot(m, NULL, &text, &info, &err)) {
        fprintf(stderr, "azalea: draw: %s\n", err.msg);
        goto out;
    }
    if (info.summary)
        fprintf(stderr, "azalea: draw: %s\n", info.note);
    az_outfile *f;
    if (az_outfile_open(path, "the diagram", &f, &err)) {
        fprintf(stderr, "azalea: %s\n", err.msg);
        goto out;
    }
    fputs(text, az_outfile_stream(f));
    if (az_outfile_commit(f, &err)) {
        fprintf(stderr, "azalea: %s\n", err.msg);
        goto out;
    }
    code = 0;
out:
    free(text);
    az_model_free(m);
    return code;
}
