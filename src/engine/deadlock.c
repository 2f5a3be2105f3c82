/*
 * deadlock.c: a loop of stations whose buffers are full can block for
 * good: each station's machines hold finished units waiting for room at
 * the next, which waits for the first. The flow cannot unwind that (room
 * appears only when a machine frees), so the run stops with AZ_ERUNTIME
 * naming the stations, rather than running on with a dead line.
 *
 * When a machine blocks waiting on one station y (azi_deadlock_check), a
 * depth-first search asks whether y is stuck: it has no room and every
 * machine of it is blocked (or failed or in maintenance holding a
 * finished unit) waiting on a station that is stuck too. A station met
 * again on the search path closes a cycle: it is assumed stuck while on
 * the path, so a cycle of such stations is a deadlock. A batch station is never stuck (a partial
 * batch can always start), nor a machine blocked on several stations (a
 * batch's units), which the search does not follow. Each search has its
 * own generation (dl_cur), so the per-station verdicts need no clearing;
 * a station is visited at most once per search.
 */
#include <stdio.h>

#include "engine/engine.h"

/* Whether station y can never make room again: no room now, and every one
 * of its machines is blocked (or down holding a finished unit) waiting for
 * a station that can never make room either. A station met again on the
 * current search path closes a cycle: the stations on it wait for each
 * other, which is a deadlock. */
static int stuck(az_sim *s, uint32_t y)
{
    station_rt *st = &s->st[y];
    if (has_room(s, st) || st->batch_max)
        return 0;
    if (s->dl_gen[y] == s->dl_cur)
        return s->dl_stuck[y];
    s->dl_gen[y] = s->dl_cur;
    s->dl_stuck[y] = 1; /* assumed while on the search path */
    for (uint32_t i = 0; i < st->machines; i++) {
        const machine_rt *m = &s->mach[st->first_machine + i];
        int blocked = m->state == AZ_MS_BLOCKED ||
                      ((m->state == AZ_MS_FAILED ||
                        m->state == AZ_MS_MAINTENANCE) &&
                       m->resume == AZ_MS_BLOCKED);
        if (!blocked || m->waits_on == NONE || !stuck(s, m->waits_on)) {
            s->dl_stuck[y] = 0;
            return 0;
        }
    }
    return 1;
}

static az_status deadlock(az_sim *s, uint32_t y, double now, az_error *err)
{
    char names[400] = "";
    size_t len = 0;
    for (uint32_t i = 0; i < s->nstation && len + 40 < sizeof names; i++)
        if (s->dl_gen[i] == s->dl_cur && s->dl_stuck[i])
            len += (size_t)snprintf(names + len, sizeof names - len, "%s'%s'",
                                    len ? ", " : "",
                                    s->model->station[i].name);
    (void)y;
    return az_error_set(err, AZ_ERUNTIME,
                        "deadlock at time %g: stations %s are all blocked, "
                        "each waiting for room the others hold (a loop with "
                        "full buffers?)", now, names);
}

az_status azi_deadlock_check(az_sim *s, uint32_t y, double now,
                             az_error *err)
{
    s->dl_cur++;
    return y != NONE && stuck(s, y) ? deadlock(s, y, now, err) : AZ_OK;
}
