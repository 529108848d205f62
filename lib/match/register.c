/* Loading the house register from a store and indexing it for the matcher. */
#include "register.h"

#include "error.h"
#include "huge_alloc.h"
#include "build/name_key.h"
#include "keys.h"
#include "match/display.h"
#include "skeleton_index.h"
#include "store/store.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define KEY_SIZE 512

static const char *col_text(sqlite3_stmt *st, int col)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    return t ? (const char *)t : "";
}

static int pool_add(dc_register *reg, const char *s, uint32_t *off)
{
    *off = dc_strpool_add(&reg->pool, s);
    return *off == UINT32_MAX ? -1 : 0;
}

static int count_rows(sqlite3 *sq, const char *sql, long long *n)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(sq, sql, -1, &st, NULL);

    if (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        *n = sqlite3_column_int64(st, 0);
    else
        rc = SQLITE_ERROR;
    sqlite3_finalize(st);
    return rc;
}

/* Distinct street types seen while loading ("ул", "пер"...): a few dozen at most. */
#define MAX_TYPES 64
typedef struct type_table {
    uint32_t off[MAX_TYPES];
    int n;
} type_table;

/*
 * One copy of each street type in the pool: every address check compares the
 * found streets' types with the text's, and 25,000 copies of "ул" scattered
 * among the names were a cache miss each; a handful of copies stay in cache.
 */
static int pool_add_type(dc_register *reg, type_table *t, const char *type, uint32_t *off)
{
    int i;

    for (i = 0; i < t->n; i++)
        if (strcmp(dc_reg_str(reg, t->off[i]), type) == 0) {
            *off = t->off[i];
            return 0;
        }
    if (pool_add(reg, type, off) != 0)
        return -1;
    if (t->n < MAX_TYPES)
        t->off[t->n++] = *off;
    return 0;
}

/*
 * The streets' matching keys, added to the pool after all other street
 * strings: every address check reads one key at random, and 25,000 keys
 * side by side (~0.5 MB) stay in cache where keys between names and
 * display prefixes (~4 MB) did not.
 */
static int pool_add_keys(dc_register *reg, const dc_strbuf *keys)
{
    size_t at = 0;
    uint32_t i;

    for (i = 0; i < reg->nstreets; i++) {
        const char *key = keys->data + at;
        if (pool_add(reg, key, &reg->streets[i].key) != 0)
            return -1;
        at += strlen(key) + 1;
    }
    return 0;
}

static int load_streets(sqlite3 *sq, domcov_db *db, dc_register *reg, int64_t **ids)
{
    sqlite3_stmt *st = NULL;
    long long n = 0;
    char key[KEY_SIZE], loose[KEY_SIZE], type[KEY_SIZE];
    dc_strbuf prefix = DC_STRBUF_INIT, keys = DC_STRBUF_INIT;
    type_table types = {{0}, 0};
    int rc, status = DOMCOV_OK;

    if (count_rows(sq, "SELECT count(*) FROM streets", &n) != SQLITE_OK)
        return dc_fail(NULL, DOMCOV_ERR_CORRUPT, "store '%s': cannot read streets: %s", db->path,
                       sqlite3_errmsg(sq));
    reg->streets = calloc((size_t)n + 1, sizeof *reg->streets);
    *ids = calloc((size_t)n + 1, sizeof **ids);
    if (reg->streets == NULL || *ids == NULL)
        return dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory for %lld streets", n);
    if (sqlite3_prepare_v2(sq, "SELECT id, city_id, type, name FROM streets ORDER BY id", -1, &st,
                           NULL) != SQLITE_OK)
        return dc_fail(NULL, DOMCOV_ERR_CORRUPT, "store '%s': cannot read streets: %s", db->path,
                       sqlite3_errmsg(sq));
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && reg->nstreets < (uint32_t)n) {
        dc_street *s = &reg->streets[reg->nstreets];
        const char *name = col_text(st, 3);

        (*ids)[reg->nstreets] = sqlite3_column_int64(st, 0);
        s->city = dc_store_city_by_id(db, sqlite3_column_int64(st, 1));
        if (s->city < 0) {
            status = dc_fail(NULL, DOMCOV_ERR_CORRUPT, "store '%s': street %lld has an unknown city",
                             db->path, (long long)(*ids)[reg->nstreets]);
            goto cleanup;
        }
        if (dc_street_keys(col_text(st, 2), name, key, loose, type, KEY_SIZE) != 0) {
            status = dc_fail(NULL, DOMCOV_ERR_CORRUPT, "store '%s': street name '%.80s' is not valid",
                             db->path, name);
            goto cleanup;
        }
        /* Every answer with a house shows this prefix: composed once here, not per query. */
        dc_strbuf_clear(&prefix);
        dc_compose_prefix(&prefix, db->cities[s->city].type, db->cities[s->city].name, type, name);
        dc_strbuf_append(&keys, key, strlen(key) + 1);
        if (prefix.failed || keys.failed || pool_add_type(reg, &types, type, &s->type) ||
            pool_add(reg, name, &s->name) ||
            pool_add(reg, loose, &s->loose) ||
            pool_add(reg, strrchr(loose, ' ') ? strrchr(loose, ' ') + 1 : loose, &s->last) ||
            pool_add(reg, prefix.data ? prefix.data : "", &s->display)) {
            status = dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory for street names");
            goto cleanup;
        }
        reg->nstreets++;
    }
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        status = dc_fail(NULL, DOMCOV_ERR_CORRUPT, "store '%s': cannot read streets: %s", db->path,
                         sqlite3_errmsg(sq));
    else if (pool_add_keys(reg, &keys) != 0)
        status = dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory for street names");
cleanup:
    sqlite3_finalize(st);
    dc_strbuf_free(&prefix);
    dc_strbuf_free(&keys);
    return status;
}

static uint32_t street_index(const int64_t *ids, uint32_t n, int64_t id)
{
    uint32_t lo = 0, hi = n;

    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (ids[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && ids[lo] == id ? lo : UINT32_MAX;
}

/* Distinct part combinations while loading: open addressing over reg->parts. */
typedef struct parts_table {
    uint32_t *slots;          /* index into reg->parts, UINT32_MAX empty */
    uint32_t mask;
    uint32_t cap_parts;       /* allocated length of reg->parts */
    dc_strbuf display;        /* scratch for a combination's display */
} parts_table;

static uint64_t parts_hash(const char *const part[4])
{
    uint64_t h = 0;
    int i;

    for (i = 0; i < 4; i++)
        h = dc_hash_mix(h, dc_hash_str(part[i]));
    return h;
}

static int parts_grow(dc_register *reg, parts_table *t)
{
    uint32_t cap = t->slots ? (t->mask + 1) * 2 : 1024, i;
    uint32_t *slots = malloc(sizeof *slots * cap);

    if (slots == NULL)
        return -1;
    memset(slots, 0xff, sizeof *slots * cap);
    for (i = 0; i < reg->nparts; i++) {
        const dc_house_parts *hp = &reg->parts[i];
        const char *part[4] = {dc_reg_str(reg, hp->number), dc_reg_str(reg, hp->letter),
                               dc_reg_str(reg, hp->korpus), dc_reg_str(reg, hp->stroenie)};
        uint32_t at = (uint32_t)parts_hash(part) & (cap - 1);
        while (slots[at] != UINT32_MAX)
            at = (at + 1) & (cap - 1);
        slots[at] = i;
    }
    free(t->slots);
    t->slots = slots;
    t->mask = cap - 1;
    return 0;
}

/* The index in reg->parts of these four parts, added when new; UINT32_MAX when out of memory. */
static uint32_t parts_intern(dc_register *reg, parts_table *t, const char *const part[4])
{
    uint32_t at, i;

    if ((reg->nparts + 1) * 2 > (t->slots ? t->mask + 1 : 0) && parts_grow(reg, t) != 0)
        return UINT32_MAX;
    for (at = (uint32_t)parts_hash(part) & t->mask; t->slots[at] != UINT32_MAX; at = (at + 1) & t->mask) {
        const dc_house_parts *hp = &reg->parts[t->slots[at]];
        if (strcmp(dc_reg_str(reg, hp->number), part[0]) == 0 &&
            strcmp(dc_reg_str(reg, hp->letter), part[1]) == 0 &&
            strcmp(dc_reg_str(reg, hp->korpus), part[2]) == 0 &&
            strcmp(dc_reg_str(reg, hp->stroenie), part[3]) == 0)
            return t->slots[at];
    }
    if (reg->nparts == t->cap_parts) {
        uint32_t cap = t->cap_parts ? t->cap_parts * 2 : 256;
        dc_house_parts *bigger = realloc(reg->parts, sizeof *bigger * cap);
        if (bigger == NULL)
            return UINT32_MAX;
        reg->parts = bigger;
        t->cap_parts = cap;
    }
    i = reg->nparts;
    /* Every answer with a house shows "д. 5а корп. 2": composed once per combination. */
    dc_strbuf_clear(&t->display);
    dc_compose_house(&t->display, part[0], part[1], part[2], part[3]);
    if (t->display.failed || pool_add(reg, part[0], &reg->parts[i].number) ||
        pool_add(reg, part[1], &reg->parts[i].letter) || pool_add(reg, part[2], &reg->parts[i].korpus) ||
        pool_add(reg, part[3], &reg->parts[i].stroenie) || pool_add(reg, t->display.data, &reg->parts[i].display))
        return UINT32_MAX;
    reg->nparts++;
    t->slots[at] = i;
    return i;
}

/* Points as 1e-7 degree integers in the houses when that loses nothing (see register.h). */
static void compact_points(dc_register *reg)
{
    uint32_t i;

    for (i = 0; i < reg->nhouses; i++) {
        double lat = reg->point[2 * (size_t)i], lon = reg->point[2 * (size_t)i + 1];
        dc_house_rec *h = &reg->houses[i];
        if (isnan(lat)) {
            h->lat_e7 = h->lon_e7 = INT32_MIN;
            continue;
        }
        h->lat_e7 = (int32_t)lround(lat * 1e7);
        h->lon_e7 = (int32_t)lround(lon * 1e7);
        if (h->lat_e7 / 1e7 != lat || h->lon_e7 / 1e7 != lon)
            return;  /* more precise than 1e-7 degree: keep the doubles */
    }
    free(reg->point);
    reg->point = NULL;
}

static int load_houses(sqlite3 *sq, domcov_db *db, dc_register *reg, const int64_t *ids)
{
    sqlite3_stmt *st = NULL;
    long long n = 0;
    char part[4][KEY_SIZE];
    parts_table pt = {NULL, 0, 0, DC_STRBUF_INIT};
    int rc, status = DOMCOV_OK;

    if (count_rows(sq, "SELECT count(*) FROM houses", &n) != SQLITE_OK)
        return dc_fail(NULL, DOMCOV_ERR_CORRUPT, "store '%s': cannot read houses: %s", db->path,
                       sqlite3_errmsg(sq));
    reg->houses = dc_huge_calloc((size_t)n + 1, sizeof *reg->houses);
    reg->point = calloc(2 * (size_t)n + 2, sizeof *reg->point);
    if (reg->houses == NULL || reg->point == NULL)
        return dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory for %lld houses", n);
    /* Ordered by street so each street's houses are one contiguous run. */
    if (sqlite3_prepare_v2(sq,
                           "SELECT ext_id, street_id, number, letter, korpus, stroenie, lat, lon "
                           "FROM houses ORDER BY street_id, id",
                           -1, &st, NULL) != SQLITE_OK)
        return dc_fail(NULL, DOMCOV_ERR_CORRUPT, "store '%s': cannot read houses: %s", db->path,
                       sqlite3_errmsg(sq));
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && reg->nhouses < (uint32_t)n) {
        dc_house_rec *h = &reg->houses[reg->nhouses];
        double *pt_ll = &reg->point[2 * (size_t)reg->nhouses];
        uint32_t s = street_index(ids, reg->nstreets, sqlite3_column_int64(st, 1));
        const char *parts[4] = {part[0], part[1], part[2], part[3]};
        int i, bad = 0;

        if (s == UINT32_MAX) {
            status = dc_fail(NULL, DOMCOV_ERR_CORRUPT, "store '%s': house '%.60s' has an unknown street",
                             db->path, col_text(st, 0));
            goto cleanup;
        }
        bad |= pool_add(reg, col_text(st, 0), &h->ext_id);
        for (i = 0; i < 4; i++)
            dc_house_part_key(col_text(st, 2 + i), part[i], sizeof part[i]);
        if (bad || (h->parts = parts_intern(reg, &pt, parts)) == UINT32_MAX) {
            status = dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory for houses");
            goto cleanup;
        }
        if (sqlite3_column_type(st, 6) == SQLITE_NULL || sqlite3_column_type(st, 7) == SQLITE_NULL) {
            pt_ll[0] = pt_ll[1] = NAN;
        } else {
            int tlat = sqlite3_column_type(st, 6), tlon = sqlite3_column_type(st, 7);
            pt_ll[0] = sqlite3_column_double(st, 6);
            pt_ll[1] = sqlite3_column_double(st, 7);
            /* The schema's CHECKs guarantee this in a store we wrote; a damaged one must not
               answer for a made-up point (text reads as 0) or fail checks with a bad argument. */
            if ((tlat != SQLITE_FLOAT && tlat != SQLITE_INTEGER) ||
                (tlon != SQLITE_FLOAT && tlon != SQLITE_INTEGER) || !(fabs(pt_ll[0]) <= 90) ||
                !(fabs(pt_ll[1]) <= 180)) {
                status = dc_fail(NULL, DOMCOV_ERR_CORRUPT,
                                 "store '%s': house '%.60s' has coordinates (%.60s, %.60s) out of range",
                                 db->path, col_text(st, 0), col_text(st, 6), col_text(st, 7));
                goto cleanup;
            }
        }
        if (reg->streets[s].nhouses == 0)
            reg->streets[s].first_house = reg->nhouses;
        reg->streets[s].nhouses++;
        reg->nhouses++;
    }
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        status = dc_fail(NULL, DOMCOV_ERR_CORRUPT, "store '%s': cannot read houses: %s", db->path,
                         sqlite3_errmsg(sq));
        goto cleanup;
    }
    if (reg->nparts == 0 && parts_intern(reg, &pt, (const char *const[4]){"", "", "", ""}) == UINT32_MAX)
        status = dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory for houses");
    else
        compact_points(reg);
cleanup:
    free(pt.slots);
    dc_strbuf_free(&pt.display);
    sqlite3_finalize(st);
    return status;
}

static _Thread_local const dc_register *sort_reg_tls;

static int cmp_city_key(const void *a, const void *b)
{
    const dc_street *x = &sort_reg_tls->streets[*(const uint32_t *)a];
    const dc_street *y = &sort_reg_tls->streets[*(const uint32_t *)b];

    if (x->city != y->city)
        return x->city - y->city;
    return strcmp(dc_reg_str(sort_reg_tls, x->key), dc_reg_str(sort_reg_tls, y->key));
}

static int build_indexes(dc_register *reg)
{
    uint64_t *h = malloc(sizeof *h * (reg->nstreets + 1));
    const char **keys = malloc(sizeof *keys * (reg->nstreets + 1));
    int32_t *cities = malloc(sizeof *cities * (reg->nstreets + 1));
    uint32_t i;
    int rc = -1, pass;

    reg->by_city_sorted = malloc(sizeof *reg->by_city_sorted * (reg->nstreets + 1));
    if (h == NULL || keys == NULL || cities == NULL || reg->by_city_sorted == NULL)
        goto cleanup;
    for (pass = 0; pass < 5; pass++) {
        dc_hashidx *idx = pass == 0 ? &reg->by_city_key : pass == 1 ? &reg->by_city_loose
                        : pass == 2 ? &reg->by_key : pass == 3 ? &reg->by_loose : &reg->by_city_last;
        for (i = 0; i < reg->nstreets; i++) {
            const dc_street *s = &reg->streets[i];
            uint32_t str = pass == 4 ? s->last : pass % 2 == 0 ? s->key : s->loose;
            uint64_t k = dc_hash_str(dc_reg_str(reg, str));
            h[i] = pass < 2 || pass == 4 ? dc_hash_mix(k, (uint64_t)s->city + 1) : k;
        }
        if (dc_hashidx_build(idx, h, reg->nstreets) != 0)
            goto cleanup;
    }
    for (i = 0; i < reg->nstreets; i++) {
        keys[i] = dc_reg_str(reg, reg->streets[i].key);
        cities[i] = reg->streets[i].city;
        reg->by_city_sorted[i] = i;
    }
    /* Grouped by city: a typo search with the city known reads only that city's postings. */
    if (dc_trigram_build(&reg->trigrams, keys, cities, reg->nstreets) != 0)
        goto cleanup;
    sort_reg_tls = reg;
    qsort(reg->by_city_sorted, reg->nstreets, sizeof *reg->by_city_sorted, cmp_city_key);
    rc = 0;
cleanup:
    free(h);
    free(keys);
    free(cities);
    return rc;
}

void dc_house_base_number(const char *num, char *out, size_t size)
{
    size_t n = 0;

    if (size == 0)
        return;
    /* Numbers are a few bytes: a loop, not strcspn's setup. */
    for (; num[n] != '\0' && num[n] != '/' && n + 1 < size; n++)
        out[n] = num[n];
    out[n] = '\0';
}

static const char *house_number(const dc_register *reg, uint32_t house)
{
    return dc_reg_str(reg, reg->parts[reg->houses[house].parts].number);
}

static uint16_t number_tag(const char *base, size_t base_len)
{
    return (uint16_t)(dc_hash_bytes(base, base_len) >> 48);
}

/* Whether num's part before any "/" is base. */
static int same_base(const char *num, const char *base, size_t base_len)
{
    size_t i;

    /* base has no "/" and no NUL in its base_len bytes: a shorter num stops at its NUL. */
    for (i = 0; i < base_len; i++)
        if (num[i] != base[i])
            return 0;
    return num[i] == '\0' || num[i] == '/';
}

/* Tags past the last house, so that an eight-tag read at any house stays inside the array. */
#define TAG_PAD 8

/* Index of the first tag in tags[at, end) equal to tag, or end.  Eight at a
 * time, the hit's position straight from the compare mask: a street of a
 * hundred houses is about a dozen compares and no scalar rescan. */
static uint32_t find_tag(const uint16_t *tags, uint32_t at, uint32_t end, uint16_t tag)
{
#ifdef __SSE2__
    const __m128i want = _mm_set1_epi16((short)tag);

    for (; at < end; at += 8) {
        __m128i a = _mm_loadu_si128((const __m128i *)(const void *)(tags + at));
        unsigned hits = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi16(a, want));
        if (hits != 0) {
            at += (unsigned)__builtin_ctz(hits) / 2;
            return at < end ? at : end;  /* a hit in the padding or the next street is none */
        }
    }
    return end;
#else
    for (; at < end && tags[at] != tag; at++)
        ;
    return at;
#endif
}

uint32_t dc_house_next(const dc_register *reg, dc_house_iter *it)
{
    while ((it->at = find_tag(it->tags, it->at, it->end, it->tag)) < it->end) {
        uint32_t h = it->at++;
        if (same_base(house_number(reg, h), it->base, it->base_len))
            return h;
    }
    return DC_HASHIDX_END;
}

uint32_t dc_house_first(const dc_register *reg, uint32_t street, const char *base, dc_house_iter *it)
{
    const dc_street *s = &reg->streets[street];

    it->tags = reg->number_tags;
    it->at = s->first_house;
    it->end = s->first_house + s->nhouses;
    it->base = base;
    it->base_len = strlen(base);
    it->tag = number_tag(base, it->base_len);
    return dc_house_next(reg, it);
}

static int index_houses(dc_register *reg)
{
    uint32_t i;

    reg->number_tags = dc_huge_calloc((size_t)reg->nhouses + TAG_PAD, sizeof *reg->number_tags);
    if (reg->number_tags == NULL)
        return -1;
    for (i = 0; i < reg->nhouses; i++) {
        const char *num = house_number(reg, i);
        reg->number_tags[i] = number_tag(num, strcspn(num, "/"));
    }
    return 0;
}

/* City lookups by code and by name key, so matching never walks the city list. */
static int index_cities(const domcov_db *db, dc_register *reg)
{
    uint64_t *h = malloc(sizeof *h * (db->ncities + 1));
    char key[KEY_SIZE];
    uint32_t i;
    int rc = -1;

    reg->city_keys = malloc(sizeof *reg->city_keys * (db->ncities + 1));
    if (h == NULL || reg->city_keys == NULL)
        goto cleanup;
    for (i = 0; i < db->ncities; i++) {
        if (dc_name_key(db->cities[i].name, key, sizeof key) != 0)
            key[0] = '\0';
        if (pool_add(reg, key, &reg->city_keys[i]) != 0)
            goto cleanup;
        h[i] = dc_hash_str(key);
    }
    if (dc_hashidx_build(&reg->city_by_key, h, db->ncities) != 0 ||
        (reg->city_has_twin = calloc(db->ncities + 1, 1)) == NULL)
        goto cleanup;
    /* Settlements of one name ("Красный Яр" in three districts): every address
     * check naming a city asks, so it is answered here once. */
    for (i = 0; i < db->ncities; i++) {
        uint32_t it;
        for (it = dc_hashidx_first(&reg->city_by_key, h[i]); it != DC_HASHIDX_END;
             it = dc_hashidx_next(&reg->city_by_key, it))
            if (it != i &&
                strcmp(dc_reg_str(reg, reg->city_keys[it]), dc_reg_str(reg, reg->city_keys[i])) == 0)
                reg->city_has_twin[i] = 1;
    }
    for (i = 0; i < db->ncities; i++)
        h[i] = dc_hash_str(db->cities[i].code);
    if (dc_hashidx_build(&reg->city_by_code, h, db->ncities) != 0)
        goto cleanup;
    rc = 0;
cleanup:
    free(h);
    return rc;
}

int dc_register_load(sqlite3 *sq, domcov_db *db, dc_register *reg)
{
    int64_t *ids = NULL;
    int status;

    memset(reg, 0, sizeof *reg);
    if (dc_strpool_init(&reg->pool) != 0)
        return dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory");
    if ((status = load_streets(sq, db, reg, &ids)) != DOMCOV_OK ||
        (status = load_houses(sq, db, reg, ids)) != DOMCOV_OK)
        goto cleanup;
    if (build_indexes(reg) != 0 || index_cities(db, reg) != 0 || index_houses(reg) != 0 ||
        dc_skeleton_index_build(db, reg) != 0) {
        status = dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory for the street indexes");
        goto cleanup;
    }
    dc_strpool_shrink(&reg->pool);
cleanup:
    free(ids);
    return status;
}

void dc_register_memory_use(const dc_register *reg, dc_register_memory *out)
{
    memset(out, 0, sizeof *out);
    out->strings = reg->pool.cap;
    out->houses = (size_t)reg->nhouses * sizeof *reg->houses;
    out->parts = (size_t)reg->nparts * sizeof *reg->parts;
    out->points = reg->point ? (size_t)reg->nhouses * 2 * sizeof *reg->point : 0;
    out->house_index = reg->number_tags ? (size_t)reg->nhouses * sizeof *reg->number_tags : 0;
    out->streets = (size_t)reg->nstreets * sizeof *reg->streets;
    out->street_indexes = dc_hashidx_bytes(&reg->by_city_key) + dc_hashidx_bytes(&reg->by_city_loose) +
                          dc_hashidx_bytes(&reg->by_key) + dc_hashidx_bytes(&reg->by_loose) +
                          dc_hashidx_bytes(&reg->by_city_last) + dc_hashidx_bytes(&reg->by_city_skel) +
                          (size_t)reg->nstreets * sizeof *reg->by_city_sorted;
    out->trigrams = dc_trigram_bytes(&reg->trigrams);
    out->total = out->strings + out->houses + out->parts + out->points + out->house_index +
                 out->streets + out->street_indexes + out->trigrams;
}

void dc_register_free(dc_register *reg)
{
    if (reg == NULL)
        return;
    dc_hashidx_free(&reg->by_city_key);
    dc_hashidx_free(&reg->by_city_loose);
    dc_hashidx_free(&reg->by_key);
    dc_hashidx_free(&reg->by_loose);
    dc_hashidx_free(&reg->by_city_last);
    dc_trigram_free(&reg->trigrams);
    free(reg->by_city_sorted);
    free(reg->city_keys);
    free(reg->number_tags);
    free(reg->city_has_twin);
    free(reg->parts);
    free(reg->point);
    dc_hashidx_free(&reg->city_by_key);
    dc_hashidx_free(&reg->city_by_code);
    dc_skeleton_index_free(reg);
    free(reg->streets);
    free(reg->houses);
    dc_strpool_free(&reg->pool);
    memset(reg, 0, sizeof *reg);
}
