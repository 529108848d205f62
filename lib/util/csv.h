/* A streaming RFC 4180 CSV reader that never loses a row, and a field writer.
 *
 * Memory stays bounded by max_record_bytes whatever the input: a broken or
 * over-long record comes back as one record with `error` set, and reading
 * goes on so that every other record is still returned, in order. */
#ifndef DC_CSV_H
#define DC_CSV_H

#include <stddef.h>
#include <stdio.h>

typedef struct dc_csv_reader dc_csv_reader;

typedef struct dc_csv_options {
    char delimiter;           /* ',', ';', '\t', '|'; 0 = detect from the first record: the one of
                                 , ; \t | that occurs most outside quotes, default ',' */
    size_t max_record_bytes;  /* 0 = 1 MiB; a longer record is reported invalid, memory stays bounded */
} dc_csv_options;

#define DC_CSV_DEFAULT_MAX_RECORD ((size_t)1 << 20)
#define DC_CSV_CHUNK ((size_t)64 * 1024)

typedef struct dc_csv_record {
    size_t nfields;
    char **fields;            /* NUL-terminated, unquoted; valid until the next dc_csv_next */
    size_t *lengths;
    unsigned long long line;  /* 1-based physical line where the record starts */
    unsigned long long index; /* 1-based record number in the input (the header, if any, is 1) */
    const char *raw;          /* the record's raw bytes without the final line break (at most
                                 max_record_bytes: truncated for an over-long record; only its
                                 first line for an unterminated quote), for echoing invalid rows */
    size_t raw_len;
    const char *error;        /* NULL for a good record, else the reason, e.g. "unterminated quoted
                                 field", "invalid UTF-8 in field 3 at byte 5" (both 1-based),
                                 "record longer than 1048576 bytes", "stray quote in unquoted field
                                 2", "text after closing quote in field 1", "NUL byte in field 1".
                                 Unterminated and over-long records have nfields == 0; the others
                                 keep the fields as read. */
} dc_csv_record;

/* 0, or -1 with errno set (ENOMEM; EINVAL for a delimiter that is NUL, CR,
 * LF or '"').  A read error while looking at the first record is reported
 * by the first dc_csv_next. */
int dc_csv_open_file(FILE *f, const dc_csv_options *opt, dc_csv_reader **out);
/* data must stay valid and unchanged until dc_csv_close; raw points into it. */
int dc_csv_open_memory(const char *data, size_t len, const dc_csv_options *opt, dc_csv_reader **out);

/* 1 = a record (good or with error), 0 = end of input, -1 = I/O error (errno
 * kept; every later call fails the same way). */
int dc_csv_next(dc_csv_reader *r, dc_csv_record *rec);

/* The delimiter in use: detection happens when the reader opens. */
char dc_csv_delimiter(const dc_csv_reader *r);

/* NULL ok; does not fclose the FILE. */
void dc_csv_close(dc_csv_reader *r);

/* Writes one field, quoted when it contains the delimiter, a quote, CR or LF,
 * or starts/ends with a space.  0, or -1 on a write error. */
int dc_csv_write_field(FILE *f, const char *s, size_t len, char delimiter);

/* For tests: dc_csv_open_file reading chunk bytes at a time (chunk >= 1), to
 * put chunk boundaries everywhere. */
int dc_csv_open_file_chunked(FILE *f, const dc_csv_options *opt, size_t chunk,
                             dc_csv_reader **out);

#endif
