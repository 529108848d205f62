/* Loads the compiled-in dictionaries once into immutable lookup tables. */
#include "normalize/dict.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "normalize/dict_data.h"

/* What the lines of a `canonical|variant|...` file mean. */
enum role { ROLE_STREET, ROLE_CITY, ROLE_REGION, ROLE_DISTRICT, ROLE_COUNTRY };

/* Init-time bump allocator: the tables live as long as the process. */
typedef struct arena_block {
    struct arena_block *next;
    size_t used, cap;
    char data[];
} arena_block;

typedef struct loader {
    dc_dicts *d;
    arena_block *arena;
} loader;

#define ARENA_BLOCK 65536

static pthread_once_t dicts_once = PTHREAD_ONCE_INIT;
/* Written once inside pthread_once, read-only afterwards. */
static const dc_dicts *dicts_loaded;

static void *arena_alloc(loader *ld, size_t n)
{
    arena_block *b = ld->arena;
    void *p = NULL;

    n = (n + 15) & ~(size_t)15;
    if (b == NULL || b->cap - b->used < n) {
        size_t cap = n > ARENA_BLOCK ? n : ARENA_BLOCK;

        b = malloc(sizeof *b + cap);
        if (b == NULL)
            goto cleanup;
        b->next = ld->arena;
        b->used = 0;
        b->cap = cap;
        ld->arena = b;
    }
    p = b->data + b->used;
    b->used += n;
    memset(p, 0, n);
cleanup:
    return p;
}

static char *arena_strndup(loader *ld, const char *s, size_t n)
{
    char *p = arena_alloc(ld, n + 1);

    if (p != NULL) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

/*
 * Copies a dictionary text and cuts it into NUL-terminated fields in place:
 * '|' and '\n' become '\0'.  Returns the copy (len + 1 bytes) or NULL.
 */
static char *split_copy(loader *ld, const char *text, size_t len)
{
    char *copy = arena_strndup(ld, text, len);

    if (copy != NULL)
        for (size_t i = 0; i < len; i++)
            if (copy[i] == '|' || copy[i] == '\n')
                copy[i] = '\0';
    return copy;
}

/* Iterates lines: *pos advances; fills fields[] (pointers into the split copy). */
static int next_line(const char *copy, const char *orig, size_t len, size_t *pos,
                     const char **fields, int max_fields)
{
    int n = *pos >= len ? -1 : 0;

    while (*pos < len) {
        const char *f = copy + *pos;
        size_t fl = strlen(f);
        char sep = orig[*pos + fl]; /* '|', '\n' or the end */

        if (n < max_fields)
            fields[n++] = f;
        *pos += fl + 1;
        if (sep != '|')
            break;
    }
    return n;
}

static dc_keyword *keyword_entry(loader *ld, const char *key)
{
    size_t len = strlen(key);
    dc_keyword *kw = dc_lookup_get(&ld->d->keywords, key, len);

    if (kw == NULL && len > 0) {
        kw = arena_alloc(ld, sizeof *kw);
        if (kw != NULL) {
            kw->words = 1;
            for (size_t i = 0; i < len; i++)
                if (key[i] == ' ')
                    kw->words++;
            if (dc_lookup_find(&ld->d->keywords, key, len, kw) != kw)
                kw = NULL;
            else if (kw->words > 1 && dc_lookup_find(&ld->d->keyword_firsts, key,
                                                     (size_t)(strchr(key, ' ') - key), kw) == NULL)
                kw = NULL;
            if (kw != NULL && kw->words > ld->d->keyword_max_words)
                ld->d->keyword_max_words = kw->words;
        }
    }
    return kw;
}

static int load_typed(loader *ld, const char *text, size_t len, enum role role)
{
    const char *copy = split_copy(ld, text, len);
    const char *fields[64];
    size_t pos = 0;
    int n, rc = copy ? 0 : -1;

    while (rc == 0 && (n = next_line(copy, text, len, &pos, fields, 64)) >= 0) {
        const char *canon = fields[0];

        for (int i = 0; i < n && rc == 0; i++) {
            const char *key = fields[i];
            int guess = key[0] == '?';
            dc_keyword *kw = keyword_entry(ld, key + guess);

            if (kw == NULL) {
                rc = -1;
                break;
            }
            /* The first file line naming a word wins: the files list the usual sense first. */
            switch (role) {
            case ROLE_STREET:
                if (kw->street_type == NULL) {
                    kw->street_type = canon;
                    if (guess)
                        kw->ambiguous |= DC_AMB_STREET;
                }
                break;
            case ROLE_CITY:
                if (kw->city_type == NULL) {
                    kw->city_type = canon;
                    if (guess)
                        kw->ambiguous |= DC_AMB_CITY;
                }
                break;
            case ROLE_REGION:
                if (kw->region_type == NULL)
                    kw->region_type = canon;
                break;
            case ROLE_DISTRICT:
                if (kw->district_type == NULL)
                    kw->district_type = canon;
                break;
            case ROLE_COUNTRY:
                if (kw->country == NULL)
                    kw->country = canon;
                break;
            }
        }
    }
    return rc;
}

/* Files with [section] headers: house_parts.txt and drop_words.txt. */
static int load_sections(loader *ld, const char *text, size_t len)
{
    const char *copy = split_copy(ld, text, len);
    const char *fields[64];
    size_t pos = 0;
    int n, rc = copy ? 0 : -1;
    uint8_t house_role = 0, drop = 0;
    int flat = 0;

    while (rc == 0 && (n = next_line(copy, text, len, &pos, fields, 64)) >= 0) {
        if (fields[0][0] == '[') {
            const char *s = fields[0];

            house_role = drop = 0;
            flat = 0;
            if (strcmp(s, "[house]") == 0)
                house_role = DC_KW_HOUSE;
            else if (strcmp(s, "[korpus]") == 0)
                house_role = DC_KW_KORPUS;
            else if (strcmp(s, "[stroenie]") == 0)
                house_role = DC_KW_STROENIE;
            else if (strcmp(s, "[letter]") == 0)
                house_role = DC_KW_LETTER;
            else if (strcmp(s, "[flat]") == 0)
                flat = 1;
            else if (strcmp(s, "[with_value]") == 0)
                drop = DC_DROP_WITH_VALUE;
            else if (strcmp(s, "[filler]") == 0)
                drop = DC_DROP_FILLER;
            else if (strcmp(s, "[in_street]") == 0)
                drop = DC_DROP_IN_STREET;
            else if (strcmp(s, "[in_key]") == 0)
                drop = DC_DROP_IN_KEY;
            else
                rc = -1;
            continue;
        }
        if (house_role == 0 && drop == 0 && !flat) {
            rc = -1;
            break;
        }
        for (int i = 0; i < n && rc == 0; i++) {
            dc_keyword *kw = keyword_entry(ld, fields[i]);

            if (kw == NULL) {
                rc = -1;
                break;
            }
            kw->house_roles |= house_role;
            kw->drop |= drop;
            if (flat && kw->flat_type == NULL)
                kw->flat_type = fields[0];
        }
    }
    return rc;
}

size_t dc_dict_name_key(const char *name, size_t len, char *out, size_t cap)
{
    size_t o = 0;

    for (size_t i = 0; i < len && o + 1 < cap; i++)
        out[o++] = name[i] == '-' ? ' ' : name[i];
    out[o] = '\0';
    return o;
}

/* The lookup key of a city or region name, kept in the arena. */
static const char *name_key(loader *ld, const char *name, size_t *len)
{
    char buf[256];
    size_t n = dc_dict_name_key(name, strlen(name), buf, sizeof buf);

    *len = n;
    if (n > 0 && buf[0] >= '0' && buf[0] <= '9')
        ld->d->digit_names = 1;
    return arena_strndup(ld, buf, n);
}

static int add_city_key(loader *ld, const char *spelling, dc_known_city *city)
{
    size_t klen;
    const char *key = name_key(ld, spelling, &klen);
    char skel[256];
    size_t slen;
    int rc = -1;

    if (key == NULL)
        goto cleanup;
    if (dc_lookup_get(&ld->d->cities, key, klen) == NULL &&
        dc_lookup_find(&ld->d->cities, key, klen, city) == NULL)
        goto cleanup;
    /* The first word as typed (a hyphenated first word stays one token). */
    if (strchr(spelling, ' ') != NULL &&
        dc_lookup_find(&ld->d->city_firsts, spelling, (size_t)(strchr(spelling, ' ') - spelling), city) == NULL)
        goto cleanup;
    slen = dc_translit_skeleton(&ld->d->translit, spelling, strlen(spelling), skel, sizeof skel);
    if (slen >= 3 && dc_lookup_get(&ld->d->city_skeletons, skel, slen) == NULL) {
        const char *s = arena_strndup(ld, skel, slen);

        if (s == NULL || dc_lookup_find(&ld->d->city_skeletons, s, slen, city) == NULL)
            goto cleanup;
    }
    rc = 0;
cleanup:
    return rc;
}

static int load_cities(loader *ld, const char *text, size_t len)
{
    const char *copy = split_copy(ld, text, len);
    const char *fields[64];
    size_t pos = 0;
    int n, rc = copy ? 0 : -1;

    while (rc == 0 && (n = next_line(copy, text, len, &pos, fields, 64)) >= 0) {
        dc_known_city *city;

        if (n < 3) {
            rc = -1;
            break;
        }
        city = arena_alloc(ld, sizeof *city);
        if (city == NULL) {
            rc = -1;
            break;
        }
        city->name = fields[0];
        city->type = fields[1];
        city->region = fields[2];
        city->name_len = (uint16_t)strlen(city->name);
        city->type_len = (uint16_t)strlen(city->type);
        rc = add_city_key(ld, fields[0], city);
        for (int i = 3; i < n && rc == 0; i++)
            rc = add_city_key(ld, fields[i], city);
    }
    return rc;
}

static int load_regions(loader *ld, const char *text, size_t len)
{
    const char *copy = split_copy(ld, text, len);
    const char *fields[64];
    size_t pos = 0;
    int n, rc = copy ? 0 : -1;

    while (rc == 0 && (n = next_line(copy, text, len, &pos, fields, 64)) >= 0) {
        dc_known_region *region;

        if (n < 2) {
            rc = -1;
            break;
        }
        region = arena_alloc(ld, sizeof *region);
        if (region == NULL) {
            rc = -1;
            break;
        }
        region->name = fields[0];
        region->type = fields[1];
        for (int i = 0; i < n && rc == 0; i++) {
            size_t klen;
            const char *key;

            if (i == 1)
                continue;
            key = name_key(ld, fields[i], &klen);
            if (key == NULL)
                rc = -1;
            else if (dc_lookup_get(&ld->d->regions, key, klen) == NULL &&
                     dc_lookup_find(&ld->d->regions, key, klen, region) == NULL)
                rc = -1;
        }
    }
    return rc;
}

/* numeric_names.txt: "8 марта", "* лет победы" → key "8 марта", "* лет". */
static int load_numeric_names(loader *ld, const char *text, size_t len)
{
    const char *copy = split_copy(ld, text, len);
    const char *fields[4];
    size_t pos = 0;
    int n, rc = copy ? 0 : -1;

    while (rc == 0 && (n = next_line(copy, text, len, &pos, fields, 4)) >= 0) {
        const char *line = fields[0];
        const char *sp1 = strchr(line, ' ');
        const char *sp2 = sp1 != NULL ? strchr(sp1 + 1, ' ') : NULL;
        size_t klen = sp2 != NULL ? (size_t)(sp2 - line) : strlen(line);

        if (n != 1 || sp1 == NULL || sp1 == line || sp1[1] == '\0' || sp1[1] == ' ') {
            rc = -1;
            break;
        }
        if (dc_lookup_get(&ld->d->numeric_names, line, klen) == NULL &&
            dc_lookup_find(&ld->d->numeric_names, line, klen, (void *)line) == NULL)
            rc = -1;
    }
    return rc;
}

/* The dc_word of key in the words table, added when absent; NULL out of memory. */
static dc_word *word_entry(loader *ld, const char *key, size_t len)
{
    dc_word *w = dc_lookup_get(&ld->d->words, key, len);

    if (w == NULL) {
        w = arena_alloc(ld, sizeof *w);
        if (w != NULL && dc_lookup_find(&ld->d->words, key, len, w) != w)
            w = NULL;
    }
    return w;
}

/* Which field of dc_word a table fills (see add_words). */
enum word_field { WF_KEYWORD, WF_CITY, WF_REGION, WF_STARTS_KEYWORD, WF_STARTS_CITY };

/* Copies the one-word keys of table t into the words table. */
static int add_words(loader *ld, const dc_lookup *t, enum word_field field)
{
    int rc = 0;

    for (size_t i = 0; i <= t->mask && rc == 0; i++) {
        const dc_lookup_slot *s = &t->slots[i];
        dc_word *w;

        if (s->key == NULL || memchr(s->key, ' ', s->len) != NULL)
            continue;
        w = word_entry(ld, s->key, s->len);
        if (w == NULL) {
            rc = -1;
        } else if (field == WF_KEYWORD) {
            w->keyword = s->value;
        } else if (field == WF_CITY) {
            w->city = s->value;
        } else if (field == WF_REGION) {
            w->region = s->value;
        } else {
            w->starts |= field == WF_STARTS_KEYWORD ? DC_WORD_STARTS_KEYWORD : DC_WORD_STARTS_CITY;
        }
    }
    return rc;
}

/*
 * Marks with `flag` the second word of every key of several words in table t:
 * a keyword phrase or a numeric name ("8 марта", "* лет") needs that word
 * after its first, so a word without the flag rules them out unasked.
 */
static int mark_second_words(loader *ld, const dc_lookup *t, uint8_t flag)
{
    int rc = 0;

    for (size_t i = 0; i <= t->mask && rc == 0; i++) {
        const dc_lookup_slot *s = &t->slots[i];
        const char *first_end = s->key != NULL ? memchr(s->key, ' ', s->len) : NULL;
        const char *second, *second_end;
        dc_word *w;

        if (first_end == NULL)
            continue;
        second = first_end + 1;
        second_end = memchr(second, ' ', (size_t)(s->key + s->len - second));
        if (second_end == NULL)
            second_end = s->key + s->len;
        w = word_entry(ld, second, (size_t)(second_end - second));
        if (w == NULL)
            rc = -1;
        else
            w->starts |= flag;
    }
    return rc;
}

static int load_words(loader *ld)
{
    dc_dicts *d = ld->d;

    /* Every key at most twice (a keyword and its second word), a numeric name's second word once. */
    if (dc_lookup_init(&d->words, 2 * d->keywords.count + d->keyword_firsts.count + d->city_firsts.count +
                                      d->cities.count + d->regions.count + d->numeric_names.count) != 0)
        return -1;
    return add_words(ld, &d->keywords, WF_KEYWORD) | add_words(ld, &d->cities, WF_CITY) |
           add_words(ld, &d->regions, WF_REGION) | add_words(ld, &d->keyword_firsts, WF_STARTS_KEYWORD) |
           add_words(ld, &d->city_firsts, WF_STARTS_CITY) |
           mark_second_words(ld, &d->keywords, DC_WORD_SECOND_KEYWORD) |
           mark_second_words(ld, &d->numeric_names, DC_WORD_AFTER_NUMBER);
}

/* Sets what every keyword's roles make of it: its type lengths, .typed, .structural, .kilometre. */
static void mark_keywords(loader *ld)
{
    const dc_lookup *t = &ld->d->keywords;

    for (size_t i = 0; i <= t->mask; i++) {
        dc_keyword *kw = t->slots[i].value;

        if (t->slots[i].key == NULL)
            continue;
        kw->street_type_len = (uint16_t)(kw->street_type != NULL ? strlen(kw->street_type) : 0);
        kw->city_type_len = (uint16_t)(kw->city_type != NULL ? strlen(kw->city_type) : 0);
        kw->typed = kw->street_type || kw->city_type || kw->region_type || kw->district_type;
        kw->kilometre = kw->street_type != NULL && strcmp(kw->street_type, "км") == 0;
        kw->structural = kw->typed || kw->flat_type || kw->country || kw->house_roles ||
                         (kw->drop & (DC_DROP_WITH_VALUE | DC_DROP_FILLER));
    }
}

/* Entries in a dictionary text, an upper bound: every field of every line. */
static size_t count_fields(const char *text, size_t len)
{
    size_t n = 1;

    for (size_t i = 0; i < len; i++)
        if (text[i] == '|' || text[i] == '\n')
            n++;
    return n;
}

static void load_once(void)
{
    loader ld = {NULL, NULL};
    dc_dicts *d;
    int bad_line = 0;
    size_t nkw;
    int rc = -1;

    d = calloc(1, sizeof *d);
    if (d == NULL)
        goto cleanup;
    ld.d = d;
    nkw = count_fields(dc_dict_street_types, dc_dict_street_types_len) +
          count_fields(dc_dict_city_types, dc_dict_city_types_len) +
          count_fields(dc_dict_region_types, dc_dict_region_types_len) +
          count_fields(dc_dict_district_types, dc_dict_district_types_len) +
          count_fields(dc_dict_house_parts, dc_dict_house_parts_len) +
          count_fields(dc_dict_drop_words, dc_dict_drop_words_len) +
          count_fields(dc_dict_countries, dc_dict_countries_len);
    if (dc_lookup_init(&d->keywords, nkw) != 0 || dc_lookup_init(&d->keyword_firsts, nkw) != 0 ||
        dc_lookup_init(&d->city_firsts, count_fields(dc_dict_cities, dc_dict_cities_len)) != 0 ||
        dc_lookup_init(&d->cities, count_fields(dc_dict_cities, dc_dict_cities_len)) != 0 ||
        dc_lookup_init(&d->city_skeletons, count_fields(dc_dict_cities, dc_dict_cities_len)) != 0 ||
        dc_lookup_init(&d->regions, count_fields(dc_dict_regions, dc_dict_regions_len)) != 0 ||
        dc_lookup_init(&d->numeric_names, count_fields(dc_dict_numeric_names, dc_dict_numeric_names_len)) != 0)
        goto cleanup;
    /* The skeletons of city names need the transliteration rules first. */
    if (dc_translit_load(&d->translit, dc_dict_translit, dc_dict_translit_len, &bad_line) != 0)
        goto cleanup;
    if (load_typed(&ld, dc_dict_street_types, dc_dict_street_types_len, ROLE_STREET) != 0 ||
        load_typed(&ld, dc_dict_city_types, dc_dict_city_types_len, ROLE_CITY) != 0 ||
        load_typed(&ld, dc_dict_region_types, dc_dict_region_types_len, ROLE_REGION) != 0 ||
        load_typed(&ld, dc_dict_district_types, dc_dict_district_types_len, ROLE_DISTRICT) != 0 ||
        load_typed(&ld, dc_dict_countries, dc_dict_countries_len, ROLE_COUNTRY) != 0 ||
        load_sections(&ld, dc_dict_house_parts, dc_dict_house_parts_len) != 0 ||
        load_sections(&ld, dc_dict_drop_words, dc_dict_drop_words_len) != 0 ||
        load_cities(&ld, dc_dict_cities, dc_dict_cities_len) != 0 ||
        load_regions(&ld, dc_dict_regions, dc_dict_regions_len) != 0 ||
        load_numeric_names(&ld, dc_dict_numeric_names, dc_dict_numeric_names_len) != 0 ||
        load_words(&ld) != 0)
        goto cleanup;
    mark_keywords(&ld);
    d->arena = ld.arena;
    dicts_loaded = d;
    rc = 0;
cleanup:
    if (rc != 0) {
        while (ld.arena != NULL) {
            arena_block *next = ld.arena->next;

            free(ld.arena);
            ld.arena = next;
        }
        if (d != NULL) {
            dc_lookup_free(&d->keywords);
            dc_lookup_free(&d->keyword_firsts);
            dc_lookup_free(&d->city_firsts);
            dc_lookup_free(&d->cities);
            dc_lookup_free(&d->city_skeletons);
            dc_lookup_free(&d->regions);
            dc_lookup_free(&d->numeric_names);
            dc_lookup_free(&d->words);
            free(d);
        }
    }
}

const dc_dicts *dc_dicts_get(void)
{
    pthread_once(&dicts_once, load_once);
    return dicts_loaded;
}

const dc_keyword *dc_dict_keyword(const dc_dicts *d, const char *key, size_t len)
{
    return dc_lookup_get(&d->keywords, key, len);
}

int dc_dict_keyword_starts_phrase(const dc_dicts *d, const char *word, size_t len)
{
    return dc_lookup_get(&d->keyword_firsts, word, len) != NULL;
}

int dc_dict_city_starts_phrase(const dc_dicts *d, const char *word, size_t len)
{
    return dc_lookup_get(&d->city_firsts, word, len) != NULL;
}

const dc_known_city *dc_dict_city(const dc_dicts *d, const char *key, size_t len)
{
    return dc_lookup_get(&d->cities, key, len);
}

const dc_known_city *dc_dict_city_latin(const dc_dicts *d, const char *latin, size_t len)
{
    char skel[256];
    size_t n = dc_translit_skeleton(&d->translit, latin, len, skel, sizeof skel);
    const dc_known_city *c = NULL;

    if (n >= 3)
        c = dc_lookup_get(&d->city_skeletons, skel, n);
    return c;
}

const dc_known_region *dc_dict_region(const dc_dicts *d, const char *key, size_t len)
{
    return dc_lookup_get(&d->regions, key, len);
}

int dc_dict_numeric_name(const dc_dicts *d, const char *num, size_t num_len, const char *word, size_t word_len)
{
    char key[64];
    int found = 0;

    if (num_len + word_len + 2 <= sizeof key) {
        memcpy(key, num, num_len);
        key[num_len] = ' ';
        memcpy(key + num_len + 1, word, word_len);
        found = dc_lookup_get(&d->numeric_names, key, num_len + 1 + word_len) != NULL;
        if (!found) {
            key[0] = '*';
            memmove(key + 1, key + num_len, 1 + word_len); /* overlapping: not memcpy */
            found = dc_lookup_get(&d->numeric_names, key, 2 + word_len) != NULL;
        }
    }
    return found;
}
