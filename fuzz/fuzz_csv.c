/* libFuzzer target for the CSV reader.
 *
 * The first byte picks the options (max_record_bytes 1..64, the delimiter or
 * detection, the chunk size of the second pass); the rest is the input.
 * Checks: every byte of the input belongs to some record's raw or to the one
 * line break between two records (except what is skipped after a truncated
 * record), record indexes go up by one, fields agree with their lengths, and
 * reading the same bytes from a FILE in small chunks gives exactly the same
 * records as reading them from memory. */
#include "lib/util/csv.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct seen {
    unsigned long long line, index;
    char *raw;
    size_t raw_len;
    char *error;
    char *fields; /* the fields joined, each with its NUL */
    size_t fields_len, nfields;
} seen;

static void check_fields(const dc_csv_record *rec)
{
    size_t i;

    if (rec->error == NULL && rec->nfields == 0)
        abort();
    for (i = 0; i < rec->nfields; i++) {
        if (rec->fields[i][rec->lengths[i]] != '\0' || rec->lengths[i] > rec->raw_len)
            abort();
    }
}

static void check_gap(const char *g, size_t gap, int first, int after_trunc)
{
    int ok;

    if (after_trunc)
        return;
    if (first)
        ok = gap == 0 || (gap == 3 && memcmp(g, "\xEF\xBB\xBF", 3) == 0);
    else
        ok = (gap == 1 && (*g == '\n' || *g == '\r')) || (gap == 2 && memcmp(g, "\r\n", 2) == 0);
    if (!ok)
        abort();
}

static seen record_copy(const dc_csv_record *rec)
{
    seen s;
    size_t i, total = 0;

    memset(&s, 0, sizeof s);
    s.line = rec->line;
    s.index = rec->index;
    s.raw = malloc(rec->raw_len + 1);
    memcpy(s.raw, rec->raw, rec->raw_len);
    s.raw_len = rec->raw_len;
    s.error = rec->error != NULL ? strdup(rec->error) : NULL;
    for (i = 0; i < rec->nfields; i++)
        total += rec->lengths[i] + 1;
    s.fields = malloc(total + 1);
    total = 0;
    for (i = 0; i < rec->nfields; i++) {
        memcpy(s.fields + total, rec->fields[i], rec->lengths[i] + 1);
        total += rec->lengths[i] + 1;
    }
    s.fields_len = total;
    s.nfields = rec->nfields;
    return s;
}

static int same(const seen *s, const dc_csv_record *rec)
{
    seen t = record_copy(rec);
    int eq = s->line == t.line && s->index == t.index && s->raw_len == t.raw_len
             && memcmp(s->raw, t.raw, t.raw_len) == 0 && s->nfields == t.nfields
             && s->fields_len == t.fields_len && memcmp(s->fields, t.fields, t.fields_len) == 0
             && ((s->error == NULL && t.error == NULL)
                 || (s->error != NULL && t.error != NULL && strcmp(s->error, t.error) == 0));
    free(t.raw);
    free(t.error);
    free(t.fields);
    return eq;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char delims[] = {0, ',', ';', '\t', '|', 0, 0, 0};
    dc_csv_options opt;
    dc_csv_reader *r = NULL;
    dc_csv_record rec;
    const char *in;
    size_t len, prev_end = 0, n = 0, cap = 0, i, chunk;
    seen *all = NULL;
    int rc, after_trunc = 0;
    FILE *f;

    if (size < 1)
        return 0;
    opt.max_record_bytes = 1 + (data[0] & 0x3F);
    opt.delimiter = delims[(data[0] >> 6) & 3];
    chunk = 1 + (data[0] % 7);
    in = (const char *)data + 1;
    len = size - 1;

    if (dc_csv_open_memory(in, len, &opt, &r) != 0)
        abort();
    while ((rc = dc_csv_next(r, &rec)) == 1) {
        size_t off = (size_t)(rec.raw - in);
        if (rec.raw < in || off + rec.raw_len > len || off < prev_end)
            abort();
        if (rec.raw_len > opt.max_record_bytes)
            abort();
        if (rec.index != n + 1)
            abort();
        check_gap(in + prev_end, off - prev_end, n == 0, after_trunc);
        check_fields(&rec);
        prev_end = off + rec.raw_len;
        after_trunc = rec.error != NULL && strstr(rec.error, "longer than") != NULL;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            all = realloc(all, cap * sizeof *all);
        }
        all[n++] = record_copy(&rec);
    }
    if (rc != 0)
        abort();
    /* The end: nothing, one line break, or a BOM alone; or a skipped tail. */
    if (!after_trunc && !(n == 0 && len - prev_end == 3 && memcmp(in, "\xEF\xBB\xBF", 3) == 0)) {
        const char *g = in + prev_end;
        size_t gap = len - prev_end;
        if (!(gap == 0 || (gap == 1 && (*g == '\n' || *g == '\r'))
              || (gap == 2 && memcmp(g, "\r\n", 2) == 0)))
            abort();
    }
    if (dc_csv_next(r, &rec) != 0)
        abort();
    dc_csv_close(r);
    r = NULL;

    /* The same records through a FILE, a few bytes per read. */
    f = fmemopen((void *)in, len, "rb");
    if (f != NULL || len == 0) {
        if (f == NULL)
            f = fopen("/dev/null", "rb");
        if (dc_csv_open_file_chunked(f, &opt, chunk, &r) != 0)
            abort();
        for (i = 0; (rc = dc_csv_next(r, &rec)) == 1; i++) {
            if (i >= n || !same(&all[i], &rec))
                abort();
        }
        if (rc != 0 || i != n)
            abort();
        dc_csv_close(r);
        fclose(f);
    }
    for (i = 0; i < n; i++) {
        free(all[i].raw);
        free(all[i].error);
        free(all[i].fields);
    }
    free(all);
    return 0;
}
