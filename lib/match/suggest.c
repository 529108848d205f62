/*
 * domcov_suggest: autocomplete for chat widgets.  Ranks streets of the city
 * (or of all cities) whose key starts with what was typed, then those with a
 * word starting with it, then those within one typo of it; once a house
 * number is typed after a known street, the street's houses.
 */
#include "domcov.h"

#include "error.h"
#include "fuzzy.h"
#include "keys.h"
#include "match.h"
#include "match/display.h"
#include "packer.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { RANK_PREFIX = 0, RANK_WORD = 1, RANK_TYPO = 2, RANK_HOUSE = 3 };

typedef struct sugg {
    int rank;
    uint32_t street, house;  /* house UINT32_MAX for a street */
} sugg;

typedef struct sugg_list {
    sugg *items;
    int n, cap;
} sugg_list;

static int push(sugg_list *l, int rank, uint32_t street, uint32_t house)
{
    int i;

    for (i = 0; i < l->n; i++)
        if (l->items[i].street == street && l->items[i].house == house)
            return 0;
    if (l->n == l->cap) {
        int cap = l->cap ? l->cap * 2 : 32;
        sugg *p = realloc(l->items, sizeof *p * (size_t)cap);
        if (p == NULL)
            return -1;
        l->items = p;
        l->cap = cap;
    }
    l->items[l->n].rank = rank;
    l->items[l->n].street = street;
    l->items[l->n++].house = house;
    return 0;
}

static _Thread_local const dc_register *cmp_reg;

static int cmp_sugg(const void *a, const void *b)
{
    const sugg *x = a, *y = b;
    int c;

    if (x->rank != y->rank)
        return x->rank - y->rank;
    c = strcmp(dc_reg_str(cmp_reg, cmp_reg->streets[x->street].key),
               dc_reg_str(cmp_reg, cmp_reg->streets[y->street].key));
    if (c)
        return c;
    if (x->house != y->house) {
        long nx = x->house == UINT32_MAX ? -1 : strtol(dc_reg_str(cmp_reg, dc_reg_house(cmp_reg, x->house).number), NULL, 10);
        long ny = y->house == UINT32_MAX ? -1 : strtol(dc_reg_str(cmp_reg, dc_reg_house(cmp_reg, y->house).number), NULL, 10);
        if (nx != ny)
            return nx < ny ? -1 : 1;
        return x->house < y->house ? -1 : 1;
    }
    return 0;
}

/* Does any word of key (after the first) start with frag? */
static int word_prefix(const char *key, const char *frag, size_t flen)
{
    const char *p = key;

    while ((p = strpbrk(p, " -")) != NULL) {
        p++;
        if (strncmp(p, frag, flen) == 0)
            return 1;
    }
    return 0;
}

/* The first n characters of a UTF-8 string, as bytes. */
static size_t prefix_bytes(const char *s, int nchars)
{
    const unsigned char *p = (const unsigned char *)s;
    int n = 0;

    while (*p && n < nchars) {
        p++;
        while ((*p & 0xC0) == 0x80)
            p++;
        n++;
    }
    return (size_t)(p - (const unsigned char *)s);
}

static int count_chars(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += (*s & 0xC0) != 0x80;
    return n;
}

static int collect_streets(const dc_register *reg, int city, const char *frag, sugg_list *l)
{
    size_t flen = strlen(frag);
    int fchars = count_chars(frag);
    uint32_t i;

    for (i = 0; i < reg->nstreets; i++) {
        uint32_t s = reg->by_city_sorted[i];
        const char *key = dc_reg_str(reg, reg->streets[s].key);
        int rank = -1;

        if (city >= 0 && reg->streets[s].city != city)
            continue;
        if (strncmp(key, frag, flen) == 0)
            rank = RANK_PREFIX;
        else if (word_prefix(key, frag, flen))
            rank = RANK_WORD;
        else if (fchars >= 4) {
            /* A typo in what was typed so far: compare with the key's start of the same length. */
            char head[512];
            size_t hb = prefix_bytes(key, fchars);
            if (hb < sizeof head) {
                memcpy(head, key, hb);
                head[hb] = '\0';
                if (dc_edit_distance(frag, head, 1) <= 1)
                    rank = RANK_TYPO;
            }
        }
        if (rank >= 0 && push(l, rank, s, UINT32_MAX) != 0)
            return -1;
    }
    return 0;
}

/* Packs the suggestions (see packer.h); *failed is set when a display string ran out of memory. */
static domcov_suggestions *pack(const domcov_db *db, const sugg_list *l, int limit, dc_packer *p,
                                int *failed)
{
    const dc_register *reg = &db->reg;
    domcov_suggestions *out = dc_pack_bytes(p, sizeof *out);
    int n = l->n < limit ? l->n : limit, i;
    domcov_suggestion *items = dc_pack_bytes(p, sizeof *items * (size_t)(n ? n : 1));

    for (i = 0; i < n; i++) {
        const sugg *sg = &l->items[i];
        const dc_street *s = &reg->streets[sg->street];
        dc_house hv;
        const dc_house *h = sg->house != UINT32_MAX ? (hv = dc_reg_house(reg, sg->house), &hv) : NULL;
        dc_strbuf text = DC_STRBUF_INIT, value = DC_STRBUF_INIT;
        const char *t, *v, *cc, *hid;

        if (h)
            dc_compose_address(&text, "", "", dc_reg_str(reg, s->type), dc_reg_str(reg, s->name),
                               dc_reg_str(reg, h->number), dc_reg_str(reg, h->letter),
                               dc_reg_str(reg, h->korpus), dc_reg_str(reg, h->stroenie));
        else
            dc_compose_street(&text, dc_reg_str(reg, s->type), dc_reg_str(reg, s->name));
        dc_match_display(db, reg, sg->street, sg->house, &value);
        t = dc_pack_str(p, text.data ? text.data : "");
        v = dc_pack_str(p, value.data ? value.data : "");
        cc = dc_pack_str(p, db->cities[s->city].code);
        hid = h ? dc_pack_str(p, dc_reg_str(reg, h->ext_id)) : NULL;
        *failed |= text.failed | value.failed;
        dc_strbuf_free(&text);
        dc_strbuf_free(&value);
        if (items) {
            items[i].text = t;
            items[i].value = v;
            items[i].city_code = cc;
            items[i].house_id = hid;
            items[i].is_house = h != NULL;
        }
    }
    if (out) {
        out->count = n;
        out->items = items;
    }
    return out;
}

int domcov_suggest(const domcov_db *db, const char *prefix, const domcov_match_options *opts,
                   int limit, domcov_suggestions **out)
{
    domcov_address *parsed = NULL;
    sugg_list l = {NULL, 0, 0};
    dc_packer p = DC_PACKER_INIT;
    const dc_register *reg;
    int city = -1, status = DOMCOV_OK, i, failed = 0;

    dc_clear_error();
    if (out == NULL)
        return dc_fail(db, DOMCOV_ERR_ARG, "out is NULL");
    *out = NULL;
    if (db == NULL || prefix == NULL)
        return dc_fail(db, DOMCOV_ERR_ARG, "db or prefix is NULL");
    if (limit < 1 || limit > 100)
        return dc_fail(db, DOMCOV_ERR_ARG, "limit %d is not in 1..100", limit);
    reg = &db->reg;
    status = domcov_normalize(prefix, &parsed);
    if (status != DOMCOV_OK)
        return dc_fail(db, status, "%s", domcov_errmsg(NULL));
    status = DOMCOV_OK;
    if (parsed->city)
        city = dc_match_find_city(db, parsed->city);
    else if ((status = dc_match_default_city(db, opts, &city)) != DOMCOV_OK)
        goto cleanup;
    if (parsed->city && city < 0)
        goto pack;  /* a city we do not serve: nothing to suggest */
    if (parsed->street && *parsed->street) {
        if (collect_streets(reg, city, parsed->street, &l) != 0)
            goto nomem;
        /* A house number typed after a street that is known exactly: its houses. */
        if (parsed->house) {
            char num[64];
            int exact = -1, nexact = 0;
            dc_house_part_key(parsed->house, num, sizeof num);
            for (i = 0; i < l.n; i++)
                if (strcmp(dc_reg_str(reg, reg->streets[l.items[i].street].key), parsed->street) == 0) {
                    exact = (int)l.items[i].street;
                    nexact++;
                }
            if (nexact == 1) {
                const dc_street *s = &reg->streets[exact];
                uint32_t k;
                l.n = 0;
                for (k = s->first_house; k < s->first_house + s->nhouses; k++)
                    if (strncmp(dc_reg_str(reg, dc_reg_house(reg, k).number), num, strlen(num)) == 0 &&
                        push(&l, RANK_HOUSE, (uint32_t)exact, k) != 0)
                        goto nomem;
            }
        }
    }
    cmp_reg = reg;
    if (l.n > 1)
        qsort(l.items, (size_t)l.n, sizeof *l.items, cmp_sugg);
pack:
    pack(db, &l, limit, &p, &failed);
    if (failed || dc_packer_alloc(&p) != 0)
        goto nomem;
    *out = pack(db, &l, limit, &p, &failed);
    if (failed) {
        free(*out);
        *out = NULL;
        goto nomem;
    }
    goto cleanup;
nomem:
    status = dc_fail(db, DOMCOV_ERR_NOMEM, "out of memory");
cleanup:
    free(l.items);
    domcov_address_free(parsed);
    return status;
}

void domcov_suggestions_free(domcov_suggestions *suggestions)
{
    free(suggestions);
}
