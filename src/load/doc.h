/*
 * doc.h: the lower layers of the model-file loader (src/load/), which know
 * nothing of models, only of documents:
 *
 *   problem.c   azi_load_     one load: arena, files read, problems
 *   yaml.c      azi_yaml_     YAML text -> a tree of azi_load_node (the
 *                             only file that includes yaml.h); accessors
 *   override.c  azi_override_ --set PATH=VALUE applied to the tree
 *   fields.c    azi_fields_   the table-driven mapping reader, room for
 *                             a mapping's named entries, hints
 *
 * Above them: types.c and value.c (value.h: what each value may be, and
 * its reader: numbers, durations, distributions), then names.c (spec.h:
 * the model's specs and the helpers every section shares), then the
 * sections (sections.h), then load.c (load.h), the top. Each layer calls
 * only the layers below it. schema.c stands beside load.c: it reads the
 * same tables, from the model's type down, into the JSON Schema.
 *
 * The tree is a plain tree: aliases are expanded into copies when the
 * document is converted, so an override changes one place only and every
 * node has exactly one parent. All of it lives in the load's arena and is
 * freed at once.
 *
 * Problems are collected, then sorted (overrides first, then file order) and
 * handed out by azi_load_finish, so the checking code may find them in any
 * order.
 */
#ifndef AZALEA_LOAD_DOC_H
#define AZALEA_LOAD_DOC_H

#include <stddef.h>
#include <stdint.h>

#include "azalea/load.h"
#include "util/arena.h"
#include "util/text.h" /* azi_text_clean, for every message */

/* A value deeper than this, or a document larger than this once aliases are
 * expanded, is refused: real models need about 8 levels and a few thousand
 * values, and the limits bound the work on hostile input. */
#define AZI_LOAD_MAX_DEPTH 64
#define AZI_LOAD_MAX_NODES 200000
/* Problems kept (and sorted) at most; the rest are only counted, so that
 * a 64 MiB plan of bad rows cannot take gigabytes of messages. Only the
 * first AZ_LOAD_MAX_PROBLEMS are told anyway. */
#define AZI_LOAD_MAX_KEPT 100000

/* Where a value was written: src = AZI_LOAD_MODEL is the model file (line,
 * col 1-based), src = i >= 0 the value of overrides[i] (line 0, col 1-based
 * in that string), src = AZI_LOAD_FILE(k) the k-th other file read (a
 * production plan; line and col 1-based). */
typedef struct azi_load_loc {
    int src, line, col;
} azi_load_loc;

#define AZI_LOAD_MODEL (-1)
#define AZI_LOAD_FILE(k) (-2 - (int)(k))
/* The index k of a src below AZI_LOAD_MODEL. */
#define AZI_LOAD_FILE_INDEX(src) ((size_t)(-2 - (src)))

/* Reads a whole file into a malloc'd, NUL-terminated buffer of *len bytes;
 * NULL on failure, with errno saying why (*too_big: it is larger than the
 * loader accepts). The loader reads plan files through one, so that tests
 * and the fuzzer can serve them from memory. */
typedef char *(*azi_load_reader)(void *ctx, const char *path, size_t *len,
                                 int *too_big);

typedef enum azi_load_kind {
    AZI_LOAD_SCALAR,
    AZI_LOAD_LIST,
    AZI_LOAD_MAP
} azi_load_kind;

typedef struct azi_load_node azi_load_node;
typedef struct azi_load_pair {
    azi_load_node *key, *val; /* key is always a scalar */
} azi_load_pair;

struct azi_load_node {
    azi_load_kind kind;
    azi_load_loc loc;
    int plain;           /* scalar written without quotes */
    const char *text;    /* scalar: NUL-terminated, never NULL */
    size_t n;            /* list items or map pairs */
    azi_load_node **item;
    azi_load_pair *pair; /* explicit keys first, then merged ones */
};

typedef struct azi_load_problem {
    azi_load_loc loc;
    size_t seq; /* discovery order, to keep the sort stable */
    char *msg;  /* malloc'd */
    int warning; /* a warning (azi_load_warn), not a problem */
} azi_load_problem;

/* One load. Everything but the problems' messages is in the arena. */
typedef struct azi_load {
    const char *file;               /* name used in messages */
    const char *const *ovr;         /* the overrides as given */
    const char **ovr_path;          /* their paths (before '='), for messages */
    size_t novr;
    azi_arena arena;
    azi_load_problem *prob;         /* problems and warnings */
    size_t nprob, capprob, nwarn;
    size_t nlost;                   /* problems past AZI_LOAD_MAX_KEPT */
    int oom;                        /* an allocation failed: give up */
    const char *unit;               /* the model's time unit */
    const char *counting;           /* reading a distribution of counts:
                                     * its key (value.c), else NULL */
    double unit_s;                  /* seconds per model time unit */
    az_dist **dists;                /* every distribution read, to clear */
    size_t ndist, capdist;
    const char *dir;                /* of the model file; NULL: "." */
    azi_load_reader reader;         /* reads the files the model names */
    void *reader_ctx;
    const char **files;             /* names of the other files read */
    size_t nfiles;
} azi_load;

/* ---- the load: arena and problems (problem.c) ---------------------------- */

void azi_load_init(azi_load *L, const char *file, const az_load_options *opt);
/* Zeroed memory living until azi_load_free; NULL (and L->oom set) on
 * failure. */
void *azi_load_alloc(azi_load *L, size_t size);
char *azi_load_strdup(azi_load *L, const char *s, size_t len);
/* Registers another file's name (copied) for messages: *src gets the src
 * of its locations. 0 on success; -1 (and L->oom) when out of memory. */
int azi_load_add_file(azi_load *L, const char *name, int *src);
/* Records a problem at loc; the message is prefixed "--set PATH: " when loc
 * is in an override. */
void azi_load_report(azi_load *L, azi_load_loc loc, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* Records a warning at loc: the model loads, and on_warning hears of it. */
void azi_load_warn(azi_load *L, azi_load_loc loc, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* Sorts and de-duplicates the problems, calls on_problem for each, and
 * fills err with the first. Returns AZ_ENOMEM if L->oom, else AZ_EBADMODEL
 * if there were problems, else AZ_OK after calling on_warning for each
 * warning. */
az_status azi_load_finish(azi_load *L, const az_load_options *opt,
                          az_error *err);
/* Frees everything, including the distributions registered in L->dists. */
void azi_load_free(azi_load *L);

/* ---- the document tree (yaml.c, override.c) ------------------------------ */

/* Parses the first YAML document of text. src < 0: the file; src = i:
 * overrides[i]'s value, which starts at character col0 of that string.
 * Returns the root (an empty document gives a null scalar), or NULL after
 * reporting why there is no usable tree. */
azi_load_node *azi_yaml_parse(azi_load *L, const char *text, size_t len,
                              int src, int col0);

/* Applies overrides[i] ("path=value") to the tree under root (a mapping or
 * NULL: then only the value's syntax is checked). */
void azi_override_apply(azi_load *L, azi_load_node *root, size_t i);

/* The value of key in map, or NULL (also when map is not a mapping). */
const azi_load_node *azi_yaml_get(const azi_load_node *map, const char *key);
/* Plain "", "~" or "null": YAML's null. */
int azi_yaml_is_null(const azi_load_node *n);
/* What n is, for "got ...": "'two'", "nothing", "a list", "a mapping". */
const char *azi_yaml_desc(const azi_load_node *n, char *buf, size_t size);
/* A new null scalar (plain "") at loc; NULL (and L->oom) when out of
 * memory. */
azi_load_node *azi_yaml_null(azi_load *L, azi_load_loc loc);

/* Hints for mistakes that come from a locale or an old editor, appended to
 * the raw problem. */
#define AZI_LOAD_HINT_LATIN1                                                  \
    "; is the file Latin-1 or Windows-1252 (as older editors and Excel "     \
    "save text)? Save it as UTF-8"
#define AZI_LOAD_HINT_TAB                                                     \
    "; this line is indented with a tab: YAML indents with spaces only"

/* ---- table-driven mappings (fields.c) ------------------------------------ */

/* "; a decimal comma? write a decimal point: '0.25 min'" when s is a
 * number written with a decimal comma (0,25 min, 1,5e3 h); "; write
 * numbers without a thousands separator" for 1,000; else "". */
const char *azi_fields_comma_hint(const char *s, char *buf, size_t size);

/* Checks one value and, if it is right, stores it at slot; returns 1, or 0
 * after reporting the problem. */
typedef int (*azi_fields_fn)(azi_load *L, const azi_load_node *val,
                                void *slot);

/* What a value may be, for the model file's JSON Schema (schema.c), which
 * is made from the same tables the loader reads with: each reader has the
 * type that says what it accepts (value.h pairs azi_value_<t> with
 * azi_type_<t>), and readers of words take them from their type. */
typedef enum azi_load_tkind {
    AZI_T_ANY,        /* anything (a key whose value is not used) */
    AZI_T_NAME,       /* a non-empty scalar: names of products, stations.. */
    AZI_T_TEXT,       /* any scalar, null included */
    AZI_T_STRING,     /* a string matching `pattern` (dates, times) */
    AZI_T_INT,        /* a whole number from min to max */
    AZI_T_NUMBER,     /* a number from min to max (AZI_T_OPEN_*: excluded) */
    AZI_T_BOOL,       /* true or false */
    AZI_T_ENUM,       /* one of `names`; index 0 is the default */
    AZI_T_DURATION,   /* a duration; > 0 with AZI_T_OPEN_MIN */
    AZI_T_DIST,       /* a distribution (value.c's kinds) */
    AZI_T_COUNT_DIST, /* a distribution of counts (azi_value_count_dist) */
    AZI_T_OBJECT,     /* a mapping read against `fields` */
    AZI_T_MAP,        /* names to `item`s */
    AZI_T_LIST,       /* a list of `item`s, at most max_items */
    AZI_T_ONE_OF      /* one of the `alt` types */
} azi_load_tkind;

enum {
    AZI_T_NULL = 1,      /* null is allowed (as none) */
    AZI_T_OPEN_MIN = 2,  /* min itself is not allowed */
    AZI_T_OPEN_MAX = 4,  /* max itself is not allowed */
    AZI_T_NONEMPTY = 8,  /* a list or mapping with at least one entry */
    AZI_T_UNIQUE = 16,   /* a list without repeats */
    AZI_T_X_KEYS = 32,   /* an object ignores keys starting with "x-" */
    AZI_T_ONE_KEY = 64   /* a mapping of exactly one entry */
};

typedef struct azi_load_field azi_load_field;
typedef struct azi_load_type azi_load_type;
struct azi_load_type {
    azi_load_tkind kind;
    unsigned flags;                  /* AZI_T_* */
    double min, max;                 /* INT, NUMBER */
    const char *const *names;        /* ENUM */
    size_t nnames;
    const char *pattern;             /* STRING: an ECMA 262 regex */
    const azi_load_field *fields;    /* OBJECT */
    size_t nfields;
    const azi_load_type *item;       /* MAP, LIST */
    const azi_load_type *const *alt; /* ONE_OF */
    size_t nalt, max_items;          /* LIST: 0 for no limit */
    const char *ref;  /* shared: its name among the schema's definitions */
    const char *doc;  /* what it is, for a definition */
};

struct azi_load_field {
    const char *key;
    azi_fields_fn read;
    size_t off; /* of the slot in the target struct */
    int required;
    const azi_load_type *type; /* what read accepts, or the node's shape */
    const char *def;  /* the default as JSON text, or NULL (ENUM: names[0],
                       * BOOL: false, without saying) */
    const char *doc;  /* its meaning, as docs/model-format.md says it */
};

/* A field read by azi_value_<t>, whose type is azi_type_<t> (value.h). */
#define AZI_FIELD(key, t, off, req, def, doc)                                 \
    {key, azi_value_##t, off, req, &azi_type_##t, def, doc}
/* A field kept as a node and checked by its section, of type `type`. */
#define AZI_NODE(key, off, req, type, def, doc)                               \
    {key, azi_value_node, off, req, type, def, doc}

/* Bits by field index: keys present, and keys present and read. A key
 * present but not valid is broken: its problem is reported where it is
 * written, and a check that needs its value is skipped rather than run
 * with the default, so that the cause comes alone, not after a
 * consequence (a broken sample_every taken as "every unit"). */
typedef struct azi_load_seen {
    uint32_t present, valid;
} azi_load_seen;

/* The broken keys among `bits`. */
static inline uint32_t azi_fields_broken(azi_load_seen s, uint32_t bits)
{
    return s.present & ~s.valid & bits;
}

enum { AZI_FIELDS_IGNORE_X = 1 }; /* skip keys starting with "x-" */

/* Reads map against the (at most 32) fields into target, reporting unknown
 * keys, missing required keys and, if map is not a mapping, that. `what`
 * names the mapping in messages ("station 'placer'"). Returns 0 if map is
 * not a mapping. */
int azi_fields_read(azi_load *L, const azi_load_node *map,
                    const azi_load_field *f, size_t nf, void *target,
                    const char *what, unsigned flags, azi_load_seen *seen);

/* The entries of v, a mapping from names to things (`what`: "pool names
 * to pools like {size: 2}"): zeroed room in the arena for its v->n entries
 * of size bytes each, and *n = v->n. With `one` NULL the mapping is
 * optional: absent, null or empty is none. With `one` ("route") it is
 * required: absent is none (the missing key is reported elsewhere), and
 * empty is reported as "expected at least one <one>". NULL, *n untouched,
 * when there are none, after reporting "expected a mapping from <what>,
 * got ..." when v is no mapping, or when memory runs out (L->oom). */
void *azi_fields_map(azi_load *L, const azi_load_node *v, const char *what,
                     const char *one, size_t size, size_t *n);

#endif
