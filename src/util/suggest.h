/*
 * suggest.h: nearest-name suggestions ("did you mean 'placer'?").
 *
 * Usage: azi_suggest_init with the word written, azi_suggest_add for each
 * name it could have meant, then azi_suggest_text for the message's tail.
 *
 * Ownership: an azi_suggest lives where the caller puts it (usually on the
 * stack) and allocates nothing; it keeps the pointers given to init and
 * add, which must stay valid until azi_suggest_text has been called.
 * Nothing can fail.
 */
#ifndef AZALEA_UTIL_SUGGEST_H
#define AZALEA_UTIL_SUGGEST_H

#include <stddef.h>

/* Names tied for nearest, all given in the message ("did you mean 'a' or
 * 'b'?"). */
#define AZI_SUGGEST_TIES 3
/* Words and names longer than this are never compared. */
#define AZI_SUGGEST_MAX 64

typedef struct azi_suggest {
    const char *word;
    const char *best[AZI_SUGGEST_TIES]; /* in the order added */
    size_t nbest, dist, prefix;
    int same; /* the best have the same letters as word */
} azi_suggest;

void azi_suggest_init(azi_suggest *s, const char *word);
/* Considers one candidate (NULL: ignored); a candidate equal to the word,
 * or met before, is never suggested. */
void azi_suggest_add(azi_suggest *s, const char *candidate);
/* "; did you mean 'x'?" (or 'x' or 'y', for a tie) when a candidate is
 * close enough, else "". Names are cleaned for the message (text.h). A
 * text cut by size may end without '?'. Returns buf. */
const char *azi_suggest_text(const azi_suggest *s, char *buf, size_t size);
/* Edit distance with adjacent transpositions (optimal string alignment)
 * between a[0..n) and b[0..m), both at most AZI_SUGGEST_MAX. */
size_t azi_suggest_distance(const char *a, size_t n, const char *b,
                            size_t m);

#endif
