/* domcov batch: reading the input into chunks of rows (CSV through the
 * library's streaming reader, JSON Lines through a bounded line reader). */
#include "batch.h"
#include "cli.h"

#include "csv.h"
#include "utf8.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define PEEK_BYTES 4096
#define LINE_CHUNK ((size_t)64 * 1024)

struct batch_input {
    int fd;
    int own_fd;
    /* Bytes read ahead to detect the format, handed out first. */
    char peek[PEEK_BYTES];
    size_t peek_len, peek_pos;
    FILE *f;                  /* a stream over peek + fd, counting bytes (CSV) */
    dc_csv_reader *csv;
    /* JSON Lines: a window of the input */
    char *buf;
    size_t len, pos, cap;
    int eof, skipping;
    unsigned long long line;
    batch_ctx *ctx;
    int io_error;
};

/* Raw reads: the peeked bytes first, then the descriptor; counts bytes for the progress bar. */
static ssize_t in_read(batch_input *in, char *dst, size_t n)
{
    ssize_t got;

    if (in->peek_pos < in->peek_len) {
        size_t k = in->peek_len - in->peek_pos;
        if (k > n)
            k = n;
        memcpy(dst, in->peek + in->peek_pos, k);
        in->peek_pos += k;
        return (ssize_t)k;
    }
    do
        got = read(in->fd, dst, n);
    while (got < 0 && errno == EINTR);
    if (got > 0)
        atomic_fetch_add_explicit(&in->ctx->bytes_read, (unsigned long long)got,
                                  memory_order_relaxed);
    return got;
}

static ssize_t cookie_read(void *cookie, char *dst, size_t n)
{
    return in_read(cookie, dst, n);
}

static int has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

int batch_input_open(batch_ctx *ctx, const char *path, batch_input **out)
{
    batch_input *in = calloc(1, sizeof *in);
    cookie_io_functions_t io = {cookie_read, NULL, NULL, NULL};
    struct stat st;
    size_t skip = 0;

    *out = NULL;
    if (in == NULL) {
        fprintf(stderr, "domcov batch: out of memory\n");
        return EXIT_FAILURE_OTHER;
    }
    in->ctx = ctx;
    if (path == NULL || strcmp(path, "-") == 0) {
        in->fd = STDIN_FILENO;
    } else {
        in->fd = open(path, O_RDONLY | O_CLOEXEC);
        if (in->fd < 0) {
            fprintf(stderr, "domcov batch: cannot open %s: %s\n", path, strerror(errno));
            free(in);
            return EXIT_INPUT;
        }
        in->own_fd = 1;
    }
    ctx->total_bytes = fstat(in->fd, &st) == 0 && S_ISREG(st.st_mode) ? (long long)st.st_size : -1;
    /* Peek: up to PEEK_BYTES, or until a line break shows the first record's start. */
    while (in->peek_len < sizeof in->peek) {
        ssize_t got = read(in->fd, in->peek + in->peek_len, sizeof in->peek - in->peek_len);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            fprintf(stderr, "domcov batch: cannot read %s: %s\n", path ? path : "-", strerror(errno));
            batch_input_close(in);
            return EXIT_FAILURE_OTHER;
        }
        if (got == 0)
            break;
        in->peek_len += (size_t)got;
        atomic_fetch_add_explicit(&ctx->bytes_read, (unsigned long long)got, memory_order_relaxed);
        if (memchr(in->peek, '\n', in->peek_len) != NULL)
            break;
    }
    if (in->peek_len >= 3 && memcmp(in->peek, "\xEF\xBB\xBF", 3) == 0) {
        ctx->bom = 1;
        skip = 3;
    }
    ctx->in_format = ctx->o.in_format;
    if (ctx->in_format < 0 && path != NULL && strcmp(path, "-") != 0) {
        if (has_suffix(path, ".jsonl") || has_suffix(path, ".ndjson"))
            ctx->in_format = BATCH_JSONL;
        else if (has_suffix(path, ".csv") || has_suffix(path, ".tsv") || has_suffix(path, ".txt"))
            ctx->in_format = BATCH_CSV;
    }
    if (ctx->in_format < 0) {
        size_t i = skip;
        while (i < in->peek_len && (in->peek[i] == ' ' || in->peek[i] == '\t' ||
                                    in->peek[i] == '\r' || in->peek[i] == '\n'))
            i++;
        ctx->in_format = i < in->peek_len && in->peek[i] == '{' ? BATCH_JSONL : BATCH_CSV;
    }
    if (ctx->in_format == BATCH_CSV) {
        dc_csv_options copt = {ctx->o.delimiter, BATCH_MAX_RECORD};
        in->f = fopencookie(in, "r", io);
        if (in->f == NULL || dc_csv_open_file(in->f, &copt, &in->csv) != 0) {
            fprintf(stderr, "domcov batch: cannot read the input: %s\n", strerror(errno));
            batch_input_close(in);
            return EXIT_FAILURE_OTHER;
        }
        ctx->delim = dc_csv_delimiter(in->csv);
    } else {
        in->peek_pos = skip; /* the BOM is not part of the first line */
        in->cap = BATCH_MAX_RECORD + 2 * LINE_CHUNK;
        in->buf = malloc(in->cap);
        if (in->buf == NULL) {
            fprintf(stderr, "domcov batch: out of memory\n");
            batch_input_close(in);
            return EXIT_FAILURE_OTHER;
        }
        ctx->delim = ctx->o.delimiter ? ctx->o.delimiter : ',';
    }
    *out = in;
    return 0;
}

void batch_input_close(batch_input *in)
{
    if (in == NULL)
        return;
    dc_csv_close(in->csv);
    if (in->f)
        fclose(in->f);
    if (in->own_fd)
        close(in->fd);
    free(in->buf);
    free(in);
}

/* ------------------------------------------------------------ CSV header */

const char *const batch_addr_names[] = {"address", "addr", "full_address", "адрес", "Адрес",
                                       NULL};
const char *const batch_lat_names[] = {"lat", "latitude", "geo_lat", "широта", "Широта", NULL};
const char *const batch_lon_names[] = {"lon", "lng", "long", "longitude", "geo_lon", "долгота",
                                      "Долгота", NULL};

/* The header name without surrounding spaces equals name (ASCII case ignored)? */
static int name_is(const char *s, size_t n, const char *name)
{
    size_t k = strlen(name);

    while (n > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return n == k && strncasecmp(s, name, k) == 0;
}

static int find_col(const batch_ctx *ctx, const char *given, const char *const *defaults)
{
    size_t i;
    int d;

    if (given) {
        for (i = 0; i < ctx->ncols; i++)
            if (ctx->colname_lens[i] == strlen(given) && memcmp(ctx->colnames[i], given,
                                                                ctx->colname_lens[i]) == 0)
                return (int)i;
        for (i = 0; i < ctx->ncols; i++)
            if (name_is(ctx->colnames[i], ctx->colname_lens[i], given))
                return (int)i;
        return -2;
    }
    for (d = 0; defaults[d]; d++)
        for (i = 0; i < ctx->ncols; i++)
            if (name_is(ctx->colnames[i], ctx->colname_lens[i], defaults[d]))
                return (int)i;
    return -1;
}

static void print_columns(const batch_ctx *ctx)
{
    size_t i;

    fprintf(stderr, "(the header has %zu column%s:", ctx->ncols, ctx->ncols == 1 ? "" : "s");
    for (i = 0; i < ctx->ncols && i < 20; i++)
        fprintf(stderr, "%s '%.*s'", i ? "," : "", (int)ctx->colname_lens[i], ctx->colnames[i]);
    fprintf(stderr, "%s)\n", ctx->ncols > 20 ? ", ..." : "");
}

int batch_input_header(batch_ctx *ctx, batch_input *in)
{
    dc_csv_record rec;
    int rc = dc_csv_next(in->csv, &rec);
    size_t i;

    if (rc < 0) {
        fprintf(stderr, "domcov batch: cannot read the input: %s\n", strerror(errno));
        return EXIT_FAILURE_OTHER;
    }
    if (rc == 0) {
        ctx->ncols = 0; /* an empty input: an empty output */
        return 0;
    }
    if (rec.error && strncmp(rec.error, "invalid UTF-8", 13) == 0) {
        fprintf(stderr,
                "domcov batch: the header is not UTF-8 (%s); convert the file first, e.g. "
                "iconv -f cp1251 -t utf-8\n", rec.error);
        return EXIT_INPUT;
    }
    if (rec.error || rec.nfields == 0) {
        fprintf(stderr, "domcov batch: line 1: the header cannot be read: %s\n",
                rec.error ? rec.error : "no fields");
        return EXIT_INPUT;
    }
    ctx->ncols = rec.nfields;
    ctx->colnames = calloc(rec.nfields, sizeof *ctx->colnames);
    ctx->colname_lens = calloc(rec.nfields, sizeof *ctx->colname_lens);
    if (ctx->colnames == NULL || ctx->colname_lens == NULL)
        goto nomem;
    for (i = 0; i < rec.nfields; i++) {
        ctx->colnames[i] = malloc(rec.lengths[i] + 1);
        if (ctx->colnames[i] == NULL)
            goto nomem;
        memcpy(ctx->colnames[i], rec.fields[i], rec.lengths[i] + 1);
        ctx->colname_lens[i] = rec.lengths[i];
    }
    /* The header row itself is echoed verbatim in CSV output. */
    ctx->header_raw = malloc(rec.raw_len + 1);
    if (ctx->header_raw == NULL)
        goto nomem;
    memcpy(ctx->header_raw, rec.raw, rec.raw_len);
    ctx->header_raw[rec.raw_len] = '\0';
    ctx->header_raw_len = rec.raw_len;

    if ((ctx->o.lat_column == NULL) != (ctx->o.lon_column == NULL)) {
        fprintf(stderr, "domcov batch: give both --lat-column and --lon-column, or neither\n");
        return EXIT_USAGE;
    }
    ctx->col_addr = find_col(ctx, ctx->o.address_column, batch_addr_names);
    ctx->col_lat = find_col(ctx, ctx->o.lat_column, batch_lat_names);
    ctx->col_lon = find_col(ctx, ctx->o.lon_column, batch_lon_names);
    if (ctx->col_addr == -2 || ctx->col_lat == -2 || ctx->col_lon == -2) {
        const char *which = ctx->col_addr == -2 ? ctx->o.address_column
                            : ctx->col_lat == -2 ? ctx->o.lat_column : ctx->o.lon_column;
        fprintf(stderr, "domcov batch: no column '%s' in the header\n", which);
        print_columns(ctx);
        return EXIT_INPUT;
    }
    if (ctx->col_lat < 0 || ctx->col_lon < 0)
        ctx->col_lat = ctx->col_lon = -1; /* half a coordinate pair is no pair */
    if (ctx->col_addr < 0 && ctx->col_lat < 0) {
        fprintf(stderr,
                "domcov batch: no address column and no latitude/longitude columns; name them "
                "with --address-column or --lat-column and --lon-column\n");
        print_columns(ctx);
        return EXIT_INPUT;
    }
    return 0;
nomem:
    fprintf(stderr, "domcov batch: out of memory\n");
    return EXIT_FAILURE_OTHER;
}

/* ------------------------------------------------------------ chunks */

size_t batch_chunk_put(batch_chunk *c, const char *s, size_t n)
{
    size_t off = c->in.len;

    if (dc_strbuf_append(&c->in, s, n) != 0)
        return SIZE_MAX;
    return off;
}

static batch_row *new_row(batch_chunk *c)
{
    if (c->nrows == c->rows_cap) {
        size_t ncap = c->rows_cap ? c->rows_cap * 2 : 256;
        batch_row *nr = realloc(c->rows, ncap * sizeof *nr);
        if (nr == NULL)
            return NULL;
        c->rows = nr;
        c->rows_cap = ncap;
    }
    memset(&c->rows[c->nrows], 0, sizeof c->rows[0]);
    return &c->rows[c->nrows++];
}

static int reserve_fields(batch_chunk *c, size_t n)
{
    if (c->nfields + n > c->fields_cap) {
        size_t ncap = c->fields_cap ? c->fields_cap : 1024;
        batch_field *nf;
        while (ncap < c->nfields + n)
            ncap *= 2;
        nf = realloc(c->fields, ncap * sizeof *nf);
        if (nf == NULL)
            return -1;
        c->fields = nf;
        c->fields_cap = ncap;
    }
    return 0;
}

/* Errors after which the fields are still exactly the input's. */
static int fields_trusted(const char *error)
{
    return error == NULL || strncmp(error, "invalid UTF-8", 13) == 0 ||
           strncmp(error, "NUL byte", 8) == 0 || strncmp(error, "stray quote", 11) == 0;
}

static int keep_field(const batch_ctx *ctx, size_t i)
{
    return ctx->out_format == BATCH_JSONL || (int)i == ctx->col_addr || (int)i == ctx->col_lat ||
           (int)i == ctx->col_lon;
}

static int add_csv_record(batch_ctx *ctx, batch_chunk *c, const dc_csv_record *rec)
{
    batch_row *row = new_row(c);
    size_t i, pos;
    int plain;

    if (row == NULL)
        return -1;
    row->line = rec->line;
    row->raw_off = batch_chunk_put(c, rec->raw, rec->raw_len);
    row->raw_len = rec->raw_len;
    if (row->raw_off == SIZE_MAX)
        return -1;
    if (rec->error) {
        row->err_len = strlen(rec->error);
        row->err_off = batch_chunk_put(c, rec->error, row->err_len);
        if (row->err_off == SIZE_MAX)
            return -1;
    }
    if (rec->nfields == 0 || !fields_trusted(rec->error))
        return 0;
    row->flags |= BATCH_ROW_TRUSTED;
    row->nfields = (unsigned)rec->nfields;
    row->field0 = c->nfields;
    if (reserve_fields(c, rec->nfields) != 0)
        return -1;
    /* Without quotes, field i is the raw text between delimiters i-1 and i. */
    plain = memchr(rec->raw, '"', rec->raw_len) == NULL;
    pos = row->raw_off;
    for (i = 0; i < rec->nfields; i++) {
        batch_field *f = &c->fields[c->nfields++];
        f->len = rec->lengths[i];
        if (!keep_field(ctx, i))
            f->off = SIZE_MAX;
        else if (plain)
            f->off = pos;
        else if ((f->off = batch_chunk_put(c, rec->fields[i], rec->lengths[i])) == SIZE_MAX)
            return -1;
        pos += rec->lengths[i] + 1;
    }
    return 0;
}

/* ------------------------------------------------------------ JSON Lines */

/* Next line: 1 with *s and *n (without the line break, CR stripped) and *cut set
 * when the line was longer than BATCH_MAX_RECORD; 0 at the end; -1 on error. */
static int next_line(batch_input *in, const char **s, size_t *n, int *cut)
{
    *cut = 0;
    for (;;) {
        const char *nl = NULL;
        size_t avail = in->len - in->pos;

        if (in->skipping) {
            nl = memchr(in->buf + in->pos, '\n', avail);
            if (nl != NULL) {
                in->pos = (size_t)(nl - in->buf) + 1;
                in->skipping = 0;
                continue;
            }
            in->pos = in->len;
            avail = 0;
        } else if (avail > 0) {
            nl = memchr(in->buf + in->pos, '\n', avail);
        }
        if (nl != NULL || (avail > 0 && (avail > BATCH_MAX_RECORD || in->eof))) {
            size_t k = nl != NULL ? (size_t)(nl - (in->buf + in->pos)) : avail;
            *s = in->buf + in->pos;
            if (k > BATCH_MAX_RECORD) {
                k = BATCH_MAX_RECORD;
                *cut = 1;
                in->pos += k;
                in->skipping = 1;
            } else {
                in->pos += k + (nl != NULL);
            }
            in->line++;
            if (k > 0 && (*s)[k - 1] == '\r' && !*cut)
                k--;
            *n = k;
            return 1;
        }
        if (in->eof)
            return 0;
        if (in->pos > 0) {
            memmove(in->buf, in->buf + in->pos, in->len - in->pos);
            in->len -= in->pos;
            in->pos = 0;
        }
        {
            size_t want = in->cap - in->len;
            ssize_t got;
            if (want > LINE_CHUNK)
                want = LINE_CHUNK;
            got = in_read(in, in->buf + in->len, want);
            if (got < 0) {
                in->io_error = errno;
                return -1;
            }
            if (got == 0)
                in->eof = 1;
            in->len += (size_t)got;
        }
    }
}

static int add_json_line(batch_chunk *c, unsigned long long line, const char *s, size_t n, int cut)
{
    batch_row *row = new_row(c);
    static const char too_long[] = "line longer than 1048576 bytes";

    if (row == NULL)
        return -1;
    row->line = line;
    row->raw_off = batch_chunk_put(c, s, n);
    row->raw_len = n;
    if (row->raw_off == SIZE_MAX)
        return -1;
    if (cut) {
        row->err_len = sizeof too_long - 1;
        row->err_off = batch_chunk_put(c, too_long, row->err_len);
        if (row->err_off == SIZE_MAX)
            return -1;
    }
    return 0;
}

/* ------------------------------------------------------------ filling */

int batch_input_fill(batch_ctx *ctx, batch_input *in, batch_chunk *c)
{
    while (c->nrows < BATCH_CHUNK_ROWS && c->in.len < BATCH_CHUNK_BYTES) {
        if (in->csv) {
            dc_csv_record rec;
            int rc = dc_csv_next(in->csv, &rec);
            if (rc == 0)
                return 0;
            if (rc < 0) {
                fprintf(stderr, "\ndomcov batch: cannot read the input: %s\n", strerror(errno));
                return -1;
            }
            if (add_csv_record(ctx, c, &rec) != 0)
                goto nomem;
        } else {
            const char *s;
            size_t n;
            int cut, rc = next_line(in, &s, &n, &cut);
            if (rc == 0)
                return 0;
            if (rc < 0) {
                fprintf(stderr, "\ndomcov batch: cannot read the input: %s\n",
                        strerror(in->io_error));
                return -1;
            }
            if (add_json_line(c, in->line, s, n, cut) != 0)
                goto nomem;
        }
    }
    return 1;
nomem:
    fprintf(stderr, "\ndomcov batch: out of memory\n");
    return -1;
}
