/*
 * libFuzzer target for the row path of `domcov batch` (cli/batch_input.c and
 * cli/batch_rows.c): the bytes are a CSV or JSON Lines input, read into
 * chunks, checked against a store and formatted, as the pipeline does, on one
 * thread.
 *
 * The first byte picks the options (input format given or detected, output
 * format, delimiter, --city); the rest is the input.  Checks, beyond the
 * sanitizers: one output row per input row, always -- every JSONL output line
 * is a JSON object with a domcov_status, and the CSV output reads back as
 * exactly one record per input row (plus the header) with the input's
 * columns and the nine domcov_* ones; statuses are counted once per row.
 *
 * The store: $DOMCOV_FUZZ_STORE, else the unit store of the build tree.
 */
#include "cli/batch.h"
#include "cli/cli.h"
#include "lib/util/csv.h"
#include "lib/util/json.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef FUZZ_STORE
#define FUZZ_STORE "tests/unit.sqlite"
#endif

#define NOUT 9

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static domcov_db *db;
static int memfd = -1;
static char file_path[64];

static void close_db(void)
{
    domcov_close(db);
    db = NULL;
}

static void setup(void)
{
    const char *store = getenv("DOMCOV_FUZZ_STORE");

    if (store == NULL || *store == '\0')
        store = FUZZ_STORE;
    if (domcov_open(store, 0, &db) != DOMCOV_OK) {
        fprintf(stderr, "fuzz_batch: cannot open the store %s: %s (set DOMCOV_FUZZ_STORE)\n",
                store, domcov_errmsg(NULL));
        abort();
    }
    memfd = memfd_create("fuzz.batch", 0);
    if (memfd < 0)
        abort();
    snprintf(file_path, sizeof file_path, "/proc/self/fd/%d", memfd);
    atexit(close_db);
}

/* Our JSON parser refuses \u0000 (the library never wants it), which batch
 * output may hold for a NUL byte of the input: turn those escapes into \u0001. */
static void neutralise_nul_escapes(char *s, size_t n)
{
    size_t i;

    for (i = 0; i + 1 < n; i++) {
        if (s[i] != '\\')
            continue;
        if (s[i + 1] == 'u' && i + 5 < n && memcmp(s + i + 2, "0000", 4) == 0)
            s[i + 5] = '1';
        i++; /* skip the escaped character */
    }
}

static void check_jsonl(const dc_strbuf *out, size_t rows)
{
    char *copy = malloc(out->len + 1), *p, *end;
    size_t lines = 0;

    if (copy == NULL)
        abort();
    if (out->len > 0)
        memcpy(copy, out->data, out->len);
    copy[out->len] = '\0';
    if (out->len > 0 && copy[out->len - 1] != '\n') {
        fprintf(stderr, "JSONL output does not end with a line break\n");
        abort();
    }
    for (p = copy, end = copy + out->len; p < end; lines++) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = (size_t)(nl - p);
        dc_json_error err;
        dc_json *v;
        const dc_json *st;

        neutralise_nul_escapes(p, n);
        v = dc_json_parse(p, n, 0, &err);
        st = dc_json_get(v, "domcov_status");
        if (v == NULL || v->type != DC_JSON_OBJECT || st == NULL || st->type != DC_JSON_STRING) {
            fprintf(stderr, "JSONL output line %zu is not an object with domcov_status: %s\n%.*s\n",
                    lines + 1, v ? "no domcov_status" : err.message, (int)(n < 2000 ? n : 2000), p);
            abort();
        }
        dc_json_free(v);
        p = nl + 1;
    }
    if (lines != rows) {
        fprintf(stderr, "%zu JSONL output lines for %zu input rows\n", lines, rows);
        abort();
    }
    free(copy);
}

static void check_csv(const dc_strbuf *out, size_t rows, char delim, size_t fields)
{
    dc_csv_options o = {delim, (size_t)64 << 20};
    dc_csv_reader *r = NULL;
    dc_csv_record rec;
    size_t n = 0;
    int rc;

    if (dc_csv_open_memory(out->data ? out->data : "", out->len, &o, &r) != 0)
        abort();
    while ((rc = dc_csv_next(r, &rec)) == 1) {
        /* Input rows are echoed as they came: bad bytes may come back as errors, never as a
           different number of fields. */
        if (rec.nfields != fields) {
            fprintf(stderr, "CSV output record %llu has %zu fields, expected %zu (%s)\n%.*s\n",
                    rec.index, rec.nfields, fields, rec.error ? rec.error : "no error",
                    (int)(rec.raw_len < 2000 ? rec.raw_len : 2000), rec.raw);
            abort();
        }
        n++;
    }
    if (rc != 0 || n != rows) {
        fprintf(stderr, "%zu CSV output records for %zu rows\n", n, rows);
        abort();
    }
    dc_csv_close(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int in_formats[] = {-1, -1, BATCH_CSV, BATCH_JSONL};
    static const int out_formats[] = {-1, -1, BATCH_CSV, BATCH_JSONL};
    static const char delims[] = {0, ',', ';', '\t'};
    batch_ctx ctx;
    batch_input *in = NULL;
    batch_chunk c;
    dc_strbuf out = DC_STRBUF_INIT;
    size_t rows = 0, i;
    long long counted = 0;
    int code, rc;

    if (db == NULL)
        setup();
    if (size < 1)
        return 0;
    memset(&ctx, 0, sizeof ctx);
    ctx.o.in_format = in_formats[data[0] & 3];
    ctx.o.out_format = out_formats[(data[0] >> 2) & 3];
    ctx.o.delimiter = delims[(data[0] >> 4) & 3];
    ctx.o.city = (data[0] & 0x40) ? "testgrad" : NULL;
    ctx.db = db;
    ctx.match.default_city = ctx.o.city;
    ctx.match.max_candidates = 1;
    atomic_init(&ctx.bytes_read, 0);
    data++;
    size--;
    if (ftruncate(memfd, 0) != 0 || pwrite(memfd, data, size, 0) != (ssize_t)size)
        abort();

    if ((code = batch_input_open(&ctx, file_path, &in)) != 0)
        abort(); /* a readable file always opens */
    ctx.out_format = ctx.o.out_format >= 0 ? ctx.o.out_format : ctx.in_format;
    if (ctx.in_format == BATCH_CSV && (code = batch_input_header(&ctx, in)) != 0) {
        if (code != EXIT_INPUT)
            abort();
        goto cleanup;
    }
    if (ctx.in_format == BATCH_CSV && ctx.ncols == 0)
        goto cleanup; /* empty input, empty output */
    if (batch_format_header(&ctx, &out) != 0)
        abort();
    memset(&c, 0, sizeof c);
    do {
        batch_chunk_reset(&c);
        rc = batch_input_fill(&ctx, in, &c);
        if (rc < 0)
            abort();
        batch_process_chunk(&ctx, &c);
        if (c.failed)
            abort();
        for (i = 0; i < BS_COUNT; i++)
            counted += c.counts[i];
        rows += c.nrows;
        if (dc_strbuf_append(&out, c.out.data ? c.out.data : "", c.out.len) != 0)
            abort();
    } while (rc == 1);
    batch_chunk_free(&c);
    if (counted != (long long)rows)
        abort();
    if (ctx.out_format == BATCH_JSONL) {
        check_jsonl(&out, rows);
    } else {
        /* The header, then one record per row; a BOM kept in the output is skipped by the reader. */
        size_t fields = (ctx.in_format == BATCH_CSV ? ctx.ncols : 1) + NOUT;
        check_csv(&out, rows + 1, ctx.delim, fields);
    }
cleanup:
    dc_strbuf_free(&out);
    batch_input_close(in);
    for (i = 0; i < ctx.ncols && ctx.colnames; i++)
        free(ctx.colnames[i]);
    free(ctx.colnames);
    free(ctx.colname_lens);
    free(ctx.header_raw);
    return 0;
}
