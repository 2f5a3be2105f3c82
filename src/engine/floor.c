/*
 * floor.c: the shop floor section of a snapshot (snapshot.c), written as
 * a person would write a state file (docs/twin.md), from which every
 * replication but the first of a resumed run starts: units in buffers,
 * blocked on the machines that hold them, in open cartons, on machines
 * with their work left, on conveyors (from the pending events); machines
 * down and set up; stores; orders' counts. A unit is a line of its own,
 * with its release time (its lead time counts from it), and the units
 * are listed in the order written (azi_floor.list): entry k of the file
 * is unit list[k], which the engine section records.
 *
 * Prefix azi_floor_.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/engine.h"
#include "util/alloc.h"
#include "util/date.h"


/* Time t on the run's clock as the state file writes it: a run day and
 * a clock time, to the second (the engine section has it exactly). */
static void put_time(azi_floor *o, double t)
{
    const az_model *m = o->s->model;
    double sec = t * m->unit_s +
                 (m->has_start ? (double)azi_date_clock(m->start) : 0);
    double d = floor(sec / 86400), in = floor(sec - d * 86400);
    fprintf(o->f, "\"%.0f %02d:%02d:%02d\"", d, (int)(in / 3600),
            (int)fmod(floor(in / 60), 60), (int)fmod(in, 60));
}

/* A name as a YAML double-quoted string. */
static void put_name(azi_floor *o, const char *n)
{
    fputc('"', o->f);
    for (; *n; n++) {
        if (*n == '"' || *n == '\\')
            fputc('\\', o->f);
        fputc(*n, o->f);
    }
    fputc('"', o->f);
}

/* Which of its product's visits to its station step g is (the loader's
 * order: route visits, then rework visits). */
static uint32_t visit_of(const az_sim *s, uint32_t g)
{
    const step_rt *sp = &s->step[g];
    uint32_t p = sp->product, first = s->prod[p].first_step;
    const azi_product *pr = &s->model->product[p];
    uint32_t x = sp->station, k = 0;
    if (!sp->hidden) {
        for (uint32_t j = 0; first + j < g; j++)
            k += pr->step[j].station == x;
        return k;
    }
    for (uint32_t j = 0; j < pr->nstep; j++)
        k += pr->step[j].station == x;
    for (uint32_t j = 0; j < pr->nstep; j++)
        if (pr->step[j].rework == x) {
            if (s->step[first + j].rework == g)
                return k;
            k++;
        }
    return 0;
}

/* One unit's line. where: "queue", "machine", "conveyor", "carton";
 * machine: 0-based or NONE; left: work or travel left, or NAN; at: its
 * station (a blocked unit's is its machine's, not its step's). */
static void put_unit(azi_floor *o, uint32_t u, uint32_t at, const char *where,
                     uint32_t machine, double left)
{
    const az_sim *s = o->s;
    const unit *un = &s->units[u];
    uint32_t p = azi_unit_product(s, u);
    uint32_t visit = s->step[un->step].station == at ? visit_of(s, un->step)
                                                     : 0;
    if (o->n < o->cap) /* each unit once: the pool's size is room */
        o->list[o->n++] = u;
    fprintf(o->f, "  - {station: ");
    put_name(o, s->model->station[at].name);
    fprintf(o->f, ", product: ");
    put_name(o, s->model->product[p].name);
    if (visit)
        fprintf(o->f, ", visit: %u", (unsigned)visit + 1);
    if (strcmp(where, "queue"))
        fprintf(o->f, ", where: %s", where);
    if (machine != NONE)
        fprintf(o->f, ", machine: %u", (unsigned)machine + 1);
    if (!isnan(left))
        fprintf(o->f, ", remaining: %.9g s",
                (left > 0 ? left : 0) * s->model->unit_s);
    fprintf(o->f, ", released: ");
    put_time(o, un->release_t);
    if (s->unit_order && s->unit_order[u] != NONE) {
        az_order ord;
        az_model_order(s->model, s->unit_order[u], &ord, NULL);
        fprintf(o->f, ", order: ");
        put_name(o, ord.id);
    }
    if (s->unit_lot && s->unit_lot[u])
        fprintf(o->f, ", lot: %u", (unsigned)s->unit_lot[u]);
    if (un->tries)
        fprintf(o->f, ", reworks: %u", (unsigned)un->tries);
    fprintf(o->f, "}\n");
}

/* Units waiting on list head: those a machine holds (blocked), written on
 * that machine with no work left; a source's are not released yet. */
static void put_waiting(azi_floor *o, uint32_t head)
{
    const az_sim *s = o->s;
    for (uint32_t u = head; u != NONE; u = s->units[u].next) {
        uint32_t h = s->units[u].holder;
        if (h >= s->nmachine)
            continue;
        const machine_rt *m = &s->mach[h];
        put_unit(o, u, m->station, "machine",
                 h - s->st[m->station].first_machine, 0);
    }
}

/* The work left of machine m's unit, or NAN (a setup: work not drawn). */
static double work_left(const az_sim *s, const machine_rt *m, double t)
{
    az_machine_state k = m->state;
    if (k == AZ_MS_WORKING)
        return m->ev_time - t;
    if (k == AZ_MS_SETUP)
        return NAN;
    if (k == AZ_MS_WAIT_OPERATOR)
        return azi_mc(s, m)->pending == ACT_WORK ? m->remaining : NAN;
    return m->resume == AZ_MS_WORKING ? m->remaining : NAN;
}

int azi_floor_write(azi_floor *o, const az_event *ev, uint32_t nev)
{
    const az_sim *s = o->s;
    double t = o->t;
    fprintf(o->f, "# The state of '%s' at ", s->model->name);
    put_time(o, t);
    fprintf(o->f, ", written by azalea (docs/twin.md).\n"
                  "# Replication 1 of a run from it goes on exactly (the "
                  "engine section);\n# the others start from the shop floor "
                  "with their own streams.\n");
    fprintf(o->f, "at: ");
    put_time(o, t);
    fprintf(o->f, "\nunits:\n");
    for (uint32_t x = 0; x < s->nstation; x++) {
        const station_rt *st = &s->st[x];
        const station_cold *sc = &s->stc[x];
        for (uint32_t u = st->qhead; u != NONE; u = s->units[u].next)
            put_unit(o, u, x, "queue", NONE, NAN);
        put_waiting(o, st->whead);
        for (uint32_t j = 0; j < st->ncomp; j++)
            put_waiting(o, sc->store[j].whead);
        for (uint32_t p = 0; st->carton && p < s->nproduct; p++)
            for (uint32_t u = sc->carton_head[p]; u != NONE;
                 u = s->units[u].next)
                put_unit(o, u, x, "carton", NONE, NAN);
        for (uint32_t k = 0; k < st->machines; k++) {
            const machine_rt *m = &s->mach[st->first_machine + k];
            const machine_cold *c = azi_mc(s, m);
            az_machine_state st_k = m->state == AZ_MS_BLOCKED ||
                                            m->state == AZ_MS_STARVED
                                        ? m->state
                                        : m->resume;
            if (m->unit == NONE || (m->state != AZ_MS_WORKING &&
                                    m->state != AZ_MS_SETUP &&
                                    m->state != AZ_MS_WAIT_OPERATOR &&
                                    st_k != AZ_MS_WORKING &&
                                    st_k != AZ_MS_SETUP))
                continue; /* empty, or blocked: its units wait on lists */
            double left = work_left(s, m, t);
            /* a batch is a chain; elsewhere next means nothing here. A
             * carton being packed: the unit that closed it, then the
             * carton's others, on the machine (packing) */
            const char *where = c->packing ? "packing" : "machine";
            for (uint32_t u = m->unit; u != NONE;
                 u = st->batch_max ? s->units[u].next : NONE)
                put_unit(o, u, x, where, k, left);
            for (uint32_t u = c->packing ? c->pack_chain : NONE; u != NONE;
                 u = s->units[u].next)
                put_unit(o, u, x, "packing", k, NAN);
        }
    }
    for (uint32_t i = 0; i < nev; i++)
        if (ev[i].type == EV_TRANSIT)
            put_unit(o, (uint32_t)ev[i].data, ev[i].obj, "conveyor", NONE,
                     ev[i].time - t);
    fprintf(o->f, "machines:\n");
    for (uint32_t mi = 0; mi < s->nmachine; mi++) {
        const machine_rt *m = &s->mach[mi];
        const machine_cold *c = &s->mcold[mi];
        int down = m->state == AZ_MS_FAILED;
        if (!down && c->product == NONE)
            continue;
        fprintf(o->f, "  - {station: ");
        put_name(o, s->model->station[m->station].name);
        fprintf(o->f, ", machine: %u",
                (unsigned)(mi - s->st[m->station].first_machine + 1));
        if (down) {
            double left = c->repair; /* waiting for a technician */
            for (uint32_t i = 0; i < nev; i++)
                if (ev[i].type == EV_REPAIR && ev[i].obj == mi)
                    left = ev[i].time - t;
            fprintf(o->f, ", state: down, repair_left: %.9g s",
                    left * s->model->unit_s);
        }
        if (c->product != NONE) {
            fprintf(o->f, ", set_up_for: ");
            put_name(o, s->model->product[c->product].name);
        }
        fprintf(o->f, "}\n");
    }
    fprintf(o->f, "stores:\n");
    for (uint32_t x = 0; x < s->nstation; x++)
        for (uint32_t j = 0; j < s->st[x].ncomp; j++) {
            fprintf(o->f, "  - {station: ");
            put_name(o, s->model->station[x].name);
            fprintf(o->f, ", component: ");
            put_name(o, s->model->product[s->stc[x].store[j].product].name);
            fprintf(o->f, ", count: %u}\n",
                    (unsigned)s->stc[x].store[j].have);
        }
    fprintf(o->f, "orders:\n");
    /* each order's units in the line: those just written (a source's
     * units drawn and not released are not), counted in one pass */
    uint32_t *in = s->nord ? azi_calloc(s->nord, sizeof *in) : NULL;
    if (s->nord && !in)
        return -1;
    for (uint32_t k = 0; s->unit_order && k < o->n; k++)
        if (s->unit_order[o->list[k]] != NONE)
            in[s->unit_order[o->list[k]]]++;
    for (uint32_t i = 0; i < s->nord; i++) {
        uint32_t inside = in[i];
        const order_rt *r = &s->ord[i];
        if (!r->out && !inside)
            continue;
        az_order ord;
        az_model_order(s->model, i, &ord, NULL);
        fprintf(o->f, "  - {order: ");
        put_name(o, ord.id);
        fprintf(o->f, ", released: %u, out: %u}\n",
                (unsigned)(r->out + inside), (unsigned)r->out);
    }
    free(in);
    return 0;
}

