/*
 * domcov_check_address: free text -> city -> street -> house -> coverage.
 *
 * The rule that shapes everything here: never a wrong house with
 * confidence.  A house is MATCHED only when exactly one register entry fits
 * what the text says; when several fit (two streets of one name, a typo that
 * could be two streets, "5" where the register has only "5а" and "5б") the
 * answer is AMBIGUOUS with ranked candidates.
 */
#include "domcov.h"

#include "build/name_key.h"
#include "error.h"
#include "keys.h"
#include "match.h"
#include "match/display.h"
#include "normalize/address_build.h"
#include "normalize/normalize.h"
#include "packer.h"
#include "register.h"
#include "skeleton_index.h"
#include "store/store.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TWINS 8  /* settlements of one name looked at */
#define KEY_SIZE 512
#define MAX_STREETS 64
#define MAX_FUZZY 16
/* Candidates kept in the query itself: most checks have one or two. */
#define INLINE_CANDS 8
/* Display offsets kept on the stack up to this many candidates. */
#define INLINE_DISPLAYS 16

typedef struct cand {
    int level;
    double score;
    uint32_t street;
    uint32_t house;     /* UINT32_MAX for a street candidate */
} cand;

typedef struct query {
    const domcov_db *db;
    const dc_register *reg;
    const domcov_address *parsed;
    size_t parsed_size;       /* bytes of the parsed block (dc_normalize) */
    int allowed_city;    /* -1: any city */
    int nstreets;
    int fuzzy;           /* edit distance of the street match, 0 when exact */
    int by_skeleton;     /* some streets were found by their skeleton only */
    cand *cands;         /* inline_cands until more are needed, then the heap */
    int ncands, cap;
    int max_candidates;
    /* The buffers last: query_init clears only what comes before them. */
    char key[KEY_SIZE], loose[KEY_SIZE];
    char num[64], letter[64], korpus[64], stroenie[64];
    uint32_t streets[MAX_STREETS];
    cand inline_cands[INLINE_CANDS];
} query;

/* An empty query; the buffers are not cleared (a query lives on the stack, once per check). */
static void query_init(query *q)
{
    memset(q, 0, offsetof(query, key));
    q->key[0] = q->loose[0] = q->num[0] = q->letter[0] = q->korpus[0] = q->stroenie[0] = '\0';
    q->cands = q->inline_cands;
    q->cap = INLINE_CANDS;
}

/* snprintf(dst, size, "%s", src) without the format machinery: once per query. */
static void copy_str(char *dst, size_t size, const char *src)
{
    size_t n = strlen(src);

    if (n >= size)
        n = size - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

static int add_cand(query *q, int level, double score, uint32_t street, uint32_t house)
{
    int i;

    for (i = 0; i < q->ncands; i++)
        if (q->cands[i].street == street && q->cands[i].house == house)
            return 0;
    if (q->ncands == q->cap) {
        int cap = q->cap * 2;
        cand *c = q->cands == q->inline_cands ? malloc(sizeof *c * (size_t)cap)
                                              : realloc(q->cands, sizeof *c * (size_t)cap);
        if (c == NULL)
            return -1;
        if (q->cands == q->inline_cands)
            memcpy(c, q->inline_cands, sizeof q->inline_cands);
        q->cands = c;
        q->cap = cap;
    }
    q->cands[q->ncands].level = level;
    q->cands[q->ncands].score = score;
    q->cands[q->ncands].street = street;
    q->cands[q->ncands++].house = house;
    return 0;
}

static int cmp_cand(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    if (x->street != y->street)
        return x->street < y->street ? -1 : 1;
    return (x->house > y->house) - (x->house < y->house);
}

/* Candidates are few (a handful; MAX_STREETS streets at most): an insertion
 * sort beats qsort's setup.  cmp_cand is a total order, so any sort agrees. */
static void sort_cands(query *q)
{
    int i, j;

    for (i = 1; i < q->ncands; i++) {
        cand c = q->cands[i];
        for (j = i; j > 0 && cmp_cand(&c, &q->cands[j - 1]) < 0; j--)
            q->cands[j] = q->cands[j - 1];
        q->cands[j] = c;
    }
}

static uint32_t find_city_key(const dc_register *reg, const char *key, uint64_t hash)
{
    uint32_t it;

    for (it = dc_hashidx_first(&reg->city_by_key, hash); it != DC_HASHIDX_END;
         it = dc_hashidx_next(&reg->city_by_key, it))
        if (strcmp(dc_reg_str(reg, reg->city_keys[it]), key) == 0)
            break;
    return it;
}

int dc_match_find_city(const domcov_db *db, const char *name)
{
    const dc_register *reg = &db->reg;
    char key[KEY_SIZE];
    uint32_t it;
    uint64_t hash;

    if (name == NULL)
        return -1;
    hash = dc_hash_str(name); /* the same for both indexes */
    for (it = dc_hashidx_first(&reg->city_by_code, hash); it != DC_HASHIDX_END;
         it = dc_hashidx_next(&reg->city_by_code, it))
        if (strcmp(db->cities[it].code, name) == 0)
            return (int)it;
    /* The normalizer's city is a key already; other names are made one. */
    if ((it = find_city_key(reg, name, hash)) != DC_HASHIDX_END || dc_name_key(name, key, sizeof key) != 0)
        return it == DC_HASHIDX_END ? -1 : (int)it;
    it = find_city_key(reg, key, dc_hash_str(key));
    return it == DC_HASHIDX_END ? -1 : (int)it;
}

static int street_allowed(uint32_t item, const void *ctx)
{
    const query *q = ctx;
    return q->allowed_city < 0 || q->reg->streets[item].city == q->allowed_city;
}

/* Streets whose key (or loose key) equals the query's, in the allowed city. */
static void lookup_streets(query *q, int loose)
{
    const dc_register *reg = q->reg;
    const char *want = loose ? q->loose : q->key;
    uint64_t h = dc_hash_str(want);
    const dc_hashidx *idx;
    uint32_t it;

    if (q->allowed_city >= 0) {
        idx = loose ? &reg->by_city_loose : &reg->by_city_key;
        h = dc_hash_mix(h, (uint64_t)q->allowed_city + 1);
    } else {
        idx = loose ? &reg->by_loose : &reg->by_key;
    }
    for (it = dc_hashidx_first(idx, h); it != DC_HASHIDX_END && q->nstreets < MAX_STREETS;
         it = dc_hashidx_next(idx, it)) {
        const dc_street *s = &reg->streets[it];
        if (street_allowed(it, q) && strcmp(dc_reg_str(reg, loose ? s->loose : s->key), want) == 0) {
            dc_street_prefetch(reg, it);
            q->streets[q->nstreets++] = it;
        }
    }
}

/* The initials of a key ("н островского" -> "н"): single letters before the last word. */
static int initials_agree(const char *query_key, const char *street_key)
{
    char qk[KEY_SIZE], *tok, *save = NULL;
    const char *sw = street_key;

    snprintf(qk, sizeof qk, "%s", query_key);
    for (tok = strtok_r(qk, " .", &save); tok; tok = strtok_r(NULL, " .", &save)) {
        size_t len = strlen(tok);
        /* A one-letter token (1 or 2 bytes) must start the next word of the street. */
        if (len <= 2 && (len == 1 || ((unsigned char)tok[0] & 0xE0) == 0xC0)) {
            while (*sw == ' ')
                sw++;
            if (strncmp(sw, tok, len) != 0)
                return 0;
            sw = strchr(sw, ' ');
            if (sw == NULL)
                return 0;
        }
    }
    return 1;
}

/*
 * "Н. Островского", "Горького": the text gives the surname (maybe with
 * initials), the register the full name.  Only in a known city, and only
 * when the initials agree with the register's first names.
 */
static void lookup_by_last_word(query *q)
{
    const dc_register *reg = q->reg;
    uint64_t h;
    uint32_t it;

    if (q->allowed_city < 0 || strchr(q->loose, ' ') != NULL)
        return;
    h = dc_hash_mix(dc_hash_str(q->loose), (uint64_t)q->allowed_city + 1);
    for (it = dc_hashidx_first(&reg->by_city_last, h); it != DC_HASHIDX_END && q->nstreets < MAX_STREETS;
         it = dc_hashidx_next(&reg->by_city_last, it)) {
        const dc_street *s = &reg->streets[it];
        if (s->city == q->allowed_city && strcmp(dc_reg_str(reg, s->last), q->loose) == 0 &&
            initials_agree(q->key, dc_reg_str(reg, s->loose)))
            q->streets[q->nstreets++] = it;
    }
}

/* The trigram search reads keys by street id, straight from the pool: no per-query array. */
static const char *street_key(uint32_t item, const void *ctx)
{
    const dc_register *reg = ctx;
    return dc_reg_str(reg, reg->streets[item].key);
}

static int fuzzy_streets(query *q)
{
    dc_fuzzy_hit hits[MAX_FUZZY];
    int budget = dc_fuzzy_budget(q->key), n, i;

    if (budget == 0 || q->reg->nstreets == 0)
        return 0;
    n = dc_trigram_search(&q->reg->trigrams, q->key, budget, q->allowed_city, street_key, q->reg, hits,
                          MAX_FUZZY);
    if (n < 0)
        return -1;
    /* Only the closest distance counts; equals at that distance stay to be disambiguated. */
    for (i = 0; i < n && hits[i].distance == hits[0].distance && q->nstreets < MAX_STREETS; i++)
        q->streets[q->nstreets++] = hits[i].item;
    if (n > 0)
        q->fuzzy = hits[0].distance;
    return 0;
}

/*
 * Streets whose key has the text's skeleton: what transliteration lost (ь,
 * ый/ий, ц/тс: "Sedelnikovo" for "Седельниково") when the keys found nothing,
 * and for a transliterated text always, since "Bratskaya" is "Братская" or
 * "Брацкая" and only the skeleton finds both.
 */
static void lookup_by_skeleton(query *q)
{
    uint32_t found[MAX_STREETS];
    int n = dc_skeleton_streets(q->reg, q->allowed_city, q->key, found, MAX_STREETS), i, k;

    for (i = 0; i < n && q->nstreets < MAX_STREETS; i++) {
        for (k = 0; k < q->nstreets && q->streets[k] != found[i]; k++)
            ;
        if (k == q->nstreets) {
            q->streets[q->nstreets++] = found[i];
            q->by_skeleton = 1;
        }
    }
}

/*
 * The streets the text names in q->allowed_city, appended to q->streets:
 * exact key, then loose key, then surname; the skeleton for what those miss
 * and for Latin text.  Without a street, the settlement's unnamed street.
 */
static void find_streets(query *q)
{
    int before = q->nstreets;

    if (q->parsed->street == NULL) {
        lookup_streets(q, 0);
        return;
    }
    lookup_streets(q, 0);
    if (q->nstreets == before) {
        /* The loose key only when the exact one found nothing (it serves the last word too). */
        dc_loose_key(q->key, q->loose, sizeof q->loose);
        lookup_streets(q, 1);
    }
    if (q->nstreets == before)
        lookup_by_last_word(q);
    if (q->nstreets == before || (q->parsed->flags & DOMCOV_ADDR_TRANSLITERATED))
        lookup_by_skeleton(q);
}

/* The one city all found streets are in; fallback when none was found; -1 when several. */
static int streets_city(const query *q, int fallback)
{
    int city = q->nstreets > 0 ? q->reg->streets[q->streets[0]].city : fallback, i;

    for (i = 1; i < q->nstreets; i++)
        if (q->reg->streets[q->streets[i]].city != city)
            return -1;
    return city;
}

/* The cities whose name key is that of city (itself first), at most max; their number. */
static int city_twins(const domcov_db *db, int city, int *out, int max)
{
    const dc_register *reg = &db->reg;
    const char *key = dc_reg_str(reg, reg->city_keys[city]);
    uint32_t it;
    int n = 0;

    out[n++] = city;
    for (it = dc_hashidx_first(&reg->city_by_key, dc_hash_str(key)); it != DC_HASHIDX_END && n < max;
         it = dc_hashidx_next(&reg->city_by_key, it))
        if ((int)it != city && strcmp(dc_reg_str(reg, reg->city_keys[it]), key) == 0)
            out[n++] = (int)it;
    return n;
}

/* The full word of a canonical street type, as it appears inside names ("Иртышская набережная"). */
static const char *type_word(const char *type)
{
    static const char *const words[][2] = {
        {"наб", "набережная"}, {"пр-кт", "проспект"}, {"ш", "шоссе"}, {"б-р", "бульвар"},
        {"пер", "переулок"}, {"пл", "площадь"}, {"проезд", "проезд"}, {"туп", "тупик"},
        {"тракт", "тракт"}, {"линия", "линия"}, {"аллея", "аллея"}, {"мкр", "микрорайон"},
        {"кв-л", "квартал"}, {"ул", "улица"},
    };
    size_t i;

    /* The first two bytes (one Cyrillic letter) rule out most rows before strcmp. */
    for (i = 0; type && i < sizeof words / sizeof words[0]; i++)
        if (type[0] == words[i][0][0] && type[1] == words[i][0][1] && strcmp(type, words[i][0]) == 0)
            return words[i][1];
    return NULL;
}

/*
 * "иртышская набережная 15": the text's type word may be part of the name
 * the register has ("ул. Иртышская набережная").  When no street found has
 * the text's type, a street named "<name> <type word>" is the better reading.
 */
static void retry_with_type_word(query *q)
{
    const char *word = type_word(q->parsed->street_type);
    char saved[KEY_SIZE];
    int i, same_type = 0;

    if (word == NULL || q->nstreets == 0)
        return;
    for (i = 0; i < q->nstreets; i++)
        same_type |= strcmp(dc_reg_str(q->reg, q->reg->streets[q->streets[i]].type),
                            q->parsed->street_type) == 0;
    if (same_type)
        return;
    snprintf(saved, sizeof saved, "%s", q->key);
    if ((size_t)snprintf(q->key, sizeof q->key, "%s %s", saved, word) >= sizeof q->key) {
        snprintf(q->key, sizeof q->key, "%s", saved);
        return;
    }
    {
        uint32_t before[MAX_STREETS];
        int n = q->nstreets;
        memcpy(before, q->streets, sizeof before);
        q->nstreets = 0;
        lookup_streets(q, 0);
        if (q->nstreets == 0) {
            memcpy(q->streets, before, sizeof before);
            q->nstreets = n;
            snprintf(q->key, sizeof q->key, "%s", saved);
        }
    }
}

/* When the text gave a street type, prefer the streets of that type (if any has it). */
static void filter_type(query *q)
{
    const char *t = q->parsed->street_type;
    int i, k = 0, any = 0;

    if (t == NULL || q->nstreets < 2)
        return;
    for (i = 0; i < q->nstreets; i++)
        any |= strcmp(dc_reg_str(q->reg, q->reg->streets[q->streets[i]].type), t) == 0;
    if (!any)
        return;
    for (i = 0; i < q->nstreets; i++)
        if (strcmp(dc_reg_str(q->reg, q->reg->streets[q->streets[i]].type), t) == 0)
            q->streets[k++] = q->streets[i];
    q->nstreets = k;
}

static long leading_number(const char *s)
{
    return strtol(s, NULL, 10);
}

/* Matches the house parts on the candidate streets; fills q->cands. */
static int match_houses(query *q, int *n_exact, int *n_partial)
{
    const dc_register *reg = q->reg;
    char qbase[64], hbase[64];
    int i, has_suffix = q->letter[0] || q->korpus[0] || q->stroenie[0];
    double street_score = q->fuzzy ? 1.0 - 0.1 * q->fuzzy : 1.0;

    *n_exact = *n_partial = 0;
    dc_house_base_number(q->num, qbase, sizeof qbase);
    for (i = 0; i < q->nstreets; i++) {
        dc_house_iter it;
        uint32_t k;

        /* Every candidate shares the text's number before any "/". */
        for (k = dc_house_first(reg, q->streets[i], qbase, &it); k != DC_HASHIDX_END;
             k = dc_house_next(reg, &it)) {
            const dc_house hv = dc_reg_house(reg, k), *h = &hv;
            const char *num = dc_reg_str(reg, h->number);
            int same_letter = strcmp(dc_reg_str(reg, h->letter), q->letter) == 0;
            int same_korpus = strcmp(dc_reg_str(reg, h->korpus), q->korpus) == 0;
            int same_stroenie = strcmp(dc_reg_str(reg, h->stroenie), q->stroenie) == 0;
            int h_suffix = h->letter != DC_STRPOOL_EMPTY || h->korpus != DC_STRPOOL_EMPTY ||
                           h->stroenie != DC_STRPOOL_EMPTY;
            int rc = 0;

            if (strcmp(num, q->num) == 0) {
                if (same_letter && same_korpus && same_stroenie) {
                    __builtin_prefetch(dc_reg_str(reg, h->ext_id)); /* the answer's id, packed last */
                    rc = add_cand(q, DOMCOV_MATCH_HOUSE_EXACT, street_score, q->streets[i], k);
                    (*n_exact)++;
                } else {
                    /* The register's house without the text's suffix ranks above a different suffix. */
                    double sc = street_score * (has_suffix && !h_suffix ? 0.85 : 0.7);
                    rc = add_cand(q, DOMCOV_MATCH_HOUSE_PARTIAL, sc, q->streets[i], k);
                    (*n_partial)++;
                }
            } else {
                const char *slash = strchr(q->num, '/');
                dc_house_base_number(num, hbase, sizeof hbase);
                if (strcmp(hbase, qbase) == 0 && same_letter && same_korpus && same_stroenie) {
                    rc = add_cand(q, DOMCOV_MATCH_HOUSE_PARTIAL, street_score * 0.8, q->streets[i], k);
                    (*n_partial)++;
                } else if (slash && strcmp(num, qbase) == 0 &&
                           strcmp(dc_reg_str(reg, h->korpus), slash + 1) == 0) {
                    /* "45/2" is often written for "45 корпус 2": a candidate, never asserted. */
                    rc = add_cand(q, DOMCOV_MATCH_HOUSE_PARTIAL, street_score * 0.75, q->streets[i], k);
                    (*n_partial)++;
                }
            }
            if (rc != 0)
                return -1;
        }
    }
    return 0;
}

/* Nearest house numbers on the street(s), for a "house not found" answer. */
static int nearby_houses(query *q)
{
    const dc_register *reg = q->reg;
    long want = leading_number(q->num);
    int i;

    for (i = 0; i < q->nstreets; i++) {
        const dc_street *s = &reg->streets[q->streets[i]];
        uint32_t k;
        for (k = s->first_house; k < s->first_house + s->nhouses; k++) {
            long n = leading_number(dc_reg_str(reg, dc_reg_house(reg, k).number));
            long d = labs(n - want);
            /* Same side of the street (parity) and close: what the person may have meant. */
            if (d <= 10 && (n - want) % 2 == 0 &&
                add_cand(q, DOMCOV_MATCH_STREET, 0.5 - 0.02 * (double)d, q->streets[i], k) != 0)
                return -1;
        }
    }
    return 0;
}

typedef struct answer {
    int status, level, qc;
    int best;                 /* index into q->cands of the answer, -1 none */
    int city;                 /* city index of the answer, -1 none */
    dc_strbuf display;        /* the display addresses of the candidates returned, NUL-separated */
    size_t *display_at;       /* per candidate returned: its offset in display */
    domcov_point_result *coverage;
} answer;

static const domcov_address *pack_parsed(const domcov_address *a, size_t size, dc_packer *p)
{
    void *o = dc_pack_bytes(p, size);

    return o ? dc_address_copy(a, size, o) : NULL;
}

/* The length of the answer's house id, measured once for both packing passes. */
static size_t best_house_id_len(const query *q, const answer *a)
{
    return a->best >= 0 && q->cands[a->best].house != UINT32_MAX
               ? strlen(dc_reg_str(q->reg, q->reg->houses[q->cands[a->best].house].ext_id))
               : 0;
}

/* Candidate i's display address: the NUL-separated strings of a->display, display_at ends them. */
static const char *pack_display(const answer *a, int i, dc_packer *p)
{
    return dc_pack_strn(p, a->display.data + a->display_at[i], a->display_at[i + 1] - a->display_at[i] - 1);
}

static domcov_address_result *pack_result(const query *q, const answer *a, size_t best_id_len, dc_packer *p)
{
    domcov_address_result *r = dc_pack_bytes(p, sizeof *r);
    int n = q->ncands < q->max_candidates ? q->ncands : q->max_candidates, i;
    domcov_candidate *cs = dc_pack_bytes(p, sizeof *cs * (size_t)(n ? n : 1));
    const domcov_address *parsed = pack_parsed(q->parsed, q->parsed_size, p);
    const dc_city *city = a->city >= 0 ? &q->db->cities[a->city] : NULL;
    domcov_city city_out;
    const char *address = NULL, *house_id = NULL;

    memset(&city_out, 0, sizeof city_out);
    if (city)
        dc_city_pack(p, city, &city_out);

    if (a->best >= 0) {
        const cand *c = &q->cands[a->best];
        address = pack_display(a, a->best, p);
        if (c->house != UINT32_MAX && a->level >= DOMCOV_MATCH_HOUSE_PARTIAL)
            house_id = dc_pack_strn(p, dc_reg_str(q->reg, q->reg->houses[c->house].ext_id), best_id_len);
    }
    for (i = 0; i < n; i++) {
        const cand *c = &q->cands[i];
        dc_house hv;
        const dc_house *h = c->house != UINT32_MAX ? (hv = dc_reg_house(q->reg, c->house), &hv) : NULL;
        const char *disp = pack_display(a, i, p);
        const char *ext = h ? dc_reg_str(q->reg, h->ext_id) : NULL;
        const char *hid = h ? dc_pack_strn(p, ext, i == a->best ? best_id_len : strlen(ext)) : NULL;
        const dc_city *cc_city = &q->db->cities[q->reg->streets[c->street].city];
        const char *cc = dc_pack_strn(p, cc_city->code, cc_city->len[DC_CITY_LEN_CODE]);
        if (cs) {
            cs[i].match_level = c->level;
            cs[i].score = c->score;
            cs[i].house_id = hid;
            cs[i].address = disp;
            cs[i].city_code = cc;
            cs[i].has_point = h && !isnan(h->lat);
            cs[i].lat = cs[i].has_point ? h->lat : 0;
            cs[i].lon = cs[i].has_point ? h->lon : 0;
        }
    }
    if (r == NULL)
        return NULL;
    memset(r, 0, sizeof *r);
    r->status = a->status;
    r->match_level = a->level;
    r->qc_house = a->qc;
    r->street_fuzzy = q->fuzzy > 0;
    r->address = address;
    r->house_id = house_id;
    r->city_code = city_out.code;
    r->coverage = a->coverage;
    if (a->coverage) {
        r->has_point = 1;
        r->lat = a->coverage->lat;
        r->lon = a->coverage->lon;
    }
    r->parsed = parsed;
    r->city = city_out;
    r->city.match = city ? DOMCOV_CITY_ADDRESS : DOMCOV_CITY_NONE;
    r->city.distance_m = -1;
    r->candidate_count = n;
    r->candidates = cs;
    return r;
}

/*
 * Whether a partial house match on this street may be asserted: not on a
 * settlement's unnamed street (a text whose street the normalizer lost lands
 * there: "20 Линия ул., д. 23, Омск" -> "г. Омск, д. 23"), and not when the
 * text gave another street type ("Иртышская наб., д. 9 к1" is not "ул.
 * Иртышская, д. 9").  docs/quality.md: no correct answer lost, 22 wrong fewer.
 */
static int partial_street_ok(const query *q, uint32_t street)
{
    const dc_street *s = &q->reg->streets[street];
    const char *t = q->parsed->street_type;

    if (s->name == DC_STRPOOL_EMPTY)
        return 0;
    return t == NULL || strcmp(dc_reg_str(q->reg, s->type), t) == 0;
}

/* Decides the answer from the candidates (see the rule at the top of the file). */
static void decide(query *q, answer *a, int n_exact, int n_partial, int has_house)
{
    int has_suffix = q->letter[0] || q->korpus[0] || q->stroenie[0];

    a->best = -1;
    sort_cands(q);
    if (n_exact == 1) {
        a->status = DOMCOV_MATCHED;
        a->level = DOMCOV_MATCH_HOUSE_EXACT;
        a->qc = DOMCOV_QC_HOUSE_EXACT;
        a->best = 0;
    } else if (n_exact > 1) {
        a->status = DOMCOV_AMBIGUOUS;
        a->level = DOMCOV_MATCH_HOUSE_EXACT;
        a->qc = DOMCOV_QC_HOUSE_EXACT;
    } else if (n_partial > 0) {
        a->level = DOMCOV_MATCH_HOUSE_PARTIAL;
        a->qc = DOMCOV_QC_HOUSE_EXTENSION;
        /* Only "the text adds a korpus the register lacks" is safe to assert; a text
         * without a letter where the register has "5а" may mean another building. */
        if (n_partial == 1 && has_suffix && q->cands[0].score >= 0.8 * (q->fuzzy ? 1.0 - 0.1 * q->fuzzy : 1.0) &&
            partial_street_ok(q, q->cands[0].street) &&
            dc_reg_house(q->reg, q->cands[0].house).letter == DC_STRPOOL_EMPTY &&
            dc_reg_house(q->reg, q->cands[0].house).korpus == DC_STRPOOL_EMPTY &&
            dc_reg_house(q->reg, q->cands[0].house).stroenie == DC_STRPOOL_EMPTY) {
            a->status = DOMCOV_MATCHED;
            a->best = 0;
        } else {
            a->status = DOMCOV_AMBIGUOUS;
        }
    } else {
        a->status = DOMCOV_NOT_FOUND;
        a->level = DOMCOV_MATCH_STREET;
        a->qc = DOMCOV_QC_HOUSE_NOT_FOUND;
        if (!has_house || q->nstreets == 1)
            a->best = -2;  /* the street itself is the answer's address */
    }
}

/*
 * Streets of two names with one skeleton ("Братская" and "Брацкая", both
 * "Bratskaya" in Latin): the text cannot tell which it meant, so a MATCHED
 * becomes AMBIGUOUS, with every street found among the candidates.
 */
static int skeleton_twins_ambiguous(query *q, answer *a)
{
    int i;

    if (!q->by_skeleton || a->status != DOMCOV_MATCHED || !dc_skeleton_twins(q->reg, q->streets, q->nstreets))
        return 0;
    a->status = DOMCOV_AMBIGUOUS;
    a->best = -1;
    for (i = 0; i < q->nstreets; i++)
        if (add_cand(q, DOMCOV_MATCH_STREET, 0.6, q->streets[i], UINT32_MAX) != 0)
            return -1;
    sort_cands(q);
    return 0;
}

int domcov_check_address(const domcov_db *db, const char *text, const domcov_match_options *opts,
                         domcov_address_result **out)
{
    return domcov_check_address_ex(db, text, opts, DOMCOV_CHECK_DEFAULT, out);
}

int domcov_check_address_ex(const domcov_db *db, const char *text, const domcov_match_options *opts,
                            unsigned flags, domcov_address_result **out)
{
    query q;
    answer a;
    domcov_address *parsed = NULL;
    dc_packer p = DC_PACKER_INIT;
    size_t best_id_len;
    size_t display_at[INLINE_DISPLAYS];
    char display_buf[1024]; /* the display addresses, on the heap only when longer */
    /* The parsed address is copied into the result: on the stack until then when it fits. */
    union {
        domcov_address a;
        max_align_t align;
        char bytes[2048];
    } parsed_buf;
    int status, n_exact = 0, n_partial = 0, i, street_answer = 0;
    int twins[MAX_TWINS], ntwins = 0, by_district = 0;

    dc_clear_error();
    query_init(&q);
    memset(&a, 0, sizeof a);
    dc_strbuf_init_with(&a.display, display_buf, sizeof display_buf);
    a.best = -1;
    a.city = -1;
    if (out == NULL)
        return dc_fail(db, DOMCOV_ERR_ARG, "out is NULL");
    *out = NULL;
    if (db == NULL || text == NULL)
        return dc_fail(db, DOMCOV_ERR_ARG, "db or text is NULL");
    if (flags & ~(DOMCOV_CHECK_NO_DISTANCE | DOMCOV_CHECK_NO_CITY))
        return dc_fail(db, DOMCOV_ERR_ARG, "unknown check flags 0x%x", flags);
    status = dc_normalize(text, &parsed_buf, sizeof parsed_buf, &parsed, &q.parsed_size);
    if (status != DOMCOV_OK)
        return dc_fail(db, status, "%s", domcov_errmsg(NULL));
    q.db = db;
    q.reg = &db->reg;
    q.parsed = parsed;
    q.allowed_city = -1;
    q.max_candidates = opts && opts->max_candidates > 0 ? opts->max_candidates : 5;
    a.status = DOMCOV_NOT_FOUND;
    a.level = DOMCOV_MATCH_NONE;
    a.qc = DOMCOV_QC_HOUSE_NOT_FOUND;

    /* City: the text's, else the caller's default, else any. */
    if (parsed->city) {
        /* A district tells apart settlements of one name (codes "лесной/исилькульский"). */
        if (parsed->district) {
            char code[600];
            snprintf(code, sizeof code, "%s/%s", parsed->city, parsed->district);
            q.allowed_city = dc_match_find_city(db, code);
            by_district = q.allowed_city >= 0;
            /* A Latin district ("Lyubinskiy rayon") is told by its skeleton. */
            if (q.allowed_city < 0 &&
                (q.allowed_city = dc_skeleton_city(db, parsed->city, parsed->district, &by_district)) >= 0 &&
                !by_district)
                q.allowed_city = -1;
        }
        if (q.allowed_city < 0 && (q.allowed_city = dc_match_find_city(db, parsed->city)) < 0 &&
            (q.allowed_city = dc_skeleton_city(db, parsed->city, parsed->district, NULL)) < 0)
            goto pack;  /* a city we do not serve */
        /* "Bratskoye" is "Братское" or "Брацкое": with both in the store, neither. */
        if ((parsed->flags & DOMCOV_ADDR_TRANSLITERATED) && dc_skeleton_city_twin(db, q.allowed_city)) {
            q.allowed_city = -1;
            goto pack;
        }
    } else if (opts && opts->default_city && *opts->default_city) {
        if ((q.allowed_city = dc_match_find_city(db, opts->default_city)) < 0) {
            status = dc_fail(db, DOMCOV_ERR_ARG, "default city '%s' is not in the store",
                             opts->default_city);
            goto cleanup;
        }
    }
    /* Settlements of one name in several districts ("Красный Яр") and no district in the
     * text: the street is looked for in each, never in the first one only. */
    if (parsed->city && q.allowed_city >= 0 && !by_district)
        ntwins = city_twins(db, q.allowed_city, twins, MAX_TWINS);
    a.city = q.allowed_city;
    if (a.city >= 0)
        a.level = DOMCOV_MATCH_CITY;
    if (parsed->street == NULL && (parsed->house == NULL || q.allowed_city < 0))
        goto pack;  /* streetless houses ("п. Лесной, д. 5") need the settlement */
    if (parsed->street)
        copy_str(q.key, sizeof q.key, parsed->street);
    if (ntwins > 1) {
        for (i = 0; i < ntwins; i++) {
            q.allowed_city = twins[i];
            find_streets(&q);
        }
        q.allowed_city = streets_city(&q, twins[0]);
        a.city = q.allowed_city;
    } else {
        find_streets(&q);
    }
    if (q.nstreets == 0 && parsed->street && parsed->city == NULL && parsed->house) {
        /* "горный щит, 3": what reads as a street may be a settlement whose houses
         * have no street. */
        int c = dc_match_find_city(db, parsed->street), was = q.allowed_city;
        if (c >= 0 && (q.allowed_city < 0 || q.allowed_city == c)) {
            char key[KEY_SIZE];
            snprintf(key, sizeof key, "%s", q.key);
            q.allowed_city = c;
            q.key[0] = '\0';
            lookup_streets(&q, 0);
            if (q.nstreets > 0) {
                a.city = c;
                a.level = DOMCOV_MATCH_CITY;
            } else {
                q.allowed_city = was;  /* not a settlement after all: on to typos */
                snprintf(q.key, sizeof q.key, "%s", key);
            }
        }
    }
    if (q.nstreets == 0 && parsed->street && fuzzy_streets(&q) != 0) {
        status = dc_fail(db, DOMCOV_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    if (q.nstreets == 0)
        goto pack;
    retry_with_type_word(&q);
    filter_type(&q);

    dc_house_part_key(parsed->house ? parsed->house : "", q.num, sizeof q.num);
    dc_house_part_key(parsed->letter ? parsed->letter : "", q.letter, sizeof q.letter);
    dc_house_part_key(parsed->korpus ? parsed->korpus : "", q.korpus, sizeof q.korpus);
    dc_house_part_key(parsed->stroenie ? parsed->stroenie : "", q.stroenie, sizeof q.stroenie);
    if (parsed->house && match_houses(&q, &n_exact, &n_partial) != 0) {
        status = dc_fail(db, DOMCOV_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    if (n_exact == 0 && n_partial == 0) {
        /* Offer the streets first, then nearby numbers on them. */
        for (i = 0; i < q.nstreets; i++)
            if (add_cand(&q, DOMCOV_MATCH_STREET, q.fuzzy ? 0.6 - 0.05 * q.fuzzy : 0.6, q.streets[i],
                         UINT32_MAX) != 0)
                break;
        if (parsed->house && nearby_houses(&q) != 0) {
            status = dc_fail(db, DOMCOV_ERR_NOMEM, "out of memory");
            goto cleanup;
        }
    }
    decide(&q, &a, n_exact, n_partial, parsed->house != NULL);
    if (skeleton_twins_ambiguous(&q, &a) != 0) {
        status = dc_fail(db, DOMCOV_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    if (a.status == DOMCOV_MATCHED && q.allowed_city < 0 && a.best >= 0) {
        /* No city given: a near miss in another city ("Ленина 20" vs "Ленина 20а")
         * is too close to call. */
        int best_city = q.reg->streets[q.cands[a.best].street].city;
        for (i = 0; i < q.ncands; i++)
            if (i != a.best && q.cands[i].level >= DOMCOV_MATCH_HOUSE_PARTIAL &&
                q.reg->streets[q.cands[i].street].city != best_city) {
                a.status = DOMCOV_AMBIGUOUS;
                a.best = -1;
                break;
            }
    }
    if (a.best == -2) {
        street_answer = q.nstreets == 1;
        a.best = street_answer ? 0 : -1;
        if (q.nstreets > 1)
            a.status = parsed->house ? DOMCOV_NOT_FOUND : DOMCOV_AMBIGUOUS;
    }
    if (a.best >= 0)
        a.city = q.reg->streets[q.cands[a.best].street].city;
    else if (q.allowed_city < 0 && q.nstreets > 0) {
        int same = 1;
        for (i = 1; i < q.nstreets; i++)
            same &= q.reg->streets[q.streets[i]].city == q.reg->streets[q.streets[0]].city;
        if (same)
            a.city = q.reg->streets[q.streets[0]].city;
    }
    if (a.best >= 0 && a.status == DOMCOV_MATCHED && q.cands[a.best].house != UINT32_MAX) {
        const dc_house hv = dc_reg_house(q.reg, q.cands[a.best].house), *h = &hv;
        if (!isnan(h->lat) &&
            (status = domcov_check_point_ex(db, h->lat, h->lon, flags, &a.coverage)) != DOMCOV_OK)
            goto cleanup;
    }

pack:
    a.display_at = q.ncands < INLINE_DISPLAYS ? display_at : malloc(sizeof *a.display_at * (size_t)(q.ncands + 1));
    if (a.display_at == NULL) {
        status = dc_fail(db, DOMCOV_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    /* Only the candidates the result carries get display strings. */
    for (i = 0; i < q.ncands && (i < q.max_candidates || i == a.best); i++) {
        a.display_at[i] = a.display.len;
        dc_match_display(db, q.reg, q.cands[i].street, q.cands[i].house, &a.display);
        dc_strbuf_append(&a.display, "", 1);
    }
    a.display_at[i] = a.display.len; /* ends the last one */
    if (a.display.failed) {
        status = dc_fail(db, DOMCOV_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    best_id_len = best_house_id_len(&q, &a);
    pack_result(&q, &a, best_id_len, &p);
    if (dc_packer_alloc(&p) != 0) {
        status = dc_fail(db, DOMCOV_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    *out = pack_result(&q, &a, best_id_len, &p);
    a.coverage = NULL;  /* owned by the result now */
    status = DOMCOV_OK;
cleanup:
    dc_strbuf_free(&a.display);
    if (a.display_at != display_at)
        free(a.display_at);
    domcov_point_result_free(a.coverage);
    if (q.cands != q.inline_cands)
        free(q.cands);
    if (parsed != &parsed_buf.a)
        domcov_address_free(parsed);
    return status;
}

void domcov_address_result_free(domcov_address_result *result)
{
    if (result == NULL)
        return;
    domcov_point_result_free((domcov_point_result *)result->coverage);
    free(result);
}

const char *domcov_match_status_name(int status)
{
    switch (status) {
    case DOMCOV_MATCHED: return "matched";
    case DOMCOV_AMBIGUOUS: return "ambiguous";
    case DOMCOV_NOT_FOUND: return "not_found";
    default: return NULL;
    }
}

const char *domcov_match_level_name(int level)
{
    static const char *const names[] = {"none", "city", "street", "house_partial", "house_exact"};
    return level >= 0 && level <= DOMCOV_MATCH_HOUSE_EXACT ? names[level] : NULL;
}
