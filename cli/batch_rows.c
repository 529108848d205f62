/* domcov batch: checking the rows of a chunk and formatting its output. */
#include "batch.h"
#include "cli.h"

#include "json.h"
#include "utf8.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const status_names[BS_COUNT] = {"matched", "ambiguous", "not_found", "invalid"};

static const char *const out_columns[] = {
    "domcov_status", "domcov_match_level", "domcov_house_id", "domcov_address", "domcov_lat",
    "domcov_lon", "domcov_internet", "domcov_tv", "domcov_error"};
#define NOUT (sizeof out_columns / sizeof out_columns[0])

/* What a row's check gave; strings belong to the library result or are static. */
typedef struct row_result {
    int status;               /* enum batch_status */
    const char *level;        /* NULL: empty */
    const char *house_id, *address;
    int has_point;
    double lat, lon;
    const char *service[DOMCOV_SERVICE_COUNT]; /* "active", "planned", "none"; NULL: not checked */
    const char *error;        /* NULL unless invalid */
    char errbuf[256];
} row_result;

/* ------------------------------------------------------------ output helpers */

static void put(dc_strbuf *sb, const char *s, size_t n)
{
    dc_strbuf_append(sb, s, n);
}

/* One CSV field, quoted like dc_csv_write_field: when it holds the delimiter,
 * a quote, CR or LF, or starts or ends with a space. */
static void put_csv_field(dc_strbuf *sb, const char *s, size_t n, char delim)
{
    size_t i;
    int quote = n > 0 && (s[0] == ' ' || s[n - 1] == ' ');

    for (i = 0; i < n && !quote; i++)
        quote = s[i] == delim || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
    if (!quote) {
        put(sb, s, n);
        return;
    }
    dc_strbuf_putc(sb, '"');
    for (;;) {
        const char *q = memchr(s, '"', n);
        size_t k = q ? (size_t)(q - s) + 1 : n;
        put(sb, s, k);
        if (q == NULL)
            break;
        dc_strbuf_putc(sb, '"');
        s += k;
        n -= k;
    }
    dc_strbuf_putc(sb, '"');
}

/* A JSON string of valid UTF-8 text (NUL bytes become \u0000). */
static void put_json_string(dc_strbuf *sb, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    size_t i, run = 0;

    if (dc_strbuf_reserve(sb, n + 2) != 0)
        return;
    dc_strbuf_putc(sb, '"');
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        put(sb, s + run, i - run);
        run = i + 1;
        switch (c) {
        case '"': put(sb, "\\\"", 2); break;
        case '\\': put(sb, "\\\\", 2); break;
        case '\n': put(sb, "\\n", 2); break;
        case '\r': put(sb, "\\r", 2); break;
        case '\t': put(sb, "\\t", 2); break;
        default: {
            char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            put(sb, e, 6);
        }
        }
    }
    put(sb, s + run, n - run);
    dc_strbuf_putc(sb, '"');
}

static void put_json_cstr(dc_strbuf *sb, const char *s)
{
    if (s == NULL)
        put(sb, "null", 4);
    else
        put_json_string(sb, s, strlen(s));
}

static void put_base64(dc_strbuf *sb, const unsigned char *s, size_t n)
{
    static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t i;

    dc_strbuf_putc(sb, '"');
    for (i = 0; i + 2 < n; i += 3) {
        char q[4] = {tab[s[i] >> 2], tab[((s[i] & 3) << 4) | (s[i + 1] >> 4)],
                     tab[((s[i + 1] & 15) << 2) | (s[i + 2] >> 6)], tab[s[i + 2] & 63]};
        put(sb, q, 4);
    }
    if (n - i == 1) {
        char q[4] = {tab[s[i] >> 2], tab[(s[i] & 3) << 4], '=', '='};
        put(sb, q, 4);
    } else if (n - i == 2) {
        char q[4] = {tab[s[i] >> 2], tab[((s[i] & 3) << 4) | (s[i + 1] >> 4)],
                     tab[(s[i + 1] & 15) << 2], '='};
        put(sb, q, 4);
    }
    dc_strbuf_putc(sb, '"');
}

/* A coordinate with 7 decimals (about 1 cm), trailing zeros dropped: fast and
 * locale-independent.  Returns the length. */
static size_t fmt_coord(double v, char *buf)
{
    long long q;
    unsigned long long ip, fp;
    char tmp[24];
    size_t n = 0, k = 0;
    int d;

    if (!(v > -1e9 && v < 1e9))
        return (size_t)snprintf(buf, 32, "%.17g", v);
    q = llround(v * 1e7);
    if (q < 0) {
        buf[n++] = '-';
        q = -q;
    }
    ip = (unsigned long long)q / 10000000ULL;
    fp = (unsigned long long)q % 10000000ULL;
    do {
        tmp[k++] = (char)('0' + ip % 10);
        ip /= 10;
    } while (ip);
    while (k)
        buf[n++] = tmp[--k];
    if (fp) {
        char f[7];
        int last = 0;
        buf[n++] = '.';
        for (d = 6; d >= 0; d--) {
            f[d] = (char)('0' + fp % 10);
            fp /= 10;
        }
        for (d = 0; d < 7; d++)
            if (f[d] != '0')
                last = d;
        memcpy(buf + n, f, (size_t)last + 1);
        n += (size_t)last + 1;
    }
    buf[n] = '\0';
    return n;
}

/* ------------------------------------------------------------ header */

int batch_format_header(const batch_ctx *ctx, dc_strbuf *out)
{
    size_t i;

    if (ctx->out_format != BATCH_CSV)
        return 0;
    if (ctx->bom)
        put(out, "\xEF\xBB\xBF", 3);
    if (ctx->in_format == BATCH_CSV)
        put(out, ctx->header_raw, ctx->header_raw_len);
    else
        put(out, "domcov_input", 12);
    for (i = 0; i < NOUT; i++) {
        dc_strbuf_putc(out, ctx->delim);
        put(out, out_columns[i], strlen(out_columns[i]));
    }
    dc_strbuf_putc(out, '\n');
    return out->failed ? -1 : 0;
}

/* ------------------------------------------------------------ checking */

static void set_invalid(row_result *r, const char *msg)
{
    r->status = BS_INVALID;
    snprintf(r->errbuf, sizeof r->errbuf, "%s", msg);
    r->error = r->errbuf;
}

/* "<what> '<value>' is not a number", the value cut to 40 bytes at a character boundary. */
static void set_not_number(row_result *r, const char *what, const char *v, size_t n)
{
    size_t k = n;
    const char *more = "";

    if (k > 40) {
        k = 40;
        while (k > 0 && ((unsigned char)v[k] & 0xC0) == 0x80)
            k--;
        more = "...";
    }
    r->status = BS_INVALID;
    snprintf(r->errbuf, sizeof r->errbuf, "%s '%.*s%s' is not a number", what, (int)k, v, more);
    r->error = r->errbuf;
}

/* Plain decimals ("-56.838926") with at most 15 significant digits: the
 * digits as an integer divided by an exact power of ten is correctly rounded
 * (Clinger's fast path), as strtod would give, at a fraction of its cost.
 * -1 for anything else (exponents, long mantissas): strtod takes those. */
static int fast_decimal(const char *s, size_t n, double *v)
{
    static const double p10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8,
                                   1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    unsigned long long m = 0;
    size_t i = 0;
    int neg = 0, digits = 0, frac = -1;

    if (s[i] == '+' || s[i] == '-')
        neg = s[i++] == '-';
    for (; i < n; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            if (digits > 0 || c != '0')
                digits++;
            if (digits > 15)
                return -1;
            m = m * 10 + (unsigned long long)(c - '0');
            if (frac >= 0)
                frac++;
        } else if (c == '.' && frac < 0) {
            frac = 0;
        } else {
            return -1;
        }
    }
    if (frac > 15)
        return -1;
    *v = (double)m / p10[frac > 0 ? frac : 0];
    if (neg)
        *v = -*v;
    return 0;
}

/* A coordinate's text: 0 with *v, 1 when empty, -1 when not a number.  A
 * decimal comma is accepted ("56,83"); nan, inf and hex are not. */
static int parse_coord(const char *s, size_t n, double *v)
{
    char buf[64];
    size_t i = 0, k;
    int digits = 0, comma = -1, dot = 0;
    char *end;

    while (n > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n == 0)
        return 1;
    if (n >= sizeof buf)
        return -1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    if (buf[i] == '+' || buf[i] == '-')
        i++;
    for (k = i; k < n; k++) {
        char c = buf[k];
        if (c >= '0' && c <= '9') {
            digits++;
        } else if (c == '.' || c == ',') {
            if (dot || comma >= 0)
                return -1;
            if (c == ',')
                comma = (int)k;
            else
                dot = 1;
        } else if (c == 'e' || c == 'E') {
            if (digits == 0)
                return -1;
            k++;
            if (k < n && (buf[k] == '+' || buf[k] == '-'))
                k++;
            if (k >= n)
                return -1;
            for (; k < n; k++)
                if (buf[k] < '0' || buf[k] > '9')
                    return -1;
            break;
        } else {
            return -1;
        }
    }
    if (digits == 0)
        return -1;
    if (comma >= 0)
        buf[comma] = '.';
    if (fast_decimal(buf, n, v) == 0)
        return 0;
    *v = strtod(buf, &end);
    return *end == '\0' && isfinite(*v) ? 0 : -1;
}

/* A value of a row: text (CSV field, JSON string) or a JSON number. */
typedef struct row_value {
    int present;              /* 0: no such column/member, or null */
    int is_number;
    double number;
    const char *s;
    size_t n;
    int bad_type;             /* a JSON value that is neither string, number nor null */
} row_value;

static int value_coord(const row_value *v, const char *name, double *out, row_result *r)
{
    int rc;

    if (!v->present)
        return 1;
    if (v->bad_type) {
        set_invalid(r, name[1] == 'a' ? "latitude is neither a number nor a string"
                                      : "longitude is neither a number nor a string");
        return -1;
    }
    if (v->is_number) {
        *out = v->number;
        return 0;
    }
    rc = parse_coord(v->s, v->n, out);
    if (rc < 0)
        set_not_number(r, name[1] == 'a' ? "latitude" : "longitude", v->s, v->n);
    return rc;
}

static int blank(const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
            return 0;
    return 1;
}

typedef struct worker_scratch {
    char *text;
    size_t cap;
    domcov_address_result *addr;
} worker_scratch;

static void scratch_release(worker_scratch *w)
{
    domcov_address_result_free(w->addr);
    w->addr = NULL;
}

static void copy_errmsg(row_result *r, int status)
{
    const char *msg = domcov_errmsg(NULL);

    r->status = BS_INVALID;
    snprintf(r->errbuf, sizeof r->errbuf, "%s", *msg ? msg : domcov_strerror(status));
    r->error = r->errbuf;
}

/* Decides how to check a row from its coordinate and address values, and checks it. */
static void check_row(const batch_ctx *ctx, worker_scratch *w, const row_value *lat,
                      const row_value *lon, const row_value *addr, row_result *r)
{
    double la = 0, lo = 0;
    int has_lat = lat->present && (lat->is_number || lat->bad_type || !blank(lat->s, lat->n));
    int has_lon = lon->present && (lon->is_number || lon->bad_type || !blank(lon->s, lon->n));
    int status, s;

    if (has_lat || has_lon) {
        domcov_point_status point;

        if (!has_lon) {
            set_invalid(r, "latitude without longitude");
            return;
        }
        if (!has_lat) {
            set_invalid(r, "longitude without latitude");
            return;
        }
        if (value_coord(lat, "lat", &la, r) != 0 || value_coord(lon, "lon", &lo, r) != 0)
            return;
        /* Batch writes statuses only: the status check allocates nothing. */
        status = domcov_check_point_status(ctx->db, la, lo, &point);
        if (status != DOMCOV_OK) {
            copy_errmsg(r, status);
            return;
        }
        r->status = BS_MATCHED;
        r->level = "point";
        r->has_point = 1;
        r->lat = la;
        r->lon = lo;
        for (s = 0; s < DOMCOV_SERVICE_COUNT; s++)
            r->service[s] = domcov_zone_status_name(point.services[s].status);
        return;
    }
    if (addr->present && addr->bad_type) {
        set_invalid(r, "the address is not a string");
        return;
    }
    if (!addr->present || blank(addr->s, addr->n)) {
        set_invalid(r, ctx->col_addr >= 0 || ctx->in_format == BATCH_JSONL
                           ? "no coordinates and no address"
                           : "no coordinates");
        return;
    }
    {
        const char *text = addr->s;
        if (addr->s[addr->n] != '\0') { /* CSV fields are not NUL-terminated */
            if (w->cap < addr->n + 1) {
                char *nt = realloc(w->text, addr->n + 1);
                if (nt == NULL) {
                    set_invalid(r, "out of memory");
                    return;
                }
                w->text = nt;
                w->cap = addr->n + 1;
            }
            memcpy(w->text, addr->s, addr->n);
            w->text[addr->n] = '\0';
            text = w->text;
        }
        status = domcov_check_address_ex(ctx->db, text, &ctx->match,
                                         DOMCOV_CHECK_NO_DISTANCE | DOMCOV_CHECK_NO_CITY, &w->addr);
        if (status != DOMCOV_OK) {
            copy_errmsg(r, status);
            return;
        }
        r->status = w->addr->status == DOMCOV_MATCHED     ? BS_MATCHED
                    : w->addr->status == DOMCOV_AMBIGUOUS ? BS_AMBIGUOUS
                                                          : BS_NOT_FOUND;
        r->level = domcov_match_level_name(w->addr->match_level);
        r->house_id = w->addr->house_id;
        r->address = w->addr->address;
        r->has_point = w->addr->has_point;
        r->lat = w->addr->lat;
        r->lon = w->addr->lon;
        for (s = 0; w->addr->coverage && s < DOMCOV_SERVICE_COUNT; s++)
            r->service[s] = domcov_zone_status_name(w->addr->coverage->services[s].status);
    }
}

/* ------------------------------------------------------------ formatting */

static void put_results_csv(dc_strbuf *sb, const row_result *r, char delim)
{
    char buf[160], *p = buf;
    const char *v[4];
    size_t i, n;

    /* status, level, house_id, address: house ids and addresses may need quoting */
    v[0] = status_names[r->status];
    v[1] = r->level;
    v[2] = r->house_id;
    v[3] = r->address;
    for (i = 0; i < 4; i++) {
        dc_strbuf_putc(sb, delim);
        if (v[i])
            put_csv_field(sb, v[i], strlen(v[i]), delim);
    }
    /* lat, lon, internet, tv: short and never quoted */
    *p++ = delim;
    if (r->has_point)
        p += fmt_coord(r->lat, p);
    *p++ = delim;
    if (r->has_point)
        p += fmt_coord(r->lon, p);
    for (i = 0; i < DOMCOV_SERVICE_COUNT; i++) {
        *p++ = delim;
        if (r->service[i]) {
            n = strlen(r->service[i]);
            memcpy(p, r->service[i], n);
            p += n;
        }
    }
    *p++ = delim;
    put(sb, buf, (size_t)(p - buf));
    if (r->error)
        put_csv_field(sb, r->error, strlen(r->error), delim);
    dc_strbuf_putc(sb, '\n');
}

/* The domcov_* members, each preceded by a comma when comma is set, then '}'. */
static void put_results_json(dc_strbuf *sb, const row_result *r, int comma)
{
    char num[40];
    size_t n;

    if (comma)
        dc_strbuf_putc(sb, ',');
    dc_strbuf_puts(sb, "\"domcov_status\":\"");
    dc_strbuf_puts(sb, status_names[r->status]);
    dc_strbuf_puts(sb, "\",\"domcov_match_level\":");
    put_json_cstr(sb, r->level);
    dc_strbuf_puts(sb, ",\"domcov_house_id\":");
    put_json_cstr(sb, r->house_id);
    dc_strbuf_puts(sb, ",\"domcov_address\":");
    put_json_cstr(sb, r->address);
    dc_strbuf_puts(sb, ",\"domcov_lat\":");
    if (r->has_point) {
        n = fmt_coord(r->lat, num);
        put(sb, num, n);
    } else {
        put(sb, "null", 4);
    }
    dc_strbuf_puts(sb, ",\"domcov_lon\":");
    if (r->has_point) {
        n = fmt_coord(r->lon, num);
        put(sb, num, n);
    } else {
        put(sb, "null", 4);
    }
    dc_strbuf_puts(sb, ",\"domcov_internet\":");
    put_json_cstr(sb, r->service[0]);
    dc_strbuf_puts(sb, ",\"domcov_tv\":");
    put_json_cstr(sb, r->service[1]);
    dc_strbuf_puts(sb, ",\"domcov_error\":");
    put_json_cstr(sb, r->error);
    dc_strbuf_puts(sb, "}\n");
}

/* {"domcov_raw":"..."} for text that is valid UTF-8, else domcov_raw_base64. */
static void put_json_raw(dc_strbuf *sb, const char *s, size_t n)
{
    if (dc_utf8_invalid_offset(s, n) < 0) {
        dc_strbuf_puts(sb, "{\"domcov_raw\":");
        put_json_string(sb, s, n);
    } else {
        dc_strbuf_puts(sb, "{\"domcov_raw_base64\":");
        put_base64(sb, (const unsigned char *)s, n);
    }
}

static void note_invalid(batch_chunk *c, const batch_row *row, const row_result *r)
{
    if (r->status != BS_INVALID || c->nexamples >= 10)
        return;
    c->ex_line[c->nexamples] = row->line;
    snprintf(c->ex_reason[c->nexamples], sizeof c->ex_reason[0], "%s", r->error);
    c->nexamples++;
}

/* ------------------------------------------------------------ CSV rows */

static void csv_value(const batch_chunk *c, const batch_row *row, int col, row_value *v)
{
    const batch_field *f;

    memset(v, 0, sizeof *v);
    if (col < 0)
        return;
    f = &c->fields[row->field0 + (size_t)col];
    v->present = 1;
    v->s = c->in.data + f->off;
    v->n = f->len;
}

static void process_csv_row(const batch_ctx *ctx, worker_scratch *w, batch_chunk *c,
                            const batch_row *row)
{
    row_result r;
    const char *raw = c->in.data + row->raw_off;
    int whole = (row->flags & BATCH_ROW_TRUSTED) && row->nfields == ctx->ncols;
    size_t i;

    memset(&r, 0, sizeof r);
    if (row->err_len > 0) {
        r.status = BS_INVALID;
        snprintf(r.errbuf, sizeof r.errbuf, "%.*s", (int)row->err_len, c->in.data + row->err_off);
        r.error = r.errbuf;
    } else if (row->nfields != ctx->ncols) {
        r.status = BS_INVALID;
        snprintf(r.errbuf, sizeof r.errbuf, "%u field%s, the header has %zu", row->nfields,
                 row->nfields == 1 ? "" : "s", ctx->ncols);
        r.error = r.errbuf;
    } else {
        row_value lat, lon, addr;
        csv_value(c, row, ctx->col_lat, &lat);
        csv_value(c, row, ctx->col_lon, &lon);
        csv_value(c, row, ctx->col_addr, &addr);
        check_row(ctx, w, &lat, &lon, &addr, &r);
    }
    c->counts[r.status]++;
    note_invalid(c, row, &r);

    if (ctx->out_format == BATCH_CSV) {
        if (whole) {
            put(&c->out, raw, row->raw_len);
        } else {
            put_csv_field(&c->out, raw, row->raw_len, ctx->delim);
            for (i = 1; i < ctx->ncols; i++)
                dc_strbuf_putc(&c->out, ctx->delim);
        }
        put_results_csv(&c->out, &r, ctx->delim);
    } else {
        int members = whole && dc_utf8_invalid_offset(raw, row->raw_len) < 0;
        if (members) {
            dc_strbuf_putc(&c->out, '{');
            for (i = 0; i < ctx->ncols; i++) {
                const batch_field *f = &c->fields[row->field0 + i];
                if (i)
                    dc_strbuf_putc(&c->out, ',');
                put_json_string(&c->out, ctx->colnames[i], ctx->colname_lens[i]);
                dc_strbuf_putc(&c->out, ':');
                put_json_string(&c->out, c->in.data + f->off, f->len);
            }
            put_results_json(&c->out, &r, ctx->ncols > 0);
        } else {
            put_json_raw(&c->out, raw, row->raw_len);
            put_results_json(&c->out, &r, 1);
        }
    }
    scratch_release(w);
}

/* ------------------------------------------------------------ JSON Lines rows */

static void json_value(const dc_json *obj, const char *key, row_value *v)
{
    const dc_json *m = dc_json_get(obj, key);

    memset(v, 0, sizeof *v);
    if (m == NULL || m->type == DC_JSON_NULL)
        return;
    v->present = 1;
    if (m->type == DC_JSON_NUMBER) {
        v->is_number = 1;
        v->number = m->number;
    } else if (m->type == DC_JSON_STRING) {
        v->s = m->string;
        v->n = m->string_len;
    } else {
        v->bad_type = 1;
    }
}

static const char *const json_type_names[] = {"null", "false", "true", "a number", "a string",
                                              "an array", "an object"};

/* The member to use: the given name, else the first default present. */
static const char *pick_key(const dc_json *obj, const char *given, const char *const *defaults)
{
    int d;

    if (given)
        return given;
    for (d = 0; defaults[d]; d++)
        if (dc_json_get(obj, defaults[d]))
            return defaults[d];
    return defaults[0];
}

static void process_json_row(const batch_ctx *ctx, worker_scratch *w, batch_chunk *c,
                             const batch_row *row)
{
    row_result r;
    const char *raw = c->in.data + row->raw_off;
    size_t n = row->raw_len;
    dc_json *doc = NULL;
    long bad;

    memset(&r, 0, sizeof r);
    if (row->err_len > 0) {
        snprintf(r.errbuf, sizeof r.errbuf, "%.*s", (int)row->err_len, c->in.data + row->err_off);
        r.status = BS_INVALID;
        r.error = r.errbuf;
    } else if ((bad = dc_utf8_invalid_offset(raw, n)) >= 0) {
        r.status = BS_INVALID;
        snprintf(r.errbuf, sizeof r.errbuf, "invalid UTF-8 at byte %ld", bad + 1);
        r.error = r.errbuf;
    } else if (blank(raw, n)) {
        set_invalid(&r, "empty line");
    } else {
        dc_json_error err;
        doc = dc_json_parse(raw, n, 0, &err);
        if (doc == NULL) {
            r.status = BS_INVALID;
            snprintf(r.errbuf, sizeof r.errbuf, "invalid JSON at column %lu: %s", err.column,
                     err.message);
            r.error = r.errbuf;
        } else if (doc->type != DC_JSON_OBJECT) {
            r.status = BS_INVALID;
            snprintf(r.errbuf, sizeof r.errbuf, "not a JSON object but %s",
                     json_type_names[doc->type]);
            r.error = r.errbuf;
        } else {
            row_value lat, lon, addr;
            json_value(doc, pick_key(doc, ctx->key_lat, batch_lat_names), &lat);
            json_value(doc, pick_key(doc, ctx->key_lon, batch_lon_names), &lon);
            json_value(doc, pick_key(doc, ctx->key_addr, batch_addr_names), &addr);
            check_row(ctx, w, &lat, &lon, &addr, &r);
        }
    }
    c->counts[r.status]++;
    note_invalid(c, row, &r);

    if (ctx->out_format == BATCH_CSV) {
        put_csv_field(&c->out, raw, n, ctx->delim);
        put_results_csv(&c->out, &r, ctx->delim);
    } else if (doc != NULL && doc->type == DC_JSON_OBJECT) {
        /* The line as it was, the domcov_* members spliced in before its '}'. */
        size_t end = n;
        while (end > 0 && (raw[end - 1] == ' ' || raw[end - 1] == '\t' || raw[end - 1] == '\r'))
            end--;
        put(&c->out, raw, end - 1);
        put_results_json(&c->out, &r, doc->count > 0);
    } else {
        put_json_raw(&c->out, raw, n);
        put_results_json(&c->out, &r, 1);
    }
    dc_json_free(doc);
    scratch_release(w);
}

/* ------------------------------------------------------------ chunks */

void batch_process_chunk(const batch_ctx *ctx, batch_chunk *c)
{
    worker_scratch w = {NULL, 0, NULL};
    size_t i;

    dc_strbuf_clear(&c->out);
    /* The output is about as long as the input plus the appended columns. */
    dc_strbuf_reserve(&c->out, c->in.len + c->nrows * 96 + 64);
    for (i = 0; i < c->nrows; i++) {
        if (ctx->in_format == BATCH_CSV)
            process_csv_row(ctx, &w, c, &c->rows[i]);
        else
            process_json_row(ctx, &w, c, &c->rows[i]);
    }
    free(w.text);
    c->failed = c->out.failed;
}

void batch_chunk_reset(batch_chunk *c)
{
    dc_strbuf_clear(&c->in);
    dc_strbuf_clear(&c->out);
    c->nrows = 0;
    c->nfields = 0;
    memset(c->counts, 0, sizeof c->counts);
    c->failed = 0;
    c->nexamples = 0;
}

void batch_chunk_free(batch_chunk *c)
{
    dc_strbuf_free(&c->in);
    dc_strbuf_free(&c->out);
    free(c->rows);
    free(c->fields);
}
