/*
 * domcov_city_*: the store's cities by index, code or name.  The handle holds
 * every city for its lifetime, so results point into it and need no free.
 * Point and address results copy a city instead (dc_city_pack): they outlive
 * the handle.
 */
#include "domcov.h"

#include "error.h"
#include "match/match.h"
#include "packer.h"
#include "store/store.h"

#include <string.h>

static void fill(const dc_city *c, domcov_city *out)
{
    out->match = DOMCOV_CITY_LOOKUP;
    out->code = c->code;
    out->name = c->name;
    out->type = c->type;
    out->region = c->region;
    out->support_phone = c->support_phone;
    out->sales_phone = c->sales_phone;
    out->distance_m = -1;
}

void dc_city_pack(dc_packer *p, const dc_city *c, domcov_city *out)
{
    const char *code = dc_pack_strn(p, c->code, c->len[DC_CITY_LEN_CODE]);
    const char *name = dc_pack_strn(p, c->name, c->len[DC_CITY_LEN_NAME]);
    const char *type = dc_pack_strn(p, c->type, c->len[DC_CITY_LEN_TYPE]);
    const char *region = dc_pack_strn(p, c->region, c->len[DC_CITY_LEN_REGION]);
    const char *support = dc_pack_strn(p, c->support_phone, c->len[DC_CITY_LEN_SUPPORT]);
    const char *sales = dc_pack_strn(p, c->sales_phone, c->len[DC_CITY_LEN_SALES]);

    if (out) {
        out->code = code;
        out->name = name;
        out->type = type;
        out->region = region;
        out->support_phone = support;
        out->sales_phone = sales;
    }
}

int domcov_city_count(const domcov_db *db, int *out)
{
    dc_clear_error();
    if (db == NULL || out == NULL)
        return dc_fail(db, DOMCOV_ERR_ARG, "db and out must be given");
    *out = (int)db->ncities;
    return DOMCOV_OK;
}

int domcov_city_get(const domcov_db *db, int index, domcov_city *out)
{
    dc_clear_error();
    if (db == NULL || out == NULL)
        return dc_fail(db, DOMCOV_ERR_ARG, "db and out must be given");
    memset(out, 0, sizeof *out);
    if (index < 0 || (unsigned)index >= db->ncities)
        return dc_fail(db, DOMCOV_ERR_ARG, "city index %d is out of range [0, %u)", index,
                       db->ncities);
    fill(&db->cities[index], out);
    return DOMCOV_OK;
}

int domcov_city_find(const domcov_db *db, const char *code_or_name, domcov_city *out)
{
    int i;

    dc_clear_error();
    if (db == NULL || out == NULL || code_or_name == NULL)
        return dc_fail(db, DOMCOV_ERR_ARG, "db, code_or_name and out must be given");
    memset(out, 0, sizeof *out);
    out->match = DOMCOV_CITY_NONE;
    out->distance_m = -1;
    if ((i = dc_match_find_city(db, code_or_name)) >= 0)
        fill(&db->cities[i], out);
    return DOMCOV_OK;
}
