/*
 * The parts of an address while it is being parsed: spans into the token
 * texts, the dictionaries or the parser's scratch buffer.
 */
#ifndef DC_NORMALIZE_PARTS_H
#define DC_NORMALIZE_PARTS_H

#include <stddef.h>
#include <string.h>

typedef struct dc_span {
    const char *s; /* NULL: the part is absent */
    size_t n;
} dc_span;

typedef struct dc_parts {
    dc_span postcode, country;
    dc_span region, region_type, district, district_type;
    dc_span city, city_type, street, street_type;
    dc_span house, letter, korpus, stroenie, flat, flat_type;
    int flags; /* DOMCOV_ADDR_* */
} dc_parts;

static inline dc_span dc_span_of(const char *s, size_t n)
{
    dc_span sp = {s, n};

    return sp;
}

/* Whether a span holds exactly s: spans may point into the folded text, with no NUL after them. */
static inline int dc_span_is(dc_span sp, const char *s)
{
    return sp.s != NULL && sp.n == strlen(s) && memcmp(sp.s, s, sp.n) == 0;
}

/* Where the parser writes the parts it has to build (joined names). */
typedef struct dc_scratch {
    char *buf;
    size_t used, cap;
} dc_scratch;

/*
 * Appends s to the scratch buffer as part of the string begun at `start`
 * (a previous sc->used); silently truncates when the buffer is full.
 */
static inline void dc_scratch_put(dc_scratch *sc, const char *s, size_t n)
{
    if (sc->used + n + 1 > sc->cap)
        n = sc->used + 1 < sc->cap ? sc->cap - sc->used - 1 : 0;
    memcpy(sc->buf + sc->used, s, n);
    sc->used += n;
}

/* Ends the string begun at start: NUL-terminates it and returns its span. */
static inline dc_span dc_scratch_end(dc_scratch *sc, size_t start)
{
    dc_span sp = {sc->buf + start, sc->used - start};

    if (sc->used < sc->cap)
        sc->buf[sc->used++] = '\0';
    return sp;
}

#endif
