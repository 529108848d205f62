/* Turns items into address parts (see docs/normalize.md for the rules). */
#include "normalize/assign.h"

#include <string.h>

#include "domcov.h"
#include "normalize/house_number.h"
#include "normalize/name_lookup.h"
#include "normalize/ordinal.h"
#include "normalize/word_forms.h"

enum comp_role { COMP_UNTYPED, COMP_REGION, COMP_DISTRICT, COMP_CITY, COMP_STREET };

#define ROLE_BIT(role) (1u << (role))

/* A name with what we know about it: its type word and dictionary matches. */
typedef struct comp {
    const dc_keyword *kw;     /* the type word, NULL when the name stands alone */
    const dc_known_city *city;      /* the dictionary city the whole name spells */
    const dc_known_region *region;  /* the dictionary region the whole name spells */
    int item;                 /* its NAME item: orders names by position */
    int pre_item;             /* "3-я ул. Строителей": the ordinal before the type word, or -1 */
    int post_item;            /* "Московский тракт 10 км": the kilometre after the type word, or -1 */
    uint16_t first, count;    /* its tokens */
    uint8_t role;
    uint8_t used;
    uint8_t postfix;          /* the type word came after the name: "Аппаратная ст." */
    uint8_t settlement;       /* a settlement in the street's place: typed by its settlement type */
} comp;

typedef struct assigner {
    const dc_dicts *d;
    dc_token *tok;
    dc_item *it;
    int nit;
    dc_parts *p;
    dc_scratch *sc;
    comp comps[DC_MAX_TOKENS];
    int ncomp;
    unsigned roles;     /* ROLE_BIT of every role a comp has had: the rules of a role no comp has are passed by */
    int house_item;     /* item holding the house number, or -1 */
    int house_explicit; /* it came after a house word ("д.") */
} assigner;

/* Whether some comp has (or had) the role. */
static int has_role(const assigner *a, int role)
{
    return (a->roles & ROLE_BIT(role)) != 0;
}

static int next_in_seg(const assigner *a, int k)
{
    return (k + 1 < a->nit && a->it[k + 1].seg == a->it[k].seg) ? k + 1 : -1;
}

static int prev_in_seg(const assigner *a, int k)
{
    return (k > 0 && a->it[k - 1].seg == a->it[k].seg) ? k - 1 : -1;
}

static int is_free(const assigner *a, int k, int type)
{
    return k >= 0 && a->it[k].state == DC_IS_FREE && a->it[k].type == type;
}

static dc_span str_span(const char *s)
{
    return dc_span_of(s, strlen(s));
}

static void use(assigner *a, int k)
{
    if (k >= 0)
        a->it[k].state = DC_IS_USED;
}

static const dc_token *first_tok(const assigner *a, int k)
{
    return &a->tok[a->it[k].first];
}

static int item_adjectival(const assigner *a, int k)
{
    const dc_token *t = &a->tok[a->it[k].first + a->it[k].count - 1];

    return dc_ends_adjectival(t->text, t->len);
}

/* A known city spelled by the whole item or by its first words. */
static int item_starts_with_city(const assigner *a, int k)
{
    int n = a->it[k].count < DC_NAME_MAX_TOKENS ? a->it[k].count : DC_NAME_MAX_TOKENS;
    int found = 0;

    for (; n >= 1 && !found; n--)
        found = dc_tokens_city(a->d, a->tok, a->it[k].first, n) != NULL;
    return found;
}

/* The value after a house-part word: "2", "б", or "у2" (letter glued to digits). */
static dc_span item_value(assigner *a, int k)
{
    const dc_token *t = first_tok(a, k);
    int nx = next_in_seg(a, k);
    dc_span v = dc_span_of(t->text, t->len);

    if (a->it[k].type == DC_IT_LETTER && is_free(a, nx, DC_IT_NUM) && a->it[nx].first == a->it[k].first + 1 &&
        (a->tok[a->it[nx].first].flags & DC_TF_GLUED)) {
        size_t start = a->sc->used;

        dc_scratch_put(a->sc, t->text, t->len);
        dc_scratch_put(a->sc, a->tok[a->it[nx].first].text, a->tok[a->it[nx].first].len);
        v = dc_scratch_end(a->sc, start);
        use(a, nx);
    }
    return v;
}

static void set_once(dc_span *part, dc_span v)
{
    if (part->s == NULL && v.n > 0)
        *part = v;
}

/* Whether item v can be the value of a part word closing the house token. */
static int tail_takes(const assigner *a, const dc_house_tail *tail, int v)
{
    uint8_t roles = tail->kw->house_roles;
    int ok = 0;

    if (is_free(a, v, DC_IT_LETTER))
        ok = (roles & (DC_KW_KORPUS | DC_KW_STROENIE | DC_KW_LETTER)) != 0;
    else if (is_free(a, v, DC_IT_NUM) && first_tok(a, v)->len != 6)
        ok = (roles & (DC_KW_KORPUS | DC_KW_STROENIE)) || tail->kw->flat_type;
    return ok;
}

static void set_house(assigner *a, int k)
{
    const dc_token *t = first_tok(a, k);
    dc_house_tail tail;
    int nx = next_in_seg(a, k);

    if (dc_parse_house_token(a->d, t->text, t->len, a->sc, a->p, &tail))
        a->house_item = k;
    use(a, k);
    /*
     * "2к.а", "5лит. А", "5к 2": a part word closing the house token takes
     * the letter or number after it as its value (else it stays the letter).
     */
    if (tail.kw != NULL && nx >= 0 && a->it[nx].first == a->it[k].first + 1 && tail_takes(a, &tail, nx)) {
        if (tail.set_letter)
            a->p->letter = dc_span_of(NULL, 0);
        dc_house_part_value(tail.kw, item_value(a, nx), a->p);
        use(a, nx);
    } else if (tail.alt_kw != NULL) {
        if (tail.alt_letter.s != NULL)
            set_once(&a->p->letter, tail.alt_letter);
        dc_house_part_value(tail.alt_kw, tail.alt_value, a->p);
    }
}

/* "д 5", "к 2", "к Б", "стр У2", "лит А", "кв 12"; returns 1 when the word took its value. */
static int house_part(assigner *a, int k, int v)
{
    const dc_keyword *kw = a->it[k].kw;
    int is_num = a->it[v].type == DC_IT_NUM, is_letter = a->it[v].type == DC_IT_LETTER;
    int took = 1;

    if ((kw->house_roles & DC_KW_HOUSE) && is_num) {
        /* A number after "д." beats a bare number taken for the house earlier. */
        if (a->p->house.s != NULL && !a->house_explicit) {
            a->p->house.s = NULL;
            a->p->letter.s = NULL;
        }
        if (a->p->house.s == NULL) {
            set_house(a, v);
            a->house_explicit = 1;
        }
    } else if ((kw->house_roles & DC_KW_HOUSE) && is_letter) {
        set_once(&a->p->letter, item_value(a, v)); /* "дом Б": a house known by its letter only */
    } else if ((kw->house_roles & DC_KW_KORPUS) && (is_num || is_letter)) {
        dc_span val = item_value(a, v);

        /* "к" after a korpus was given is the flat: "5 к 2 к 12". */
        if (a->p->korpus.s == NULL) {
            a->p->korpus = val;
        } else if (kw->flat_type && a->p->flat.s == NULL) {
            a->p->flat = val;
            a->p->flat_type = str_span(kw->flat_type);
        }
    } else if ((kw->house_roles & DC_KW_STROENIE) && (is_num || is_letter)) {
        /* "с 1" is строение only after a house number: before one, "с" is село. */
        if (kw->city_type != NULL && a->p->house.s == NULL)
            took = 0;
        else
            set_once(&a->p->stroenie, item_value(a, v));
    } else if ((kw->house_roles & DC_KW_LETTER) && (is_num || is_letter)) {
        set_once(&a->p->letter, item_value(a, v));
    } else if (kw->flat_type && is_num) {
        if (a->p->flat.s == NULL) {
            a->p->flat = item_value(a, v);
            a->p->flat_type = str_span(kw->flat_type);
        }
    } else {
        took = 0;
    }
    if (took) {
        use(a, k);
        use(a, v);
    }
    return took;
}

static comp *add_comp(assigner *a, int item, const dc_keyword *kw, int role)
{
    comp *c = NULL;

    if (a->ncomp < DC_MAX_TOKENS) {
        c = &a->comps[a->ncomp++];
        memset(c, 0, sizeof *c);
        c->kw = kw;
        c->item = item;
        c->pre_item = -1;
        c->post_item = -1;
        c->first = a->it[item].first;
        c->count = a->it[item].count;
        c->role = (uint8_t)role;
        a->roles |= ROLE_BIT(role);
    }
    return c;
}

static int ordinal_only(const assigner *a, int k)
{
    return a->it[k].count == 1 && first_tok(a, k)->ordinal;
}

/*
 * A type word at item k (pv, nx: its neighbours in its segment, or -1): takes
 * the name after it (prefix) or before it (postfix).
 */
static void type_word(assigner *a, int k, int pv, int nx)
{
    const dc_keyword *kw = a->it[k].kw;
    int P = (is_free(a, pv, DC_IT_NAME) && a->it[pv].first + a->it[pv].count == a->it[k].first) ? pv : -1;
    int N = is_free(a, nx, DC_IT_NAME) ? nx : -1;
    int role, name = -1, pre = -1, post = -1;
    comp *c;

    if (kw->region_type)
        role = COMP_REGION;
    else if (kw->district_type)
        role = COMP_DISTRICT;
    else if (kw->city_type)
        role = COMP_CITY;
    else
        role = COMP_STREET;
    if (P >= 0 && N >= 0) {
        int n_city = item_starts_with_city(a, N);

        if (role == COMP_STREET && ordinal_only(a, P)) {
            name = N;
            pre = P;
        } else if (role == COMP_STREET && item_adjectival(a, P) && first_tok(a, N)->kind == DC_TOK_NUM) {
            name = P; /* "Московский тракт 10 км" */
            post = N;
        } else if ((role == COMP_STREET || (role == COMP_CITY && kw->street_type)) && n_city) {
            name = P; /* "Малышева ул Екатеринбург" */
        } else if ((role == COMP_REGION || role == COMP_DISTRICT) && (item_adjectival(a, P) || n_city)) {
            name = P; /* "Свердловская обл Екатеринбург" */
        } else if (role == COMP_CITY && item_starts_with_city(a, P) &&
                   dc_tokens_city(a->d, a->tok, a->it[P].first, a->it[P].count)) {
            name = P; /* "Екатеринбург г Малышева" */
        } else {
            name = N;
        }
    } else if (N >= 0) {
        name = N;
    } else if (P >= 0) {
        name = P;
    }
    c = name >= 0 ? add_comp(a, name, kw, role) : NULL;
    if (c != NULL) {
        c->pre_item = pre;
        c->post_item = post;
        c->postfix = name == P;
        use(a, k);
        use(a, name);
        use(a, pre);
        use(a, post);
    }
}

static void keyword_item(assigner *a, int k)
{
    const dc_keyword *kw = a->it[k].kw;
    int nx = next_in_seg(a, k), pv = prev_in_seg(a, k);
    int took = (kw->house_roles || kw->flat_type) && nx >= 0 && a->it[nx].state == DC_IS_FREE &&
               (a->it[nx].type == DC_IT_NUM || a->it[nx].type == DC_IT_LETTER) && house_part(a, k, nx);

    if (!took && kw->country) {
        set_once(&a->p->country, str_span(kw->country));
        use(a, k);
    } else if (!took && dc_keyword_has_type(kw)) {
        type_word(a, k, pv, nx);
    }
    /* "5 к", "5 с": a one-letter word after the house with nothing to introduce is its letter. */
    if (a->it[k].state == DC_IS_FREE && a->it[k].count == 1 && dc_token_is_letter(first_tok(a, k)) &&
        a->house_item >= 0 && pv == a->house_item && a->p->letter.s == NULL) {
        a->p->letter = dc_span_of(first_tok(a, k)->text, first_tok(a, k)->len);
        use(a, k);
    }
}

static int is_postcode(const dc_token *t)
{
    return t->len == 6 && t->all_digits;
}

static void number_item(assigner *a, int k)
{
    const dc_token *t = first_tok(a, k);

    if (is_postcode(t) && a->p->postcode.s == NULL) {
        a->p->postcode = dc_span_of(t->text, t->len);
        use(a, k);
    } else if (a->p->house.s == NULL) {
        set_house(a, k);
    } else if (a->p->flat.s == NULL) {
        /* "Малышева 5, 12": a second bare number is most likely the flat. */
        a->p->flat = dc_span_of(t->text, t->len);
        a->p->flat_type = str_span("кв");
        a->p->flags |= DOMCOV_ADDR_AMBIGUOUS;
        use(a, k);
    }
}

static void letter_item(assigner *a, int k)
{
    int pv = prev_in_seg(a, k), nx = next_in_seg(a, k);
    int alone_after_house = pv < 0 && nx < 0 && a->house_item >= 0 && a->house_item == k - 1;

    if (a->p->house.s != NULL && a->p->letter.s == NULL && ((pv >= 0 && pv == a->house_item) || alone_after_house)) {
        a->p->letter = dc_span_of(first_tok(a, k)->text, first_tok(a, k)->len);
        use(a, k);
    }
}

/* Splits a comp at token `at`: the tail becomes a new untyped comp after it. */
static void split_comp(assigner *a, int ci, int at)
{
    comp *c = &a->comps[ci];

    /* Never full: there are fewer comps than tokens.  Checked all the same. */
    if (a->ncomp < DC_MAX_TOKENS) {
        comp tail = *c;

        tail.kw = NULL;
        tail.role = COMP_UNTYPED;
        tail.pre_item = -1;
        tail.post_item = -1;
        tail.city = NULL;
        tail.region = NULL;
        tail.first = (uint16_t)at;
        tail.count = (uint16_t)(c->first + c->count - at);
        c->count = (uint16_t)(at - c->first);
        memmove(&a->comps[ci + 2], &a->comps[ci + 1], (size_t)(a->ncomp - ci - 1) * sizeof tail);
        a->comps[ci + 1] = tail;
        a->ncomp++;
        a->roles |= ROLE_BIT(COMP_UNTYPED);
    }
}

static const dc_known_city *comp_city(const assigner *a, int first, int count)
{
    return dc_tokens_city(a->d, a->tok, first, count);
}

/* A known city inside tokens [first, first + count): its start and length, or 0. */
static int find_city(const assigner *a, int first, int count, int *at)
{
    int found = 0;

    for (int s = first; s < first + count && found == 0; s++) {
        int max = first + count - s < DC_NAME_MAX_TOKENS ? first + count - s : DC_NAME_MAX_TOKENS;

        for (int n = max; n >= 1 && found == 0; n--)
            if (comp_city(a, s, n) != NULL) {
                *at = s;
                found = n;
            }
    }
    return found;
}

/* Cuts the known city out of comp ci, by the rules of split_cities: the cut parts follow it. */
static void split_city_out(assigner *a, int ci)
{
    comp *c = &a->comps[ci];
    int at = 0, n;
    const dc_token *before;

    if (c->count < 2 || c->role == COMP_REGION || c->role == COMP_DISTRICT ||
        comp_city(a, c->first, c->count) != NULL)
        return;
    n = find_city(a, c->first, c->count, &at);
    if (n == 0)
        return;
    before = at > c->first ? &a->tok[at - 1] : NULL;
    if (before != NULL && dc_ends_adjectival(before->text, before->len) &&
        dc_tokens_region(a->d, a->tok, c->first, at - c->first) == NULL)
        return;
    if (c->role == COMP_CITY && at == c->first) {
        split_comp(a, ci, at + n); /* "г Екатеринбург Малышева" */
    } else if (c->role == COMP_STREET && at > c->first && at + n == c->first + c->count) {
        split_comp(a, ci, at); /* "ул Малышева Екатеринбург" */
    } else if (c->role == COMP_UNTYPED) {
        if (at + n < c->first + c->count)
            split_comp(a, ci, at + n);
        if (at > c->first)
            split_comp(a, ci, at);
    }
}

/*
 * "Екатеринбург Малышева", "Малышева Екатеринбург", "Свердловская Екатеринбург
 * Малышева" without commas: a known city inside a longer name is cut out of
 * it.  Not after an adjective, unless that is a region: "Верхняя Сысерть" is
 * another settlement than Сысерть.
 */
static void split_cities(assigner *a)
{
    for (int ci = 0; ci < a->ncomp; ci++) {
        comp *c = &a->comps[ci];

        split_city_out(a, ci);
        /* Comp ci is final now (later cuts only move the comps after it).  Only untyped
         * names need both lookups; typed ones only for their canonical spelling. */
        if (c->role == COMP_UNTYPED || c->role == COMP_CITY)
            c->city = comp_city(a, c->first, c->count);
        if (c->role == COMP_UNTYPED || c->role == COMP_REGION)
            c->region = dc_tokens_region(a->d, a->tok, c->first, c->count);
    }
}

static int token_dropped_in_street(const assigner *a, const dc_token *t)
{
    const dc_keyword *kw = t->kw_known ? t->word_kw : dc_tokens_keyword(a->d, t, 0, 1);

    return kw != NULL && (kw->drop & DC_DROP_IN_STREET);
}

/* Writes a token as it goes into a name: ordinals as "N-я". */
static void put_token(assigner *a, const dc_token *t)
{
    if (t->ordinal) {
        size_t digits = 0;
        const char *suffix = dc_ordinal_suffix_text(t->ordinal);

        while (digits < t->len && t->text[digits] >= '0' && t->text[digits] <= '9')
            digits++;
        dc_scratch_put(a->sc, t->text, digits);
        dc_scratch_put(a->sc, "-", 1);
        dc_scratch_put(a->sc, suffix, strlen(suffix));
    } else {
        dc_scratch_put(a->sc, t->text, t->len);
    }
}

/*
 * The token a name of one token is, when it goes into the name unchanged
 * (most names): the name is then its text, not a copy; else NULL.
 */
static const dc_token *plain_token(const assigner *a, const comp *c, int street)
{
    const dc_token *t = &a->tok[c->first];
    int plain = c->count == 1 && c->pre_item < 0 && c->post_item < 0 && !t->skip && !t->ordinal &&
                !(street && token_dropped_in_street(a, t));

    return plain ? t : NULL;
}

/*
 * Joins the tokens of a name.  For streets the ordinal goes first
 * ("Амурская 10-я" → "10-я амурская") and "им"/"имени" is dropped.
 */
static dc_span join_name(assigner *a, const comp *c, int street)
{
    size_t start = a->sc->used;
    int ord = -1, any = 0;
    int first = c->first, last = c->first + c->count;
    dc_span result;

    if (c->pre_item >= 0)
        ord = a->it[c->pre_item].first;
    for (int i = first; street && ord < 0 && i < last; i++)
        if (a->tok[i].ordinal && !a->tok[i].skip)
            ord = i;
    if (street && ord >= 0) {
        put_token(a, &a->tok[ord]);
        any = 1;
    }
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1) {
            if (c->post_item < 0)
                break;
            first = a->it[c->post_item].first;
            last = first + a->it[c->post_item].count;
        }
        for (int i = first; i < last; i++) {
            const dc_token *t = &a->tok[i];

            if (t->skip || (street && i == ord) || (street && token_dropped_in_street(a, t)))
                continue;
            if (any)
                dc_scratch_put(a->sc, " ", 1);
            put_token(a, t);
            any = 1;
        }
    }
    if (any) {
        result = dc_scratch_end(a->sc, start);
    } else {
        result.s = NULL;
        result.n = 0;
    }
    return result;
}

/* The text of a name (see join_name). */
static dc_span build_name(assigner *a, const comp *c, int street)
{
    const dc_token *plain = plain_token(a, c, street);

    return plain != NULL ? dc_span_of(plain->text, plain->len) : join_name(a, c, street);
}

static void set_region(assigner *a, comp *c)
{
    if (c->region != NULL) {
        a->p->region = str_span(c->region->name);
        a->p->region_type = str_span(c->kw && c->kw->region_type ? c->kw->region_type : c->region->type);
    } else {
        a->p->region = build_name(a, c, 0);
        if (a->p->region.s != NULL && c->kw)
            a->p->region_type = str_span(c->kw->region_type);
    }
    c->used = 1;
}

static void set_city(assigner *a, comp *c)
{
    if (c->city != NULL) {
        a->p->city = dc_span_of(c->city->name, c->city->name_len);
        a->p->city_type = c->kw ? dc_span_of(c->kw->city_type, c->kw->city_type_len)
                                : dc_span_of(c->city->type, c->city->type_len);
    } else {
        a->p->city = build_name(a, c, 0);
        if (a->p->city.s != NULL && c->kw)
            a->p->city_type = dc_span_of(c->kw->city_type, c->kw->city_type_len);
    }
    c->used = 1;
}

static void set_street(assigner *a, comp *c)
{
    a->p->street = build_name(a, c, 1);
    if (a->p->street.s != NULL && c->kw) {
        if (c->kw->street_type && !(c->settlement && c->kw->city_type)) {
            a->p->street_type = dc_span_of(c->kw->street_type, c->kw->street_type_len);
            if (c->kw->ambiguous & DC_AMB_STREET)
                a->p->flags |= DOMCOV_ADDR_AMBIGUOUS;
        } else {
            /* A settlement in the street's place: "г. Омск, пос. Биофабрика, д. 1". */
            a->p->street_type = dc_span_of(c->kw->city_type, c->kw->city_type_len);
        }
    }
    c->used = 1;
}

/* Regions and districts, typed or by a dictionary name. */
static void assign_regions(assigner *a)
{
    for (int ci = 0; (has_role(a, COMP_REGION) || has_role(a, COMP_DISTRICT)) && ci < a->ncomp; ci++) {
        comp *c = &a->comps[ci];

        if (c->role == COMP_REGION && a->p->region.s == NULL)
            set_region(a, c);
        else if (c->role == COMP_DISTRICT && a->p->district.s == NULL) {
            a->p->district = build_name(a, c, 0);
            if (a->p->district.s != NULL)
                a->p->district_type = str_span(c->kw->district_type);
            c->used = 1;
        }
    }
    for (int ci = 0; has_role(a, COMP_UNTYPED) && ci < a->ncomp; ci++) {
        comp *c = &a->comps[ci];
        const dc_token *last = &a->tok[c->first + c->count - 1];
        int city_follows = 0;

        if (c->role != COMP_UNTYPED || c->used || c->region == NULL)
            continue;
        if (a->p->region.s != NULL) {
            /* "Ханты-Мансийский АО - Югра": the second name of the region. */
            if (dc_span_is(a->p->region, c->region->name))
                c->used = 1;
            continue;
        }
        for (int k = ci + 1; k < a->ncomp; k++)
            if (a->comps[k].role == COMP_CITY || a->comps[k].role == COMP_STREET || a->comps[k].city)
                city_follows = 1;
        /* "Свердловская" alone may be a street; before a city it is the region. */
        if (!dc_ends_adjectival(last->text, last->len) || city_follows) {
            a->p->region = str_span(c->region->name);
            a->p->region_type = str_span(c->region->type);
            c->used = 1;
        }
    }
}

/* Picks, among free comps of a role, the last one before the house or else the first after it. */
static comp *pick_near_house(assigner *a, int role, int house_pos)
{
    comp *best = NULL;

    for (int ci = 0; has_role(a, role) && ci < a->ncomp; ci++) {
        comp *c = &a->comps[ci];

        if (c->role != role || c->used)
            continue;
        if (c->item < house_pos || best == NULL)
            best = c;
    }
    return best;
}

/*
 * "Аппаратная ст., д. 1, Екатеринбург", "Биофабрика п., д. 1, Омск": a
 * settlement typed after its name, before the house, in a text that names a
 * known city elsewhere and no street is the street of that city (the
 * register's "г. Екатеринбург, ст. Аппаратная"), typed by its settlement type.
 */
static void postfix_settlement_as_street(assigner *a, int house_pos)
{
    comp *settlement = NULL;
    int known_city = 0;

    for (int ci = 0; ci < a->ncomp; ci++) {
        comp *c = &a->comps[ci];

        if (c->used)
            continue;
        if (c->role == COMP_STREET)
            return;
        if (c->role == COMP_CITY && c->postfix && c->city == NULL && c->item < house_pos && settlement == NULL)
            settlement = c;
        else if (c->city != NULL && (c->role == COMP_UNTYPED || c->role == COMP_CITY))
            known_city = 1;
        else if (c->role == COMP_CITY && !c->postfix && strcmp(c->kw->city_type, "г") == 0)
            known_city = 1;
    }
    if (settlement != NULL && known_city) {
        settlement->role = COMP_STREET;
        settlement->settlement = 1;
        a->roles |= ROLE_BIT(COMP_STREET);
    }
}

static void assign_places(assigner *a)
{
    int house_pos = a->house_item >= 0 ? a->house_item : a->nit;
    comp *street, *city = NULL;

    /* Only a settlement (COMP_CITY) can become the street. */
    if (has_role(a, COMP_CITY))
        postfix_settlement_as_street(a, house_pos);

    /* The city: the first settlement, typed or known by name. */
    for (int ci = 0; ci < a->ncomp && city == NULL; ci++) {
        comp *c = &a->comps[ci];

        if (!c->used && (c->role == COMP_CITY || (c->role == COMP_UNTYPED && c->city != NULL)))
            city = c;
    }
    /* A town inside a city ("г Москва, г Зеленоград") is the more precise city. */
    for (int ci = 0; city != NULL && has_role(a, COMP_CITY) && ci < a->ncomp; ci++) {
        comp *c = &a->comps[ci];

        if (!c->used && c != city && c->item > city->item && c->role == COMP_CITY && c->item < house_pos &&
            strcmp(c->kw->city_type, "г") == 0) {
            city->used = 1;
            city = c;
        }
    }
    if (city != NULL)
        set_city(a, city);
    street = pick_near_house(a, COMP_STREET, house_pos);
    /* A second settlement where the street goes: "г. Омск, пос. Биофабрика, д. 1". */
    if (street == NULL)
        street = pick_near_house(a, COMP_CITY, house_pos);
    if (street == NULL)
        street = pick_near_house(a, COMP_UNTYPED, house_pos);
    if (street != NULL)
        set_street(a, street);
    /* An unknown settlement written without a type: "Верхняя Сысерть, Ленина 5". */
    for (int ci = 0; has_role(a, COMP_UNTYPED) && ci < a->ncomp && a->p->city.s == NULL; ci++) {
        comp *c = &a->comps[ci];

        if (c->role == COMP_UNTYPED && !c->used)
            set_city(a, c);
    }
}

static void sort_comps(assigner *a)
{
    /* Nearly always in order already: a comp is copied only when it is not. */
    for (int i = 1; i < a->ncomp; i++) {
        comp c;
        int j = i;

        if (a->comps[i - 1].item < a->comps[i].item)
            continue;
        c = a->comps[i];
        while (j > 0 && a->comps[j - 1].item > c.item) {
            a->comps[j] = a->comps[j - 1];
            j--;
        }
        a->comps[j] = c;
    }
}

void dc_assign_parts(const dc_dicts *d, dc_token_list *tokens, dc_item_list *items, dc_scratch *sc,
                     dc_parts *out)
{
    assigner a;

    /* Not memset: comps[] is large and only its first ncomp entries are read. */
    a.d = d;
    a.ncomp = 0;
    a.roles = 0;
    a.house_explicit = 0;
    a.tok = tokens->tok;
    a.it = items->item;
    a.nit = items->count;
    a.p = out;
    a.sc = sc;
    a.house_item = -1;
    for (int k = 0; k < items->count; k++) {
        const dc_item *it = &items->item[k];

        if (it->state == DC_IS_FREE && it->type == DC_IT_KW)
            keyword_item(&a, k);
        else if (it->state == DC_IS_FREE && it->type == DC_IT_NUM)
            number_item(&a, k);
        else if (it->state == DC_IS_FREE && it->type == DC_IT_LETTER)
            letter_item(&a, k);
    }
    for (int k = 0; k < items->count; k++)
        if (items->item[k].state == DC_IS_FREE && items->item[k].type == DC_IT_NAME)
            add_comp(&a, k, NULL, COMP_UNTYPED);
    sort_comps(&a);
    split_cities(&a);
    assign_regions(&a);
    assign_places(&a);
    if (tokens->latin_words > 0)
        out->flags |= DOMCOV_ADDR_TRANSLITERATED;
}
