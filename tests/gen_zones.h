/*
 * Generated zone files for the large-import tests: a grid of n small
 * squares east of the unit store's zones (lon 31.., lat 50.5..), ids
 * gen-00000.., all of city testgrad.  Zone k is the square with corner
 * gen_zone_corner(k) and side GEN_SIDE; squares are GEN_STEP apart, so the
 * gaps between them are covered by none.  Every 50th zone is drawn as a
 * bow-tie (repaired by MakeValid), every 7th as a two-square MultiPolygon.
 * With probe_technology, a zone "probe" of that technology covers
 * GEN_PROBE_LAT/LON (inside the unit store's inet-a).
 */
#ifndef DOMCOV_TEST_GEN_ZONES_H
#define DOMCOV_TEST_GEN_ZONES_H

#include <stdio.h>

#define GEN_COLUMNS 100
#define GEN_STEP 0.002
#define GEN_SIDE 0.0015
#define GEN_PROBE_LAT 50.02
#define GEN_PROBE_LON 30.02

static inline void gen_zone_corner(int k, double *lon, double *lat)
{
    *lon = 31.0 + (k % GEN_COLUMNS) * GEN_STEP;
    *lat = 50.5 + (k / GEN_COLUMNS) * GEN_STEP;
}

static inline void gen_square(FILE *f, double x, double y, double s)
{
    /* Nine vertices: real zones are not four-cornered. */
    fprintf(f, "[[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f],"
               "[%.6f,%.6f],[%.6f,%.6f]]",
            x, y, x + s / 2, y, x + s, y, x + s, y + s / 2, x + s, y + s, x + s / 2, y + s, x, y + s,
            x, y + s / 2, x, y);
}

static inline int gen_zones_file(const char *path, int n, const char *probe_technology)
{
    static const char *const techs[] = {"FTTB", "GPON", "DOCSIS", "FTTH"};
    FILE *f = fopen(path, "w");
    int k;

    if (f == NULL)
        return -1;
    fprintf(f, "{\"type\":\"FeatureCollection\",\"features\":[\n");
    for (k = 0; k < n; k++) {
        double x, y, s = GEN_SIDE;
        gen_zone_corner(k, &x, &y);
        fprintf(f, "{\"type\":\"Feature\",\"properties\":{\"id\":\"gen-%05d\",\"service\":\"%s\","
                   "\"technology\":\"%s\",\"status\":\"%s\",\"city\":\"testgrad\",\"name\":\"квартал %d\"},"
                   "\"geometry\":",
                k, k % 3 == 2 ? "tv" : "internet", techs[k % 4], k % 10 == 9 ? "planned" : "active", k);
        if (k % 50 == 49)
            fprintf(f, "{\"type\":\"Polygon\",\"coordinates\":[[[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f],"
                       "[%.6f,%.6f],[%.6f,%.6f]]]}",
                    x, y, x + s, y + s, x + s, y, x, y + s, x, y);
        else if (k % 7 == 6) {
            fprintf(f, "{\"type\":\"MultiPolygon\",\"coordinates\":[[");
            gen_square(f, x, y, s / 3);
            fprintf(f, "],[");
            gen_square(f, x + s / 2, y + s / 2, s / 2);
            fprintf(f, "]]}");
        } else {
            fprintf(f, "{\"type\":\"Polygon\",\"coordinates\":[");
            gen_square(f, x, y, s);
            fprintf(f, "]}");
        }
        fprintf(f, "}%s\n", k + 1 < n || probe_technology ? "," : "");
    }
    if (probe_technology)
        fprintf(f, "{\"type\":\"Feature\",\"properties\":{\"id\":\"probe\",\"service\":\"internet\","
                   "\"technology\":\"%s\",\"city\":\"testgrad\"},\"geometry\":{\"type\":\"Polygon\","
                   "\"coordinates\":[[[30.015,50.015],[30.025,50.015],[30.025,50.025],[30.015,50.025],"
                   "[30.015,50.015]]]}}\n",
                probe_technology);
    fprintf(f, "]}\n");
    return fclose(f) == 0 ? 0 : -1;
}

#endif
