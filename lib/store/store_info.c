/* domcov_store_info_get: what a store holds. */
#include "store.h"

#include "error.h"
#include "packer.h"

#include <stdlib.h>
#include <string.h>

static domcov_store_info *pack_info(const domcov_db *db, dc_packer *p)
{
    domcov_store_info *info = dc_pack_bytes(p, sizeof *info);
    const char *data_version = dc_pack_str(p, db->data_version);
    const char *built_at = dc_pack_str(p, db->built_at);
    const char *source = dc_pack_str(p, db->source);
    const char *path = dc_pack_str(p, db->path);

    if (info == NULL)
        return NULL;
    memset(info, 0, sizeof *info);
    info->format_version = db->format_version;
    info->data_version = data_version;
    info->built_at = built_at;
    info->source = source;
    info->path = path;
    info->zones = db->nzones;
    info->cities = db->ncities;
    info->streets = db->count_streets;
    info->houses = db->count_houses;
    info->houses_with_point = db->count_houses_with_point;
    info->offices = db->count_offices;
    info->has_bbox = db->nzones > 0;
    if (info->has_bbox) {
        info->min_lat = db->zone_index.bbox.miny;
        info->min_lon = db->zone_index.bbox.minx;
        info->max_lat = db->zone_index.bbox.maxy;
        info->max_lon = db->zone_index.bbox.maxx;
    }
    return info;
}

int domcov_store_info_get(const domcov_db *db, domcov_store_info **out)
{
    dc_packer p = DC_PACKER_INIT;

    dc_clear_error();
    if (out == NULL)
        return dc_fail(db, DOMCOV_ERR_ARG, "out is NULL");
    *out = NULL;
    if (db == NULL)
        return dc_fail(db, DOMCOV_ERR_ARG, "db is NULL");
    pack_info(db, &p);
    if (dc_packer_alloc(&p) != 0)
        return dc_fail(db, DOMCOV_ERR_NOMEM, "out of memory");
    *out = pack_info(db, &p);
    return DOMCOV_OK;
}

void domcov_store_info_free(domcov_store_info *info)
{
    free(info);
}
