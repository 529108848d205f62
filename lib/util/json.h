/* A strict RFC 8259 JSON parser building a read-only tree (DOM).
 *
 * Every node of one document lives in one arena owned by the root, so a
 * document of millions of values is built and freed in a handful of
 * allocations. */
#ifndef DC_JSON_H
#define DC_JSON_H

#include <stddef.h>

typedef enum dc_json_type {
    DC_JSON_NULL, DC_JSON_FALSE, DC_JSON_TRUE, DC_JSON_NUMBER,
    DC_JSON_STRING, DC_JSON_ARRAY, DC_JSON_OBJECT
} dc_json_type;

typedef struct dc_json dc_json;
struct dc_json {
    dc_json_type type;
    double number;        /* NUMBER: correctly rounded, independent of the locale */
    char *string;         /* STRING: UTF-8, NUL-terminated; \u0000 is rejected */
    size_t string_len;
    size_t count;         /* ARRAY / OBJECT: number of members */
    dc_json **items;      /* ARRAY elements / OBJECT values, in document order */
    char **keys;          /* OBJECT keys (parallel to items); duplicate keys: the last wins in dc_json_get */
    unsigned long line, column; /* where the value starts, 1-based */
};

typedef struct dc_json_error {
    unsigned long line, column; /* 1-based; column counts bytes */
    size_t offset;
    char message[160];          /* e.g. "expected ',' or ']' after array element" */
} dc_json_error;

/* The nesting limit used when dc_json_parse is given 0. */
#define DC_JSON_DEFAULT_MAX_DEPTH 512

/* Parses text[0..len) (no NUL needed).  Returns the root, or NULL with *err
 * filled (err may be NULL).  Nesting deeper than max_depth (0 = 512) is an
 * error, never a stack overflow: the parser does not recurse.  Invalid UTF-8,
 * control characters in strings, lone surrogates in \u escapes, \u0000,
 * trailing garbage, numbers like 01 / 1. / .5 / NaN / Infinity and numbers
 * too large for a double (1e400) are errors.  A UTF-8 byte order mark before
 * the value is skipped (RFC 8259 section 8.1 allows a parser to ignore it). */
dc_json *dc_json_parse(const char *text, size_t len, unsigned max_depth, dc_json_error *err);

/* Frees a whole document: pass only a root returned by dc_json_parse.  NULL ok. */
void dc_json_free(dc_json *value);

/* The value of key in object (the last one when the key is repeated); NULL if
 * absent or if object is NULL or not an object. */
const dc_json *dc_json_get(const dc_json *object, const char *key);

#endif
