/*
 * animate.c: `azalea animate MODEL -o replay.html`: one replication
 * replayed on the line diagram in a self-contained page (no network, no
 * framework): machines coloured by state with the run report's colours,
 * buffers filling, units moving, the clock on the plant's calendar, and
 * controls to play, seek and step. animate_rec.c records the run; this
 * file picks the window, lays out the diagram with Graphviz's dot
 * (draw.c) and writes the page around the recording and the page's own
 * script (cli/animate.js, built in). docs/animate.md describes the page
 * and its data.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "animate.h"
#include "azalea/state.h"
#include "cli.h"
#include "report_run.h"

/* The calendar's labels on the clock, one per stretch of time; the line's
 * shifts follow them (CAL_N + shift), named. */
enum { CAL_OFF, CAL_WORK, CAL_BREAK, CAL_NOWORK, CAL_HOLIDAY, CAL_N };
static const char *const cal_label[CAL_N] = {
    "off shift", "on shift", "break", "no work today", "holiday"};

/* jansson's adders, remembering a failure (out of memory: a NULL value
 * or no room to add it), so that a page missing part of its data is not
 * written. */
static int json_failed;
static void jset(json_t *o, const char *key, json_t *v)
{
    json_failed |= json_object_set_new(o, key, v) != 0;
}
static void jadd(json_t *a, json_t *v)
{
    json_failed |= json_array_append_new(a, v) != 0;
}

/* A time option (--from, --to): what --snapshot-at reads (a run day and a
 * clock time, a date-time, or a duration from time 0). 0 after saying
 * why. */
static int parse_time(const char *opt, const char *s, const az_model *m,
                      double *t)
{
    az_error e;
    if (az_state_parse_time(m, s, t, &e)) {
        fprintf(stderr, "azalea: %s: %s\n", opt, e.msg);
        return 0;
    }
    return 1;
}

/* Working time of the line in [a, b), or 0 on failure. */
static double working(const az_model *m, double a, double b)
{
    double w = 0;
    az_error e;
    return az_model_working_time(m, a, b, &w, &e) ? 0 : w;
}

/* A hint for a time given as a bare number, which reads as a run day:
 * the user may have meant a duration. */
static const char *bare_day(const char *text)
{
    size_t n = strspn(text, " ");
    size_t d = strspn(text + n, "0123456789");
    return d && text[n + d + strspn(text + n + d, " ")] == '\0'
               ? ": a bare number is a run day; a duration needs its unit "
                 "('3600 s', '26 h')"
               : "";
}

/* The window: --from and --to, else the first day on which the line
 * works (within the horizon and the first 31 days), else day 0; from a
 * state (--initial), the state's time, where the horizon counts from.
 * 0, or EXIT_USAGE having said why. */
static int window(const options *o, const az_model *m,
                  const az_experiment_config *cfg, double *from, double *to)
{
    double day = 86400.0 / az_model_time_unit_seconds(m);
    double t0 = cfg->initial ? az_state_time(cfg->initial) : 0;
    double h = t0 + cfg->horizon;
    *from = t0;
    if (o->from && !parse_time("--from", o->from, m, from))
        return EXIT_USAGE;
    if (!o->from && !cfg->initial)
        for (int d = 0; d < 31 && d * day < h; d++)
            if (working(m, d * day, (d + 1) * day) > 0) {
                *from = d * day;
                break;
            }
    *to = *from + day < h ? *from + day : h;
    if (o->to && !parse_time("--to", o->to, m, to))
        return EXIT_USAGE;
    char a[64], b[64];
    if (*from < t0) {
        fprintf(stderr, "azalea: --from '%s' is %s, before the state the "
                "run starts from (%s, --initial)%s\n", o->from,
                cli_when_exact(m, *from, a, sizeof a),
                cli_when_exact(m, t0, b, sizeof b), bare_day(o->from));
        return EXIT_USAGE;
    }
    if (!(*from < h)) {
        fprintf(stderr, "azalea: --from '%s' is %s, not before the horizon "
                "(%s; --horizon sets it)%s\n", o->from,
                cli_when_exact(m, *from, a, sizeof a), cli_when_exact(m, h, b, sizeof b),
                bare_day(o->from));
        return EXIT_USAGE;
    }
    if (!(*to > *from)) {
        fprintf(stderr, "azalea: --to '%s' is %s, not after the window's "
                "start (%s%s)%s\n", o->to, cli_when_exact(m, *to, a, sizeof a),
                cli_when_exact(m, *from, b, sizeof b),
                o->from           ? ", --from"
                : cfg->initial ? ", the state's time"
                               : ": give --from",
                bare_day(o->to));
        return EXIT_USAGE;
    }
    if (*to > h) {
        fprintf(stderr, "azalea: --to '%s' is %s, past the horizon (%s; "
                "--horizon sets it)%s\n", o->to,
                cli_when_exact(m, *to, a, sizeof a), cli_when_exact(m, h, b, sizeof b),
                bare_day(o->to));
        return EXIT_USAGE;
    }
    return 0;
}

/* The line's shift covering second `sec` of a day of weekday wd (0
 * Monday), or -1: one begun that day, or the day before and running past
 * midnight. */
static int shift_at(const az_model *m, int wd, double sec)
{
    for (uint32_t i = 0; i < az_model_shift_count(m); i++) {
        az_shift_view v;
        az_model_shift_view(m, i, &v);
        int today = v.days >> wd & 1, before = v.days >> (wd + 6) % 7 & 1;
        if (v.end > v.start ? today && sec >= v.start && sec < v.end
                            : (today && sec >= v.start) ||
                                  (before && sec < v.end))
            return (int)i;
    }
    return -1;
}

/* The calendar over the window as [time, label, time, label, ...], minute
 * by minute of the plant's days: a holiday; a day without work; in a
 * shift, working (the shift's label) or not (a break); else off shift.
 * Working is the model's own answer (az_model_working_time). */
enum { CAL_MINUTES = 24 * 60 };
static json_t *calendar(const az_model *m, double from, double to)
{
    double unit = az_model_time_unit_seconds(m), step = 60.0 / unit;
    int64_t start = 0;
    int has_start = az_model_start(m, &start);
    /* time 0 on the plant's clock: its seconds after midnight, weekday */
    int64_t day0 = has_start ? (start >= 0 ? start / 86400
                                           : -((-start + 86399) / 86400))
                             : 0;
    double off = has_start ? (double)(start - day0 * 86400) : 0;
    int wd0 = has_start ? (int)(((day0 + 3) % 7 + 7) % 7) : 0; /* 1970: Thu */
    json_t *a = json_array();
    int last = -1;
    for (int64_t d = (int64_t)floor((from * unit + off) / 86400);; d++) {
        double mid = ((double)d * 86400 - off) / unit; /* its midnight */
        if (mid >= to)
            break;
        int wd = (int)(((wd0 + d) % 7 + 7) % 7);
        int holiday = d >= 0 && az_model_is_holiday(m, (uint32_t)d);
        int any = working(m, mid, mid + 86400 / unit) > 0;
        for (int k = 0; k < CAL_MINUTES; k++) {
            double t = mid + k * step;
            int c;
            if (holiday)
                c = CAL_HOLIDAY;
            else if (!any)
                c = CAL_NOWORK;
            else {
                int sh = shift_at(m, wd, k * 60.0);
                int w = working(m, t, t + step) > step / 2;
                c = w ? (sh >= 0 ? CAL_N + sh : CAL_WORK)
                      : sh >= 0 ? CAL_BREAK : CAL_OFF;
            }
            if (c != last && t + step > from) {
                jadd(a, json_real(t < from ? from : t));
                jadd(a, json_integer(c));
                last = c;
            }
        }
    }
    return a;
}

static json_t *u32_array(const uint32_t *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        jadd(a, json_integer(v[i]));
    return a;
}

/* The model and the state at the window's start, for the page. */
static json_t *meta(const az_model *m, const az_experiment_config *cfg,
                    uint32_t rep, const anim_rec *r)
{
    json_t *j = json_object();
    jset(j, "model", json_string(az_model_name(m)));
    jset(j, "time_unit", json_string(az_model_time_unit(m)));
    jset(j, "unit_s",
                        json_real(az_model_time_unit_seconds(m)));
    int64_t start;
    if (az_model_start(m, &start))
        jset(j, "start", json_integer(start));
    jset(j, "from", json_real(r->from));
    jset(j, "to", json_real(r->to));
    jset(j, "tick", json_real(r->tick));
    jset(j, "horizon", json_real(cfg->horizon));
    char seed[24]; /* a string: JSON numbers lose seeds above 2^53 */
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)cfg->seed);
    jset(j, "seed", json_string(seed));
    jset(j, "rep", json_integer(rep));
    jset(j, "events", json_integer((json_int_t)r->nev));
    json_t *st = json_array();
    for (size_t i = 0; i < az_model_station_count(m); i++) {
        az_station_view v;
        az_model_station_view(m, (uint32_t)i, &v);
        jadd(
            st, json_pack("{s:s,s:i,s:i,s:b,s:i,s:i}", "name",
                          az_model_station_name(m, i), "machines",
                          (int)v.machines, "buffer",
                          v.buffer == AZ_UNLIMITED ? -1 : (int)v.buffer,
                          "conveyor", v.conveyor, "carton", (int)v.carton,
                          "batch", (int)v.batch_max));
    }
    jset(j, "stations", st);
    json_t *pr = json_array();
    for (size_t i = 0; i < az_model_product_count(m); i++) {
        const char *fam = az_model_product_family(m, i);
        jadd(pr, json_pack("{s:s,s:s}", "name",
                                            az_model_product_name(m, i),
                                            "family", fam ? fam : ""));
    }
    jset(j, "products", pr);
    json_t *po = json_array();
    for (size_t i = 0; i < az_model_pool_count(m); i++)
        jadd(po, json_pack("{s:s,s:i}", "name",
                                            az_model_pool_name(m, i), "size",
                                            (int)az_model_pool_size(m, i)));
    jset(j, "pools", po);
    json_t *sn = json_array(), *sc = json_array(), *kinds = json_array();
    for (int k = 0; k < AZ_MS_COUNT; k++) {
        jadd(sn, json_string(az_machine_state_name(k)));
        jadd(sc, json_pack("[s,s]", state_colour[k],
                                            state_label[k]));
    }
    jset(j, "state_names", sn);
    jset(j, "state_colours", sc);
    for (int k = 0; k < AZ_PLACE_KINDS; k++)
        jadd(kinds, json_string(az_place_name(k)));
    jadd(kinds, json_string("batch")); /* ANIM_BATCH */
    jset(j, "place_kinds", kinds);
    json_t *pl = json_array();
    for (size_t i = 0; i < r->nplace; i++)
        jadd(pl, json_pack("[i,i,i]", (int)r->place[i].kind,
                                            (int)r->place[i].object,
                                            r->place[i].part == UINT32_MAX
                                                ? -1
                                                : (int)r->place[i].part));
    jset(j, "places", pl);
    json_t *cl = json_array();
    for (int k = 0; k < CAL_N; k++)
        jadd(cl, json_string(cal_label[k]));
    for (uint32_t i = 0; i < az_model_shift_count(m); i++) {
        az_shift_view v;
        char name[80];
        az_model_shift_view(m, i, &v);
        if (v.name && strstr(v.name, "shift")) /* kept as it is */
            snprintf(name, sizeof name, "%s", v.name);
        else if (v.name) /* "day shift" */
            snprintf(name, sizeof name, "%s shift", v.name);
        else
            snprintf(name, sizeof name, "shift %u", (unsigned)i + 1);
        jadd(cl, json_string(name));
    }
    jset(j, "calendar_labels", cl);
    jset(j, "calendar", calendar(m, r->from, r->to));
    /* the state at `from` */
    json_t *k = json_object(), *q = json_array();
    json_t *ms = json_array();
    for (uint32_t i = 0; i < r->nrow; i++)
        jadd(ms, json_integer(r->k_mstate[i]));
    jset(k, "ms", ms);
    jset(k, "mp", u32_array(r->k_mprod, r->nrow));
    jset(k, "mu", u32_array(r->k_munit, r->nrow));
    jset(k, "pc", u32_array(r->k_count, r->k_nplace));
    for (size_t i = 0; i < r->k_nplace; i++)
        jadd(q, u32_array(r->k_queue[i],
                                           2 * r->k_qlen[i]));
    jset(k, "pq", q);
    jset(k, "released", json_integer((json_int_t)r->k_released));
    jset(k, "done", json_integer((json_int_t)r->k_done));
    jset(k, "scrapped", json_integer((json_int_t)r->k_scrapped));
    jset(k, "joined", json_integer((json_int_t)r->k_joined));
    jset(j, "init", k);
    return j;
}

/* The page: controls, the diagram, the side panel, the data and the
 * script. 0, or 1 having said why (the file is then as it was). */
static int write_page(const char *path, const az_model *m, const char *svg,
                      json_t *j, const anim_rec *r)
{
    char *text = json_dumps(j, JSON_COMPACT | JSON_ESCAPE_SLASH);
    if (!text) {
        fprintf(stderr, "azalea: animate: out of memory for the page\n");
        return 1;
    }
    az_outfile *o;
    az_error err;
    if (az_outfile_open(path, "the replay", &o, &err)) {
        fprintf(stderr, "azalea: %s\n", err.msg);
        free(text);
        return 1;
    }
    FILE *f = az_outfile_stream(o);
    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
          "<title>Replay: ", f);
    report_esc(f, az_model_name(m));
    fprintf(f, "</title>\n<style>%s</style></head>\n<body>\n",
            (const char *)cli_animate_css);
    fputs("<header><h1>", f);
    report_esc(f, az_model_name(m));
    fputs("</h1><div id=\"clock\" data-t=\"\"></div></header>\n"
          "<div id=\"controls\">"
          "<button id=\"play\" type=\"button\" title=\"play / pause (space)\">"
          "Play</button>"
          "<button id=\"step\" type=\"button\" title=\"to the next event "
          "(right arrow)\">Next event</button>"
          "<button id=\"zoom\" type=\"button\" aria-pressed=\"false\" "
          "title=\"the diagram at its own size, or fitted to the page\">"
          "Full size</button>"
          "<label>speed <input id=\"speed\" type=\"range\" min=\"0\" max=\"4\" "
          "step=\"0.01\" value=\"2\"> <span id=\"speed-x\"></span></label>"
          "<input id=\"seek\" type=\"range\" min=\"0\" max=\"1000\" step=\"1\" "
          "value=\"0\" aria-label=\"seek\">"
          "</div>\n<main><div id=\"diagram\">", f);
    const char *s = strstr(svg, "<svg");
    fputs(s ? s : "", f);
    fputs("</div>\n<aside><div id=\"counters\"></div><div id=\"pools\">"
          "</div><div id=\"legend\"></div><div id=\"panel\" hidden></div>"
          "</aside></main>\n<pre id=\"errors\" hidden></pre>"
          "<pre id=\"probe\" hidden></pre>\n"
          "<script type=\"application/json\" id=\"az-meta\">", f);
    /* every '<' as \u003c (in JSON it is only ever inside a string): a
     * name holding "<!--<script" would otherwise turn the rest of the page
     * into script text, and "</script>" would end the block */
    for (const char *c = text; *c; c++)
        if (*c == '<')
            fputs("\\u003c", f);
        else
            fputc(*c, f);
    fputs("</script>\n<script type=\"text/plain\" id=\"az-events\">", f);
    anim_base64(f, r->ev.b, r->ev.n);
    fprintf(f, "</script>\n<script>\n%s</script>\n</body></html>\n",
            (const char *)cli_animate_js);
    free(text);
    if (az_outfile_commit(o, &err)) {
        fprintf(stderr, "azalea: %s\n", err.msg);
        return 1;
    }
    return 0;
}

int cmd_animate(int argc, char **argv)
{
    options o = {0};
    if (!cli_parse_args(argc, argv, &o) || cli_reject(&o, "animate", 0, 0, 0))
        return EXIT_USAGE;
    if (cli_model_named(&o, "animate", 1))
        return EXIT_USAGE;
    if (o.reps || o.threads) { /* one replication, on one thread */
        fprintf(stderr, "azalea: %s is not an option of 'animate' (--rep N "
                "picks the replication)\n", o.reps ? "--reps" : "--threads");
        return EXIT_USAGE;
    }
    if (!o.output) {
        fprintf(stderr, "azalea: animate needs -o FILE.html, the page to "
                "write\n");
        return EXIT_USAGE;
    }
    uint64_t rep = 1, max_mb = 128;
    if (o.rep && !cli_parse_uint("--rep", o.rep, 1, AZ_MAX_REPLICATIONS, &rep))
        return EXIT_USAGE;
    if (o.max_mb && !cli_parse_uint("--max-mb", o.max_mb, 1, 1 << 20, &max_mb))
        return EXIT_USAGE;
    const char *dot = draw_program("animate");
    if (!dot || cli_check_output(o.output, AZ_OUT_FILE))
        return EXIT_USAGE;
    az_model *m = NULL;
    az_experiment_config cfg;
    const char *source;
    az_status rc = cli_load(&o, NULL, 0, &m, &cfg, &source);
    if (rc)
        return cli_exit_code(rc);
    int code = EXIT_USAGE;
    double from, to;
    az_state *init = NULL;
    options oi = o;
    oi.warmup = NULL; /* no figures on the page: a warm-up is not checked */
    if (!cli_apply_run_options(&o, m, &cfg) ||
        (o.initial && (code = cli_open_initial(&oi, m, &cfg, &init))) ||
        window(&o, m, &cfg, &from, &to)) {
        az_state_free(init);
        az_model_free(m);
        return code ? code : EXIT_USAGE;
    }
    /* The warm-up changes figures, which the page does not show, not the
     * run: one as long as a short --horizon is no reason to refuse. */
    if (cfg.warmup_auto || !(cfg.warmup < cfg.horizon))
        cfg.warmup = 0;
    char *svg = NULL;
    az_draw_info info;
    anim_rec r = {0};
    json_t *j = NULL;
    code = EXIT_RUNTIME;
    if (draw_svg("animate", dot, m, NULL, &svg, &info))
        goto out;
    if (info.summary)
        fprintf(stderr, "azalea: animate: %s; stations drawn in a box show "
                "no state\n", info.note);
    double t0 = cli_seconds_now();
    int rec = anim_record(&r, m, &cfg, (uint32_t)(rep - 1), from, to,
                          (size_t)max_mb << 20);
    if (rec) {
        code = rec == 2 ? EXIT_USAGE : EXIT_RUNTIME;
        goto free_rec;
    }
    json_failed = 0;
    if (!(j = meta(m, &cfg, (uint32_t)rep, &r)) || json_failed) {
        fprintf(stderr, "azalea: animate: out of memory for the page\n");
        goto free_rec;
    }
    if (write_page(o.output, m, svg, j, &r))
        goto free_rec;
    char a[40], b[40];
    fprintf(stderr, "azalea: animate: replication %u, %s to %s: %llu "
            "events (%.2f s)\n", (unsigned)rep, cli_when_exact(m, from, a, sizeof a),
            cli_when_exact(m, to, b, sizeof b), (unsigned long long)r.nev,
            cli_seconds_now() - t0);
    code = 0;
free_rec:
    json_decref(j);
    anim_rec_free(&r);
out:
    free(svg);
    az_state_free(init);
    az_model_free(m);
    return code;
}
