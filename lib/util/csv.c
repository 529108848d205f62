/* A streaming RFC 4180 CSV reader.
 *
 * Reading a record takes two steps.  First the record's extent is found in a
 * window of the input (dc_csv_scan), tracking only quotes and line breaks;
 * the window keeps the bytes from the record's start on, so the record's raw
 * bytes are contiguous and, if its quote turns out unterminated, reading can
 * go back to the line after its first line.  The window never holds more
 * than max_record_bytes plus a chunk: a record that does not fit is reported
 * from its first max_record_bytes and the rest is skipped in constant memory
 * (dc_csv_skip_rest).  Then the complete raw bytes are split into fields
 * (dc_csv_split). */
#include "csv.h"

#include "utf8.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    DC_CSV_END_LINE,        /* ends at a line break outside quotes */
    DC_CSV_END_EOF,         /* ends at the end of the input */
    DC_CSV_END_EOF_QUOTED,  /* the input ends inside a quoted field */
    DC_CSV_END_LIMIT,       /* longer than max_record_bytes, outside quotes there */
    DC_CSV_END_LIMIT_QUOTED /* longer than max_record_bytes, inside a quoted field there */
};

enum { DC_CSV_SKIP_NONE, DC_CSV_SKIP_CSV, DC_CSV_SKIP_LINE };

struct dc_csv_reader {
    FILE *f;               /* NULL when reading from memory */
    char *buf;             /* FILE input: the window, owned */
    const char *data;      /* the window: buf, or the whole memory input */
    size_t len;            /* bytes in the window */
    size_t cap, maxcap;    /* buf grows up to maxcap */
    size_t chunk;
    size_t pos;            /* start of the next record in the window */
    int eof;               /* nothing after data[len - 1] */
    int io_error, saved_errno;
    char delim;
    size_t max;
    unsigned long long line, index;
    int skip_lf;           /* the last record ended with a CR at the window's end */
    int reopen;            /* dc_csv_split saw a multi-line quoted field with text after it */
    int skip;              /* DC_CSV_SKIP_*: the rest of an over-long record comes first */
    size_t skip_pos;
    unsigned char skip_prev;
    unsigned long long skip_lines;
    char *fbuf;            /* the current record's decoded fields */
    size_t fcap;
    char **fields;
    size_t *lengths;
    size_t fields_cap;
    char errmsg[96];
};

/* ------------------------------------------------------------ scanning */

#define DC_ONES UINT64_C(0x0101010101010101)
#define DC_HIGHS UINT64_C(0x8080808080808080)

/* Nonzero when a byte of v is zero; the lowest flagged byte is always exact. */
static inline uint64_t dc_csv_zero_bytes(uint64_t v)
{
    return (v - DC_ONES) & ~v & DC_HIGHS;
}

/* Offset in s[0..n) of the first '"', CR or LF (or n), 8 bytes a step: records
 * are short, so one pass finding all three beats three memchr calls. */
static size_t dc_csv_find_special(const char *s, size_t n, int with_quote)
{
    const uint64_t q = DC_ONES * (unsigned char)'"';
    const uint64_t cr = DC_ONES * (unsigned char)'\r';
    const uint64_t lf = DC_ONES * (unsigned char)'\n';
    size_t i = 0;

    for (; n - i >= 8; i += 8) {
        uint64_t w, m;
        memcpy(&w, s + i, 8);
        m = dc_csv_zero_bytes(w ^ cr) | dc_csv_zero_bytes(w ^ lf);
        if (with_quote)
            m |= dc_csv_zero_bytes(w ^ q);
        if (m != 0)
            return i + ((size_t)__builtin_ctzll(m) >> 3);
    }
    for (; i < n; i++) {
        if (s[i] == '\r' || s[i] == '\n' || (with_quote && s[i] == '"'))
            break;
    }
    return i;
}

/* Line breaks in s[0..n), CRLF counting once. */
static unsigned long long dc_csv_count_breaks(const char *s, size_t n)
{
    unsigned long long lines = 0;
    size_t i;

    for (i = 0; i < n; i++) {
        if (s[i] == '\n' || (s[i] == '\r' && (i + 1 >= n || s[i + 1] != '\n')))
            lines++;
    }
    return lines;
}

/* Moves data[keep..len) to the front of the window and reads more.  1 when
 * bytes were added, 0 at the end of input, -1 on a read error.  *shift says
 * how far every offset into the window moved down. */
static int dc_csv_fill(dc_csv_reader *r, size_t keep, size_t *shift)
{
    size_t want, got;

    *shift = 0;
    if (r->io_error) {
        errno = r->saved_errno;
        return -1;
    }
    if (r->eof || r->f == NULL) {
        r->eof = 1;
        return 0;
    }
    if (keep > 0) {
        memmove(r->buf, r->buf + keep, r->len - keep);
        r->len -= keep;
        *shift = keep;
    }
    if (r->cap - r->len < r->chunk && r->cap < r->maxcap) {
        size_t ncap = r->cap * 2;
        char *nb;
        if (ncap < r->len + r->chunk)
            ncap = r->len + r->chunk;
        if (ncap > r->maxcap)
            ncap = r->maxcap;
        nb = realloc(r->buf, ncap);
        if (nb == NULL) {
            r->io_error = 1;
            r->saved_errno = ENOMEM;
            errno = ENOMEM;
            return -1;
        }
        r->buf = nb;
        r->data = nb;
        r->cap = ncap;
    }
    want = r->cap - r->len;
    if (want > r->chunk)
        want = r->chunk;
    if (want == 0) {
        /* Cannot happen: the window never keeps more than maxcap - chunk. */
        r->io_error = 1;
        r->saved_errno = ENOBUFS;
        errno = ENOBUFS;
        return -1;
    }
    got = fread(r->buf + r->len, 1, want, r->f);
    if (got == 0) {
        if (ferror(r->f)) {
            r->io_error = 1;
            r->saved_errno = errno ? errno : EIO;
            errno = r->saved_errno;
            return -1;
        }
        r->eof = 1;
        return 0;
    }
    r->len += got;
    return 1;
}

/* Makes at least one byte after r->pos available if the input has one. */
static int dc_csv_peek(dc_csv_reader *r)
{
    size_t shift;
    int rc = 0;

    while (rc == 0 && r->pos >= r->len && !r->eof) {
        rc = dc_csv_fill(r, r->pos, &shift);
        r->pos -= shift;
        rc = rc < 0 ? -1 : 0;
    }
    return rc;
}

/* Ends the current record at the line break at data[at]. */
static void dc_csv_consume_eol(dc_csv_reader *r, size_t at)
{
    if (r->data[at] == '\r') {
        at++;
        if (at < r->len) {
            if (r->data[at] == '\n')
                at++;
        } else if (!r->eof) {
            r->skip_lf = 1; /* decided once more input is read */
        }
    } else {
        at++;
    }
    r->pos = at;
}

typedef struct dc_csv_scan {
    int kind;        /* DC_CSV_END_* */
    size_t end;      /* LINE: the line break; EOF: len; LIMIT: the next byte to examine */
    int has_quotes;
} dc_csv_scan;

/* Finds the extent of the record starting at r->pos.  A quote opens a quoted
 * field only at the start of a field; elsewhere it is stray and literal. */
static int dc_csv_scan_record(dc_csv_reader *r, dc_csv_scan *sc)
{
    size_t start = r->pos, i = start, shift;
    size_t limit = start + r->max + 1; /* the byte at start + max may still be the line break */
    int in_q = 0;

    sc->has_quotes = 0;
    for (;;) {
        size_t stop = r->len < limit ? r->len : limit;

        if (i < stop && !in_q) {
            size_t j = i + dc_csv_find_special(r->data + i, stop - i, 1);
            if (j < stop) {
                char c = r->data[j];
                if (c == '\n' || c == '\r') {
                    sc->kind = DC_CSV_END_LINE;
                    sc->end = j;
                    return 0;
                }
                if (j - start >= r->max) {
                    sc->kind = DC_CSV_END_LIMIT;
                    sc->end = j;
                    return 0;
                }
                sc->has_quotes = 1;
                if (j == start || r->data[j - 1] == r->delim)
                    in_q = 1;
                i = j + 1;
                continue;
            }
            i = stop;
        } else if (i < stop) {
            const char *q = memchr(r->data + i, '"', stop - i);
            if (q != NULL) {
                size_t j = (size_t)(q - r->data);
                if (j - start >= r->max) {
                    sc->kind = DC_CSV_END_LIMIT_QUOTED;
                    sc->end = j;
                    return 0;
                }
                if (j + 1 < r->len && r->data[j + 1] == '"') {
                    if (j + 1 - start >= r->max) {
                        sc->kind = DC_CSV_END_LIMIT_QUOTED;
                        sc->end = j;
                        return 0;
                    }
                    i = j + 2;
                    continue;
                }
                if (j + 1 < r->len || r->eof) {
                    in_q = 0;
                    i = j + 1;
                    continue;
                }
                i = j; /* the quote is the window's last byte: read what follows */
                goto refill;
            }
            i = stop;
        }
        if (i >= limit) {
            sc->kind = in_q ? DC_CSV_END_LIMIT_QUOTED : DC_CSV_END_LIMIT;
            sc->end = i;
            return 0;
        }
        if (r->eof) {
            sc->kind = in_q ? DC_CSV_END_EOF_QUOTED : DC_CSV_END_EOF;
            sc->end = r->len;
            return 0;
        }
refill:
        if (dc_csv_fill(r, start, &shift) < 0)
            return -1;
        start -= shift;
        i -= shift;
        limit -= shift;
        r->pos = start;
    }
}

/* Skips to the next line break, ignoring quotes, in constant memory. */
static int dc_csv_skip_line(dc_csv_reader *r, size_t i, unsigned long long lines)
{
    size_t shift;

    for (;;) {
        size_t j = i + dc_csv_find_special(r->data + i, r->len - i, 0);
        if (j < r->len) {
            r->line += lines + 1;
            dc_csv_consume_eol(r, j);
            return 0;
        }
        if (r->eof) {
            r->pos = r->len;
            return 0;
        }
        if (dc_csv_fill(r, r->len, &shift) < 0)
            return -1;
        i = j - shift; /* nothing was kept: 0 */
    }
}

/* Skips the rest of an over-long record whose start was reported, following
 * quotes so that a line break inside a quoted field does not end it.  A quote
 * opened here that does not close within max_record_bytes (or before the end
 * of the input) is taken as stray: the record then ends at the first line
 * break after it, as an unterminated quote does in a normal record. */
static int dc_csv_skip_rest(dc_csv_reader *r)
{
    size_t i = r->skip_pos, qstart = 0, shift, k;
    unsigned char prev = r->skip_prev;
    unsigned long long lines = r->skip_lines, qlines = 0;
    int in_q = 0;

    if (r->skip == DC_CSV_SKIP_LINE)
        return dc_csv_skip_line(r, i, lines);
    for (;;) {
        if (i >= r->len || (in_q && r->data[i] == '"' && i + 1 >= r->len && !r->eof)) {
            if (r->eof && i >= r->len) {
                if (in_q)
                    break;
                r->pos = r->len;
                return 0;
            }
            if (dc_csv_fill(r, in_q ? qstart : i, &shift) < 0)
                return -1;
            i -= shift;
            qstart -= in_q ? shift : 0;
            continue;
        }
        if (!in_q) {
            size_t j = i + dc_csv_find_special(r->data + i, r->len - i, 1);
            if (j > i)
                prev = (unsigned char)r->data[j - 1];
            i = j;
            if (j >= r->len)
                continue;
            if (r->data[j] != '"') {
                r->line += lines + 1;
                dc_csv_consume_eol(r, j);
                return 0;
            }
            if (prev == (unsigned char)r->delim) {
                in_q = 1;
                qstart = j;
                qlines = 0;
            }
            prev = '"';
            i = j + 1;
        } else {
            unsigned char c = (unsigned char)r->data[i];
            if (i - qstart > r->max)
                break;
            if (c == '"') {
                if (i + 1 < r->len && r->data[i + 1] == '"') {
                    i += 2;
                } else {
                    in_q = 0;
                    lines += qlines;
                    i++;
                }
            } else {
                if (c == '\r' || (c == '\n' && prev != '\r'))
                    qlines++;
                i++;
            }
            prev = c;
        }
    }
    /* The quote at qstart never closed; the window still holds what follows it. */
    for (k = qstart; k < i && k < r->len; k++) {
        if (r->data[k] == '\r' || r->data[k] == '\n') {
            r->line += lines + 1;
            dc_csv_consume_eol(r, k);
            return 0;
        }
    }
    return dc_csv_skip_line(r, i, lines);
}

/* ------------------------------------------------------------ splitting */

static int dc_csv_add_field(dc_csv_reader *r, size_t n, char *start, size_t len)
{
    if (n >= r->fields_cap) {
        size_t ncap = r->fields_cap ? r->fields_cap * 2 : 32;
        char **nf = realloc(r->fields, ncap * sizeof *nf);
        size_t *nl;
        if (nf == NULL)
            return -1;
        r->fields = nf;
        nl = realloc(r->lengths, ncap * sizeof *nl);
        if (nl == NULL)
            return -1;
        r->lengths = nl;
        r->fields_cap = ncap;
    }
    r->fields[n] = start;
    r->lengths[n] = len;
    return 0;
}

/* Field number (1-based) and byte in it (1-based) of raw offset off, for a
 * record without quotes. */
static void dc_csv_locate(const char *raw, size_t off, char delim, size_t *field, size_t *byte)
{
    size_t k, f = 1, fstart = 0;

    for (k = 0; k < off; k++) {
        if (raw[k] == delim) {
            f++;
            fstart = k + 1;
        }
    }
    *field = f;
    *byte = off - fstart + 1;
}

/* A record without quotes: one copy, then cut at the delimiters. */
static int dc_csv_split_plain(dc_csv_reader *r, const char *raw, size_t n, dc_csv_record *rec)
{
    char *fb = r->fbuf, *p = fb, *end = fb + n;
    size_t nf = 0, field, byte;
    long bad = dc_utf8_invalid_offset(raw, n);
    const char *nul = memchr(raw, '\0', n);

    if (n > 0)
        memcpy(fb, raw, n);
    fb[n] = '\0';
    for (;;) {
        char *d = memchr(p, r->delim, (size_t)(end - p));
        char *fend = d != NULL ? d : end;
        *fend = '\0';
        if (dc_csv_add_field(r, nf++, p, (size_t)(fend - p)) != 0)
            return -1;
        if (d == NULL)
            break;
        p = d + 1;
    }
    if (nul != NULL && (bad < 0 || (size_t)(nul - raw) < (size_t)bad)) {
        dc_csv_locate(raw, (size_t)(nul - raw), r->delim, &field, &byte);
        snprintf(r->errmsg, sizeof r->errmsg, "NUL byte in field %zu", field);
        rec->error = r->errmsg;
    } else if (bad >= 0) {
        dc_csv_locate(raw, (size_t)bad, r->delim, &field, &byte);
        snprintf(r->errmsg, sizeof r->errmsg, "invalid UTF-8 in field %zu at byte %zu", field, byte);
        rec->error = r->errmsg;
    }
    rec->nfields = nf;
    return 0;
}

/* A record with quotes (balanced: the scan found its end). */
static int dc_csv_split_quoted(dc_csv_reader *r, const char *raw, size_t n, dc_csv_record *rec)
{
    char *out = r->fbuf;
    size_t k = 0, nf = 0;
    const char delim = r->delim;

    for (;;) {
        char *fstart = out;
        size_t flen;
        long bad;

        if (k < n && raw[k] == '"') {
            size_t qstart = ++k;
            for (;;) {
                const char *q = memchr(raw + k, '"', n - k);
                size_t j = q != NULL ? (size_t)(q - raw) : n;
                memcpy(out, raw + k, j - k);
                if (rec->error == NULL && memchr(raw + k, '\0', j - k) != NULL) {
                    snprintf(r->errmsg, sizeof r->errmsg, "NUL byte in field %zu", nf + 1);
                    rec->error = r->errmsg;
                }
                out += j - k;
                k = j + 1;
                if (j + 1 < n && raw[j + 1] == '"') {
                    *out++ = '"';
                    k = j + 2;
                    continue;
                }
                break;
            }
            if (k < n && raw[k] != delim) {
                /* A quote closing after a line break and followed by text is
                 * most likely an unterminated quote that a later stray quote
                 * "closed": the caller cuts the record to its first line. */
                if (memchr(raw + qstart, '\n', k - qstart) != NULL
                    || memchr(raw + qstart, '\r', k - qstart) != NULL)
                    r->reopen = 1;
                if (rec->error == NULL) {
                    snprintf(r->errmsg, sizeof r->errmsg, "text after closing quote in field %zu",
                             nf + 1);
                    rec->error = r->errmsg;
                }
            }
        }
        /* Unquoted text, or what follows a closing quote, up to the delimiter. */
        while (k < n && raw[k] != delim) {
            char c = raw[k++];
            if (rec->error == NULL && (c == '"' || c == '\0')) {
                if (c == '"')
                    snprintf(r->errmsg, sizeof r->errmsg, "stray quote in unquoted field %zu", nf + 1);
                else
                    snprintf(r->errmsg, sizeof r->errmsg, "NUL byte in field %zu", nf + 1);
                rec->error = r->errmsg;
            }
            *out++ = c;
        }
        flen = (size_t)(out - fstart);
        *out++ = '\0';
        bad = dc_utf8_invalid_offset(fstart, flen);
        if (bad >= 0 && rec->error == NULL) {
            snprintf(r->errmsg, sizeof r->errmsg, "invalid UTF-8 in field %zu at byte %ld", nf + 1,
                     bad + 1);
            rec->error = r->errmsg;
        }
        if (dc_csv_add_field(r, nf++, fstart, flen) != 0)
            return -1;
        if (k >= n)
            break;
        k++; /* the delimiter */
    }
    rec->nfields = nf;
    return 0;
}

static int dc_csv_split(dc_csv_reader *r, const char *raw, size_t n, int has_quotes,
                        dc_csv_record *rec)
{
    /* Decoded text is never longer than the raw text; add a NUL per field. */
    size_t need = 2 * n + 2;

    if (r->fcap < need) {
        size_t ncap = r->fcap ? r->fcap : 256;
        char *nb;
        while (ncap < need)
            ncap *= 2;
        nb = realloc(r->fbuf, ncap);
        if (nb == NULL)
            return -1;
        r->fbuf = nb;
        r->fcap = ncap;
    }
    if (has_quotes)
        return dc_csv_split_quoted(r, raw, n, rec);
    return dc_csv_split_plain(r, raw, n, rec);
}

/* ---------------------------------------------------------------- API */

/* Counts , ; TAB | outside quotes in the first record (its first
 * max_record_bytes + 1 bytes, whatever the input source holds beyond) and
 * picks the most frequent; ',' on a tie or when none occurs. */
static char dc_csv_detect(const dc_csv_reader *r)
{
    static const char cands[] = {',', ';', '\t', '|'};
    size_t counts[4] = {0, 0, 0, 0}, i, best = 0, k;
    size_t end = r->len - r->pos > r->max ? r->pos + r->max + 1 : r->len;
    int in_q = 0;

    for (i = r->pos; i < end; i++) {
        char c = r->data[i];
        if (c == '"') {
            in_q = !in_q;
        } else if (!in_q) {
            if (c == '\r' || c == '\n')
                break;
            for (k = 0; k < 4; k++) {
                if (c == cands[k])
                    counts[k]++;
            }
        }
    }
    for (k = 1; k < 4; k++) {
        if (counts[k] > counts[best])
            best = k;
    }
    return cands[best];
}

/* Reads until the window holds the first record (or max bytes of it), so the
 * BOM can be skipped and the delimiter detected. */
static void dc_csv_prime(dc_csv_reader *r)
{
    size_t shift, i = 0;
    int in_q = 0, found = 0;

    while (!found && !r->eof && !r->io_error) {
        for (; i < r->len && !found; i++) {
            char c = r->data[i];
            if (c == '"')
                in_q = !in_q;
            else if (!in_q && (c == '\r' || c == '\n'))
                found = 1;
        }
        if (found || r->len >= r->max + 4) /* a BOM and what dc_csv_detect looks at */
            break;
        if (dc_csv_fill(r, 0, &shift) < 0)
            break; /* kept in r->io_error for the first dc_csv_next */
    }
    if (r->len - r->pos >= 3 && memcmp(r->data + r->pos, "\xEF\xBB\xBF", 3) == 0)
        r->pos += 3;
    if (r->delim == 0)
        r->delim = dc_csv_detect(r);
}

static int dc_csv_open(FILE *f, const char *data, size_t len, const dc_csv_options *opt,
                       size_t chunk, dc_csv_reader **out)
{
    dc_csv_reader *r = NULL;
    char delim = opt != NULL ? opt->delimiter : 0;
    size_t max = opt != NULL && opt->max_record_bytes ? opt->max_record_bytes
                                                     : DC_CSV_DEFAULT_MAX_RECORD;
    int rc = -1;

    *out = NULL;
    if (delim == '"' || delim == '\r' || delim == '\n' || chunk == 0) {
        errno = EINVAL;
        goto cleanup;
    }
    if (max > SIZE_MAX / 8)
        max = SIZE_MAX / 8; /* keeps window arithmetic from overflowing */
    r = calloc(1, sizeof *r);
    if (r == NULL)
        goto cleanup;
    r->delim = delim;
    r->max = max;
    r->line = 1;
    r->chunk = chunk;
    if (f != NULL) {
        if (max > SIZE_MAX / 8 - 2 * chunk) {
            errno = EINVAL;
            goto cleanup;
        }
        r->f = f;
        /* Room for a whole record plus the lookahead byte plus a chunk. */
        r->maxcap = max + 2 * chunk + 8;
        r->cap = 2 * chunk < r->maxcap ? 2 * chunk : r->maxcap;
        r->buf = malloc(r->cap);
        if (r->buf == NULL)
            goto cleanup;
        r->data = r->buf;
    } else {
        r->data = data != NULL ? data : "";
        r->len = data != NULL ? len : 0;
        r->eof = 1;
    }
    dc_csv_prime(r);
    *out = r;
    r = NULL;
    rc = 0;
cleanup:
    dc_csv_close(r);
    return rc;
}

int dc_csv_open_file(FILE *f, const dc_csv_options *opt, dc_csv_reader **out)
{
    return dc_csv_open(f, NULL, 0, opt, DC_CSV_CHUNK, out);
}

int dc_csv_open_file_chunked(FILE *f, const dc_csv_options *opt, size_t chunk,
                             dc_csv_reader **out)
{
    return dc_csv_open(f, NULL, 0, opt, chunk, out);
}

int dc_csv_open_memory(const char *data, size_t len, const dc_csv_options *opt,
                       dc_csv_reader **out)
{
    return dc_csv_open(NULL, data, len, opt, DC_CSV_CHUNK, out);
}

/* The record's quote never closed: it is cut to its first physical line and
 * reading resumes on the next one, so one stray quote costs one row. */
static void dc_csv_unterminated(dc_csv_reader *r, const dc_csv_scan *sc, dc_csv_record *rec)
{
    size_t start = r->pos;
    size_t lim = r->len - start > r->max ? start + r->max : r->len;
    size_t j = start + dc_csv_find_special(r->data + start, lim - start, 0);

    /* A line break right at start + max still ends a record of max bytes. */
    if (j == lim && lim < r->len && (r->data[lim] == '\r' || r->data[lim] == '\n'))
        j = lim;
    rec->raw = r->data + start;
    if (sc->kind == DC_CSV_END_EOF_QUOTED) {
        rec->error = "unterminated quoted field";
    } else {
        /* Cannot tell a missing quote from a huge quoted field: say both. */
        snprintf(r->errmsg, sizeof r->errmsg,
                 "unterminated quoted field (or record longer than %zu bytes)", r->max);
        rec->error = r->errmsg;
    }
    if (j < r->len && (r->data[j] == '\r' || r->data[j] == '\n')) {
        rec->raw_len = j - start;
        r->line++;
        dc_csv_consume_eol(r, j);
    } else if (sc->kind == DC_CSV_END_EOF_QUOTED) {
        rec->raw_len = r->len - start;
        r->pos = r->len;
    } else {
        rec->raw_len = r->max;
        r->skip = DC_CSV_SKIP_LINE;
        r->skip_pos = start + r->max;
        r->skip_lines = 0;
    }
}

int dc_csv_next(dc_csv_reader *r, dc_csv_record *rec)
{
    dc_csv_scan sc;
    size_t start;
    int rc = -1;

    memset(rec, 0, sizeof *rec);
    if (r->io_error) {
        errno = r->saved_errno;
        goto cleanup;
    }
    if (r->skip != DC_CSV_SKIP_NONE) {
        if (dc_csv_skip_rest(r) != 0)
            goto cleanup;
        r->skip = DC_CSV_SKIP_NONE;
    }
    if (r->skip_lf) {
        if (dc_csv_peek(r) != 0)
            goto cleanup;
        if (r->pos < r->len && r->data[r->pos] == '\n')
            r->pos++;
        r->skip_lf = 0;
    }
    if (dc_csv_scan_record(r, &sc) != 0)
        goto cleanup;
    start = r->pos;
    if (sc.kind == DC_CSV_END_EOF && sc.end == start) {
        rc = 0; /* nothing left: an empty record needs a line break */
        goto cleanup;
    }
    rec->line = r->line;
    rec->index = ++r->index;
    switch (sc.kind) {
    case DC_CSV_END_LINE:
    case DC_CSV_END_EOF:
        rec->raw = r->data + start;
        rec->raw_len = sc.end - start;
        r->reopen = 0;
        if (dc_csv_split(r, rec->raw, rec->raw_len, sc.has_quotes, rec) != 0) {
            r->io_error = 1;
            r->saved_errno = errno = ENOMEM;
            goto cleanup;
        }
        if (r->reopen) {
            rec->nfields = 0;
            sc.kind = DC_CSV_END_EOF_QUOTED; /* the message; the raw has a line break */
            dc_csv_unterminated(r, &sc, rec);
            break;
        }
        rec->fields = r->fields;
        rec->lengths = r->lengths;
        if (sc.kind == DC_CSV_END_EOF) {
            r->pos = r->len;
        } else {
            if (sc.has_quotes)
                r->line += dc_csv_count_breaks(rec->raw, rec->raw_len);
            r->line++;
            dc_csv_consume_eol(r, sc.end);
        }
        break;
    case DC_CSV_END_EOF_QUOTED:
    case DC_CSV_END_LIMIT_QUOTED:
        dc_csv_unterminated(r, &sc, rec);
        break;
    default: /* DC_CSV_END_LIMIT */
        rec->raw = r->data + start;
        rec->raw_len = r->max;
        snprintf(r->errmsg, sizeof r->errmsg, "record longer than %zu bytes", r->max);
        rec->error = r->errmsg;
        r->skip = DC_CSV_SKIP_CSV;
        r->skip_pos = sc.end;
        r->skip_prev = (unsigned char)r->data[sc.end - 1];
        r->skip_lines = dc_csv_count_breaks(r->data + start, sc.end - start);
        break;
    }
    rc = 1;
cleanup:
    return rc;
}

char dc_csv_delimiter(const dc_csv_reader *r)
{
    return r->delim;
}

void dc_csv_close(dc_csv_reader *r)
{
    if (r == NULL)
        return;
    free(r->buf);
    free(r->fbuf);
    free(r->fields);
    free(r->lengths);
    free(r);
}

int dc_csv_write_field(FILE *f, const char *s, size_t len, char delimiter)
{
    int quote = len > 0 && (s[0] == ' ' || s[len - 1] == ' ');
    size_t i;
    int rc = -1;

    for (i = 0; i < len && !quote; i++) {
        char c = s[i];
        if (c == delimiter || c == '"' || c == '\r' || c == '\n')
            quote = 1;
    }
    if (!quote) {
        if (len > 0 && fwrite(s, 1, len, f) != len)
            goto cleanup;
    } else {
        const char *p = s, *end = s + len;
        if (putc('"', f) == EOF)
            goto cleanup;
        while (p < end) {
            const char *q = memchr(p, '"', (size_t)(end - p));
            size_t n = q != NULL ? (size_t)(q - p) + 1 : (size_t)(end - p);
            if (fwrite(p, 1, n, f) != n)
                goto cleanup;
            if (q != NULL && putc('"', f) == EOF) /* double the quote */
                goto cleanup;
            p += n;
        }
        if (putc('"', f) == EOF)
            goto cleanup;
    }
    rc = 0;
cleanup:
    return rc;
}
