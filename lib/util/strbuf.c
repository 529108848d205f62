/* A growable NUL-terminated byte buffer. */
#include "strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void dc_strbuf_init_with(dc_strbuf *sb, char *buf, size_t cap)
{
    sb->data = buf;
    sb->data[0] = '\0';
    sb->len = 0;
    sb->cap = cap;
    sb->failed = 0;
    sb->borrowed = 1;
}

int dc_strbuf_reserve(dc_strbuf *sb, size_t extra)
{
    size_t need, cap;
    char *p;

    if (sb->failed)
        return -1;
    need = sb->len + extra + 1;
    if (need <= sb->cap)
        return 0;
    cap = sb->cap ? sb->cap : 64;
    while (cap < need)
        cap *= 2;
    p = sb->borrowed ? malloc(cap) : realloc(sb->data, cap);
    if (p == NULL) {
        sb->failed = 1;
        return -1;
    }
    if (sb->borrowed)
        memcpy(p, sb->data, sb->len + 1);
    sb->borrowed = 0;
    sb->data = p;
    sb->cap = cap;
    return 0;
}

int dc_strbuf_append(dc_strbuf *sb, const char *s, size_t n)
{
    if (dc_strbuf_reserve(sb, n) != 0)
        return -1;
    if (n > 0)
        memcpy(sb->data + sb->len, s, n);
    sb->len += n;
    sb->data[sb->len] = '\0';
    return 0;
}

int dc_strbuf_puts(dc_strbuf *sb, const char *s)
{
    return dc_strbuf_append(sb, s, strlen(s));
}

int dc_strbuf_putc(dc_strbuf *sb, char c)
{
    return dc_strbuf_append(sb, &c, 1);
}

int dc_strbuf_printf(dc_strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || dc_strbuf_reserve(sb, (size_t)n) != 0)
        return -1;
    va_start(ap, fmt);
    vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb->len += (size_t)n;
    return 0;
}

void dc_strbuf_clear(dc_strbuf *sb)
{
    sb->len = 0;
    if (sb->data)
        sb->data[0] = '\0';
}

char *dc_strbuf_take(dc_strbuf *sb)
{
    char *p = sb->data;

    if (sb->borrowed) {
        /* The caller's buffer is not ours to hand over: a copy. */
        p = malloc(sb->len + 1);
        if (p != NULL)
            memcpy(p, sb->data, sb->len + 1);
        sb->borrowed = 0;
    } else if (p == NULL && !sb->failed)
        p = calloc(1, 1);
    sb->data = NULL;
    sb->len = sb->cap = 0;
    return p;
}

void dc_strbuf_free(dc_strbuf *sb)
{
    if (!sb->borrowed)
        free(sb->data);
    sb->borrowed = 0;
    sb->data = NULL;
    sb->len = sb->cap = 0;
    sb->failed = 0;
}
