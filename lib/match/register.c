/* Loading the house register from a store and indexing it for the matcher. */
#include "register.h"

#include "error.h"
#include "build/name_key.h"
#include "keys.h"
#include "store/store.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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

static int load_streets(sqlite3 *sq, domcov_db *db, dc_register *reg, int64_t **ids)
{
    sqlite3_stmt *st = NULL;
    long long n = 0;
    char key[KEY_SIZE], loose[KEY_SIZE], type[KEY_SIZE];
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
        if (pool_add(reg, type, &s->type) || pool_add(reg, name, &s->name) ||
            pool_add(reg, key, &s->key) || pool_add(reg, loose, &s->loose) ||
            pool_add(reg, strrchr(loose, ' ') ? strrchr(loose, ' ') + 1 : loose, &s->last)) {
            status = dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory for street names");
            goto cleanup;
        }
        reg->nstreets++;
    }
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        status = dc_fail(NULL, DOMCOV_ERR_CORRUPT, "store '%s': cannot read streets: %s", db->path,
                         sqlite3_errmsg(sq));
cleanup:
    sqlite3_finalize(st);
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

static int load_houses(sqlite3 *sq, domcov_db *db, dc_register *reg, const int64_t *ids)
{
    sqlite3_stmt *st = NULL;
    long long n = 0;
    char part[KEY_SIZE];
    int rc, status = DOMCOV_OK;

    if (count_rows(sq, "SELECT count(*) FROM houses", &n) != SQLITE_OK)
        return dc_fail(NULL, DOMCOV_ERR_CORRUPT, "store '%s': cannot read houses: %s", db->path,
                       sqlite3_errmsg(sq));
    reg->houses = calloc((size_t)n + 1, sizeof *reg->houses);
    if (reg->houses == NULL)
        return dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory for %lld houses", n);
    /* Ordered by street so each street's houses are one contiguous run. */
    if (sqlite3_prepare_v2(sq,
                           "SELECT ext_id, street_id, number, letter, korpus, stroenie, lat, lon "
                           "FROM houses ORDER BY street_id, id",
                           -1, &st, NULL) != SQLITE_OK)
        return dc_fail(NULL, DOMCOV_ERR_CORRUPT, "store '%s': cannot read houses: %s", db->path,
                       sqlite3_errmsg(sq));
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && reg->nhouses < (uint32_t)n) {
        dc_house *h = &reg->houses[reg->nhouses];
        uint32_t s = street_index(ids, reg->nstreets, sqlite3_column_int64(st, 1));
        int i, bad = 0;

        if (s == UINT32_MAX) {
            status = dc_fail(NULL, DOMCOV_ERR_CORRUPT, "store '%s': house '%.60s' has an unknown street",
                             db->path, col_text(st, 0));
            goto cleanup;
        }
        h->street = s;
        bad |= pool_add(reg, col_text(st, 0), &h->ext_id);
        for (i = 0; i < 4; i++) {
            uint32_t *slot = i == 0 ? &h->number : i == 1 ? &h->letter : i == 2 ? &h->korpus : &h->stroenie;
            dc_house_part_key(col_text(st, 2 + i), part, sizeof part);
            bad |= pool_add(reg, part, slot);
        }
        if (bad) {
            status = dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory for houses");
            goto cleanup;
        }
        if (sqlite3_column_type(st, 6) == SQLITE_NULL || sqlite3_column_type(st, 7) == SQLITE_NULL) {
            h->lat = h->lon = NAN;
        } else {
            int tlat = sqlite3_column_type(st, 6), tlon = sqlite3_column_type(st, 7);
            h->lat = sqlite3_column_double(st, 6);
            h->lon = sqlite3_column_double(st, 7);
            /* The schema's CHECKs guarantee this in a store we wrote; a damaged one must not
               answer for a made-up point (text reads as 0) or fail checks with a bad argument. */
            if ((tlat != SQLITE_FLOAT && tlat != SQLITE_INTEGER) ||
                (tlon != SQLITE_FLOAT && tlon != SQLITE_INTEGER) || !(fabs(h->lat) <= 90) ||
                !(fabs(h->lon) <= 180)) {
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
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        status = dc_fail(NULL, DOMCOV_ERR_CORRUPT, "store '%s': cannot read houses: %s", db->path,
                         sqlite3_errmsg(sq));
cleanup:
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
    size_t n = strcspn(num, "/");

    if (size == 0)
        return;
    if (n >= size)
        n = size - 1;
    memcpy(out, num, n);
    out[n] = '\0';
}

uint64_t dc_house_base_hash(uint32_t street, const char *base)
{
    return dc_hash_mix(dc_hash_str(base), (uint64_t)street + 1);
}

/* Houses by (street, base number): a lookup touches the few houses of one number. */
static int index_houses(dc_register *reg)
{
    uint64_t *h = malloc(sizeof *h * (reg->nhouses + 1));
    char base[64];
    uint32_t i;
    int rc;

    if (h == NULL)
        return -1;
    for (i = 0; i < reg->nhouses; i++) {
        dc_house_base_number(dc_reg_str(reg, reg->houses[i].number), base, sizeof base);
        h[i] = dc_house_base_hash(reg->houses[i].street, base);
    }
    rc = dc_hashidx_build(&reg->house_by_base, h, reg->nhouses);
    free(h);
    return rc;
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
    if (dc_hashidx_build(&reg->city_by_key, h, db->ncities) != 0)
        goto cleanup;
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
    if (build_indexes(reg) != 0 || index_cities(db, reg) != 0 || index_houses(reg) != 0) {
        status = dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory for the street indexes");
        goto cleanup;
    }
    dc_strpool_shrink(&reg->pool);
cleanup:
    free(ids);
    return status;
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
    dc_hashidx_free(&reg->house_by_base);
    dc_hashidx_free(&reg->city_by_key);
    dc_hashidx_free(&reg->city_by_code);
    free(reg->streets);
    free(reg->houses);
    dc_strpool_free(&reg->pool);
    memset(reg, 0, sizeof *reg);
}
