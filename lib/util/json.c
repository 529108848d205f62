/* A strict RFC 8259 JSON parser.
 *
 * It does not recurse: open arrays and objects sit on an explicit stack of
 * frames, so hostile nesting costs heap memory bounded by max_depth, never
 * C stack.  Members of open containers are collected on one shared value
 * stack and copied into an exact-size array in the arena when the container
 * closes, so no per-container growable array is ever allocated. */
/* strtod_l is a GNU extension (the build defines this too). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include "json.h"

#include "utf8.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- arena */

#define DC_JSON_BLOCK_FIRST ((size_t)64 * 1024)
#define DC_JSON_BLOCK_MAX ((size_t)16 * 1024 * 1024)

typedef struct dc_json_block {
    struct dc_json_block *next;
    size_t size, used;
    max_align_t data[]; /* size bytes */
} dc_json_block;

typedef struct dc_json_arena {
    dc_json_block *head;   /* the block being filled */
    size_t next_size;      /* blocks grow geometrically up to DC_JSON_BLOCK_MAX */
} dc_json_arena;

/* The root node and the arena live together, so dc_json_free can find the
 * arena from the root alone.  root must stay the first member. */
typedef struct dc_json_doc {
    dc_json root;
    dc_json_arena arena;
} dc_json_doc;

static void *dc_json_arena_alloc(dc_json_arena *a, size_t size, size_t align)
{
    dc_json_block *b = a->head;
    void *out = NULL;
    size_t off, bsize;

    if (b != NULL) {
        off = (b->used + align - 1) & ~(align - 1);
        if (off <= b->size && size <= b->size - off) {
            b->used = off + size;
            return (char *)b->data + off;
        }
    }
    bsize = a->next_size;
    if (size > bsize / 4) {
        /* A big request (a long array, a long string) gets a block of its
         * own, put behind the head so the head's free space is not lost. */
        bsize = size;
    }
    if (bsize > SIZE_MAX - sizeof(dc_json_block))
        return NULL;
    b = malloc(sizeof(dc_json_block) + bsize);
    if (b == NULL)
        return NULL;
    b->size = bsize;
    b->used = size;
    out = b->data;
    if (bsize == size && a->head != NULL) {
        b->next = a->head->next;
        a->head->next = b;
    } else {
        b->next = a->head;
        a->head = b;
        if (a->next_size < DC_JSON_BLOCK_MAX)
            a->next_size *= 2;
    }
    return out;
}

static void dc_json_arena_free(dc_json_arena *a)
{
    dc_json_block *b = a->head;

    while (b != NULL) {
        dc_json_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
}

/* --------------------------------------------------------------- parser */

typedef struct dc_json_frame {
    dc_json *node;
    size_t vbase;  /* where this container's members start on the value stack */
    size_t kbase;  /* same for keys */
} dc_json_frame;

typedef struct dc_json_parser {
    const unsigned char *s;
    size_t len, pos;
    unsigned long line;    /* line of pos */
    size_t line_start;     /* offset of the first byte of that line */
    unsigned max_depth;
    dc_json_doc *doc;
    int root_used;
    dc_json **vals;
    size_t nvals, capvals;
    char **keys;
    size_t nkeys, capkeys;
    dc_json_frame *frames;
    size_t nframes, capframes;
    char *scratch;         /* decoded string being built when it has escapes */
    size_t nscratch, capscratch;
    dc_json_error *err;
    int failed;
} dc_json_parser;

static void dc_json_fail(dc_json_parser *p, size_t at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Records the first error only: later failures are consequences. */
static void dc_json_fail(dc_json_parser *p, size_t at, const char *fmt, ...)
{
    va_list ap;

    if (p->failed)
        return;
    p->failed = 1;
    if (p->err == NULL)
        return;
    p->err->offset = at;
    p->err->line = p->line;
    /* Errors are raised on the line being scanned: no token spans lines. */
    p->err->column = (unsigned long)(at >= p->line_start ? at - p->line_start + 1 : 1);
    va_start(ap, fmt);
    vsnprintf(p->err->message, sizeof p->err->message, fmt, ap);
    va_end(ap);
}

/* Grows *arr (of elem-size items) so that one more fits. */
static int dc_json_grow(void **arr, size_t *cap, size_t n, size_t elem)
{
    size_t ncap;
    void *q;

    if (n < *cap)
        return 0;
    ncap = *cap ? *cap * 2 : 64;
    if (ncap > SIZE_MAX / elem)
        return -1;
    q = realloc(*arr, ncap * elem);
    if (q == NULL)
        return -1;
    *arr = q;
    *cap = ncap;
    return 0;
}

static void dc_json_skip_ws(dc_json_parser *p)
{
    const unsigned char *s = p->s;
    size_t i = p->pos;

    while (i < p->len) {
        unsigned char c = s[i];
        if (c == ' ' || c == '\t' || c == '\r') {
            i++;
        } else if (c == '\n') {
            i++;
            p->line++;
            p->line_start = i;
        } else {
            break;
        }
    }
    p->pos = i;
}

static dc_json *dc_json_new_node(dc_json_parser *p, dc_json_type type, size_t at)
{
    dc_json *v;

    if (!p->root_used) {
        v = &p->doc->root;
        p->root_used = 1;
    } else {
        v = dc_json_arena_alloc(&p->doc->arena, sizeof *v, _Alignof(dc_json));
    }
    if (v == NULL) {
        dc_json_fail(p, at, "out of memory");
        return NULL;
    }
    v->type = type;
    v->number = 0;
    v->string = NULL;
    v->string_len = 0;
    v->count = 0;
    v->items = NULL;
    v->keys = NULL;
    v->line = p->line;
    v->column = (unsigned long)(at - p->line_start + 1);
    return v;
}

static int dc_json_scratch_add(dc_json_parser *p, const void *data, size_t n)
{
    if (n == 0)
        return 0;
    if (p->capscratch - p->nscratch < n) {
        size_t ncap = p->capscratch ? p->capscratch : 256;
        char *q;
        while (ncap - p->nscratch < n) {
            if (ncap > SIZE_MAX / 2)
                return -1;
            ncap *= 2;
        }
        q = realloc(p->scratch, ncap);
        if (q == NULL)
            return -1;
        p->scratch = q;
        p->capscratch = ncap;
    }
    memcpy(p->scratch + p->nscratch, data, n);
    p->nscratch += n;
    return 0;
}

static int dc_json_hex4(const unsigned char *s, size_t avail, unsigned *out)
{
    unsigned v = 0;
    size_t k;

    if (avail < 4)
        return -1;
    for (k = 0; k < 4; k++) {
        unsigned c = s[k], d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        else
            return -1;
        v = v * 16 + d;
    }
    *out = v;
    return 0;
}

static size_t dc_json_utf8_encode(unsigned cp, unsigned char out[4])
{
    if (cp < 0x80) {
        out[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (unsigned char)(0xC0 | (cp >> 6));
        out[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (unsigned char)(0xE0 | (cp >> 12));
        out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (unsigned char)(0xF0 | (cp >> 18));
    out[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Decodes one \uXXXX escape (or a surrogate pair of two) at s[i] == '\\'.
 * Returns the number of input bytes used, 0 after an error. */
static size_t dc_json_unicode_escape(dc_json_parser *p, size_t i, unsigned *cp)
{
    const unsigned char *s = p->s;
    unsigned hi, lo;

    if (dc_json_hex4(s + i + 2, p->len - i - 2, &hi) != 0) {
        dc_json_fail(p, i, "invalid \\u escape (expected 4 hex digits)");
        return 0;
    }
    if (hi >= 0xDC00 && hi <= 0xDFFF) {
        dc_json_fail(p, i, "lone surrogate in \\u escape");
        return 0;
    }
    if (hi < 0xD800 || hi > 0xDBFF) {
        if (hi == 0) {
            dc_json_fail(p, i, "\\u0000 is not allowed in strings");
            return 0;
        }
        *cp = hi;
        return 6;
    }
    if (p->len - i < 12 || s[i + 6] != '\\' || s[i + 7] != 'u'
        || dc_json_hex4(s + i + 8, p->len - i - 8, &lo) != 0 || lo < 0xDC00 || lo > 0xDFFF) {
        dc_json_fail(p, i, "lone surrogate in \\u escape");
        return 0;
    }
    *cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
    return 12;
}

/* Parses the string starting at the '"' at p->pos into the arena. */
static int dc_json_parse_string(dc_json_parser *p, char **out, size_t *outlen)
{
    const unsigned char *s = p->s;
    size_t start = p->pos, i = p->pos + 1, run = i;
    int escaped = 0, rc = -1;
    char *str;
    const char *src;
    size_t n;
    long bad;

    p->nscratch = 0;
    for (;;) {
        unsigned char c = 0;
        unsigned char enc[4];
        size_t used = 2, enclen = 1;
        unsigned cp;

        while (i < p->len && (c = s[i]) != '"' && c != '\\' && c >= 0x20)
            i++;
        /* A run ends at an ASCII byte, which cannot be inside a valid
         * multi-byte sequence, so validating runs validates the string. */
        bad = dc_utf8_invalid_offset((const char *)s + run, i - run);
        if (bad >= 0) {
            dc_json_fail(p, run + (size_t)bad, "invalid UTF-8 in string");
            goto cleanup;
        }
        if (i >= p->len || (c == '\\' && i + 1 >= p->len)) {
            dc_json_fail(p, start, "unterminated string");
            goto cleanup;
        }
        if (c < 0x20) {
            dc_json_fail(p, i, "control character 0x%02X in string (must be escaped)", c);
            goto cleanup;
        }
        if (c == '"' && !escaped)
            break; /* the common case: no copy through scratch */
        escaped = 1;
        if (dc_json_scratch_add(p, s + run, i - run) != 0) {
            dc_json_fail(p, i, "out of memory");
            goto cleanup;
        }
        if (c == '"')
            break;
        switch (s[i + 1]) {
        case '"': enc[0] = '"'; break;
        case '\\': enc[0] = '\\'; break;
        case '/': enc[0] = '/'; break;
        case 'b': enc[0] = '\b'; break;
        case 'f': enc[0] = '\f'; break;
        case 'n': enc[0] = '\n'; break;
        case 'r': enc[0] = '\r'; break;
        case 't': enc[0] = '\t'; break;
        case 'u':
            used = dc_json_unicode_escape(p, i, &cp);
            if (used == 0)
                goto cleanup;
            enclen = dc_json_utf8_encode(cp, enc);
            break;
        default:
            if (s[i + 1] >= 0x20 && s[i + 1] < 0x7F)
                dc_json_fail(p, i, "invalid escape '\\%c' in string", s[i + 1]);
            else
                dc_json_fail(p, i, "invalid escape in string");
            goto cleanup;
        }
        if (dc_json_scratch_add(p, enc, enclen) != 0) {
            dc_json_fail(p, i, "out of memory");
            goto cleanup;
        }
        i += used;
        run = i;
    }
    src = escaped ? p->scratch : (const char *)s + run;
    n = escaped ? p->nscratch : i - run;
    str = dc_json_arena_alloc(&p->doc->arena, n + 1, 1);
    if (str == NULL) {
        dc_json_fail(p, start, "out of memory");
        goto cleanup;
    }
    if (n > 0)
        memcpy(str, src, n);
    str[n] = '\0';
    *out = str;
    *outlen = n;
    p->pos = i + 1;
    rc = 0;
cleanup:
    return rc;
}

/* Created on first use and kept for the life of the process.  Threads that
 * race to create it agree through one compare-and-swap; the loser frees its
 * copy.  (No pthread_once: the helpers need no thread library.) */
static _Atomic(locale_t) dc_json_c_locale = (locale_t)0;

static locale_t dc_json_get_c_locale(void)
{
    locale_t loc = atomic_load(&dc_json_c_locale);

    if (loc == (locale_t)0) {
        locale_t mine = newlocale(LC_ALL_MASK, "C", (locale_t)0), seen = (locale_t)0;
        if (mine == (locale_t)0)
            return (locale_t)0;
        if (atomic_compare_exchange_strong(&dc_json_c_locale, &seen, mine)) {
            loc = mine;
        } else {
            freelocale(mine);
            loc = seen;
        }
    }
    return loc;
}

/* strtod in the "C" locale whatever setlocale the host program did. */
static int dc_json_strtod(dc_json_parser *p, size_t start, size_t end, double *out)
{
    char small[64];
    char *buf = small;
    size_t n = end - start;
    locale_t c_locale = dc_json_get_c_locale();
    int rc = -1;

    if (c_locale == (locale_t)0) {
        dc_json_fail(p, start, "out of memory");
        goto cleanup;
    }
    if (n >= sizeof small) {
        buf = malloc(n + 1);
        if (buf == NULL) {
            dc_json_fail(p, start, "out of memory");
            goto cleanup;
        }
    }
    memcpy(buf, p->s + start, n);
    buf[n] = '\0';
    *out = strtod_l(buf, NULL, c_locale);
    rc = 0;
cleanup:
    if (buf != small)
        free(buf);
    return rc;
}

static const double dc_json_pow10[] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

#define DC_IS_DIGIT(c) ((c) >= '0' && (c) <= '9')

/* Parses a number at p->pos.  Short numbers (up to 15 significant digits,
 * decimal exponent within +-22: nearly all coordinates) are converted
 * exactly by Clinger's fast path, as one correctly rounded multiplication or
 * division of two exact doubles; the rest go to strtod_l. */
static int dc_json_parse_number(dc_json_parser *p, double *out)
{
    const unsigned char *s = p->s;
    size_t start = p->pos, i = p->pos, len = p->len;
    uint64_t mant = 0;
    int ndigits = 0, exact = 1, neg = 0;
    long exp10 = 0, e = 0;
    double v;

    if (s[i] == '-') {
        neg = 1;
        i++;
    }
    if (i >= len || !DC_IS_DIGIT(s[i])) {
        dc_json_fail(p, i, "expected a digit after '-'");
        return -1;
    }
    if (s[i] == '0') {
        i++;
        if (i < len && DC_IS_DIGIT(s[i])) {
            dc_json_fail(p, start, "leading zeros are not allowed in numbers");
            return -1;
        }
    } else {
        for (; i < len && DC_IS_DIGIT(s[i]); i++) {
            if (ndigits < 19) {
                mant = mant * 10 + (uint64_t)(s[i] - '0');
                ndigits++;
            } else {
                exp10++;
                exact = 0;
            }
        }
    }
    if (i < len && s[i] == '.') {
        i++;
        if (i >= len || !DC_IS_DIGIT(s[i])) {
            dc_json_fail(p, i, "expected a digit after '.' in number");
            return -1;
        }
        for (; i < len && DC_IS_DIGIT(s[i]); i++) {
            if (mant == 0 && s[i] == '0') {
                exp10--; /* leading zeros of 0.000123 are not significant */
            } else if (ndigits < 19) {
                mant = mant * 10 + (uint64_t)(s[i] - '0');
                ndigits++;
                exp10--;
            } else {
                exact = 0;
            }
        }
    }
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        int eneg = 0;
        i++;
        if (i < len && (s[i] == '+' || s[i] == '-')) {
            eneg = s[i] == '-';
            i++;
        }
        if (i >= len || !DC_IS_DIGIT(s[i])) {
            dc_json_fail(p, i, "expected a digit in the exponent of a number");
            return -1;
        }
        for (; i < len && DC_IS_DIGIT(s[i]); i++) {
            if (e < 100000) /* far past any double; keeps e from overflowing */
                e = e * 10 + (s[i] - '0');
        }
        exp10 += eneg ? -e : e;
    }
    if (mant == 0) {
        v = 0.0;
    } else if (exact && ndigits <= 15 && exp10 >= -22 && exp10 <= 22) {
        v = (double)mant;
        if (exp10 >= 0)
            v *= dc_json_pow10[exp10];
        else
            v /= dc_json_pow10[-exp10];
    } else {
        if (dc_json_strtod(p, start, i, &v) != 0)
            return -1;
        if (isinf(v)) {
            dc_json_fail(p, start, "number out of range");
            return -1;
        }
        neg = 0; /* strtod saw the sign */
    }
    *out = neg ? -v : v;
    p->pos = i;
    return 0;
}

static int dc_json_parse_literal(dc_json_parser *p, dc_json *v)
{
    static const char *const words[] = {"null", "false", "true"};
    const char *w = words[v->type == DC_JSON_NULL ? 0 : v->type == DC_JSON_FALSE ? 1 : 2];
    size_t n = strlen(w);

    if (p->len - p->pos < n || memcmp(p->s + p->pos, w, n) != 0) {
        dc_json_fail(p, p->pos, "invalid literal (expected %s)", w);
        return -1;
    }
    p->pos += n;
    return 0;
}

static void dc_json_fail_unexpected(dc_json_parser *p, const char *expected)
{
    unsigned char c;

    if (p->pos >= p->len) {
        dc_json_fail(p, p->pos, "unexpected end of input, %s", expected);
        return;
    }
    c = p->s[p->pos];
    if (c > 0x20 && c < 0x7F)
        dc_json_fail(p, p->pos, "unexpected character '%c', %s", c, expected);
    else
        dc_json_fail(p, p->pos, "unexpected byte 0x%02X, %s", c, expected);
}

/* Parses an object key and the ':' after it; pos is before the key. */
static int dc_json_parse_key(dc_json_parser *p)
{
    char *key;
    size_t keylen;

    dc_json_skip_ws(p);
    if (p->pos >= p->len || p->s[p->pos] != '"') {
        dc_json_fail_unexpected(p, "expected a string key");
        return -1;
    }
    if (dc_json_parse_string(p, &key, &keylen) != 0)
        return -1;
    if (dc_json_grow((void **)&p->keys, &p->capkeys, p->nkeys, sizeof *p->keys) != 0) {
        dc_json_fail(p, p->pos, "out of memory");
        return -1;
    }
    p->keys[p->nkeys++] = key;
    dc_json_skip_ws(p);
    if (p->pos >= p->len || p->s[p->pos] != ':') {
        dc_json_fail_unexpected(p, "expected ':' after object key");
        return -1;
    }
    p->pos++;
    return 0;
}

/* Opens an array or object at p->pos. */
static int dc_json_open(dc_json_parser *p, dc_json_type type)
{
    dc_json *node;
    dc_json_frame *f;

    if (p->nframes >= p->max_depth) {
        dc_json_fail(p, p->pos, "nesting deeper than %u levels", p->max_depth);
        return -1;
    }
    node = dc_json_new_node(p, type, p->pos);
    if (node == NULL)
        return -1;
    if (dc_json_grow((void **)&p->frames, &p->capframes, p->nframes, sizeof *p->frames) != 0) {
        dc_json_fail(p, p->pos, "out of memory");
        return -1;
    }
    f = &p->frames[p->nframes++];
    f->node = node;
    f->vbase = p->nvals;
    f->kbase = p->nkeys;
    p->pos++;
    return 0;
}

/* Closes the innermost container: its members move into the arena. */
static dc_json *dc_json_close(dc_json_parser *p)
{
    dc_json_frame *f = &p->frames[p->nframes - 1];
    dc_json *node = f->node;
    size_t n = p->nvals - f->vbase;

    if (n > 0) {
        node->items = dc_json_arena_alloc(&p->doc->arena, n * sizeof *node->items,
                                          _Alignof(dc_json *));
        if (node->items == NULL) {
            dc_json_fail(p, p->pos, "out of memory");
            return NULL;
        }
        memcpy(node->items, p->vals + f->vbase, n * sizeof *node->items);
        if (node->type == DC_JSON_OBJECT) {
            node->keys = dc_json_arena_alloc(&p->doc->arena, n * sizeof *node->keys,
                                             _Alignof(char *));
            if (node->keys == NULL) {
                dc_json_fail(p, p->pos, "out of memory");
                return NULL;
            }
            memcpy(node->keys, p->keys + f->kbase, n * sizeof *node->keys);
        }
    }
    node->count = n;
    p->nvals = f->vbase;
    p->nkeys = f->kbase;
    p->nframes--;
    p->pos++;
    return node;
}

/* Parses one scalar, or opens a container (*opened = 1, nothing finished). */
static dc_json *dc_json_parse_value(dc_json_parser *p, int *opened)
{
    dc_json *v = NULL;
    unsigned char c;

    *opened = 0;
    dc_json_skip_ws(p);
    if (p->pos >= p->len) {
        dc_json_fail_unexpected(p, "expected a value");
        return NULL;
    }
    c = p->s[p->pos];
    switch (c) {
    case '[':
    case '{':
        if (dc_json_open(p, c == '[' ? DC_JSON_ARRAY : DC_JSON_OBJECT) != 0)
            return NULL;
        *opened = 1;
        return NULL;
    case '"':
        v = dc_json_new_node(p, DC_JSON_STRING, p->pos);
        if (v == NULL || dc_json_parse_string(p, &v->string, &v->string_len) != 0)
            return NULL;
        return v;
    case 'n':
    case 'f':
    case 't':
        v = dc_json_new_node(p, c == 'n' ? DC_JSON_NULL : c == 'f' ? DC_JSON_FALSE : DC_JSON_TRUE,
                             p->pos);
        if (v == NULL || dc_json_parse_literal(p, v) != 0)
            return NULL;
        return v;
    default:
        if (c == '-' || DC_IS_DIGIT(c)) {
            v = dc_json_new_node(p, DC_JSON_NUMBER, p->pos);
            if (v == NULL || dc_json_parse_number(p, &v->number) != 0)
                return NULL;
            return v;
        }
        dc_json_fail_unexpected(p, "expected a value");
        return NULL;
    }
}

/* The main loop: alternates between "a value is expected" and "a value was
 * just finished, what follows it inside the innermost container?". */
static dc_json *dc_json_run(dc_json_parser *p)
{
    dc_json *cur = NULL;
    int want_value = 1;

    for (;;) {
        if (want_value) {
            int opened;
            cur = dc_json_parse_value(p, &opened);
            if (opened) {
                dc_json_frame *f = &p->frames[p->nframes - 1];
                char closer = f->node->type == DC_JSON_ARRAY ? ']' : '}';
                dc_json_skip_ws(p);
                if (p->pos < p->len && p->s[p->pos] == closer) {
                    cur = dc_json_close(p);
                } else if (f->node->type == DC_JSON_OBJECT) {
                    if (dc_json_parse_key(p) != 0)
                        return NULL;
                    continue;
                } else {
                    continue;
                }
            }
            if (cur == NULL)
                return NULL;
            want_value = 0;
        } else {
            dc_json_frame *f;
            int is_array;

            if (p->nframes == 0)
                return cur;
            if (dc_json_grow((void **)&p->vals, &p->capvals, p->nvals, sizeof *p->vals) != 0) {
                dc_json_fail(p, p->pos, "out of memory");
                return NULL;
            }
            p->vals[p->nvals++] = cur;
            dc_json_skip_ws(p);
            f = &p->frames[p->nframes - 1];
            is_array = f->node->type == DC_JSON_ARRAY;
            if (p->pos < p->len && p->s[p->pos] == ',') {
                p->pos++;
                if (!is_array && dc_json_parse_key(p) != 0)
                    return NULL;
                want_value = 1;
            } else if (p->pos < p->len && p->s[p->pos] == (is_array ? ']' : '}')) {
                cur = dc_json_close(p);
                if (cur == NULL)
                    return NULL;
            } else {
                dc_json_fail_unexpected(p, is_array ? "expected ',' or ']' after array element"
                                                    : "expected ',' or '}' after object member");
                return NULL;
            }
        }
    }
}

dc_json *dc_json_parse(const char *text, size_t len, unsigned max_depth, dc_json_error *err)
{
    dc_json_parser p;
    dc_json *root = NULL;

    memset(&p, 0, sizeof p);
    p.s = (const unsigned char *)text;
    p.len = text != NULL ? len : 0;
    p.line = 1;
    p.max_depth = max_depth ? max_depth : DC_JSON_DEFAULT_MAX_DEPTH;
    p.err = err;
    if (err != NULL)
        memset(err, 0, sizeof *err);
    p.doc = malloc(sizeof *p.doc);
    if (p.doc == NULL) {
        dc_json_fail(&p, 0, "out of memory");
        goto cleanup;
    }
    p.doc->arena.head = NULL;
    p.doc->arena.next_size = DC_JSON_BLOCK_FIRST;
    if (p.len >= 3 && memcmp(p.s, "\xEF\xBB\xBF", 3) == 0)
        p.pos = 3;
    root = dc_json_run(&p);
    if (root != NULL) {
        dc_json_skip_ws(&p);
        if (p.pos < p.len) {
            dc_json_fail_unexpected(&p, "expected end of input after the JSON value");
            root = NULL;
        }
    }
cleanup:
    if (root == NULL && p.doc != NULL) {
        dc_json_arena_free(&p.doc->arena);
        free(p.doc);
    }
    free(p.vals);
    free(p.keys);
    free(p.frames);
    free(p.scratch);
    return root;
}

void dc_json_free(dc_json *value)
{
    dc_json_doc *doc = (dc_json_doc *)value;

    if (doc == NULL)
        return;
    dc_json_arena_free(&doc->arena);
    free(doc);
}

const dc_json *dc_json_get(const dc_json *object, const char *key)
{
    const dc_json *found = NULL;
    size_t i;

    if (object == NULL || object->type != DC_JSON_OBJECT || key == NULL)
        return NULL;
    for (i = object->count; i > 0; i--) {
        if (strcmp(object->keys[i - 1], key) == 0) {
            found = object->items[i - 1];
            break;
        }
    }
    return found;
}
