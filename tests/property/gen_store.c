/* Writes the sources of a generated store and builds it (see gen_store.h). */
#include "gen_store.h"

#include "domcov.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define M_PER_DEG_LAT 111132.954
#define M_PER_DEG_LON_EQ 111319.491

/* xorshift64*: the same stores on every machine for a seed. */
static double rnd(unsigned long long *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return (double)((*s * 2685821657736338717ULL) >> 11) / 9007199254740992.0;
}

/* Metres per degree of longitude in the middle of a usual city (good enough for any side). */
static double kx(void)
{
    return M_PER_DEG_LON_EQ * cos((GEN_LAT0 + GEN_SIZE_M / 2 / M_PER_DEG_LAT) * M_PI / 180.0);
}

/* A ring around (cx, cy) in metres; radii within [rmin, rmax]; reversed for holes. */
static void write_star(FILE *f, unsigned long long *s, double cx, double cy, double rmin,
                       double rmax, int n, int reverse)
{
    double lon0 = GEN_LON0 + cx / kx(), lat0 = GEN_LAT0 + cy / M_PER_DEG_LAT;
    double first_x = 0, first_y = 0;
    int i;

    fputc('[', f);
    for (i = 0; i < n; i++) {
        int k = reverse ? n - i : i;
        double a = 2 * M_PI * (k + 0.8 * (rnd(s) - 0.5)) / n;
        double r = rmin + (rmax - rmin) * rnd(s);
        double x = lon0 + r * cos(a) / kx(), y = lat0 + r * sin(a) / M_PER_DEG_LAT;
        if (i == 0) {
            first_x = x;
            first_y = y;
        }
        fprintf(f, "[%.17g,%.17g],", x, y);
    }
    fprintf(f, "[%.17g,%.17g]]", first_x, first_y);
}

/* A rectangle on the 0.005-degree lattice: neighbours share edges and corners exactly. */
static void write_rect(FILE *f, unsigned long long *s)
{
    int i0 = (int)(rnd(s) * 70), j0 = (int)(rnd(s) * 50);
    int w = 1 + (int)(rnd(s) * 4), h = 1 + (int)(rnd(s) * 3);
    double x0 = GEN_LON0 + i0 * 0.005, y0 = GEN_LAT0 + j0 * 0.005;
    double x1 = x0 + w * 0.005, y1 = y0 + h * 0.005;

    /* An extra vertex in the middle of the bottom edge: collinear points too. */
    fprintf(
        f,
        "[[[%.17g,%.17g],[%.17g,%.17g],[%.17g,%.17g],[%.17g,%.17g],[%.17g,%.17g],[%.17g,%.17g]]]",
        x0, y0, (x0 + x1) / 2, y0, x1, y0, x1, y1, x0, y1, x0, y0);
}

static void write_zone(FILE *f, unsigned long long *s, int i, double side_m)
{
    static const char *const tech[] = {"GPON", "FTTB", "DOCSIS", "FTTH"};
    int tv = rnd(s) < 0.4, planned = rnd(s) < 0.15, kind = (int)(rnd(s) * 100);
    double cx = side_m * rnd(s), cy = side_m * rnd(s), r = 150 + 750 * rnd(s);

    fprintf(f, "%s{\"type\":\"Feature\",\"properties\":{\"id\":\"z%05d\",\"service\":\"%s\","
               "\"technology\":\"%s\",\"status\":\"%s\",\"city\":\"gen\"},\"geometry\":",
            i ? ",\n" : "", i, tv ? "tv" : "internet", tech[(int)(rnd(s) * 4)],
            planned ? "planned" : "active");
    if (kind < 3) {
        fputs("{\"type\":\"Polygon\",\"coordinates\":", f);
        write_rect(f, s);
    } else if (kind < 13) {
        /* Two parts far enough apart not to touch. */
        fputs("{\"type\":\"MultiPolygon\",\"coordinates\":[[", f);
        write_star(f, s, cx, cy, 0.6 * r, r, 55, 0);
        fputs("],[", f);
        write_star(f, s, cx + 2.5 * r, cy, 0.6 * r, r, 55, 0);
        fputs("]]", f);
    } else {
        fputs("{\"type\":\"Polygon\",\"coordinates\":[", f);
        write_star(f, s, cx, cy, 0.6 * r, r, 100 + (int)(rnd(s) * 21), 0);
        if (kind < 50) {
            fputc(',', f);
            write_star(f, s, cx, cy, 0.15 * r, 0.45 * r, 12 + (int)(rnd(s) * 20), 1);
        }
        fputc(']', f);
    }
    fputs("}}", f);
}

static int write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    int rc = f && fputs(text, f) >= 0 ? 0 : -1;

    if (f && fclose(f) != 0)
        rc = -1;
    if (rc != 0)
        fprintf(stderr, "gen_store: cannot write %s: %s\n", path, strerror(errno));
    return rc;
}

int gen_store(const char *work_dir, const char *store_path, int nzones, double side_m,
              unsigned seed)
{
    char path[4096], text[512];
    unsigned long long s = 0x9E3779B97F4A7C15ULL ^ seed;
    domcov_import_report *rep = NULL;
    FILE *f;
    int i, rc = -1, st;

    snprintf(path, sizeof path, "%s/zones", work_dir);
    if ((mkdir(work_dir, 0755) != 0 && errno != EEXIST) ||
        (mkdir(path, 0755) != 0 && errno != EEXIST)) {
        fprintf(stderr, "gen_store: cannot create %s: %s\n", path, strerror(errno));
        return -1;
    }
    snprintf(path, sizeof path, "%s/store.conf", work_dir);
    snprintf(text, sizeof text, "data_version=gen-%d-%.0f-%u\nsource=generated stars\n", nzones,
             side_m, seed);
    if (write_file(path, text) != 0)
        return -1;
    snprintf(path, sizeof path, "%s/cities.csv", work_dir);
    snprintf(
        text, sizeof text,
        "code,name,type,region,lat,lon,support_phone,sales_phone,timezone\n"
        "gen,Генград,г,Тестовая обл.,%.6f,%.6f,8-800-000-0000,8-800-000-0001,Asia/Yekaterinburg\n",
        GEN_LAT0 + side_m / 2 / M_PER_DEG_LAT, GEN_LON0 + side_m / 2 / kx());
    if (write_file(path, text) != 0)
        return -1;
    snprintf(path, sizeof path, "%s/zones/gen.geojson", work_dir);
    if ((f = fopen(path, "w")) == NULL) {
        fprintf(stderr, "gen_store: cannot write %s: %s\n", path, strerror(errno));
        return -1;
    }
    fputs("{\"type\":\"FeatureCollection\",\"features\":[\n", f);
    for (i = 0; i < nzones; i++)
        write_zone(f, &s, i, side_m);
    fputs("\n]}\n", f);
    if (fclose(f) != 0)
        return -1;
    st = domcov_build_store(work_dir, store_path, 0, &rep);
    if (st != DOMCOV_OK)
        fprintf(stderr, "gen_store: build failed: %s: %s\n", domcov_status_name(st),
                domcov_errmsg(NULL));
    else
        rc = 0;
    domcov_import_report_free(rep);
    return rc;
}
