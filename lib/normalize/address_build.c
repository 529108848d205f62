/* Copies parsed parts into one domcov_address allocation with its canonical string. */
#include "normalize/address_build.h"

#include <stdlib.h>
#include <string.h>

/* Appends to out when it is not NULL; always counts. */
typedef struct writer {
    char *out;
    size_t len;
    int parts; /* parts written so far: ", " goes between them */
} writer;

static void put(writer *w, const char *s, size_t n)
{
    if (w->out != NULL)
        memcpy(w->out + w->len, s, n);
    w->len += n;
}

static void put_span(writer *w, dc_span sp)
{
    put(w, sp.s, sp.n);
}

static void begin_part(writer *w)
{
    if (w->parts++ > 0)
        put(w, ", ", 2);
}

/* "type name", or "name type" for adjective names ("свердловская обл"). */
static void put_typed(writer *w, dc_span name, dc_span type, int type_first)
{
    if (name.s == NULL)
        return;
    begin_part(w);
    if (type.s != NULL && type_first) {
        put_span(w, type);
        put(w, " ", 1);
    }
    put_span(w, name);
    if (type.s != NULL && !type_first) {
        put(w, " ", 1);
        put_span(w, type);
    }
}

static void put_house(writer *w, const dc_parts *p)
{
    int any = 0;

    if (p->house.s == NULL && p->letter.s == NULL && p->korpus.s == NULL && p->stroenie.s == NULL)
        return;
    begin_part(w);
    if (p->house.s != NULL) {
        put(w, "д ", strlen("д "));
        put_span(w, p->house);
        if (p->letter.s != NULL)
            put_span(w, p->letter);
        any = 1;
    } else if (p->letter.s != NULL) {
        put(w, "лит ", strlen("лит "));
        put_span(w, p->letter);
        any = 1;
    }
    if (p->korpus.s != NULL) {
        if (any)
            put(w, " ", 1);
        put(w, "к ", strlen("к "));
        put_span(w, p->korpus);
        any = 1;
    }
    if (p->stroenie.s != NULL) {
        if (any)
            put(w, " ", 1);
        put(w, "стр ", strlen("стр "));
        put_span(w, p->stroenie);
    }
}

size_t dc_canonical_write(const dc_parts *p, char *out)
{
    writer w = {out, 0, 0};

    if (p->postcode.s != NULL) {
        begin_part(&w);
        put_span(&w, p->postcode);
    }
    if (p->country.s != NULL) {
        begin_part(&w);
        put_span(&w, p->country);
    }
    put_typed(&w, p->region, p->region_type,
              dc_span_is(p->region_type, "респ") || dc_span_is(p->region_type, "г"));
    put_typed(&w, p->district, p->district_type, 0);
    put_typed(&w, p->city, p->city_type, 1);
    put_typed(&w, p->street, p->street_type, 1);
    put_house(&w, p);
    put_typed(&w, p->flat, p->flat_type, 1);
    if (out != NULL)
        out[w.len] = '\0';
    return w.len;
}

/* Copies a span into the string area; NULL stays NULL. */
static const char *copy_part(char **area, dc_span sp)
{
    char *s = NULL;

    if (sp.s != NULL) {
        s = *area;
        memcpy(s, sp.s, sp.n);
        s[sp.n] = '\0';
        *area += sp.n + 1;
    }
    return s;
}

/*
 * What dc_canonical_write adds to the parts' own bytes, at most: ", " between
 * eight parts (14), a space in five typed parts (5), and in the house "лит "
 * or "д " (7), " к " (4) and " стр " (8).  38; the margin costs nothing.
 */
#define CANONICAL_EXTRA 64

int dc_address_build(const dc_parts *p, void *buf, size_t cap, int no_canonical, domcov_address **out,
                     size_t *size)
{
    const dc_span *spans[] = {&p->postcode, &p->country, &p->region, &p->region_type,
                              &p->district, &p->district_type, &p->city, &p->city_type,
                              &p->street, &p->street_type, &p->house, &p->letter,
                              &p->korpus, &p->stroenie, &p->flat, &p->flat_type};
    /* The canonical string holds each part once: sized from the parts, it is written
     * once, straight into the block, instead of measured first. */
    size_t total = sizeof(domcov_address) + CANONICAL_EXTRA + 1;
    domcov_address *a;
    char *area;
    int rc = DOMCOV_ERR_NOMEM;

    *out = NULL;
    for (size_t i = 0; i < sizeof spans / sizeof spans[0]; i++)
        if (spans[i]->s != NULL)
            total += 2 * spans[i]->n + 1;
    a = total <= cap ? buf : malloc(total);
    if (a == NULL)
        goto cleanup;
    area = (char *)(a + 1);
    a->canonical = no_canonical ? NULL : area;
    if (!no_canonical)
        area += dc_canonical_write(p, area) + 1;
    a->postcode = copy_part(&area, p->postcode);
    a->country = copy_part(&area, p->country);
    a->region = copy_part(&area, p->region);
    a->region_type = copy_part(&area, p->region_type);
    a->district = copy_part(&area, p->district);
    a->district_type = copy_part(&area, p->district_type);
    a->city = copy_part(&area, p->city);
    a->city_type = copy_part(&area, p->city_type);
    a->street = copy_part(&area, p->street);
    a->street_type = copy_part(&area, p->street_type);
    a->house = copy_part(&area, p->house);
    a->letter = copy_part(&area, p->letter);
    a->korpus = copy_part(&area, p->korpus);
    a->stroenie = copy_part(&area, p->stroenie);
    a->flat = copy_part(&area, p->flat);
    a->flat_type = copy_part(&area, p->flat_type);
    a->flags = p->flags;
    *out = a;
    *size = (size_t)(area - (char *)a); /* what is used: a copy (dc_address_copy) takes no more */
    rc = DOMCOV_OK;
cleanup:
    return rc;
}

/* A pointer of the block at src, moved to the same offset in the block at dst. */
static const char *moved(const char *s, const domcov_address *src, domcov_address *dst)
{
    return s ? (const char *)dst + (s - (const char *)src) : NULL;
}

domcov_address *dc_address_copy(const domcov_address *a, size_t size, void *dst)
{
    domcov_address *o = dst;

    /* One block (see dc_address_build): copy it whole, then move its pointers. */
    memcpy(o, a, size);
    o->canonical = moved(a->canonical, a, o);
    o->postcode = moved(a->postcode, a, o);
    o->country = moved(a->country, a, o);
    o->region = moved(a->region, a, o);
    o->region_type = moved(a->region_type, a, o);
    o->district = moved(a->district, a, o);
    o->district_type = moved(a->district_type, a, o);
    o->city = moved(a->city, a, o);
    o->city_type = moved(a->city_type, a, o);
    o->street = moved(a->street, a, o);
    o->street_type = moved(a->street_type, a, o);
    o->house = moved(a->house, a, o);
    o->letter = moved(a->letter, a, o);
    o->korpus = moved(a->korpus, a, o);
    o->stroenie = moved(a->stroenie, a, o);
    o->flat = moved(a->flat, a, o);
    o->flat_type = moved(a->flat_type, a, o);
    return o;
}
