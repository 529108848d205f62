/*
 * The public address checks: a full result (domcov_check_address_ex: the
 * parsed text, display addresses, candidates, coverage, one allocation) or
 * a status (domcov_check_address_status: nothing to free), both from one
 * dc_check_resolve.
 */
#include "domcov.h"

#include "check.h"
#include "error.h"
#include "match.h"
#include "match/display.h"
#include "normalize/address_build.h"
#include "normalize/normalize.h"
#include "packer.h"
#include "point_status.h"
#include "register.h"
#include "store/store.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const domcov_address *pack_parsed(const domcov_address *a, size_t size, dc_packer *p)
{
    void *o = dc_pack_bytes(p, size);

    return o ? dc_address_copy(a, size, o) : NULL;
}

/* The length of the answer's house id, measured once for both packing passes. */
static size_t best_house_id_len(const dc_query *q, const dc_answer *a)
{
    return a->best >= 0 && q->cands[a->best].house != UINT32_MAX
               ? strlen(dc_reg_str(q->reg, q->reg->houses[q->cands[a->best].house].ext_id))
               : 0;
}

/* The answer's house id (the register's string), or NULL: a house answered at house level. */
static const char *answer_house_id(const dc_query *q, const dc_answer *a)
{
    uint32_t house = a->best >= 0 ? q->cands[a->best].house : UINT32_MAX;

    return house != UINT32_MAX && a->level >= DOMCOV_MATCH_HOUSE_PARTIAL
               ? dc_reg_str(q->reg, q->reg->houses[house].ext_id)
               : NULL;
}

/* Candidate i's display address: the NUL-separated strings of a->display, display_at ends them. */
static const char *pack_display(const dc_answer *a, int i, dc_packer *p)
{
    return dc_pack_strn(p, a->display.data + a->display_at[i], a->display_at[i + 1] - a->display_at[i] - 1);
}

static domcov_address_result *pack_result(const dc_query *q, const dc_answer *a, size_t best_id_len, dc_packer *p)
{
    domcov_address_result *r = dc_pack_bytes(p, sizeof *r);
    int n = q->ncands < q->max_candidates ? q->ncands : q->max_candidates, i;
    domcov_candidate *cs = dc_pack_bytes(p, sizeof *cs * (size_t)(n ? n : 1));
    const domcov_address *parsed = pack_parsed(q->parsed, q->parsed_size, p);
    const dc_city *city = a->city >= 0 ? &q->db->cities[a->city] : NULL;
    domcov_city city_out;
    const char *address = NULL, *house_id = NULL;
    /* The coverage at the house lives in the same block: one allocation, one free. */
    const domcov_point_result *coverage = a->has_coverage ? dc_point_answer_pack(q->db, &a->coverage, p) : NULL;

    memset(&city_out, 0, sizeof city_out);
    if (city)
        dc_city_pack(p, city, &city_out);

    if (a->best >= 0)
        address = pack_display(a, a->best, p);
    house_id = dc_pack_strn(p, answer_house_id(q, a), best_id_len);
    for (i = 0; i < n; i++) {
        const dc_cand *c = &q->cands[i];
        dc_house hv;
        const dc_house *h = c->house != UINT32_MAX ? (hv = dc_reg_house(q->reg, c->house), &hv) : NULL;
        const char *disp = pack_display(a, i, p);
        const char *ext = h ? dc_reg_str(q->reg, h->ext_id) : NULL;
        const char *hid = h ? dc_pack_strn(p, ext, i == a->best ? best_id_len : strlen(ext)) : NULL;
        const dc_city *cc_city = &q->db->cities[q->reg->streets[c->street].city];
        const char *cc = dc_pack_strn(p, cc_city->code, cc_city->len[DC_CITY_LEN_CODE]);
        if (cs) {
            cs[i].match_level = c->level;
            cs[i].score = c->score;
            cs[i].house_id = hid;
            cs[i].address = disp;
            cs[i].city_code = cc;
            cs[i].has_point = h && !isnan(h->lat);
            cs[i].lat = cs[i].has_point ? h->lat : 0;
            cs[i].lon = cs[i].has_point ? h->lon : 0;
        }
    }
    if (r == NULL)
        return NULL;
    memset(r, 0, sizeof *r);
    r->status = a->status;
    r->match_level = a->level;
    r->qc_house = a->qc;
    r->street_fuzzy = q->fuzzy > 0;
    r->address = address;
    r->house_id = house_id;
    r->city_code = city_out.code;
    if (a->has_coverage) {
        r->coverage = coverage;
        r->has_point = 1;
        r->lat = a->coverage.lat;
        r->lon = a->coverage.lon;
    }
    r->parsed = parsed;
    r->city = city_out;
    r->city.match = city ? DOMCOV_CITY_ADDRESS : DOMCOV_CITY_NONE;
    r->city.distance_m = -1;
    r->candidate_count = n;
    r->candidates = cs;
    return r;
}

/* The display addresses of the candidates a result carries (and of its answer). */
static int compose_displays(dc_check *c)
{
    dc_query *q = &c->q;
    dc_answer *a = &c->a;
    int i;

    if (q->ncands >= DC_CHECK_INLINE_DISPLAYS &&
        (a->display_at = malloc(sizeof *a->display_at * (size_t)(q->ncands + 1))) == NULL)
        return -1;
    for (i = 0; i < q->ncands && (i < q->max_candidates || i == a->best); i++) {
        a->display_at[i] = a->display.len;
        dc_match_display(q->db, q->reg, q->cands[i].street, q->cands[i].house, &a->display);
        dc_strbuf_append(&a->display, "", 1);
    }
    a->display_at[i] = a->display.len; /* ends the last one */
    return a->display.failed ? -1 : 0;
}

static int check_args(const domcov_db *db, const char *text, unsigned flags, const void *out)
{
    if (out == NULL)
        return dc_fail(db, DOMCOV_ERR_ARG, "out is NULL");
    if (db == NULL || text == NULL)
        return dc_fail(db, DOMCOV_ERR_ARG, "db or text is NULL");
    if (flags & ~(DOMCOV_CHECK_NO_DISTANCE | DOMCOV_CHECK_NO_CITY))
        return dc_fail(db, DOMCOV_ERR_ARG, "unknown check flags 0x%x", flags);
    return DOMCOV_OK;
}

int domcov_check_address(const domcov_db *db, const char *text, const domcov_match_options *opts,
                         domcov_address_result **out)
{
    return domcov_check_address_ex(db, text, opts, DOMCOV_CHECK_DEFAULT, out);
}

int domcov_check_address_ex(const domcov_db *db, const char *text, const domcov_match_options *opts,
                            unsigned flags, domcov_address_result **out)
{
    dc_check c;
    dc_packer p = DC_PACKER_INIT;
    size_t best_id_len;
    int status;

    dc_clear_error();
    if (out != NULL)
        *out = NULL;
    if ((status = check_args(db, text, flags, out)) != DOMCOV_OK)
        return status;
    dc_check_init(&c);
    if ((status = dc_check_resolve(db, text, opts, &c)) != DOMCOV_OK)
        goto cleanup;
    if (c.has_point) {
        c.a.has_coverage = 1;
        if ((status = dc_point_answer_find(db, c.lat, c.lon, flags, &c.a.coverage)) != DOMCOV_OK)
            goto cleanup;
    }
    if (compose_displays(&c) != 0) {
        status = dc_fail(db, DOMCOV_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    best_id_len = best_house_id_len(&c.q, &c.a);
    pack_result(&c.q, &c.a, best_id_len, &p);
    if (dc_packer_alloc(&p) != 0) {
        status = dc_fail(db, DOMCOV_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    *out = pack_result(&c.q, &c.a, best_id_len, &p);
cleanup:
    dc_check_free(&c);
    return status;
}

/* *out for a text that names nothing. */
static void address_status_empty(domcov_address_status *out)
{
    memset(out, 0, sizeof *out);
    out->status = DOMCOV_NOT_FOUND;
    out->match_level = DOMCOV_MATCH_NONE;
    out->qc_house = DOMCOV_QC_HOUSE_NOT_FOUND;
    dc_point_status_none(&out->coverage);
}

int domcov_check_address_status(const domcov_db *db, const char *text, const domcov_match_options *opts,
                                domcov_address_status *out)
{
    dc_check c;
    int status;

    dc_clear_error();
    if (out != NULL)
        address_status_empty(out);
    if ((status = check_args(db, text, DOMCOV_CHECK_DEFAULT, out)) != DOMCOV_OK)
        return status;
    dc_check_init(&c);
    c.normalize_flags = DC_NORMALIZE_NO_CANONICAL;  /* nothing here shows the parsed text */
    if ((status = dc_check_resolve(db, text, opts, &c)) != DOMCOV_OK)
        goto cleanup;
    out->status = c.a.status;
    out->match_level = c.a.level;
    out->qc_house = c.a.qc;
    out->street_fuzzy = c.q.fuzzy > 0;
    if (c.a.city >= 0)
        out->city_code = db->cities[c.a.city].code;
    out->house_id = answer_house_id(&c.q, &c.a);
    if (c.has_point) {
        out->has_point = 1;
        out->lat = c.lat;
        out->lon = c.lon;
        status = dc_point_status(db, c.lat, c.lon, &out->coverage);
    }
cleanup:
    if (status != DOMCOV_OK)
        address_status_empty(out);
    dc_check_free(&c);
    return status;
}

void domcov_address_result_free(domcov_address_result *result)
{
    if (result == NULL)
        return;
    free(result);  /* the coverage is in the same block */
}

const char *domcov_match_status_name(int status)
{
    switch (status) {
    case DOMCOV_MATCHED: return "matched";
    case DOMCOV_AMBIGUOUS: return "ambiguous";
    case DOMCOV_NOT_FOUND: return "not_found";
    default: return NULL;
    }
}

const char *domcov_match_level_name(int level)
{
    static const char *const names[] = {"none", "city", "street", "house_partial", "house_exact"};
    return level >= 0 && level <= DOMCOV_MATCH_HOUSE_EXACT ? names[level] : NULL;
}
