/*
 * strmap.h: a hash table from strings to long values.
 *
 * Keys are NUL-terminated strings that the map does NOT copy or free: the
 * caller keeps each key alive, unchanged, for as long as it is in the map
 * (in practice, strings owned by the same structure as the map). Values
 * are any long.
 *
 * Ownership: the map owns only its slot array, released by
 * azi_strmap_free. A zeroed azi_strmap (AZI_STRMAP_INIT) is an empty map
 * that allocates nothing until the first put.
 *
 * Failure: only azi_strmap_put allocates, and only for a key not yet in
 * the map. When memory runs out it returns -1 and the map is exactly as it
 * was before the call (the key is not in it, every earlier entry still
 * is). Replacing a value and lookups never fail.
 *
 * There is no iteration and no removal: the slots' order depends on the
 * hash, and nothing a user sees may depend on it.
 */
#ifndef AZALEA_UTIL_STRMAP_H
#define AZALEA_UTIL_STRMAP_H

#include <stddef.h>

typedef struct azi_strmap_slot {
    const char *key; /* NULL: empty */
    long val;
} azi_strmap_slot;

typedef struct azi_strmap {
    azi_strmap_slot *slot; /* cap slots, or NULL when cap == 0 */
    size_t cap, n;         /* cap is 0 or a power of two; n entries */
} azi_strmap;

#define AZI_STRMAP_INIT {NULL, 0, 0}

/* Maps key to val, replacing the value of an equal key already there (the
 * map then keeps the first key pointer). 0 on success; -1 when out of
 * memory, the map unchanged. */
int azi_strmap_put(azi_strmap *m, const char *key, long val);
/* Whether key is in the map; if so and val is not NULL, *val gets its
 * value. */
int azi_strmap_find(const azi_strmap *m, const char *key, long *val);
/* The value of key, or `missing` when it is not in the map. */
long azi_strmap_get(const azi_strmap *m, const char *key, long missing);
/* Entries in the map. */
size_t azi_strmap_count(const azi_strmap *m);
/* Frees the slots (not the keys); the map is empty again and reusable. */
void azi_strmap_free(azi_strmap *m);

/* The string hash the map uses (32-bit FNV-1a, then a finaliser so that
 * the low bits a power-of-two table takes are well mixed). Exposed for
 * tests; results must never depend on it. */
size_t azi_strmap_hash(const char *s);

#endif
