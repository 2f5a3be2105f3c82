/*
 * test_util.c: the generic pieces of src/util/ the loader and the model
 * stand on: the chunk arena (arena.h), the string map (strmap.h), the
 * nearest-name suggestions (suggest.h) and message cleaning (text.h).
 * Each check is of an exact value, so that a change of behaviour fails.
 * Allocation failures are made with azi_alloc_fail_from (alloc.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/alloc.h"
#include "util/arena.h"
#include "util/strmap.h"
#include "util/suggest.h"
#include "util/text.h"

/* ---- arena --------------------------------------------------------------- */

static void test_arena_blocks(void **state)
{
    (void)state;
    azi_arena a = AZI_ARENA_INIT;
    const size_t align = _Alignof(max_align_t);
    unsigned char *p = azi_arena_alloc(&a, 3);
    unsigned char *q = azi_arena_alloc(&a, 1);
    assert_non_null(p);
    assert_non_null(q);
    /* Aligned, zeroed, and cut front to back from one chunk: the 3 bytes
     * take a whole alignment unit. */
    assert_int_equal((uintptr_t)p % align, 0);
    assert_int_equal((uintptr_t)q % align, 0);
    assert_ptr_equal(q, p + align);
    assert_int_equal(p[0] | p[1] | p[2] | q[0], 0);
    memset(p, 0xAB, 3);
    char *s = azi_arena_strdup(&a, "placer_two", 6);
    assert_string_equal(s, "placer");
    /* An earlier block is untouched by what comes after it. */
    assert_int_equal(p[2], 0xAB);
    azi_arena_free(&a);
    assert_null(a.head);
    /* Reusable once freed. */
    assert_non_null(azi_arena_alloc(&a, 8));
    azi_arena_free(&a);
}

static void test_arena_big_block(void **state)
{
    (void)state;
    azi_arena a = AZI_ARENA_INIT;
    char *small = azi_arena_alloc(&a, 16);
    /* Larger than a chunk (64 KiB): a chunk of its own, behind the one
     * being filled, whose room stays in use for the next small block. */
    char *big = azi_arena_alloc(&a, 100000);
    char *next = azi_arena_alloc(&a, 16);
    assert_non_null(small);
    assert_non_null(big);
    assert_ptr_equal(next, small + 16); /* 16: a multiple of the alignment */
    for (size_t i = 0; i < 100000; i++)
        assert_int_equal(big[i], 0);
    assert_null(azi_arena_alloc(&a, SIZE_MAX / 2 + 1));
    azi_arena_free(&a);
}

static void test_arena_out_of_memory(void **state)
{
    (void)state;
    azi_arena a = AZI_ARENA_INIT;
    char *p = azi_arena_alloc(&a, 32);
    assert_non_null(p);
    strcpy(p, "kept");
    azi_alloc_fail_from(1);
    /* The chunk has room: no allocation, so no failure. */
    assert_non_null(azi_arena_alloc(&a, 32));
    /* A new chunk is needed: NULL, and the arena as it was. */
    assert_null(azi_arena_alloc(&a, 70000));
    azi_alloc_fail_from(0);
    assert_string_equal(p, "kept");
    assert_non_null(azi_arena_alloc(&a, 70000));
    azi_arena_free(&a);
}

/* ---- strmap -------------------------------------------------------------- */

static void test_strmap_hash(void **state)
{
    (void)state;
    /* FNV-1a 32 of "" is 0x811c9dc5, of "a" 0xe40c292c; then fmix32
     * (values computed independently). They pin the function, so that it
     * does not change by accident: nothing may depend on the table's
     * layout, but its speed does. */
    assert_int_equal(azi_strmap_hash(""), 0xab3e7c0bu);
    assert_int_equal(azi_strmap_hash("a"), 0x1a80b1b3u);
    assert_int_not_equal(azi_strmap_hash("placer1"),
                         azi_strmap_hash("placer2"));
}

static void test_strmap_basic(void **state)
{
    (void)state;
    azi_strmap m = AZI_STRMAP_INIT;
    long v = 99;
    assert_int_equal(azi_strmap_get(&m, "x", -1), -1);
    assert_int_equal(azi_strmap_find(&m, "x", &v), 0);
    assert_int_equal(v, 99);
    assert_int_equal(azi_strmap_put(&m, "placer", 3), 0);
    assert_int_equal(azi_strmap_put(&m, "oven", -7), 0);
    assert_int_equal(azi_strmap_count(&m), 2);
    assert_int_equal(azi_strmap_get(&m, "placer", -1), 3);
    assert_int_equal(azi_strmap_get(&m, "oven", 0), -7);
    assert_int_equal(azi_strmap_find(&m, "oven", NULL), 1);
    assert_int_equal(azi_strmap_get(&m, "Placer", -1), -1);
    assert_int_equal(azi_strmap_get(&m, "", -1), -1);
    /* A key equal to one there replaces its value, not its entry; the
     * key is compared by content, not by pointer. */
    char copy[] = "placer";
    assert_int_equal(azi_strmap_put(&m, copy, 5), 0);
    assert_int_equal(azi_strmap_count(&m), 2);
    assert_int_equal(azi_strmap_get(&m, "placer", -1), 5);
    assert_int_equal(azi_strmap_put(&m, "", 11), 0);
    assert_int_equal(azi_strmap_get(&m, "", -1), 11);
    azi_strmap_free(&m);
    assert_int_equal(azi_strmap_count(&m), 0);
    assert_int_equal(azi_strmap_get(&m, "placer", -1), -1);
}

static void test_strmap_grow(void **state)
{
    (void)state;
    enum { N = 5000 };
    static char names[N][32];
    azi_strmap m = AZI_STRMAP_INIT;
    for (long i = 0; i < N; i++) {
        snprintf(names[i], sizeof names[i], "station%ld", i);
        assert_int_equal(azi_strmap_put(&m, names[i], i * 3), 0);
        /* At most half full, a power of two. */
        assert_true(azi_strmap_count(&m) * 2 <= m.cap);
        assert_int_equal(m.cap & (m.cap - 1), 0);
    }
    assert_int_equal(azi_strmap_count(&m), N);
    for (long i = 0; i < N; i++)
        assert_int_equal(azi_strmap_get(&m, names[i], -1), i * 3);
    assert_int_equal(azi_strmap_get(&m, "station5000", -1), -1);
    azi_strmap_free(&m);
}

static void test_strmap_out_of_memory(void **state)
{
    (void)state;
    azi_strmap m = AZI_STRMAP_INIT;
    static char names[9][16];
    /* The first put allocates 16 slots: failing it leaves the empty map. */
    azi_alloc_fail_from(1);
    assert_int_equal(azi_strmap_put(&m, "k0", 0), -1);
    azi_alloc_fail_from(0);
    assert_int_equal(m.cap, 0);
    assert_int_equal(azi_strmap_count(&m), 0);
    for (int i = 0; i < 8; i++) {
        snprintf(names[i], sizeof names[i], "k%d", i);
        assert_int_equal(azi_strmap_put(&m, names[i], i), 0);
    }
    assert_int_equal(m.cap, 16);
    /* The 9th key needs a bigger table: refused, map unchanged. */
    snprintf(names[8], sizeof names[8], "k8");
    azi_alloc_fail_from(1);
    assert_int_equal(azi_strmap_put(&m, names[8], 8), -1);
    /* Replacing a value needs no room. */
    assert_int_equal(azi_strmap_put(&m, "k0", 100), 0);
    azi_alloc_fail_from(0);
    assert_int_equal(azi_strmap_count(&m), 8);
    assert_int_equal(m.cap, 16);
    assert_int_equal(azi_strmap_get(&m, "k8", -1), -1);
    assert_int_equal(azi_strmap_get(&m, "k0", -1), 100);
    for (int i = 1; i < 8; i++)
        assert_int_equal(azi_strmap_get(&m, names[i], -1), i);
    assert_int_equal(azi_strmap_put(&m, names[8], 8), 0);
    assert_int_equal(m.cap, 32);
    assert_int_equal(azi_strmap_get(&m, "k8", -1), 8);
    azi_strmap_free(&m);
}

/* ---- suggestions --------------------------------------------------------- */

/* The suggestion for word among the NULL-terminated names. */
static const char *suggest(const char *word, const char *const *names,
                           char *buf, size_t size)
{
    azi_suggest s;
    azi_suggest_init(&s, word);
    for (; *names; names++)
        azi_suggest_add(&s, *names);
    return azi_suggest_text(&s, buf, size);
}

static void test_suggest_distance(void **state)
{
    (void)state;
    assert_int_equal(azi_suggest_distance("", 0, "abc", 3), 3);
    assert_int_equal(azi_suggest_distance("placer", 6, "placer", 6), 0);
    assert_int_equal(azi_suggest_distance("placre", 6, "placer", 6), 1);
    assert_int_equal(azi_suggest_distance("kitten", 6, "sitting", 7), 3);
    assert_int_equal(azi_suggest_distance("ca", 2, "abc", 3), 3);
}

static void test_suggest_choice(void **state)
{
    (void)state;
    char buf[256];
    const char *st[] = {"placer1", "placer_2", "oven", "inspection", NULL};
    /* A swap is one edit. */
    assert_string_equal(suggest("ovne", st, buf, sizeof buf),
                        "; did you mean 'oven'?");
    /* Same letters but a separator beats another digit. */
    assert_string_equal(suggest("placer2", st, buf, sizeof buf),
                        "; did you mean 'placer_2'?");
    /* An abbreviation of at least 3 letters. */
    assert_string_equal(suggest("insp", st, buf, sizeof buf),
                        "; did you mean 'inspection'?");
    /* Nothing close: no text at all. */
    assert_string_equal(suggest("warehouse", st, buf, sizeof buf), "");
    /* The word itself is never suggested. */
    const char *self[] = {"oven", NULL};
    assert_string_equal(suggest("oven", self, buf, sizeof buf), "");
    /* Ties are all named, in the order added, a repeat once. */
    const char *tie[] = {"P1", "P3", "P1", "P4", "P5", NULL};
    assert_string_equal(suggest("P2", tie, buf, sizeof buf),
                        "; did you mean 'P1', 'P3' or 'P4'?");
    /* The longer common prefix wins a tie of distance. */
    const char *pre[] = {"P1", "P2", NULL};
    assert_string_equal(suggest("P21", pre, buf, sizeof buf),
                        "; did you mean 'P2'?");
    /* Names are cleaned for the message. */
    const char *ctl[] = {"ove\tn", NULL};
    assert_string_equal(suggest("ove n", ctl, buf, sizeof buf),
                        "; did you mean 'ove\\tn'?");
    /* Longer than AZI_SUGGEST_MAX: never compared. */
    char longw[AZI_SUGGEST_MAX + 2];
    memset(longw, 'a', sizeof longw - 1);
    longw[sizeof longw - 1] = '\0';
    const char *lng[] = {longw, NULL};
    longw[0] = 'b';
    assert_string_equal(suggest("aaaa", lng, buf, sizeof buf), "");
    /* A text cut by its buffer. */
    assert_string_equal(suggest("ovne", st, buf, 20), "; did you mean 'ove");
}

/* ---- text ---------------------------------------------------------------- */

static void test_text_clean(void **state)
{
    (void)state;
    char buf[64];
    assert_string_equal(azi_text_clean("a\nb\tc\x01\x7f", buf, sizeof buf),
                        "a\\nb\\tc\\x01\\x7f");
    /* Cut with "..." between UTF-8 characters, never inside one. */
    assert_string_equal(azi_text_clean("abcd\xc3\xa9\xc3\xa9", buf, 10),
                        "abcd\xc3\xa9...");
    /* Here the cut falls after a lead byte, which is taken back. */
    assert_string_equal(azi_text_clean("abcde\xc3\xa9", buf, 10),
                        "abcde...");
    assert_string_equal(azi_text_clean("abcdefghij", buf, 10), "abcdef...");
    assert_string_equal(azi_text_clean("abcdef", buf, 10), "abcdef");
    /* Too small to say anything. */
    buf[0] = 'x';
    assert_string_equal(azi_text_clean("abc", buf, 7), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arena_blocks),
        cmocka_unit_test(test_arena_big_block),
        cmocka_unit_test(test_arena_out_of_memory),
        cmocka_unit_test(test_strmap_hash),
        cmocka_unit_test(test_strmap_basic),
        cmocka_unit_test(test_strmap_grow),
        cmocka_unit_test(test_strmap_out_of_memory),
        cmocka_unit_test(test_suggest_distance),
        cmocka_unit_test(test_suggest_choice),
        cmocka_unit_test(test_text_clean),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
