/*
 * libFuzzer target for the GeoJSON zones reader (lib/build/zones_geojson.c):
 * the bytes are a .geojson file read by dc_zones_open and imported feature by
 * feature into a scratch store being built (never committed).
 *
 * The first byte picks the defaults a command line would give (service,
 * technology, status, city, CRS); the rest is the file.  Checks, beyond the
 * sanitizers: a file-level failure has a documented status and a message;
 * every feature is read once and ends imported, updated or rejected
 * (read == imported + updated + rejected); no feature is a fatal store error.
 *
 * The scratch store lives in $TMPDIR (PATH.tmp-PID, removed at exit) and is
 * started again every RESTART inputs so that it does not grow without end.
 */
#include "domcov.h"
#include "lib/build/report.h"
#include "lib/build/store_writer.h"
#include "lib/build/zones_geojson.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define RESTART 2000

static dc_writer *writer;
static char store_path[4096], file_path[64];
static int memfd = -1;
static long inputs;

static void cleanup(void)
{
    dc_writer_free(writer);
    writer = NULL;
}

static void fresh_writer(void)
{
    static const dc_city_row cities[] = {
        {"testgrad", "Тестоград", "г", "Тестовая обл.", "1", "2", "Europe/Moscow", 50.05, 30.05},
        {"perm", "Пермь", "г", "Пермский край", "1", "2", "Asia/Yekaterinburg", 58.01, 56.25},
    };
    size_t i;

    dc_writer_free(writer);
    writer = NULL;
    if (dc_writer_create(store_path, &writer) != DOMCOV_OK) {
        fprintf(stderr, "fuzz_zones: cannot create a scratch store: %s\n", domcov_errmsg(NULL));
        abort();
    }
    for (i = 0; i < sizeof cities / sizeof cities[0]; i++)
        if (dc_writer_city(writer, &cities[i], NULL) != DOMCOV_OK)
            abort();
}

static void setup(void)
{
    const char *tmp = getenv("TMPDIR");

    snprintf(store_path, sizeof store_path, "%s/domcov-fuzz-zones-%ld.sqlite",
             tmp && *tmp ? tmp : "/tmp", (long)getpid());
    memfd = memfd_create("fuzz.geojson", 0);
    if (memfd < 0)
        abort();
    snprintf(file_path, sizeof file_path, "/proc/self/fd/%d", memfd);
    fresh_writer();
    atexit(cleanup);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const services[] = {NULL, "internet", "tv", "radio"};
    static const char *const statuses[] = {NULL, "planned"};
    static const char *const cities[] = {NULL, "testgrad", "Пермь", "atlantis"};
    static const char *const crss[] = {NULL, NULL, "EPSG:3857", "EPSG:32640"};
    dc_zone_defaults d;
    dc_zones_reader *r = NULL;
    dc_report report;
    size_t count;
    int status, done = 0;

    if (writer == NULL)
        setup();
    if (size < 1)
        return 0;
    if (++inputs % RESTART == 0)
        fresh_writer();
    memset(&d, 0, sizeof d);
    d.service = services[data[0] & 3];
    d.technology = (data[0] & 4) ? "FTTB" : NULL;
    d.status = statuses[(data[0] >> 3) & 1];
    d.city = cities[(data[0] >> 4) & 3];
    d.crs = crss[(data[0] >> 6) & 3];
    data++;
    size--;

    if (ftruncate(memfd, 0) != 0 || pwrite(memfd, data, size, 0) != (ssize_t)size)
        abort();
    status = dc_zones_open(file_path, "fuzz.geojson", &d, &r);
    if (status != DOMCOV_OK) {
        if (r != NULL || domcov_errmsg(NULL)[0] == '\0' ||
            (status != DOMCOV_ERR_INPUT && status != DOMCOV_ERR_TOO_LARGE &&
             status != DOMCOV_ERR_NOMEM)) {
            fprintf(stderr, "dc_zones_open: %s: %s\n", domcov_status_name(status),
                    domcov_errmsg(NULL));
            abort();
        }
        return 0;
    }
    memset(&report, 0, sizeof report);
    count = dc_zones_count(r);
    while (!done) {
        status = dc_zones_next(r, writer, &report, &done);
        if (status != DOMCOV_OK) {
            fprintf(stderr, "dc_zones_next: fatal %s: %s\n", domcov_status_name(status),
                    domcov_errmsg(NULL));
            abort();
        }
    }
    if (report.read != (long long)count ||
        report.read != report.imported + report.updated + report.rejected) {
        fprintf(stderr, "report: %zu features, read %lld, imported %lld, updated %lld, rejected %lld\n",
                count, report.read, report.imported, report.updated, report.rejected);
        abort();
    }
    dc_report_free(&report);
    dc_zones_close(r);
    return 0;
}
