/*
 * Readers keep working while imports replace the store.  Reader threads
 * loop domcov_open + domcov_check_point on the store while a writer imports
 * K large generated files in turn (gen_zones.h), each setting the "probe"
 * zone's technology to GEN1..GENK.  Every open must succeed, every answer
 * must be one of the K+1 complete states (never an error, never a mix), and
 * a reader never sees an older state after a newer one.  A handle opened
 * before the imports keeps answering from the old data.
 * Usage: test_import_concurrent UNIT_STORE SCRATCH_DIR [ZONES] [IMPORTS] [READERS]
 */
#include "domcov.h"
#include "file_util.h"
#include "gen_zones.h"
#include "harness.h"

#include <dirent.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_READERS 16
#define MAX_IMPORTS 20

typedef struct reader {
    pthread_t thread;
    int id;
    long long opens, seen[MAX_IMPORTS + 1];
    long long open_errors, check_errors, unknown, went_back;
    char first_error[512];
} reader;

static const char *store;
static atomic_int writer_done;

/* The state a point answer shows: 0 without the probe zone, k with GENk; -1 for anything else. */
static int state_of(const domcov_point_result *r)
{
    int i, state = 0, inet_a = 0;

    for (i = 0; i < r->zone_count; i++) {
        if (strcmp(r->zones[i].zone_id, "inet-a") == 0)
            inet_a = 1;
        else if (strcmp(r->zones[i].zone_id, "probe") == 0 && strncmp(r->zones[i].technology, "GEN", 3) == 0)
            state = atoi(r->zones[i].technology + 3);
        else if (strcmp(r->zones[i].zone_id, "tv-a") != 0)
            return -1;
    }
    return inet_a ? state : -1;
}

static void *read_loop(void *arg)
{
    reader *rd = arg;
    int last = 0, after_done = 0;

    /* Keep going a little after the last import so the final state is seen too. */
    while (after_done < 20) {
        domcov_db *db = NULL;
        domcov_point_result *r = NULL;
        int status, state;

        if (atomic_load(&writer_done))
            after_done++;
        rd->opens++;
        status = domcov_open(store, DOMCOV_OPEN_DEFAULT, &db);
        if (status != DOMCOV_OK) {
            if (rd->open_errors++ == 0)
                snprintf(rd->first_error, sizeof rd->first_error, "open: %s: %s", domcov_status_name(status),
                         domcov_errmsg(NULL));
            continue;
        }
        status = domcov_check_point(db, GEN_PROBE_LAT, GEN_PROBE_LON, &r);
        if (status != DOMCOV_OK) {
            if (rd->check_errors++ == 0)
                snprintf(rd->first_error, sizeof rd->first_error, "check: %s", domcov_errmsg(db));
        } else if ((state = state_of(r)) < 0 || state > MAX_IMPORTS) {
            rd->unknown++;
        } else {
            rd->seen[state]++;
            rd->went_back += state < last;
            last = state;
        }
        domcov_point_result_free(r);
        domcov_close(db);
    }
    return NULL;
}

static int temp_files_left(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;

    while (d && (e = readdir(d)) != NULL)
        n += strstr(e->d_name, ".tmp-") != NULL;
    if (d)
        closedir(d);
    return n;
}

/* A crashed earlier run may have left temporary files: they are not this run's. */
static void remove_stale_temp_files(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[2048];

    while (d && (e = readdir(d)) != NULL)
        if (strstr(e->d_name, ".tmp-") != NULL) {
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            unlink(path);
        }
    if (d)
        closedir(d);
}

int main(int argc, char **argv)
{
    harness h = {0};
    reader readers[MAX_READERS];
    char path[1024], files[MAX_IMPORTS][1024], tech[16];
    domcov_db *old = NULL;
    domcov_point_result *r = NULL;
    long long opens = 0, seen[MAX_IMPORTS + 1] = {0}, errors = 0, unknown = 0, back = 0;
    int zones = 5000, imports = 3, nreaders = 3, i, k, status;

    if (argc < 3) {
        fprintf(stderr, "usage: test_import_concurrent UNIT_STORE SCRATCH_DIR [ZONES] [IMPORTS] [READERS]\n");
        return 2;
    }
    if (argc > 3)
        zones = atoi(argv[3]);
    if (argc > 4)
        imports = atoi(argv[4]);
    if (argc > 5)
        nreaders = atoi(argv[5]);
    if (imports < 1 || imports > MAX_IMPORTS || nreaders < 1 || nreaders > MAX_READERS)
        return 2;
    h.file = "test_import_concurrent";
    mkdir(argv[2], 0755);
    remove_stale_temp_files(argv[2]);
    snprintf(path, sizeof path, "%s/live.sqlite", argv[2]);
    store = path;
    for (k = 1; k <= imports; k++) {
        snprintf(files[k - 1], sizeof files[0], "%s/gen-%d.geojson", argv[2], k);
        snprintf(tech, sizeof tech, "GEN%d", k);
        if (gen_zones_file(files[k - 1], zones, tech) != 0)
            return 2;
    }
    if (copy_file(argv[1], path) != 0 || domcov_open(path, DOMCOV_OPEN_DEFAULT, &old) != DOMCOV_OK) {
        fprintf(stderr, "cannot set up %s: %s\n", path, domcov_errmsg(NULL));
        return 2;
    }

    h.line = 1;
    harness_begin_case(&h);
    printf("# %d readers looping open + check while %d imports of %d zones replace the store\n",
           nreaders, imports, zones);
    memset(readers, 0, sizeof readers);
    for (i = 0; i < nreaders; i++) {
        readers[i].id = i;
        pthread_create(&readers[i].thread, NULL, read_loop, &readers[i]);
    }
    for (k = 1; k <= imports; k++) {
        domcov_import_report *rep = NULL;
        status = domcov_import_zones(path, files[k - 1], NULL, &rep);
        if (status != DOMCOV_OK || rep->rejected != 0 || rep->read != zones + 1)
            harness_fail(&h, "import %d: %s: %s", k, domcov_status_name(status), domcov_errmsg(NULL));
        domcov_import_report_free(rep);
    }
    atomic_store(&writer_done, 1);
    for (i = 0; i < nreaders; i++) {
        pthread_join(readers[i].thread, NULL);
        opens += readers[i].opens;
        errors += readers[i].open_errors + readers[i].check_errors;
        unknown += readers[i].unknown;
        back += readers[i].went_back;
        for (k = 0; k <= imports; k++)
            seen[k] += readers[i].seen[k];
        if (readers[i].first_error[0])
            harness_fail(&h, "reader %d: %s", i, readers[i].first_error);
    }
    printf("# %lld opens; answers per state:", opens);
    for (k = 0; k <= imports; k++)
        printf(" %lld", seen[k]);
    printf("\n");
    if (errors || unknown || back)
        harness_fail(&h, "%lld errors, %lld answers of no known state, %lld went back in time", errors,
                     unknown, back);
    if (seen[imports] == 0)
        harness_fail(&h, "no reader saw the final state");
    harness_end_case(&h);

    h.line = 2;
    harness_begin_case(&h);
    printf("# a handle opened before the imports still answers from the old data\n");
    if (domcov_check_point(old, GEN_PROBE_LAT, GEN_PROBE_LON, &r) != DOMCOV_OK || state_of(r) != 0)
        harness_fail(&h, "the old handle shows state %d", r ? state_of(r) : -1);
    domcov_point_result_free(r);
    domcov_close(old);
    harness_end_case(&h);

    h.line = 3;
    harness_begin_case(&h);
    printf("# no temporary file is left\n");
    if (temp_files_left(argv[2]))
        harness_fail(&h, "temporary files left in %s", argv[2]);
    harness_end_case(&h);
    return harness_finish(&h);
}
