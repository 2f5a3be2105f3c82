/*
 * types.c: what each value reader of value.c accepts, as types (doc.h)
 * that field tables name and schema.c writes out, and the units of
 * durations, which the readers and the types share. Prefix azi_type_.
 * Below value.c (value.h declares these): data and three pure functions,
 * no reading.
 *
 * A type sits next to nothing it could drift from but the reader's own
 * limits: the readers take their bounds and words from these types
 * (azi_type_u32_min1.max, azi_type_time_unit.names), so a limit is
 * written once.
 */
#include "load/value.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* The units of durations (also the words of a distribution's `unit`). */
static const char *const UNIT_NAMES[] = {"ms", "s", "min", "h",
                                         "d", "week", "year"};
static const double UNIT_SECONDS[] = {0.001, 1, 60, 3600,
                                      86400, 604800, 31536000};
#define NUNITS (sizeof UNIT_NAMES / sizeof *UNIT_NAMES)

double azi_type_unit_seconds(const char *unit, size_t len)
{
    for (size_t i = 0; i < NUNITS; i++)
        if (strlen(UNIT_NAMES[i]) == len && !memcmp(UNIT_NAMES[i], unit, len))
            return UNIT_SECONDS[i];
    return 0;
}

/* Words for units that people write (plurals, spelt out, capitals), each
 * with the unit it means: the hint of an unknown unit's message. */
static const char *const UNIT_WORDS[][2] = {
    {"sec", "s"},     {"secs", "s"},     {"second", "s"},   {"seconds", "s"},
    {"S", "s"},       {"mins", "min"},   {"minute", "min"}, {"minutes", "min"},
    {"Min", "min"},   {"m", "min"},      {"hr", "h"},       {"hrs", "h"},
    {"hour", "h"},    {"hours", "h"},    {"H", "h"},        {"day", "d"},
    {"days", "d"},    {"D", "d"},        {"wk", "week"},    {"weeks", "week"},
    {"yr", "year"},   {"yrs", "year"},   {"years", "year"}, {"msec", "ms"},
};

const char *azi_type_unit_meant(const char *word, size_t len)
{
    for (size_t i = 0; i < sizeof UNIT_WORDS / sizeof *UNIT_WORDS; i++)
        if (strlen(UNIT_WORDS[i][0]) == len &&
            !memcmp(UNIT_WORDS[i][0], word, len))
            return UNIT_WORDS[i][1];
    return NULL;
}

static const char *const TIME_UNITS[] = {"s", "min", "h"};

const azi_load_type azi_type_node = {.kind = AZI_T_ANY};
const azi_load_type azi_type_name = {.kind = AZI_T_NAME, .ref = "name",
    .doc = "a name: products, stations, buffers and operator pools share "
           "one namespace; `release` is reserved"};
const azi_load_type azi_type_text = {.kind = AZI_T_TEXT};
const azi_load_type azi_type_time_unit = {.kind = AZI_T_ENUM,
    .names = TIME_UNITS, .nnames = 3};
const azi_load_type azi_type_u32_min1 = {.kind = AZI_T_INT, .min = 1,
                                         .max = UINT32_MAX};
/* UINT32_MAX itself means unlimited (AZ_UNLIMITED), so it is not a count. */
const azi_load_type azi_type_u32_min0 = {.kind = AZI_T_INT, .min = 0,
                                         .max = UINT32_MAX - 1};
static const azi_load_type *const CAPACITY[] = {&azi_type_u32_min0,
                                                &azi_type_unlimited};
static const char *const UNLIMITED[] = {"unlimited"};
const azi_load_type azi_type_unlimited = {.kind = AZI_T_ENUM,
    .names = UNLIMITED, .nnames = 1};
const azi_load_type azi_type_capacity = {.kind = AZI_T_ONE_OF,
    .alt = CAPACITY, .nalt = 2};
/* Up to 2^64 - 1, more than a JSON number holds exactly: no maximum. */
const azi_load_type azi_type_u64 = {.kind = AZI_T_INT, .min = 0,
                                    .max = INFINITY};
const azi_load_type azi_type_share = {.kind = AZI_T_NUMBER, .min = 0,
                                      .max = 1};
const azi_load_type azi_type_level = {.kind = AZI_T_NUMBER, .min = 0,
    .max = 1, .flags = AZI_T_OPEN_MIN | AZI_T_OPEN_MAX};
const azi_load_type azi_type_fraction = {.kind = AZI_T_NUMBER, .min = 0,
    .max = 1, .flags = AZI_T_OPEN_MIN};
const azi_load_type azi_type_positive = {.kind = AZI_T_NUMBER, .min = 0,
    .max = INFINITY, .flags = AZI_T_OPEN_MIN};
const azi_load_type azi_type_number = {.kind = AZI_T_NUMBER,
                                       .min = -INFINITY, .max = INFINITY};
const azi_load_type azi_type_bool = {.kind = AZI_T_BOOL};
const azi_load_type azi_type_duration = {.kind = AZI_T_DURATION,
    .ref = "duration", .doc = "a number and a unit (ms, s, min, h, d, "
    "week, year), like `30 s` or `2.5 min`; converted to the model's "
    "time_unit"};
const azi_load_type azi_type_duration_pos = {.kind = AZI_T_DURATION,
    .flags = AZI_T_OPEN_MIN, .ref = "duration_positive",
    .doc = "a duration > 0, like `30 s`"};
const azi_load_type azi_type_dist = {.kind = AZI_T_DIST,
    .ref = "distribution", .doc = "a duration like `30 s` (always that), "
    "or a mapping with one key, its kind, like `{exponential: {mean: 30 "
    "s}}`"};
const azi_load_type azi_type_count_dist = {.kind = AZI_T_COUNT_DIST,
    .ref = "count_distribution", .doc = "cycles counted: a distribution "
    "with plain numbers (counts) where durations would be"};

/* The pattern of what az_parse_duration accepts, from UNIT_NAMES: a decimal
 * number (one with a digit other than 0 when `positive`), blanks, a
 * unit. Negative zero ("-0 s"), which it takes too, is left out. */
const char *azi_type_duration_pattern(int positive, char *buf, size_t size)
{
    size_t o = (size_t)snprintf(buf, size, "^[ \\t]*\\+?%s"
                                "([eE][+-]?[0-9]+)?[ \\t]*(",
                                positive ? "([0-9]*[1-9][0-9]*(\\.[0-9]*)?|"
                                           "[0-9]*\\.[0-9]*[1-9][0-9]*)"
                                         : "([0-9]+(\\.[0-9]*)?|\\.[0-9]+)");
    for (size_t i = 0; i < NUNITS && o < size; i++)
        o += (size_t)snprintf(buf + o, size - o, "%s%s", i ? "|" : "",
                              UNIT_NAMES[i]);
    if (o < size)
        snprintf(buf + o, size - o, ")[ \\t]*$");
    return buf;
}

/* What a distribution's `unit` may be (value.c, read_unit). */
const azi_load_type azi_type_dist_unit = {.kind = AZI_T_ENUM,
    .names = UNIT_NAMES, .nnames = NUNITS};
