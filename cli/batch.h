/* domcov batch internals: options, chunks of rows, the pipeline (docs/batch.md).
 *
 * The input is cut into chunks of consecutive rows by one reader thread;
 * worker threads check the rows of a chunk and format its output; one writer
 * thread writes finished chunks in input order.  The chunks live in a fixed
 * ring, so memory does not grow with the input. */
#ifndef DOMCOV_CLI_BATCH_H
#define DOMCOV_CLI_BATCH_H

#include "domcov.h"
#include "strbuf.h"

#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>

enum batch_format { BATCH_CSV = 0, BATCH_JSONL = 1 };

/* domcov_status values of an output row. */
enum batch_status { BS_MATCHED, BS_AMBIGUOUS, BS_NOT_FOUND, BS_INVALID, BS_COUNT };

/* The longest CSV record or JSON line read whole; longer ones are invalid rows. */
#define BATCH_MAX_RECORD ((size_t)1 << 20)
/* A chunk is closed after this many rows or input bytes (a record may overshoot). */
#define BATCH_CHUNK_ROWS 2048
#define BATCH_CHUNK_BYTES ((size_t)256 * 1024)

/* One input row as the reader saw it. */
typedef struct batch_row {
    unsigned long long line;  /* 1-based physical line where it starts */
    size_t raw_off, raw_len;  /* the raw record (CSV) or line (JSONL) in chunk->in */
    size_t err_off, err_len;  /* the reader's error in chunk->in; err_len 0 when none */
    size_t field0;            /* index of its first field in chunk->fields */
    unsigned nfields;         /* fields kept (CSV), 0 when it could not be split */
    unsigned flags;           /* BATCH_ROW_* */
} batch_row;

#define BATCH_ROW_TRUSTED 0x1u /* CSV: the fields are exactly the input's (see keep_fields) */

typedef struct batch_field {
    size_t off, len;          /* decoded bytes in chunk->in; off == SIZE_MAX: not kept */
} batch_field;

enum batch_slot_state { SLOT_FREE, SLOT_READY, SLOT_WORKING, SLOT_DONE };

typedef struct batch_chunk {
    unsigned long long seq;
    int state;                /* enum batch_slot_state, under the pipeline lock */
    dc_strbuf in;             /* raw and field bytes of the rows */
    batch_row *rows;
    size_t nrows, rows_cap;
    batch_field *fields;
    size_t nfields, fields_cap;
    dc_strbuf out;            /* the formatted output rows */
    long long counts[BS_COUNT];
    int failed;               /* out of memory while formatting */
    /* The first invalid rows, for the summary: line and reason. */
    int nexamples;
    unsigned long long ex_line[10];
    char ex_reason[10][120];
} batch_chunk;

typedef struct batch_opts {
    const char *store, *input, *output, *city;
    const char *address_column, *lat_column, *lon_column;
    int in_format;            /* -1: detect */
    int out_format;           /* -1: as the input */
    char delimiter;           /* 0: detect */
    int threads;              /* 0: one per core */
    int quiet;
    int progress;             /* -1: when stderr is a TTY */
} batch_opts;

typedef struct batch_ctx {
    batch_opts o;
    domcov_db *db;
    domcov_match_options match;
    int in_format, out_format;
    char delim;               /* CSV input's delimiter, also the CSV output's */
    int bom;                  /* the input started with a UTF-8 BOM (kept in CSV output) */
    /* CSV header */
    size_t ncols;
    int col_addr, col_lat, col_lon;  /* -1 when absent */
    char **colnames;          /* for JSONL output of CSV input */
    size_t *colname_lens;
    char *header_raw;         /* the header record as read, echoed in CSV output */
    size_t header_raw_len;
    /* JSONL input: member names to look for */
    const char *key_addr, *key_lat, *key_lon;
    /* progress */
    atomic_ullong bytes_read;
    long long total_bytes;    /* -1 when unknown */
} batch_ctx;

/* ---- batch_input.c: reading */

/* The default column (CSV: ASCII case and surrounding spaces ignored) or
 * member (JSONL: exact) names, first found wins; NULL-terminated. */
extern const char *const batch_addr_names[];
extern const char *const batch_lat_names[];
extern const char *const batch_lon_names[];

typedef struct batch_input batch_input;

/* Opens the input (path, or "-" or NULL for stdin), peeks at its start: BOM,
 * format (when not given: .jsonl/.ndjson, or '{' first, mean JSON Lines).
 * 0, or an exit code with a message printed. */
int batch_input_open(batch_ctx *ctx, const char *path, batch_input **out);
/* Reads the CSV header (after open, CSV only) and resolves the columns.  0, or an exit code. */
int batch_input_header(batch_ctx *ctx, batch_input *in);
/* Fills a chunk with the next rows.  1 rows added, 0 end of input (chunk may
 * hold rows), -1 read error (message printed). */
int batch_input_fill(batch_ctx *ctx, batch_input *in, batch_chunk *c);
void batch_input_close(batch_input *in);

/* ---- batch_rows.c: checking and formatting */

/* The output header (CSV) into out; nothing for JSONL. */
int batch_format_header(const batch_ctx *ctx, dc_strbuf *out);
/* Checks every row of a filled chunk and formats its output. */
void batch_process_chunk(const batch_ctx *ctx, batch_chunk *c);

/* Resets a chunk for reuse, keeping its memory. */
void batch_chunk_reset(batch_chunk *c);
void batch_chunk_free(batch_chunk *c);
/* Adds a row's bytes to chunk->in; offset or SIZE_MAX when out of memory. */
size_t batch_chunk_put(batch_chunk *c, const char *s, size_t n);

/* ---- batch_pipeline.c */

typedef struct batch_totals {
    long long rows;
    long long counts[BS_COUNT];
    double seconds;
    int examples;
    unsigned long long ex_line[10];
    char ex_reason[10][120];
    int read_error, write_error, nomem;
} batch_totals;

int batch_run_pipeline(batch_ctx *ctx, batch_input *in, FILE *out, int threads, int progress,
                       batch_totals *t);

#endif
