/* Skeleton lookups of streets and cities (see skeleton_index.h). */
#include "skeleton_index.h"

#include "build/name_key.h"
#include "normalize/skeleton.h"
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

/* A skeleton can be longer than its name ("щ" is 2 bytes, "shch" 4). */
#define SKEL_SIZE 1024
#define KEY_SIZE 512

/* Street buckets mix the city in, as the other per-city street indexes do. */
static uint64_t street_hash(const char *skel, int32_t city)
{
    return dc_hash_mix(dc_hash_str(skel), (uint64_t)city + 1);
}

int dc_skeleton_index_build(const struct domcov_db *db, dc_register *reg)
{
    uint32_t n = reg->nstreets > db->ncities ? reg->nstreets : (uint32_t)db->ncities;
    uint64_t *h = malloc(sizeof *h * ((size_t)n + 1));
    char skel[SKEL_SIZE];
    uint32_t i;
    int rc = -1;

    if (h == NULL)
        goto cleanup;
    for (i = 0; i < reg->nstreets; i++) {
        dc_name_skeleton(dc_reg_str(reg, reg->streets[i].key), skel, sizeof skel);
        h[i] = street_hash(skel, reg->streets[i].city);
    }
    if (dc_hashidx_build(&reg->by_city_skel, h, reg->nstreets) != 0)
        goto cleanup;
    for (i = 0; i < db->ncities; i++) {
        dc_name_skeleton(dc_reg_str(reg, reg->city_keys[i]), skel, sizeof skel);
        h[i] = dc_hash_str(skel);
    }
    if (dc_hashidx_build(&reg->city_by_skel, h, (uint32_t)db->ncities) != 0)
        goto cleanup;
    rc = 0;
cleanup:
    free(h);
    return rc;
}

void dc_skeleton_index_free(dc_register *reg)
{
    dc_hashidx_free(&reg->by_city_skel);
    dc_hashidx_free(&reg->city_by_skel);
}

int dc_skeleton_streets(const dc_register *reg, int32_t city, const char *key, uint32_t *out, int max)
{
    char want[SKEL_SIZE], skel[SKEL_SIZE];
    uint32_t it;
    int n = 0;

    /* An empty skeleton (a name of punctuation) would find every unnamed street. */
    if (city < 0 || dc_name_skeleton(key, want, sizeof want) == 0)
        goto cleanup;
    for (it = dc_hashidx_first(&reg->by_city_skel, street_hash(want, city)); it != DC_HASHIDX_END && n < max;
         it = dc_hashidx_next(&reg->by_city_skel, it)) {
        const dc_street *s = &reg->streets[it];
        if (s->city != city)
            continue;
        dc_name_skeleton(dc_reg_str(reg, s->key), skel, sizeof skel);
        if (strcmp(skel, want) != 0)
            continue;
        out[n++] = it;
    }
cleanup:
    return n;
}

int dc_skeleton_twins(const dc_register *reg, const uint32_t *streets, int n)
{
    char a[SKEL_SIZE], b[SKEL_SIZE];
    int i, j, twins = 0;

    /* Quadratic, but n is the handful of streets one text found. */
    for (i = 0; i < n && !twins; i++) {
        const char *ki = dc_reg_str(reg, reg->streets[streets[i]].key);
        dc_name_skeleton(ki, a, sizeof a);
        for (j = i + 1; j < n && !twins; j++) {
            const char *kj = dc_reg_str(reg, reg->streets[streets[j]].key);
            twins = strcmp(ki, kj) != 0 && dc_name_skeleton(kj, b, sizeof b) > 0 && strcmp(a, b) == 0;
        }
    }
    return twins;
}

/* The district of a city code "name/district", or "" for a code without one. */
static const char *code_district(const char *code)
{
    const char *slash = strchr(code, '/');
    return slash ? slash + 1 : "";
}

int dc_skeleton_city(const struct domcov_db *db, const char *name, const char *district,
                     int *by_district)
{
    const dc_register *reg = &db->reg;
    char key[KEY_SIZE], want[SKEL_SIZE], skel[SKEL_SIZE], want_district[SKEL_SIZE];
    int first = -1, in_district = -1, differ = 0;
    uint32_t it;

    if (name == NULL || dc_name_key(name, key, sizeof key) != 0 ||
        dc_name_skeleton(key, want, sizeof want) == 0)
        goto cleanup;
    dc_name_skeleton(district, want_district, sizeof want_district);
    for (it = dc_hashidx_first(&reg->city_by_skel, dc_hash_str(want)); it != DC_HASHIDX_END;
         it = dc_hashidx_next(&reg->city_by_skel, it)) {
        const char *city_key = dc_reg_str(reg, reg->city_keys[it]);
        dc_name_skeleton(city_key, skel, sizeof skel);
        if (strcmp(skel, want) != 0)
            continue;
        if (first < 0)
            first = (int)it;
        else if (strcmp(city_key, dc_reg_str(reg, reg->city_keys[first])) != 0)
            differ = 1;
        if (in_district < 0 && want_district[0]) {
            dc_name_skeleton(code_district(db->cities[it].code), skel, sizeof skel);
            if (strcmp(skel, want_district) == 0)
                in_district = (int)it;
        }
    }
    /* Two names the skeleton cannot tell apart are not asserted, whatever the district. */
    if (differ) {
        first = -1;
    } else if (in_district >= 0) {
        first = in_district;
        if (by_district)
            *by_district = 1;
    }
cleanup:
    return first;
}

int dc_skeleton_city_twin(const struct domcov_db *db, int city)
{
    const dc_register *reg = &db->reg;
    const char *name = dc_reg_str(reg, reg->city_keys[city]);
    char want[SKEL_SIZE], skel[SKEL_SIZE];
    uint32_t it;
    int twin = 0;

    if (dc_name_skeleton(name, want, sizeof want) == 0)
        goto cleanup;
    for (it = dc_hashidx_first(&reg->city_by_skel, dc_hash_str(want)); it != DC_HASHIDX_END && !twin;
         it = dc_hashidx_next(&reg->city_by_skel, it)) {
        const char *other = dc_reg_str(reg, reg->city_keys[it]);
        twin = strcmp(other, name) != 0 && dc_name_skeleton(other, skel, sizeof skel) > 0 &&
               strcmp(skel, want) == 0;
    }
cleanup:
    return twin;
}
