/*
 * date.c: dates on the plant's clock (date.h), by the C library: strptime
 * reads them and checks each field's range, timegm turns the broken-down
 * time into seconds counted as UTC (no time zone, no daylight saving) and
 * gmtime_r back. A date that strptime accepts but does not exist (February
 * 30th) is refused: its seconds would name another day, which the round
 * trip through gmtime_r shows.
 */
#define _DEFAULT_SOURCE /* timegm; strptime is XSI */
#define _XOPEN_SOURCE 700

#include "util/date.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* strptime with fmt over the whole of s (blanks around it allowed). */
static int whole(const char *s, const char *fmt, struct tm *tm)
{
    memset(tm, 0, sizeof *tm);
    const char *end = strptime(s, fmt, tm);
    if (!end)
        return 0;
    while (*end == ' ' || *end == '\t')
        end++;
    return *end == '\0';
}

int azi_date_parse(const char *s, int64_t *out)
{
    static const char *const fmts[] = {
        " %Y-%m-%dT%H:%M:%S", " %Y-%m-%dT%H:%M", " %Y-%m-%d %H:%M:%S",
        " %Y-%m-%d %H:%M",    " %Y-%m-%d"};
    struct tm tm;
    size_t i = 0;
    while (i < sizeof fmts / sizeof fmts[0] && !whole(s, fmts[i], &tm))
        i++;
    if (i == sizeof fmts / sizeof fmts[0] || tm.tm_year < 70 ||
        tm.tm_year > 9999 - 1900 || tm.tm_sec > 59)
        return 0;
    struct tm want = tm;
    time_t t = timegm(&tm);
    struct tm back;
    if (t == (time_t)-1 || !gmtime_r(&t, &back) ||
        back.tm_mday != want.tm_mday || back.tm_mon != want.tm_mon ||
        back.tm_year != want.tm_year)
        return 0;
    *out = (int64_t)t;
    return 1;
}

const char *azi_date_format(int64_t t, char *buf, size_t size)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (!gmtime_r(&tt, &tm) ||
        !strftime(buf, size, tm.tm_sec ? "%Y-%m-%d %H:%M:%S"
                                        : "%Y-%m-%d %H:%M", &tm))
        snprintf(buf, size, "?");
    return buf;
}

const char *azi_date_day(int64_t t, char *buf, size_t size)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (!gmtime_r(&tt, &tm) || !strftime(buf, size, "%Y-%m-%d", &tm))
        snprintf(buf, size, "?");
    return buf;
}

int azi_date_weekday(int64_t t)
{
    /* 1970-01-01 was a Thursday (3 with Monday 0) */
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    return (int)(((days + 3) % 7 + 7) % 7);
}

int64_t azi_date_clock(int64_t t)
{
    int64_t c = t % 86400;
    return c < 0 ? c + 86400 : c;
}

int azi_date_run_time(const char *s, double *out)
{
    unsigned d, h = 0, mi = 0, se = 0;
    int n = 0;
    char tail;
    if (sscanf(s, " %5u %n", &d, &n) != 1 || !isdigit((unsigned char)s[
            strspn(s, " ")]))
        return 0;
    const char *p = s + n;
    if (*p) { /* a clock time */
        int m = 0;
        if (sscanf(p, "%2u:%2u%n", &h, &mi, &m) != 2 ||
            !isdigit((unsigned char)p[0]))
            return 0;
        p += m;
        if (*p == ':' && (sscanf(p, ":%2u%n", &se, &m) != 1 || !m))
            return 0;
        if (*p == ':')
            p += m;
        if (sscanf(p, " %c", &tail) == 1)
            return 0;
        if (h > 24 || mi > 59 || se > 59 || (h == 24 && (mi || se)))
            return 0;
    }
    if (d > 36600)
        return 0;
    *out = d * 86400.0 + h * 3600.0 + mi * 60.0 + se;
    return 1;
}

int azi_date_point(const char *s, int has_start, int64_t start, double *sec)
{
    double t;
    int64_t dt;
    if (azi_date_run_time(s, &t)) {
        *sec = t - (has_start ? (double)azi_date_clock(start) : 0);
        return 1;
    }
    if (!azi_date_parse(s, &dt))
        return 0;
    if (!has_start)
        return -1;
    *sec = (double)(dt - start);
    return 1;
}
