/*
 * One address check inside the library: the query the matcher builds and
 * the answer it decides (lib/match/match_address.c), which the public calls
 * then write out (lib/match/address_result.c).
 */
#ifndef DC_MATCH_CHECK_H
#define DC_MATCH_CHECK_H

#include "domcov.h"
#include "point_status.h"
#include "register.h"
#include "strbuf.h"

#include <stddef.h>
#include <stdint.h>

#define DC_CHECK_KEY_SIZE 512
#define DC_CHECK_MAX_STREETS 64
/* Candidates kept in the query itself: most checks have one or two. */
#define DC_CHECK_INLINE_CANDS 8
/* Display offsets kept on the stack up to this many candidates. */
#define DC_CHECK_INLINE_DISPLAYS 16

typedef struct dc_cand {
    int level;
    double score;
    uint32_t street;
    uint32_t house;     /* UINT32_MAX for a street candidate */
} dc_cand;

typedef struct dc_query {
    const domcov_db *db;
    const dc_register *reg;
    const domcov_address *parsed;
    size_t parsed_size;       /* bytes of the parsed block (dc_normalize) */
    int allowed_city;    /* -1: any city */
    int nstreets;
    int fuzzy;           /* edit distance of the street match, 0 when exact */
    int by_skeleton;     /* some streets were found by their skeleton only */
    dc_cand *cands;         /* inline_cands until more are needed, then the heap */
    int ncands, cap;
    int max_candidates;
    /* The buffers last: query_init clears only what comes before them. */
    char key[DC_CHECK_KEY_SIZE], loose[DC_CHECK_KEY_SIZE];
    char num[64], letter[64], korpus[64], stroenie[64];
    uint32_t streets[DC_CHECK_MAX_STREETS];
    dc_cand inline_cands[DC_CHECK_INLINE_CANDS];
} dc_query;

typedef struct dc_answer {
    int status, level, qc;
    int best;                 /* index into q->cands of the answer, -1 none */
    int city;                 /* city index of the answer, -1 none */
    dc_strbuf display;        /* the display addresses of the candidates returned, NUL-separated */
    size_t *display_at;       /* per candidate returned: its offset in display */
    int has_coverage;         /* coverage holds the answer at the house's point */
    dc_point_answer coverage;
} dc_answer;

/*
 * One address check: what it found (query, answer) and the buffers it
 * keeps on the stack.  dc_check_resolve decides the answer; the public
 * calls then write it out, in full (domcov_check_address_ex) or as a status.
 */
typedef struct dc_check {
    dc_query q;
    dc_answer a;
    domcov_address *parsed;   /* &parsed_buf.a, or the heap when it did not fit */
    /* The matched house's point, where both outputs check coverage (has_point 0: no
     * house matched, or the house has no point). */
    int has_point;
    double lat, lon;
    unsigned normalize_flags; /* DC_NORMALIZE_*: the status call needs no canonical string */
    size_t display_at[DC_CHECK_INLINE_DISPLAYS];
    char display_buf[1024];   /* the display addresses, on the heap only when longer */
    /* The parsed address is copied into a full result: on the stack until then. */
    union {
        domcov_address a;
        max_align_t align;
        char bytes[2048];
    } parsed_buf;
} dc_check;

void dc_check_init(dc_check *c);
void dc_check_free(dc_check *c);
/*
 * Reads the text and decides the answer: city, streets, houses, status.
 * DOMCOV_OK with c->a set (also when nothing was found); an error status
 * (message set) for bad arguments, bad text or no memory.  Arguments are
 * not checked (db, text non-NULL).
 */
int dc_check_resolve(const domcov_db *db, const char *text, const domcov_match_options *opts, dc_check *c);

#endif
