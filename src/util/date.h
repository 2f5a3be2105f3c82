/*
 * date.h: calendar dates and times of day on the plant's clock (date.c,
 * prefix azi_date_). A date-time is seconds since 1970-01-01 00:00 counted
 * as UTC: the plant's wall clock, with no time zone and no daylight
 * saving, so that a day is always 86,400 s.
 */
#ifndef AZALEA_UTIL_DATE_H
#define AZALEA_UTIL_DATE_H

#include <stddef.h>
#include <stdint.h>

/* "YYYY-MM-DD", then optionally 'T' or a blank and "HH:MM" or
 * "HH:MM:SS", blanks around it allowed: 1 and *out set, or 0 if s is no
 * such date-time (or not a real date: 2026-02-30). Years 1970 to 9999. */
int azi_date_parse(const char *s, int64_t *out);
/* t as "YYYY-MM-DD HH:MM" (":SS" only when not 0) into buf (>= 24
 * bytes); returns buf. */
const char *azi_date_format(int64_t t, char *buf, size_t size);
/* "YYYY-MM-DD" of t into buf (>= 11 bytes); returns buf. */
const char *azi_date_day(int64_t t, char *buf, size_t size);
/* The weekday of t, 0 Monday to 6 Sunday. */
int azi_date_weekday(int64_t t);
/* Seconds since the midnight before t. */
int64_t azi_date_clock(int64_t t);
/* A run day and a clock time, "D HH:MM[:SS]", or a day alone "D" (its
 * 00:00; day 0 is the date of time 0): 1 and *out the seconds after that
 * date's midnight, or 0 if s is no such time. Blanks around it are allowed
 * (csv.c keeps a field's text whole). */
int azi_date_run_time(const char *s, double *out);
/* A point on a run's clock, in seconds after its time 0 (`start`, when
 * has_start; else a Monday 00:00): a run day and a clock time (as
 * azi_date_run_time), or with has_start a date-time. 1 and *sec; 0 if s
 * is neither; -1 if s is a date-time and the run has no start. The
 * model's order list, state files and --snapshot-at all read times so. */
int azi_date_point(const char *s, int has_start, int64_t start,
                   double *sec);

#endif
