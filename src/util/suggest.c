/*
 * suggest.c: nearest-name suggestions (suggest.h).
 *
 * A candidate is scored by its edit distance to the word (optimal string
 * alignment: insertions, deletions, substitutions and swaps of adjacent
 * letters cost 1), computed in three rolling rows of AZI_SUGGEST_MAX + 1.
 * It is close enough when at most a third of the candidate (at least one
 * letter) is wrong and not every letter of the word is, or when the word
 * is a prefix of at least 3 letters of it (an abbreviation: expo).
 *
 * Invariant: best[0..nbest) are the distinct candidates added so far that
 * are close and tie for the best (dist, same, prefix), in the order added,
 * at most AZI_SUGGEST_TIES of them. A better candidate empties the list.
 * From it: the suggestion does not depend on anything but the order of the
 * calls, so a caller that adds names in file order gets messages in file
 * order.
 */
#include "util/suggest.h"
#include "util/text.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

size_t azi_suggest_distance(const char *a, size_t n, const char *b, size_t m)
{
    size_t d[3][AZI_SUGGEST_MAX + 1];
    size_t *pp = d[0], *prev = d[1], *cur = d[2];
    for (size_t j = 0; j <= m; j++)
        prev[j] = j;
    for (size_t i = 1; i <= n; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= m; j++) {
            size_t cost = a[i - 1] != b[j - 1];
            size_t v = prev[j - 1] + cost;
            if (prev[j] + 1 < v)
                v = prev[j] + 1;
            if (cur[j - 1] + 1 < v)
                v = cur[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
                a[i - 2] == b[j - 1] && pp[j - 2] + 1 < v)
                v = pp[j - 2] + 1;
            cur[j] = v;
        }
        size_t *t = pp;
        pp = prev;
        prev = cur;
        cur = t;
    }
    return prev[m];
}

static size_t common_prefix(const char *a, const char *b)
{
    size_t i = 0;
    while (a[i] && a[i] == b[i])
        i++;
    return i;
}

void azi_suggest_init(azi_suggest *s, const char *word)
{
    memset(s, 0, sizeof *s);
    s->word = word;
    s->dist = SIZE_MAX;
}

static int is_sep(char c)
{
    return c == '_' || c == '-' || c == ' ' || c == '.';
}

/* a and b are the same letters, up to separators and ASCII case:
 * placer_2 for placer2, Screw for screw. */
static int same_letters(const char *a, const char *b)
{
    for (;;) {
        while (is_sep(*a))
            a++;
        while (is_sep(*b))
            b++;
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a + 32) : *a;
        char y = *b >= 'A' && *b <= 'Z' ? (char)(*b + 32) : *b;
        if (x != y)
            return 0;
        if (!x)
            return 1;
        a++, b++;
    }
}

void azi_suggest_add(azi_suggest *s, const char *cand)
{
    if (!cand)
        return;
    size_t n = strlen(s->word), m = strlen(cand);
    if (n > AZI_SUGGEST_MAX || m > AZI_SUGGEST_MAX || !strcmp(cand, s->word))
        return;
    size_t d = azi_suggest_distance(s->word, n, cand, m);
    /* Close: at most a third of the candidate wrong (at least one letter)
     * and not every letter of the word; or the word abbreviates it (expo). */
    size_t limit = m / 3 > 1 ? m / 3 : 1;
    size_t pre = common_prefix(cand, s->word);
    int close = (d <= limit && d < n) || (n >= 3 && pre == n);
    if (!close)
        return;
    /* Of equally distant names, the one with the same letters wins (a
     * separator or a capital is a slip; another digit names another
     * thing: placer2 is placer_2 rather than placer1), then the longer
     * common prefix (P21: P2 rather than P1). Still equal: all are named,
     * up to AZI_SUGGEST_TIES. */
    int same = same_letters(cand, s->word);
    int cmp = d != s->dist       ? (d < s->dist ? 1 : -1)
              : same != s->same  ? (same ? 1 : -1)
              : pre != s->prefix ? (pre > s->prefix ? 1 : -1)
                                 : 0;
    if (cmp > 0) {
        s->nbest = 0;
        s->dist = d;
        s->same = same;
        s->prefix = pre;
    }
    for (size_t i = 0; cmp == 0 && i < s->nbest; i++)
        if (!strcmp(s->best[i], cand))
            return; /* a name met twice is named once */
    if (cmp >= 0 && s->nbest < AZI_SUGGEST_TIES)
        s->best[s->nbest++] = cand;
}

const char *azi_suggest_text(const azi_suggest *s, char *buf, size_t size)
{
    char tmp[80];
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < s->nbest && o < size; i++) {
        int k = snprintf(buf + o, size - o, "%s'%s'%s",
                         i == 0 ? "; did you mean "
                         : i + 1 == s->nbest ? " or " : ", ",
                         azi_text_clean(s->best[i], tmp, sizeof tmp),
                         i + 1 == s->nbest ? "?" : "");
        if (k < 0) {
            buf[0] = '\0';
            break;
        }
        o += (size_t)k;
    }
    return buf;
}
