/*
 * archive.h: a flat archive of numbers as text (archive.c, prefix
 * azi_ar_), for the engine's own state in a snapshot (engine/snapshot.c).
 * One walk over the state serves both ways: writing, each call appends
 * its value; reading, each call takes the next token into it. So what is
 * written and what is read cannot drift apart, and a token count or a
 * value out of range shows a state that is not this model's.
 *
 * Doubles are written in C's hexadecimal form (%a), so they come back bit
 * for bit (NaN and infinities included); integers in decimal. Tokens are
 * separated by blanks and newlines; a line holds at most about 100
 * characters.
 */
#ifndef AZALEA_ARCHIVE_H
#define AZALEA_ARCHIVE_H

#include <stddef.h>
#include <stdint.h>

typedef struct azi_ar {
    int reading;
    int bad;          /* reading: a token missing or malformed; writing:
                       * out of memory (oom) or a value its writer found
                       * out of range */
    int oom;          /* writing: the buffer could not grow */
    /* writing */
    char *buf;        /* malloc'd, NUL-terminated */
    size_t len, cap, line;
    /* reading */
    const char *p;    /* the next token's text */
    uint64_t tokens;  /* tokens read, for messages */
} azi_ar;

/* A writer (empty) or a reader of text (kept by the caller). */
void azi_ar_writer(azi_ar *ar);
void azi_ar_reader(azi_ar *ar, const char *text);
/* Reading: 1 if every token was read and nothing is left over. */
int azi_ar_done(const azi_ar *ar);
/* Writing: frees the buffer (a reader holds nothing). */
void azi_ar_free(azi_ar *ar);

void azi_ar_u64(azi_ar *ar, uint64_t *v);
void azi_ar_u32(azi_ar *ar, uint32_t *v);
void azi_ar_int(azi_ar *ar, int *v);
void azi_ar_f64(azi_ar *ar, double *v);
/* Reading: a value that must equal *v (a count of the model's); a
 * mismatch makes the archive bad. Writing: writes *v. */
void azi_ar_expect(azi_ar *ar, uint64_t v);

/* A 64-bit FNV-1a hash of len bytes of text, lines starting with '#'
 * (comments) left out: a snapshot's engine section holds the hash of the
 * shop floor it was written with, so an edit of the shop floor is seen. */
uint64_t azi_ar_text_hash(const char *text, size_t len);
/* The same over an archive's tokens alone, whatever separates them (YAML
 * may re-indent and re-wrap the block that holds them). */
uint64_t azi_ar_tokens_hash(const char *text);

#endif
