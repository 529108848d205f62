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
#include "normalize/normalize.h"
#include "check.h"
#include "register.h"
#include "skeleton_index.h"
#include "store/store.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TWINS 8  /* settlements of one name looked at */
#define MAX_FUZZY 16

/* An empty query; the buffers are not cleared (a query lives on the stack, once per check). */
static void query_init(dc_query *q)
{
    memset(q, 0, offsetof(dc_query, key));
    q->key[0] = q->loose[0] = q->num[0] = q->letter[0] = q->korpus[0] = q->stroenie[0] = '\0';
    q->cands = q->inline_cands;
    q->cap = DC_CHECK_INLINE_CANDS;
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

static int add_cand(dc_query *q, int level, double score, uint32_t street, uint32_t house)
{
    int i;

    for (i = 0; i < q->ncands; i++)
        if (q->cands[i].street == street && q->cands[i].house == house)
            return 0;
    if (q->ncands == q->cap) {
        int cap = q->cap * 2;
        dc_cand *c = q->cands == q->inline_cands ? malloc(sizeof *c * (size_t)cap)
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
    const dc_cand *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    if (x->street != y->street)
        return x->street < y->street ? -1 : 1;
    return (x->house > y->house) - (x->house < y->house);
}

/* Candidates are few (a handful; DC_CHECK_MAX_STREETS streets at most): an insertion
 * sort beats qsort's setup.  cmp_cand is a total order, so any sort agrees. */
static void sort_cands(dc_query *q)
{
    int i, j;

    for (i = 1; i < q->ncands; i++) {
        dc_cand c = q->cands[i];
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
    char key[DC_CHECK_KEY_SIZE];
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

int dc_match_default_city(const domcov_db *db, const domcov_match_options *opts, int *city)
{
    *city = -1;
    if (opts == NULL || opts->default_city == NULL || *opts->default_city == '\0')
        return DOMCOV_OK;
    if ((*city = dc_match_find_city(db, opts->default_city)) < 0)
        return dc_fail(db, DOMCOV_ERR_ARG, "default city '%s' is not in the store", opts->default_city);
    return DOMCOV_OK;
}

static int street_allowed(uint32_t item, const void *ctx)
{
    const dc_query *q = ctx;
    return q->allowed_city < 0 || q->reg->streets[item].city == q->allowed_city;
}

/* Streets whose key (or loose key) equals the query's, in the allowed city. */
static void lookup_streets(dc_query *q, int loose)
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
    for (it = dc_hashidx_first(idx, h); it != DC_HASHIDX_END && q->nstreets < DC_CHECK_MAX_STREETS;
         it = dc_hashidx_next(idx, it)) {
        const dc_street *s = &reg->streets[it];
        if (!street_allowed(it, q))
            continue;
        dc_street_prefetch(reg, it);  /* before the key compare: the two misses overlap */
        if (strcmp(dc_reg_str(reg, loose ? s->loose : s->key), want) == 0)
            q->streets[q->nstreets++] = it;
    }
}

/* The initials of a key ("н островского" -> "н"): single letters before the last word. */
static int initials_agree(const char *query_key, const char *street_key)
{
    char qk[DC_CHECK_KEY_SIZE], *tok, *save = NULL;
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
static void lookup_by_last_word(dc_query *q)
{
    const dc_register *reg = q->reg;
    uint64_t h;
    uint32_t it;

    if (q->allowed_city < 0 || strchr(q->loose, ' ') != NULL)
        return;
    h = dc_hash_mix(dc_hash_str(q->loose), (uint64_t)q->allowed_city + 1);
    for (it = dc_hashidx_first(&reg->by_city_last, h); it != DC_HASHIDX_END && q->nstreets < DC_CHECK_MAX_STREETS;
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

static int fuzzy_streets(dc_query *q)
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
    for (i = 0; i < n && hits[i].distance == hits[0].distance && q->nstreets < DC_CHECK_MAX_STREETS; i++)
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
static void lookup_by_skeleton(dc_query *q)
{
    uint32_t found[DC_CHECK_MAX_STREETS];
    int n = dc_skeleton_streets(q->reg, q->allowed_city, q->key, found, DC_CHECK_MAX_STREETS), i, k;

    for (i = 0; i < n && q->nstreets < DC_CHECK_MAX_STREETS; i++) {
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
static void find_streets(dc_query *q)
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
static int streets_city(const dc_query *q, int fallback)
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
    if (!reg->city_has_twin[city])
        return n;
    for (it = dc_hashidx_first(&reg->city_by_key, dc_hash_str(key)); it != DC_HASHIDX_END && n < max;
         it = dc_hashidx_next(&reg->city_by_key, it))
        if ((int)it != city && strcmp(dc_reg_str(reg, reg->city_keys[it]), key) == 0)
            out[n++] = (int)it;
    return n;
}

/* The full word of a canonical street type, as it appears inside names ("Иртышская набережная"). */
static const char *type_word(const char *type)
{
    /* The commonest first: most texts say "ул". */
    static const char *const words[][2] = {
        {"ул", "улица"}, {"пр-кт", "проспект"}, {"пер", "переулок"}, {"наб", "набережная"},
        {"ш", "шоссе"}, {"б-р", "бульвар"}, {"пл", "площадь"}, {"проезд", "проезд"},
        {"туп", "тупик"}, {"тракт", "тракт"}, {"линия", "линия"}, {"аллея", "аллея"},
        {"мкр", "микрорайон"}, {"кв-л", "квартал"},
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
static void retry_with_type_word(dc_query *q)
{
    const char *word = type_word(q->parsed->street_type);
    char saved[DC_CHECK_KEY_SIZE];
    int i, same_type = 0;

    if (word == NULL || q->nstreets == 0)
        return;
    for (i = 0; i < q->nstreets; i++)
        same_type |= dc_str_eq(dc_reg_str(q->reg, q->reg->streets[q->streets[i]].type), q->parsed->street_type);
    if (same_type)
        return;
    snprintf(saved, sizeof saved, "%s", q->key);
    if ((size_t)snprintf(q->key, sizeof q->key, "%s %s", saved, word) >= sizeof q->key) {
        snprintf(q->key, sizeof q->key, "%s", saved);
        return;
    }
    {
        uint32_t before[DC_CHECK_MAX_STREETS];
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
static void filter_type(dc_query *q)
{
    const char *t = q->parsed->street_type;
    int i, k = 0, any = 0;

    if (t == NULL || q->nstreets < 2)
        return;
    for (i = 0; i < q->nstreets; i++)
        any |= dc_str_eq(dc_reg_str(q->reg, q->reg->streets[q->streets[i]].type), t);
    if (!any)
        return;
    for (i = 0; i < q->nstreets; i++)
        if (dc_str_eq(dc_reg_str(q->reg, q->reg->streets[q->streets[i]].type), t))
            q->streets[k++] = q->streets[i];
    q->nstreets = k;
}

static long leading_number(const char *s)
{
    return strtol(s, NULL, 10);
}

/* Matches the house parts on the candidate streets; fills q->cands. */
static int match_houses(dc_query *q, int *n_exact, int *n_partial)
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
            int same_letter = dc_str_eq(dc_reg_str(reg, h->letter), q->letter);
            int same_korpus = dc_str_eq(dc_reg_str(reg, h->korpus), q->korpus);
            int same_stroenie = dc_str_eq(dc_reg_str(reg, h->stroenie), q->stroenie);
            int h_suffix = h->letter != DC_STRPOOL_EMPTY || h->korpus != DC_STRPOOL_EMPTY ||
                           h->stroenie != DC_STRPOOL_EMPTY;
            int rc = 0;

            if (dc_str_eq(num, q->num)) {
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
                if (dc_str_eq(hbase, qbase) && same_letter && same_korpus && same_stroenie) {
                    rc = add_cand(q, DOMCOV_MATCH_HOUSE_PARTIAL, street_score * 0.8, q->streets[i], k);
                    (*n_partial)++;
                } else if (slash && dc_str_eq(num, qbase) && dc_str_eq(dc_reg_str(reg, h->korpus), slash + 1)) {
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
static int nearby_houses(dc_query *q)
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

/*
 * Whether a partial house match on this street may be asserted: not on a
 * settlement's unnamed street (a text whose street the normalizer lost lands
 * there: "20 Линия ул., д. 23, Омск" -> "г. Омск, д. 23"), and not when the
 * text gave another street type ("Иртышская наб., д. 9 к1" is not "ул.
 * Иртышская, д. 9").  docs/quality.md: no correct answer lost, 22 wrong fewer.
 */
static int partial_street_ok(const dc_query *q, uint32_t street)
{
    const dc_street *s = &q->reg->streets[street];
    const char *t = q->parsed->street_type;

    if (s->name == DC_STRPOOL_EMPTY)
        return 0;
    return t == NULL || dc_str_eq(dc_reg_str(q->reg, s->type), t);
}

/* Decides the answer from the candidates (see the rule at the top of the file). */
static void decide(dc_query *q, dc_answer *a, int n_exact, int n_partial, int has_house)
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
static int skeleton_twins_ambiguous(dc_query *q, dc_answer *a)
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

void dc_check_init(dc_check *c)
{
    query_init(&c->q);
    memset(&c->a, 0, sizeof c->a);
    dc_strbuf_init_with(&c->a.display, c->display_buf, sizeof c->display_buf);
    c->a.display_at = c->display_at;
    c->a.best = -1;
    c->a.city = -1;
    c->parsed = NULL;
    c->has_point = 0;
    c->normalize_flags = 0;
}

void dc_check_free(dc_check *c)
{
    dc_strbuf_free(&c->a.display);
    if (c->a.display_at != c->display_at)
        free(c->a.display_at);
    if (c->a.has_coverage)
        dc_point_answer_release(&c->a.coverage);
    if (c->q.cands != c->q.inline_cands)
        free(c->q.cands);
    if (c->parsed != &c->parsed_buf.a)
        domcov_address_free(c->parsed);
}

/* The settlement the text names (q->allowed_city), or -1 when it names one we do not serve. */
static int text_city(const domcov_db *db, const domcov_address *parsed, dc_query *q, int *by_district)
{
    /* A district tells apart settlements of one name (codes "лесной/исилькульский"). */
    if (parsed->district) {
        char code[600];
        snprintf(code, sizeof code, "%s/%s", parsed->city, parsed->district);
        q->allowed_city = dc_match_find_city(db, code);
        *by_district = q->allowed_city >= 0;
        /* A Latin district ("Lyubinskiy rayon") is told by its skeleton. */
        if (q->allowed_city < 0 &&
            (q->allowed_city = dc_skeleton_city(db, parsed->city, parsed->district, by_district)) >= 0 &&
            !*by_district)
            q->allowed_city = -1;
    }
    if (q->allowed_city < 0 && (q->allowed_city = dc_match_find_city(db, parsed->city)) < 0 &&
        (q->allowed_city = dc_skeleton_city(db, parsed->city, parsed->district, NULL)) < 0)
        return -1;
    /* "Bratskoye" is "Братское" or "Брацкое": with both in the store, neither. */
    if ((parsed->flags & DOMCOV_ADDR_TRANSLITERATED) && dc_skeleton_city_twin(db, q->allowed_city)) {
        q->allowed_city = -1;
        return -1;
    }
    return q->allowed_city;
}

/* "горный щит, 3": what reads as a street may be a settlement whose houses have no street. */
static void street_as_settlement(const domcov_db *db, dc_query *q, dc_answer *a)
{
    int c = dc_match_find_city(db, q->parsed->street), was = q->allowed_city;
    char key[DC_CHECK_KEY_SIZE];

    if (c < 0 || (q->allowed_city >= 0 && q->allowed_city != c))
        return;
    snprintf(key, sizeof key, "%s", q->key);
    q->allowed_city = c;
    q->key[0] = '\0';
    lookup_streets(q, 0);
    if (q->nstreets > 0) {
        a->city = c;
        a->level = DOMCOV_MATCH_CITY;
    } else {
        q->allowed_city = was;  /* not a settlement after all: on to typos */
        snprintf(q->key, sizeof q->key, "%s", key);
    }
}

/* After decide(): the answer's city, and what an answer without a house shows. */
static void settle_answer(dc_query *q, dc_answer *a)
{
    int i;

    if (a->status == DOMCOV_MATCHED && q->allowed_city < 0 && a->best >= 0) {
        /* No city given: a near miss in another city ("Ленина 20" vs "Ленина 20а")
         * is too close to call. */
        int best_city = q->reg->streets[q->cands[a->best].street].city;
        for (i = 0; i < q->ncands; i++)
            if (i != a->best && q->cands[i].level >= DOMCOV_MATCH_HOUSE_PARTIAL &&
                q->reg->streets[q->cands[i].street].city != best_city) {
                a->status = DOMCOV_AMBIGUOUS;
                a->best = -1;
                break;
            }
    }
    if (a->best == -2) {
        a->best = q->nstreets == 1 ? 0 : -1;
        if (q->nstreets > 1)
            a->status = q->parsed->house ? DOMCOV_NOT_FOUND : DOMCOV_AMBIGUOUS;
    }
    if (a->best >= 0)
        a->city = q->reg->streets[q->cands[a->best].street].city;
    else if (q->allowed_city < 0 && q->nstreets > 0) {
        int same = 1;
        for (i = 1; i < q->nstreets; i++)
            same &= q->reg->streets[q->streets[i]].city == q->reg->streets[q->streets[0]].city;
        if (same)
            a->city = q->reg->streets[q->streets[0]].city;
    }
}

/* See check.h. */
int dc_check_resolve(const domcov_db *db, const char *text, const domcov_match_options *opts, dc_check *c)
{
    dc_query *q = &c->q;
    dc_answer *a = &c->a;
    const domcov_address *parsed;
    int status, n_exact = 0, n_partial = 0, i;
    int twins[MAX_TWINS], ntwins = 0, by_district = 0;

    status = dc_normalize(text, &c->parsed_buf, sizeof c->parsed_buf, c->normalize_flags, &c->parsed,
                          &q->parsed_size);
    if (status != DOMCOV_OK)
        return dc_fail(db, status, "%s", domcov_errmsg(NULL));
    parsed = c->parsed;
    q->db = db;
    q->reg = &db->reg;
    q->parsed = parsed;
    q->allowed_city = -1;
    q->max_candidates = opts && opts->max_candidates > 0 ? opts->max_candidates : 5;
    a->status = DOMCOV_NOT_FOUND;
    a->level = DOMCOV_MATCH_NONE;
    a->qc = DOMCOV_QC_HOUSE_NOT_FOUND;

    /* City: the text's, else the caller's default, else any. */
    if (parsed->city) {
        if (text_city(db, parsed, q, &by_district) < 0)
            return DOMCOV_OK;  /* a city we do not serve */
    } else if ((status = dc_match_default_city(db, opts, &q->allowed_city)) != DOMCOV_OK) {
        return status;
    }
    /* Settlements of one name in several districts ("Красный Яр") and no district in the
     * text: the street is looked for in each, never in the first one only. */
    if (parsed->city && q->allowed_city >= 0 && !by_district)
        ntwins = city_twins(db, q->allowed_city, twins, MAX_TWINS);
    a->city = q->allowed_city;
    if (a->city >= 0)
        a->level = DOMCOV_MATCH_CITY;
    if (parsed->street == NULL && (parsed->house == NULL || q->allowed_city < 0))
        return DOMCOV_OK;  /* streetless houses ("п. Лесной, д. 5") need the settlement */
    if (parsed->street)
        copy_str(q->key, sizeof q->key, parsed->street);
    if (ntwins > 1) {
        for (i = 0; i < ntwins; i++) {
            q->allowed_city = twins[i];
            find_streets(q);
        }
        q->allowed_city = streets_city(q, twins[0]);
        a->city = q->allowed_city;
    } else {
        find_streets(q);
    }
    if (q->nstreets == 0 && parsed->street && parsed->city == NULL && parsed->house)
        street_as_settlement(db, q, a);
    if (q->nstreets == 0 && parsed->street && fuzzy_streets(q) != 0)
        return dc_fail(db, DOMCOV_ERR_NOMEM, "out of memory");
    if (q->nstreets == 0)
        return DOMCOV_OK;
    retry_with_type_word(q);
    filter_type(q);

    dc_house_part_key(parsed->house ? parsed->house : "", q->num, sizeof q->num);
    dc_house_part_key(parsed->letter ? parsed->letter : "", q->letter, sizeof q->letter);
    dc_house_part_key(parsed->korpus ? parsed->korpus : "", q->korpus, sizeof q->korpus);
    dc_house_part_key(parsed->stroenie ? parsed->stroenie : "", q->stroenie, sizeof q->stroenie);
    if (parsed->house && match_houses(q, &n_exact, &n_partial) != 0)
        return dc_fail(db, DOMCOV_ERR_NOMEM, "out of memory");
    if (n_exact == 0 && n_partial == 0) {
        /* Offer the streets first, then nearby numbers on them. */
        for (i = 0; i < q->nstreets; i++)
            if (add_cand(q, DOMCOV_MATCH_STREET, q->fuzzy ? 0.6 - 0.05 * q->fuzzy : 0.6, q->streets[i],
                         UINT32_MAX) != 0)
                break;
        if (parsed->house && nearby_houses(q) != 0)
            return dc_fail(db, DOMCOV_ERR_NOMEM, "out of memory");
    }
    decide(q, a, n_exact, n_partial, parsed->house != NULL);
    if (skeleton_twins_ambiguous(q, a) != 0)
        return dc_fail(db, DOMCOV_ERR_NOMEM, "out of memory");
    settle_answer(q, a);
    if (a->best >= 0 && a->status == DOMCOV_MATCHED && q->cands[a->best].house != UINT32_MAX) {
        const dc_house h = dc_reg_house(q->reg, q->cands[a->best].house);
        c->has_point = !isnan(h.lat);
        c->lat = h.lat;
        c->lon = h.lon;
    }
    return DOMCOV_OK;
}

