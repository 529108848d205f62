/* A growable NUL-terminated byte buffer. */
#ifndef DC_STRBUF_H
#define DC_STRBUF_H

#include <stddef.h>

typedef struct dc_strbuf {
    char *data;   /* always NUL-terminated once anything was added; NULL before */
    size_t len;
    size_t cap;
    int failed;   /* set when an allocation failed; later appends do nothing */
    int borrowed; /* data is the caller's buffer (dc_strbuf_init_with): copied out when it grows, never freed */
} dc_strbuf;

#define DC_STRBUF_INIT {NULL, 0, 0, 0, 0}

/* Starts sb empty in the caller's buf of cap bytes (cap >= 1): no allocation
 * until it outgrows buf.  dc_strbuf_free is still needed. */
void dc_strbuf_init_with(dc_strbuf *sb, char *buf, size_t cap);

int dc_strbuf_reserve(dc_strbuf *sb, size_t extra);        /* 0 ok, -1 no memory */
int dc_strbuf_append(dc_strbuf *sb, const char *s, size_t n);
int dc_strbuf_puts(dc_strbuf *sb, const char *s);
int dc_strbuf_putc(dc_strbuf *sb, char c);
int dc_strbuf_printf(dc_strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void dc_strbuf_clear(dc_strbuf *sb);                        /* len = 0, keeps memory */
char *dc_strbuf_take(dc_strbuf *sb);                        /* hands over data ("" if empty) */
void dc_strbuf_free(dc_strbuf *sb);

#endif
