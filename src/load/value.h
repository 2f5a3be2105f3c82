/*
 * value.h: the values of a model file (value.c, prefix azi_value_): names,
 * integers, numbers, durations and distributions. Each reader has the
 * azi_fields_fn signature, for field tables (doc.h); it stores its value
 * at slot and returns 1, or reports the problem at the value and returns
 * 0. Above the document layers (doc.h), below the specs and sections.
 */
#ifndef AZALEA_LOAD_VALUE_H
#define AZALEA_LOAD_VALUE_H

#include "load/doc.h"


/* Slot types: const char * (name, text, time_unit), uint32_t (u32_*),
 * uint64_t (u64), double (share, level, fraction, positive, number,
 * duration*), int (bool), az_dist (dist), const azi_load_node * (node:
 * anything, checked later). */
int azi_value_name(azi_load *L, const azi_load_node *v, void *slot);
int azi_value_text(azi_load *L, const azi_load_node *v, void *slot);
int azi_value_time_unit(azi_load *L, const azi_load_node *v, void *slot);
int azi_value_u32_min1(azi_load *L, const azi_load_node *v, void *slot);
int azi_value_u32_min0(azi_load *L, const azi_load_node *v, void *slot);
/* A buffer capacity: an integer >= 0, or `unlimited` (AZ_UNLIMITED). */
int azi_value_capacity(azi_load *L, const azi_load_node *v, void *slot);
int azi_value_u64(azi_load *L, const azi_load_node *v, void *slot);
int azi_value_share(azi_load *L, const azi_load_node *v, void *slot);
int azi_value_level(azi_load *L, const azi_load_node *v, void *slot);
/* A number in (0, 1]: a yield. */
int azi_value_fraction(azi_load *L, const azi_load_node *v, void *slot);
/* A number > 0: a speed. */
int azi_value_positive(azi_load *L, const azi_load_node *v, void *slot);
/* true or false (also True, TRUE, False, FALSE), as 1 or 0. */
int azi_value_bool(azi_load *L, const azi_load_node *v, void *slot);
int azi_value_number(azi_load *L, const azi_load_node *v, void *slot);
int azi_value_duration(azi_load *L, const azi_load_node *v, void *slot);
int azi_value_duration_pos(azi_load *L, const azi_load_node *v,
                           void *slot);
int azi_value_dist(azi_load *L, const azi_load_node *v, void *slot);
/* Counts of cycles, where `key` (named in messages) counts them instead of
 * time: a distribution read as azi_value_dist with plain numbers in place
 * of durations, and an integer >= 1. A duration is refused ("'between'
 * counts cycles here: write a number, not '10 min'"). */
int azi_value_count_dist(azi_load *L, const azi_load_node *v,
                         const char *key, az_dist *d);
int azi_value_count(azi_load *L, const azi_load_node *v, const char *key,
                    uint32_t *out);
int azi_value_node(azi_load *L, const azi_load_node *v, void *slot);

/* The i-th kind of distribution: its name, parameters and meaning; 0
 * when there is no i-th. */
int azi_value_dist_kind(size_t i, const char **name,
                        const azi_load_field **fields, size_t *nfields,
                        const char **doc);

/* ---- types.c ---- */

/* The types of the readers above (doc.h), for field tables and the
 * schema: azi_type_<t> is what azi_value_<t> accepts. */
extern const azi_load_type azi_type_node, azi_type_name, azi_type_text,
    azi_type_time_unit, azi_type_u32_min1, azi_type_u32_min0,
    azi_type_unlimited, azi_type_capacity, azi_type_u64, azi_type_share,
    azi_type_level, azi_type_fraction, azi_type_positive, azi_type_bool,
    azi_type_number, azi_type_duration, azi_type_duration_pos, azi_type_dist,
    azi_type_count_dist, azi_type_dist_unit;

/* The regular expression (ECMA 262) of the durations az_parse_duration
 * accepts (> 0 when `positive`), written into buf; returns buf. */
const char *azi_type_duration_pattern(int positive, char *buf, size_t size);
/* The number of seconds of a duration unit ("min" -> 60), or 0. */
double azi_type_unit_seconds(const char *unit, size_t len);
/* The unit a word that is none (len bytes: "days", "sec") most likely
 * means, for a message's hint, or NULL. */
const char *azi_type_unit_meant(const char *word, size_t len);

/* One of the n words in names, exactly: *out gets its index. Otherwise
 * reports "unknown WHAT 'x'" with the nearest word suggested (or the list
 * of them) and returns 0. */
int azi_value_choice(azi_load *L, const azi_load_node *v, const char *what,
                     const char *const *names, size_t n, int *out);

/* A whole number from 0 to max in s, blanks around it allowed: 0 if so
 * (*out set), -1 if s is no such number, 1 if it is larger than max. */
int azi_value_parse_uint(const char *s, uint64_t max, uint64_t *out);

#endif
