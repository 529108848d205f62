/*
 * A bounded text buffer for the tests and benchmarks that write address
 * texts (tests/quality/quality_report.c, bench/bench_addresses.c): text that
 * does not fit is cut, never overflows.  The includer defines TEXT_MAX, the
 * buffer's size in bytes, first.
 */
#ifndef DOMCOV_TEST_TEXT_BUF_H
#define DOMCOV_TEST_TEXT_BUF_H

#ifndef TEXT_MAX
#error "define TEXT_MAX before including text_buf.h"
#endif

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

typedef struct sbuf {
    char s[TEXT_MAX];
    size_t len;
} sbuf;

/* Whether s has text. */
static inline int nz(const char *s)
{
    return s != NULL && *s != '\0';
}

static inline void sb_reset(sbuf *b)
{
    b->len = 0;
    b->s[0] = '\0';
}

static inline void sb_add(sbuf *b, const char *s)
{
    size_t n = strlen(s), room = b->len < sizeof b->s ? sizeof b->s - 1 - b->len : 0;
    if (n > room)
        n = room;
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static inline void sb_addf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static inline void sb_addf(sbuf *b, const char *fmt, ...)
{
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(b->s + b->len, sizeof b->s - b->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        b->len += (size_t)n < sizeof b->s - b->len ? (size_t)n : sizeof b->s - 1 - b->len;
}

#endif
