/*
 * test_yaml_doc.c: the loader's document layers (src/load/doc.h): YAML
 * text to the tree (yaml.c) with its locations, limits, duplicate keys,
 * anchors, aliases and merge keys; the tree's accessors; --set overrides
 * applied to the tree (override.c); and how problems are told
 * (problem.c). Every check is of exact values: kinds, texts, lines and
 * columns, and whole messages.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "load/doc.h"

/* Problems told, as "file:line:col: message\n" lines. */
typedef struct told {
    char text[4096];
    size_t len;
} told;

static void collect(void *ctx, const az_error *e)
{
    told *t = ctx;
    int k = snprintf(t->text + t->len, sizeof t->text - t->len,
                     "%s:%d:%d: %s\n", e->file, e->line, e->col, e->msg);
    if (k > 0 && (size_t)k < sizeof t->text - t->len)
        t->len += (size_t)k;
}

/* One load of `text` as the model file "m.yaml". */
typedef struct doc {
    azi_load L;
    az_load_options opt;
    told told;
    azi_load_node *root;
} doc;

static void open_doc(doc *d, const char *text, size_t len)
{
    memset(d, 0, sizeof *d);
    d->opt.on_problem = collect;
    d->opt.ctx = &d->told;
    azi_load_init(&d->L, "m.yaml", &d->opt);
    d->root = azi_yaml_parse(&d->L, text, len, AZI_LOAD_MODEL, 0);
}

/* Ends the load: its status, the problems in d->told.text. */
static az_status close_doc(doc *d)
{
    az_error err;
    az_status rc = azi_load_finish(&d->L, &d->opt, &err);
    azi_load_free(&d->L);
    return rc;
}

#define OPEN(d, s) open_doc(d, s, strlen(s))

static void assert_at(const azi_load_node *n, azi_load_kind kind, int line,
                      int col, const char *text)
{
    assert_non_null(n);
    assert_int_equal(n->kind, kind);
    assert_int_equal(n->loc.src, AZI_LOAD_MODEL);
    assert_int_equal(n->loc.line, line);
    assert_int_equal(n->loc.col, col);
    assert_string_equal(n->text, text);
}

static void test_locations(void **state)
{
    (void)state;
    doc d;
    OPEN(&d, "a: 1\nb:\n  - x\n  - {c: d}\n");
    const azi_load_node *r = d.root;
    assert_at(r, AZI_LOAD_MAP, 1, 1, "");
    assert_int_equal(r->n, 2);
    assert_at(r->pair[0].key, AZI_LOAD_SCALAR, 1, 1, "a");
    assert_at(r->pair[0].val, AZI_LOAD_SCALAR, 1, 4, "1");
    assert_at(r->pair[1].key, AZI_LOAD_SCALAR, 2, 1, "b");
    const azi_load_node *b = r->pair[1].val;
    assert_at(b, AZI_LOAD_LIST, 3, 3, "");
    assert_int_equal(b->n, 2);
    assert_at(b->item[0], AZI_LOAD_SCALAR, 3, 5, "x");
    assert_at(b->item[1], AZI_LOAD_MAP, 4, 5, "");
    assert_at(b->item[1]->pair[0].key, AZI_LOAD_SCALAR, 4, 6, "c");
    assert_at(b->item[1]->pair[0].val, AZI_LOAD_SCALAR, 4, 9, "d");
    assert_int_equal(close_doc(&d), AZ_OK);
    assert_string_equal(d.told.text, "");
}

static void test_scalars_and_accessors(void **state)
{
    (void)state;
    doc d;
    char buf[64];
    OPEN(&d, "x: \"1\"\ny: 1\nz: 'null'\nw: ~\nv: [1]\nu: {}\n");
    const azi_load_node *r = d.root;
    assert_int_equal(azi_yaml_get(r, "x")->plain, 0);
    assert_int_equal(azi_yaml_get(r, "y")->plain, 1);
    assert_null(azi_yaml_get(r, "X"));
    assert_null(azi_yaml_get(azi_yaml_get(r, "y"), "y")); /* not a map */
    /* Only plain "", ~, null, Null, NULL are null: 'null' is text. */
    assert_false(azi_yaml_is_null(azi_yaml_get(r, "z")));
    assert_true(azi_yaml_is_null(azi_yaml_get(r, "w")));
    assert_false(azi_yaml_is_null(NULL));
    assert_string_equal(azi_yaml_desc(azi_yaml_get(r, "x"), buf, sizeof buf),
                        "'1'");
    assert_string_equal(azi_yaml_desc(azi_yaml_get(r, "w"), buf, sizeof buf),
                        "nothing");
    assert_string_equal(azi_yaml_desc(azi_yaml_get(r, "v"), buf, sizeof buf),
                        "a list");
    assert_string_equal(azi_yaml_desc(azi_yaml_get(r, "u"), buf, sizeof buf),
                        "a mapping");
    assert_string_equal(azi_yaml_desc(NULL, buf, sizeof buf), "nothing");
    assert_int_equal(close_doc(&d), AZ_OK);

    /* An empty document is a null scalar at 1:1. */
    OPEN(&d, "");
    assert_at(d.root, AZI_LOAD_SCALAR, 1, 1, "");
    assert_true(azi_yaml_is_null(d.root));
    assert_int_equal(close_doc(&d), AZ_OK);
}

static void test_duplicate_keys(void **state)
{
    (void)state;
    doc d;
    OPEN(&d, "a: 1\nb: 2\na: 3\n");
    /* Reported at the repeat; the first is kept. */
    assert_int_equal(d.root->n, 2);
    assert_string_equal(azi_yaml_get(d.root, "a")->text, "1");
    assert_int_equal(close_doc(&d), AZ_EBADMODEL);
    assert_string_equal(d.told.text,
                        "m.yaml:3:1: duplicate key 'a' (first at line 1)\n");

    OPEN(&d, "d: {<<: {a: 1}, <<: {b: 2}}\n");
    assert_int_equal(close_doc(&d), AZ_EBADMODEL);
    assert_string_equal(d.told.text, "m.yaml:1:17: duplicate key '<<' "
                                     "(first at line 1)\n");

    OPEN(&d, "[1]: 2\n");
    assert_int_equal(d.root->n, 0);
    assert_int_equal(close_doc(&d), AZ_EBADMODEL);
    assert_string_equal(d.told.text,
                        "m.yaml:1:1: expected a key (a name), got a list\n");
}

static void test_aliases(void **state)
{
    (void)state;
    doc d;
    /* An alias is a copy, located where the anchored value is written. */
    OPEN(&d, "t: &t {x: 1}\nu: *t\n");
    const azi_load_node *t = azi_yaml_get(d.root, "t");
    const azi_load_node *u = azi_yaml_get(d.root, "u");
    assert_ptr_not_equal(t, u);
    assert_ptr_not_equal(t->pair, u->pair);
    assert_at(u, AZI_LOAD_MAP, 1, 4, "");
    assert_at(u->pair[0].val, AZI_LOAD_SCALAR, 1, 11, "1");
    assert_int_equal(close_doc(&d), AZ_OK);

    /* An alias inside the value it names is refused: no tree. */
    OPEN(&d, "&a [*a]");
    assert_null(d.root);
    assert_int_equal(close_doc(&d), AZ_EBADMODEL);
    assert_string_equal(d.told.text, "m.yaml:1:1: an alias refers to a value "
                                     "that contains it (a cycle)\n");
}

static void test_merge_keys(void **state)
{
    (void)state;
    doc d;
    OPEN(&d, "base: &b {x: 1, y: 2}\nd:\n  <<: *b\n  y: 3\n");
    const azi_load_node *m = azi_yaml_get(d.root, "d");
    /* Explicit keys first and winning, then the merged ones, located
     * where the template writes them. */
    assert_int_equal(m->n, 2);
    assert_at(m->pair[0].key, AZI_LOAD_SCALAR, 4, 3, "y");
    assert_at(m->pair[0].val, AZI_LOAD_SCALAR, 4, 6, "3");
    assert_at(m->pair[1].key, AZI_LOAD_SCALAR, 1, 11, "x");
    assert_at(m->pair[1].val, AZI_LOAD_SCALAR, 1, 14, "1");
    assert_int_equal(close_doc(&d), AZ_OK);

    OPEN(&d, "d:\n  <<: 5\n");
    assert_int_equal(azi_yaml_get(d.root, "d")->n, 0);
    assert_int_equal(close_doc(&d), AZ_EBADMODEL);
    assert_string_equal(d.told.text,
                        "m.yaml:2:7: expected a mapping or a list of "
                        "mappings to merge with '<<' (like *template), got "
                        "'5'\n");

    /* A list merges each mapping; an item that is none is reported. */
    OPEN(&d, "d:\n  <<: [{a: 1}, 3]\n");
    m = azi_yaml_get(d.root, "d");
    assert_int_equal(m->n, 1);
    assert_string_equal(m->pair[0].key->text, "a");
    assert_int_equal(close_doc(&d), AZ_EBADMODEL);
    assert_string_equal(d.told.text,
                        "m.yaml:2:16: expected a mapping to merge with '<<' "
                        "(like *template), got '3'\n");
}

static void test_limits(void **state)
{
    (void)state;
    doc d;
    char deep[2 * (AZI_LOAD_MAX_DEPTH + 2) + 1];
    /* AZI_LOAD_MAX_DEPTH + 1 nested lists load, one more does not. */
    for (int n = AZI_LOAD_MAX_DEPTH + 1; n <= AZI_LOAD_MAX_DEPTH + 2; n++) {
        memset(deep, '[', (size_t)n);
        memset(deep + n, ']', (size_t)n);
        deep[2 * n] = '\0';
        OPEN(&d, deep);
        az_status rc = close_doc(&d);
        if (n == AZI_LOAD_MAX_DEPTH + 1) {
            assert_int_equal(rc, AZ_OK);
        } else {
            assert_int_equal(rc, AZ_EBADMODEL);
            assert_string_equal(d.told.text, "m.yaml:1:66: values are nested "
                                             "more than 64 levels deep\n");
        }
    }
    /* Aliases that expand past AZI_LOAD_MAX_NODES values. */
    OPEN(&d, "a: &a [x,x,x,x,x,x,x,x,x,x]\n"
             "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
             "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
             "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
             "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
             "f: [*e, *e]\n");
    assert_null(d.root);
    assert_int_equal(close_doc(&d), AZ_EBADMODEL);
    assert_string_equal(d.told.text, "m.yaml:1:12: the document has more "
                                     "than 200000 values once aliases are "
                                     "expanded\n");
}

static void test_bad_text(void **state)
{
    (void)state;
    doc d;
    OPEN(&d, "a: 1\n---\nb: 2\n");
    /* The first document is the tree; the second is a problem. */
    assert_int_equal(d.root->n, 1);
    assert_int_equal(close_doc(&d), AZ_EBADMODEL);
    assert_string_equal(d.told.text, "m.yaml:2:1: a second YAML document "
                                     "starts here; a model is one document\n");

    OPEN(&d, "a:\n\tb: 1\n");
    assert_null(d.root);
    assert_int_equal(close_doc(&d), AZ_EBADMODEL);
    assert_string_equal(d.told.text,
                        "m.yaml:2:1: syntax error: found character that "
                        "cannot start any token (while scanning for the next "
                        "token at line 2, column 1); this line is indented "
                        "with a tab: YAML indents with spaces only\n");

    OPEN(&d, "a: \xe9t\xe9\n");
    assert_null(d.root);
    assert_int_equal(close_doc(&d), AZ_EBADMODEL);
    assert_string_equal(d.told.text,
                        "m.yaml:1:5: invalid text: invalid trailing UTF-8 "
                        "octet (0x74); is the file Latin-1 or Windows-1252 "
                        "(as older editors and Excel save text)? Save it as "
                        "UTF-8\n");

    /* A NUL in a quoted scalar ends its text there. */
    OPEN(&d, "a: \"x\\0y\"\n");
    assert_string_equal(azi_yaml_get(d.root, "a")->text, "x");
    assert_int_equal(close_doc(&d), AZ_EBADMODEL);
    assert_string_equal(d.told.text,
                        "m.yaml:1:4: a NUL character is not allowed in "
                        "text\n");
}

static void test_override_values(void **state)
{
    (void)state;
    doc d;
    const char *ov[] = {"a.b=[1, 2]", "a.d=3", "a.x.y=1", "s.ovne=1"};
    const char *text = "a: {b: 1, c: 2}\ns: {oven: 1}\n";
    memset(&d, 0, sizeof d);
    d.opt.on_problem = collect;
    d.opt.ctx = &d.told;
    d.opt.overrides = ov;
    d.opt.noverrides = 4;
    azi_load_init(&d.L, "m.yaml", &d.opt);
    d.root = azi_yaml_parse(&d.L, text, strlen(text), AZI_LOAD_MODEL, 0);
    for (size_t i = 0; i < 4; i++)
        azi_override_apply(&d.L, d.root, i);
    const azi_load_node *a = azi_yaml_get(d.root, "a");
    /* Replaced in place, located in its override: src 0, line 0, the
     * column counting characters of "a.b=[1, 2]". */
    assert_int_equal(a->n, 3);
    const azi_load_node *b = a->pair[0].val;
    assert_string_equal(a->pair[0].key->text, "b");
    assert_int_equal(b->kind, AZI_LOAD_LIST);
    assert_int_equal(b->loc.src, 0);
    assert_int_equal(b->loc.line, 0);
    assert_int_equal(b->loc.col, 5);
    assert_int_equal(b->item[1]->loc.col, 9);
    /* A new key goes last, located at its name in the path. */
    assert_string_equal(a->pair[2].key->text, "d");
    assert_int_equal(a->pair[2].key->loc.src, 1);
    assert_int_equal(a->pair[2].key->loc.col, 3);
    assert_string_equal(a->pair[2].val->text, "3");
    /* A misspelt last name is a new key too, left to the section's
     * check (which suggests 'oven'). */
    assert_int_equal(azi_yaml_get(d.root, "s")->n, 2);
    assert_non_null(azi_yaml_get(azi_yaml_get(d.root, "s"), "ovne"));
    assert_int_equal(close_doc(&d), AZ_EBADMODEL);
    assert_string_equal(d.told.text, "--set:0:3: --set a.x.y: no 'x' in "
                                     "'a'\n");
}

static void test_problem_order(void **state)
{
    (void)state;
    doc d;
    OPEN(&d, "a: 1\n");
    azi_load_loc l3 = {AZI_LOAD_MODEL, 3, 1}, l1 = {AZI_LOAD_MODEL, 1, 7};
    azi_load_loc o0 = {0, 0, 2};
    /* Told by place, not by discovery: overrides first, then the file by
     * line and column; an identical repeat once. Warnings only for a
     * model that loads. */
    azi_load_report(&d.L, l3, "third");
    azi_load_warn(&d.L, l1, "a warning");
    azi_load_report(&d.L, l1, "second");
    azi_load_report(&d.L, l3, "third");
    azi_load_report(&d.L, o0, "first");
    assert_int_equal(close_doc(&d), AZ_EBADMODEL);
    assert_string_equal(d.told.text, "--set:0:2: --set: first\n"
                                     "m.yaml:1:7: second\n"
                                     "m.yaml:3:1: third\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_locations),
        cmocka_unit_test(test_scalars_and_accessors),
        cmocka_unit_test(test_duplicate_keys),
        cmocka_unit_test(test_aliases),
        cmocka_unit_test(test_merge_keys),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_bad_text),
        cmocka_unit_test(test_override_values),
        cmocka_unit_test(test_problem_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
