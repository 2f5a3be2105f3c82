/*
 * load.c: a model file (docs/model-format.md) to an az_model: the top of
 * the loader (the layers are in doc.h). Prefix azi_model_load, and the
 * public az_model_load_string and az_model_load_file.
 *
 * Three passes over the document tree (yaml.c), after the overrides
 * (override.c) changed it:
 *  1. each section is read against its field table (fields.c) into its
 *     spec (spec.h), values checked and converted to model time units
 *     (value.c);
 *  2. names are cross-checked (names.c): one namespace for products,
 *     stations, buffers and operator pools; routes, buffers, per-product
 *     times and yields, operators, setups, components, the release
 *     sequence and the production plan refer to them, pools' sizes by
 *     shift to the shifts. Then come the checks that need several sections
 *     at once: a batch fits its buffer, packaging is the last step,
 *     components end their routes where they are assembled and are
 *     released, a WIP cap cannot stall the line;
 *  3. only if no problem was found, the model is built through model.h and
 *     az_model_check has the last word; then come the warnings of a model
 *     that loads (unused stations and pools, loops that can deadlock).
 * Every pass goes on after a problem wherever the rest can still be
 * checked; a check that depends on a broken part (say, `from` against a
 * route naming an unknown station) is skipped rather than reported twice.
 * The order of the calls below is the passes' order; problems are told
 * sorted by location (problem.c), so it does not show in the messages.
 *
 * This file has the top-level keys, the passes, the building of products
 * and per-product times, and the entry points; each section has a file of
 * its own (sections.h), and nothing below calls back into this file.
 */
#include "load/load.h"
#include "load/sections.h"
#include "util/alloc.h"
#include "model_impl.h" /* warn_unused reads the built routes */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A model file is small; this bounds what a wrong path (/dev/zero) costs. */
#define MAX_FILE_SIZE (64u << 20)

static const azi_load_field TOP_FIELDS[] = {
    AZI_FIELD("name", name, OFF(top_spec, name), 1, NULL,
              "the model's name, shown in every output"),
    AZI_FIELD("description", text, OFF(top_spec, description), 0, NULL,
              "free text"),
    AZI_FIELD("time_unit", time_unit, OFF(top_spec, time_unit), 0, NULL,
              "the unit of every time in the model and its reports"),
    AZI_NODE("run", OFF(top_spec, run), 0, &azi_section_keys_run, NULL,
             "how to run the model"),
    AZI_NODE("products", OFF(top_spec, products), 1,
             &azi_section_keys_products, NULL, "product models and their mix"),
    AZI_NODE("release", OFF(top_spec, release), 1,
             &azi_section_keys_release, NULL, "how units enter the line (by "
             "a mix, a sequence or a production plan)"),
    AZI_NODE("stations", OFF(top_spec, stations), 1,
             &azi_station_keys_stations, NULL, "the stations, by name"),
    AZI_NODE("buffers", OFF(top_spec, buffers), 0, &azi_section_keys_buffers,
             NULL, "finite buffers and conveyors in front of stations, by "
             "name"),
    AZI_NODE("routes", OFF(top_spec, routes), 1, &azi_routes_type, NULL,
             "the sequences of stations products visit"),
    AZI_NODE("operators", OFF(top_spec, operators), 0, &azi_operators_type,
             NULL, "operator pools (inspectors, technicians), by name"),
    AZI_NODE("shifts", OFF(top_spec, shifts), 0, &azi_shifts_type, NULL,
             "when the line works"),
    AZI_NODE("improve", OFF(top_spec, improve), 0, &azi_improvement_type,
             NULL, "what changes cost, and changes for `azalea improve` to "
             "try"),
    AZI_NODE("optimize", OFF(top_spec, optimize), 0, &azi_optimization_type,
             NULL, "what `azalea optimize` may change and what it looks for"),
};
/* The model file; keys starting with "x-" are ignored (templates). */
const azi_load_type azi_model_load_type = {.kind = AZI_T_OBJECT,
    .flags = AZI_T_X_KEYS, .fields = TOP_FIELDS,
    .nfields = NFIELDS(TOP_FIELDS)};

/* ---- pass 3: the model --------------------------------------------------- */

/* Where a problem that az_model_check found belongs: the release, the
 * station or the product its message starts with, else the top. */
static const azi_load_node *check_loc(const model_spec *ms, const char *msg)
{
    static const char src[] = "source '" AZI_SOURCE_NAME "'";
    const azi_load_node *at = NULL;
    if (!strncmp(msg, src, strlen(src)))
        at = azi_yaml_get(ms->top.release, "interarrival")
                 ? azi_yaml_get(ms->top.release, "interarrival")
                 : ms->top.release;
    for (size_t i = 0; !at && i < ms->nst; i++) {
        size_t n = strlen(ms->st[i].name);
        if (!strncmp(msg, "station '", 9) && !strncmp(msg + 9, ms->st[i].name,
                                                      n) && msg[9 + n] == '\'')
            at = ms->st[i].key;
    }
    for (size_t i = 0; !at && i < ms->nprod; i++) {
        size_t n = strlen(ms->prod[i].name);
        if (!strncmp(msg, "product '", 9) &&
            !strncmp(msg + 9, ms->prod[i].name, n) && msg[9 + n] == '\'')
            at = ms->prod[i].node;
    }
    return at ? at : ms->root;
}

/* Whether product p's route visits station x. */
static int visits(const az_model *m, uint32_t p, uint32_t x)
{
    for (uint32_t j = 0; j < m->product[p].nstep; j++)
        if (m->product[p].step[j].station == x)
            return 1;
    return 0;
}

/* A product's mean process time at station x, or -1 if it visits none
 * of x's steps (the first visit's, as SPT keys on). */
static double mean_at(const az_model *m, uint32_t p, uint32_t x)
{
    const azi_station *st = &m->station[x];
    if (!visits(m, p, x))
        return -1;
    for (uint32_t k = 0; k < st->nover; k++)
        if (st->over[k].product == p)
            return az_dist_mean(&st->over[k].process);
    return az_dist_mean(&st->process);
}

/* A dispatch rule that cannot help: at a station without setups its
 * machines remember no product, same_family is same_product when no
 * two of the station's products share a family, priority and SPT find
 * every product alike. Warnings: the rule runs, it only changes nothing.
 * (earliest_due without orders is az_model_check's error.) */
static void warn_dispatch(azi_load *L, const station_spec *sp,
                          const az_model *m)
{
    const azi_station *x = &m->station[sp->idx];
    const char *const *rule = azi_station_keys_dispatch;
    if (x->dispatch == AZ_DISPATCH_FIFO ||
        x->dispatch == AZ_DISPATCH_EARLIEST_DUE)
        return;
    azi_load_loc at = azi_yaml_get(sp->val, "dispatch")->loc;
    if (x->dispatch == AZ_DISPATCH_PRIORITY) {
        for (uint32_t p = 0; p < m->nproduct; p++)
            if (m->product[p].priority && visits(m, p, sp->idx))
                return;
        if (azi_model_orders_have_priority(m))
            return;
        azi_load_warn(L, at, "dispatch 'priority' at station '%s' changes "
                      "nothing: none of its products has a priority, nor "
                      "does any order; give one with the product's "
                      "'priority: 1'", sp->name);
        return;
    }
    if (x->dispatch == AZ_DISPATCH_SHORTEST_PROCESS) {
        double first = -1;
        for (uint32_t p = 0; p < m->nproduct; p++) {
            double t = mean_at(m, p, sp->idx);
            if (t < 0)
                continue;
            if (first >= 0 && t != first)
                return;
            first = t;
        }
        azi_load_warn(L, at, "dispatch 'shortest_process' at station '%s' "
                      "changes nothing: its products have the same mean "
                      "process time there", sp->name);
        return;
    }
    if (!x->has_same && !x->has_other && !x->npair && !x->has_first) {
        azi_load_warn(L, at, "dispatch '%s' at station '%s' changes nothing: "
                      "the station has no setup, so its machines remember no "
                      "product", rule[x->dispatch], sp->name);
        return;
    }
    if (x->dispatch != AZ_DISPATCH_SAME_FAMILY)
        return;
    for (uint32_t p = 0; p < m->nproduct; p++)
        for (uint32_t q = 0; q < p && visits(m, p, sp->idx); q++)
            if (visits(m, q, sp->idx) &&
                !strcmp(m->product[q].family, m->product[p].family))
                return; /* two share a family: the rule can help */
    azi_load_warn(L, at, "dispatch 'same_family' at station '%s' acts as "
                  "'same_product': no two of its products share a family",
                  sp->name);
}

/* What the model defines but never uses runs, but is rarely meant: a
 * station no route visits stays idle, a pool no station calls on stays
 * unused. Warnings, not problems: a file may keep them for a what-if
 * (--set a route or an operator onto them). */
static void warn_unused(azi_load *L, const model_spec *ms, const az_model *m)
{
    /* One pass over the steps and one over the stations: a station search
     * per station was quadratic in large models. */
    unsigned char *st_used = azi_load_alloc(L, m->nstation + 1);
    unsigned char *pool_used = azi_load_alloc(L, m->npool + 1);
    if (!st_used || !pool_used)
        return; /* L->oom is set */
    for (uint32_t p = 0; p < m->nproduct; p++)
        for (uint32_t j = 0; j < m->product[p].nstep; j++) {
            const azi_step *sp = &m->product[p].step[j];
            st_used[sp->station] = 1;
            if (sp->rework != AZ_NO_STATION)
                st_used[sp->rework] = 1;
        }
    for (uint32_t x = 0; x < m->nstation; x++)
        for (size_t a = 0; a < sizeof m->station[x].pool /
                                   sizeof m->station[x].pool[0]; a++)
            if (m->station[x].pool[a] != AZ_NO_STATION)
                pool_used[m->station[x].pool[a]] = 1;
    for (size_t i = 0; i < ms->nst; i++)
        if (!st_used[ms->st[i].idx])
            azi_load_warn(L, ms->st[i].key->loc, "station '%s' is on no "
                          "route: it will stay idle", ms->st[i].name);
    for (size_t k = 0; k < ms->npool; k++)
        if (!pool_used[ms->pool[k].idx])
            azi_load_warn(L, ms->pool[k].key->loc, "operators '%s' are "
                          "called on by no station: they will stay idle",
                          ms->pool[k].name);
    for (size_t i = 0; i < ms->nst; i++)
        warn_dispatch(L, &ms->st[i], m);
}

static az_model *build(azi_load *L, model_spec *ms)
{
    az_model *m = NULL;
    az_error e;
    const azi_load_node *root = ms->root;
    if (azi_names_api(L, root, az_model_create(ms->top.name, &m, &e), &e))
        return NULL;
    if (ms->run.has_start &&
        azi_names_api(L, azi_yaml_get(ms->top.run, "start"),
                      az_model_set_start(m, ms->run.start, &e), &e))
        goto fail;
    if (azi_names_api(L, root, az_model_set_time_unit(m, L->unit, L->unit_s,
                                                      &e), &e) ||
        azi_stations_build(L, ms, m))
        goto fail;
    for (size_t i = 0; i < ms->nprod; i++) {
        product_spec *p = &ms->prod[i];
        if (azi_names_api(L, p->node, az_model_add_product(m, p->name, &p->idx,
                                                           &e), &e) ||
            (p->family &&
             azi_names_api(L, p->node, az_model_set_family(m, p->idx, p->family,
                                                           &e), &e)) ||
            (p->priority &&
             azi_names_api(L, p->node,
                           az_model_set_product_priority(m, p->idx,
                                                         p->priority, &e),
                           &e)) ||
            azi_routes_build_steps(L, ms, p, m))
            goto fail;
    }
    for (size_t i = 0; i < ms->nst; i++)
        for (size_t k = 0; k < ms->st[i].nbp; k++) {
            by_product *b = &ms->st[i].bp[k];
            if (azi_names_api(L, b->key, az_model_set_product_process(
                                            m, ms->st[i].idx,
                                            ms->prod[b->product].idx,
                                            &b->process, &e), &e))
                goto fail;
        }
    if (azi_stations_build_assembly(L, ms, m) ||
        azi_sections_build_release(L, ms, m) ||
        azi_shifts_build(L, ms, m) ||
        azi_operators_build_shifts(L, ms, m))
        goto fail;
    azi_improvement_load(L, ms, m);
    azi_optimization_load(L, ms, m);
    if (L->nprob || L->oom)
        goto fail;
    if (az_model_check(m, &e)) {
        azi_names_api(L, check_loc(ms, e.msg),
                      e.code == AZ_ENOMEM ? AZ_ENOMEM : AZ_EBADMODEL, &e);
        goto fail;
    }
    warn_unused(L, ms, m);
    azi_loops_warn(L, ms);
    return m;
fail:
    az_model_free(m);
    return NULL;
}

/* The file's run as the experiment will check it (experiment_scale.c): a
 * horizon too long for double precision, or a plan day too large to hold,
 * is told by `check`, at the value to change. 0 after reporting. */
static int check_scale(azi_load *L, const model_spec *ms, const az_model *m)
{
    az_experiment_config c = az_experiment_defaults();
    az_error e;
    c.horizon = ms->run.horizon;
    c.replications = ms->run.replications;
    az_status rc = az_experiment_check_scale(m, &c, NULL, &e);
    if (!rc)
        return 1;
    const azi_load_node *rel = ms->top.release;
    const azi_load_node *at = azi_yaml_get(ms->top.run, "horizon");
    if (strstr(e.msg, "units at once"))
        at = azi_yaml_get(rel, "plan") ? azi_yaml_get(rel, "plan") : rel;
    else if (strstr(e.msg, "('" AZI_SOURCE_NAME "')") &&
             azi_yaml_get(rel, "interarrival"))
        at = azi_yaml_get(rel, "interarrival");
    azi_names_api(L, at ? at : ms->root, rc, &e);
    return 0;
}

static void free_spec(model_spec *ms)
{
    azi_strmap_free(&ms->names);
    azi_strmap_free(&ms->stations);
    azi_strmap_free(&ms->products);
    azi_strmap_free(&ms->routes);
    azi_strmap_free(&ms->pools);
    azi_strmap_free(&ms->shifts.names);
    azi_strmap_free(&ms->shifts.cal_names);
}

/* Checks the tree under root and, if it is a valid model, builds it. */
static az_model *load_tree(azi_load *L, const azi_load_node *root,
                           az_experiment_config *cfg)
{
    /* In the arena: its distributions are cleared by azi_load_free. */
    model_spec *ms = azi_load_alloc(L, sizeof *ms);
    char got[64];
    az_model *m = NULL;
    if (!ms)
        return NULL;
    ms->root = root;
    if (root->kind != AZI_LOAD_MAP) {
        if (azi_yaml_is_null(root))
            azi_load_report(L, root->loc, "the document is empty; expected a "
                            "model: a mapping with name, products, release, "
                            "stations and routes");
        else
            azi_load_report(L, root->loc, "expected a model: a mapping with "
                            "name, products, release, stations and routes, "
                            "got %s", azi_yaml_desc(root, got, sizeof got));
        return NULL;
    }
    azi_fields_read(L, root, TOP_FIELDS, NFIELDS(TOP_FIELDS), &ms->top,
                    "the model", AZI_FIELDS_IGNORE_X, NULL);
    /* Room for every name of the shared namespace. */
    size_t cap = 0;
    const azi_load_node *secs[] = {ms->top.products, ms->top.stations,
                                   ms->top.buffers, ms->top.operators};
    for (size_t i = 0; i < NFIELDS(secs); i++)
        cap += secs[i] && secs[i]->kind != AZI_LOAD_SCALAR ? secs[i]->n : 0;
    if (cap && !(ms->entry = azi_load_alloc(L, cap * sizeof *ms->entry)))
        goto cleanup;

    azi_sections_read_run(L, ms);
    azi_sections_read_products(L, ms);
    azi_operators_read(L, ms);
    azi_stations_read(L, ms);
    azi_sections_read_release(L, ms);
    azi_sections_read_buffers(L, ms);
    azi_routes_read(L, ms);
    azi_shifts_read(L, ms);
    if (L->oom)
        goto cleanup;

    azi_routes_resolve(L, ms);
    azi_sections_resolve_products(L, ms);
    azi_sections_resolve_by_product(L, ms);
    azi_operators_resolve(L, ms);
    azi_stations_resolve(L, ms);
    azi_sections_resolve_buffers(L, ms);
    azi_sections_resolve_release(L, ms);
    azi_sections_check_mix(L, ms);
    azi_stations_check_assembly(L, ms);
    azi_sections_check_wip_cap(L, ms);
    azi_improvement_load(L, ms, NULL);
    azi_optimization_load(L, ms, NULL);
    if (L->nprob || L->oom)
        goto cleanup;

    if ((m = build(L, ms)) && !check_scale(L, ms, m)) {
        az_model_free(m);
        m = NULL;
    }
    if (m && cfg) {
        cfg->horizon = ms->run.horizon;
        cfg->warmup = ms->run.warmup;
        cfg->warmup_auto = ms->run.warmup_auto;
        cfg->replications = ms->run.replications;
        cfg->seed = ms->run.seed;
        cfg->level = ms->run.level;
        cfg->threads = 1;
    }
cleanup:
    free_spec(ms);
    return m;
}

/* ---- public entry points ------------------------------------------------- */

az_status az_model_load_string(const char *text, size_t len, const char *name,
                               const az_load_options *opt, az_model **out,
                               az_experiment_config *run, az_error *err)
{
    return azi_model_load(text, len, name, NULL, NULL, NULL, opt, out, run,
                          err);
}

az_status azi_model_load(const char *text, size_t len, const char *name,
                         const char *dir, azi_load_reader reader,
                         void *reader_ctx, const az_load_options *opt,
                         az_model **out, az_experiment_config *run,
                         az_error *err)
{
    azi_load L;
    az_experiment_config cfg = az_experiment_defaults();
    az_model *m = NULL;
    az_status rc;

    cfg.threads = 1;
    if (out)
        *out = NULL;
    if (run)
        *run = cfg;
    if (!out || (!text && len))
        return az_error_set(err, AZ_EINVAL,
                            "az_model_load_string: out and text are required");
    azi_load_init(&L, name ? name : "<string>", opt);
    L.dir = dir;
    L.reader = reader ? reader : azi_model_load_read_file;
    L.reader_ctx = reader ? reader_ctx : NULL;
    azi_load_node *root = azi_yaml_parse(&L, text ? text : "", len, -1, 0);
    for (size_t i = 0; i < L.novr; i++)
        azi_override_apply(&L, root, i);
    if (root && !L.oom)
        m = load_tree(&L, root, &cfg);
    rc = azi_load_finish(&L, opt, err);
    azi_load_free(&L);
    if (rc) {
        az_model_free(m);
        return rc;
    }
    *out = m;
    if (run)
        *run = cfg;
    return AZ_OK;
}

char *azi_model_load_read_file(void *ctx, const char *path, size_t *len,
                               int *too_big)
{
    (void)ctx;
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t n = 0, cap = 0;
    int ok = 0;
    *too_big = 0;
    if (!f)
        return NULL;
    for (;;) {
        if (n == cap) {
            if (cap >= MAX_FILE_SIZE) {
                *too_big = 1;
                break;
            }
            cap = cap ? cap * 2 : 65536;
            char *nb = azi_realloc(buf, cap + 1);
            if (!nb) {
                errno = ENOMEM;
                break;
            }
            buf = nb;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            ok = !ferror(f);
            break;
        }
    }
    int saved = errno;
    fclose(f);
    if (!ok) {
        free(buf);
        errno = saved;
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

az_status az_model_load_file(const char *path, const az_load_options *opt,
                             az_model **out, az_experiment_config *run,
                             az_error *err)
{
    size_t len = 0;
    int too_big;
    if (out)
        *out = NULL;
    if (!path || !out)
        return az_error_set(err, AZ_EINVAL,
                            "az_model_load_file: path and out are required");
    /* Plan files are relative to the model file's directory. */
    const char *slash = strrchr(path, '/');
    size_t dn = !slash ? 0 : slash == path ? 1 : (size_t)(slash - path);
    char *dir = NULL, *text = NULL;
    errno = 0;
    too_big = 0;
    if (!slash || (dir = azi_malloc(dn + 1)))
        text = azi_model_load_read_file(NULL, path, &len, &too_big);
    else
        errno = ENOMEM;
    if (!text) {
        az_error e;
        free(dir);
        char why[128];
        az_status code = errno == ENOMEM && !too_big ? AZ_ENOMEM : AZ_EIO;
        if (too_big)
            snprintf(why, sizeof why, "larger than %u MiB",
                     MAX_FILE_SIZE >> 20);
        else if (!errno || strerror_r(errno, why, sizeof why))
            snprintf(why, sizeof why, "read error");
        az_error_set_at(&e, code, path, 0, 0, "cannot read the file: %s",
                        why);
        if (opt && opt->on_problem)
            opt->on_problem(opt->ctx, &e);
        if (err)
            *err = e;
        if (run) {
            *run = az_experiment_defaults();
            run->threads = 1;
        }
        return code;
    }
    if (dir) {
        memcpy(dir, path, dn);
        dir[dn] = '\0';
    }
    az_status rc = azi_model_load(text, len, path, dir, NULL, NULL, opt, out,
                                  run, err);
    free(dir);
    free(text);
    return rc;
}
