/*
 * archive.c: the flat archive of numbers (archive.h). Writing grows one
 * text buffer by doubling; reading parses with strtoull and strtod, which
 * read %a's hexadecimal doubles exactly. Every failure sets `bad` and
 * leaves the value alone, so a walk goes on to the end and is checked
 * once.
 */
#include "archive.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"

void azi_ar_writer(azi_ar *ar)
{
    memset(ar, 0, sizeof *ar);
}

void azi_ar_reader(azi_ar *ar, const char *text)
{
    memset(ar, 0, sizeof *ar);
    ar->reading = 1;
    ar->p = text ? text : "";
}

void azi_ar_free(azi_ar *ar)
{
    if (!ar->reading)
        free(ar->buf);
    ar->buf = NULL;
}

int azi_ar_done(const azi_ar *ar)
{
    const char *p = ar->p;
    while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
        p++;
    return !ar->bad && *p == '\0';
}

static void put(azi_ar *ar, const char *tok)
{
    size_t n = strlen(tok);
    if (ar->bad)
        return;
    if (ar->len + n + 2 > ar->cap) {
        size_t cap = ar->cap ? ar->cap * 2 : 4096;
        while (cap < ar->len + n + 2)
            cap *= 2;
        char *nb = azi_realloc(ar->buf, cap);
        if (!nb) {
            ar->bad = ar->oom = 1;
            return;
        }
        ar->buf = nb;
        ar->cap = cap;
    }
    int nl = ar->line + n > 100;
    if (ar->len)
        ar->buf[ar->len++] = nl ? '\n' : ' ';
    if (nl || !ar->len)
        ar->line = 0;
    memcpy(ar->buf + ar->len, tok, n + 1);
    ar->len += n;
    ar->line += n + 1;
}

/* The next token into tok (at most size - 1 characters), or 0. */
static int next(azi_ar *ar, char *tok, size_t size)
{
    const char *p = ar->p;
    while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
        p++;
    size_t n = strcspn(p, " \n\t\r");
    if (ar->bad || !n || n >= size) {
        ar->bad = 1;
        return 0;
    }
    memcpy(tok, p, n);
    tok[n] = '\0';
    ar->p = p + n;
    ar->tokens++;
    return 1;
}

void azi_ar_u64(azi_ar *ar, uint64_t *v)
{
    char tok[64];
    if (!ar->reading) {
        snprintf(tok, sizeof tok, "%llu", (unsigned long long)*v);
        put(ar, tok);
        return;
    }
    if (!next(ar, tok, sizeof tok))
        return;
    char *end;
    errno = 0;
    unsigned long long x = strtoull(tok, &end, 10);
    if (errno || *end || tok[0] == '-')
        ar->bad = 1;
    else
        *v = x;
}

void azi_ar_u32(azi_ar *ar, uint32_t *v)
{
    uint64_t x = *v;
    azi_ar_u64(ar, &x);
    if (x > UINT32_MAX)
        ar->bad = 1;
    else
        *v = (uint32_t)x;
}

void azi_ar_int(azi_ar *ar, int *v)
{
    uint32_t x = (uint32_t)*v; /* a small flag or index: never negative */
    azi_ar_u32(ar, &x);
    if (x > (uint32_t)0x7fffffff)
        ar->bad = 1;
    else
        *v = (int)x;
}

void azi_ar_f64(azi_ar *ar, double *v)
{
    char tok[64];
    if (!ar->reading) {
        snprintf(tok, sizeof tok, "%a", *v);
        put(ar, tok);
        return;
    }
    if (!next(ar, tok, sizeof tok))
        return;
    char *end;
    double x = strtod(tok, &end);
    if (*end)
        ar->bad = 1;
    else
        *v = x;
}

void azi_ar_expect(azi_ar *ar, uint64_t v)
{
    uint64_t x = v;
    azi_ar_u64(ar, &x);
    if (x != v)
        ar->bad = 1;
}

uint64_t azi_ar_text_hash(const char *text, size_t len)
{
    uint64_t h = UINT64_C(14695981039346656037);
    int comment = 0, bol = 1;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (bol)
            comment = c == '#';
        bol = c == '\n';
        if (comment)
            continue;
        h ^= (unsigned char)c;
        h *= UINT64_C(1099511628211);
    }
    return h;
}

uint64_t azi_ar_tokens_hash(const char *text)
{
    uint64_t h = UINT64_C(14695981039346656037);
    int gap = 0;
    for (const char *p = text; *p; p++) {
        int ws = *p == ' ' || *p == '\n' || *p == '\t' || *p == '\r';
        if (ws) {
            gap = 1;
            continue;
        }
        if (gap) { /* one separator between tokens, none at the ends */
            h ^= ' ';
            h *= UINT64_C(1099511628211);
            gap = 0;
        }
        h ^= (unsigned char)*p;
        h *= UINT64_C(1099511628211);
    }
    return h;
}
