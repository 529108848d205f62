/*
 * domcov_open on good and hostile files: tests/cases/open.tsv lists
 * fixture, expected status and a substring the message must contain.
 * The fixtures are made here, from the unit store, in a scratch folder.
 */
#include "domcov.h"
#include "file_util.h"
#include "harness.h"

#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct ctx {
    const char *unit_store;
    const char *scratch;
} ctx;

static long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static int write_bytes(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    int rc = f && fwrite(data, 1, n, f) == n ? 0 : -1;
    if (f) fclose(f);
    return rc;
}

static int exec_on(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    char *err = NULL;
    int rc = sqlite3_open(path, &db);

    /* Fixtures are scratch copies: no fsync, no journal file a killed run could leave behind. */
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db, "PRAGMA synchronous = OFF; PRAGMA journal_mode = MEMORY;", NULL, NULL, &err);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db, sql, NULL, NULL, &err);
    if (rc != SQLITE_OK)
        fprintf(stderr, "fixture SQL failed: %s\n", err ? err : sqlite3_errmsg(db));
    sqlite3_free(err);
    sqlite3_close(db);
    return rc == SQLITE_OK ? 0 : -1;
}

/* Drops the triggers of `table` (of every table when NULL), then runs sql.  SpatiaLite's
 * triggers guard geometry columns; a hostile store has none. */
static int drop_triggers_and_exec(const char *path, const char *table, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    char drops[65536] = "";
    int rc = sqlite3_open(path, &db);

    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                    "AND (?1 IS NULL OR tbl_name = ?1)", -1, &st, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
    while (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
        size_t len = strlen(drops);
        snprintf(drops + len, sizeof drops - len, "DROP TRIGGER \"%s\";", sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    if (rc != SQLITE_OK)
        return -1;
    return exec_on(path, drops) || exec_on(path, sql);
}

/* Makes the named fixture; returns its path in buf. */
static int make_fixture(const ctx *c, const char *name, char *path, size_t size)
{
    snprintf(path, size, "%s/%s", c->scratch, name);
    unlink(path);
    {
        char journal[4200];
        snprintf(journal, sizeof journal, "%s-journal", path);
        unlink(journal);  /* a hot journal of an interrupted run would be rolled into the new copy */
    }
    if (strcmp(name, "good") == 0)
        return copy_file(c->unit_store, path);
    if (strcmp(name, "missing") == 0)
        return 0;
    if (strcmp(name, "empty_path") == 0) {
        path[0] = '\0';
        return 0;
    }
    if (strcmp(name, "directory") == 0) {
        mkdir(path, 0755);
        return 0;
    }
    if (strcmp(name, "empty") == 0)
        return write_bytes(path, "", 0);
    if (strcmp(name, "text") == 0)
        return write_bytes(path, "house_id,address\n1,ул. Ленина 5\n", 33);
    if (strcmp(name, "random") == 0) {
        static unsigned char bytes[65536];
        size_t i;
        unsigned x = 12345;
        for (i = 0; i < sizeof bytes; i++)
            bytes[i] = (unsigned char)((x = x * 1103515245u + 12345u) >> 16);
        return write_bytes(path, bytes, sizeof bytes);
    }
    if (strcmp(name, "sqlite_header_only") == 0)
        return write_bytes(path, "SQLite format 3\0garbage-garbage-garbage", 40);
    if (strcmp(name, "truncated") == 0)
        return copy_file_prefix(c->unit_store, path, file_size(c->unit_store) / 3);
    if (strcmp(name, "other_schema") == 0)
        return exec_on(path, "CREATE TABLE leads(id INTEGER PRIMARY KEY, address TEXT);");
    if (strcmp(name, "newer_format") == 0)
        return copy_file(c->unit_store, path) || exec_on(path, "PRAGMA user_version = 99;");
    if (strcmp(name, "older_format") == 0)
        return copy_file(c->unit_store, path) || exec_on(path, "PRAGMA user_version = 0;");
    if (strcmp(name, "no_meta") == 0)
        return copy_file(c->unit_store, path) || exec_on(path, "DELETE FROM meta;");
    if (strcmp(name, "bad_zone_blob") == 0 || strcmp(name, "point_zone_blob") == 0) {
        /* SpatiaLite's triggers would refuse the update: drop them first. */
        const char *blob = name[0] == 'b'
                               ? "X'0001E6100000'"
                               : "X'0001E6100000000000000000F03F000000000000F03F000000000000F03F00000000"
                                 "0000F03F7C01000000000000000000F03F000000000000F03FFE'";
        char sql[1024];
        snprintf(sql, sizeof sql,
                 "UPDATE zones SET geom = %s WHERE zone_id = 'inet-b';", blob);
        if (copy_file(c->unit_store, path) != 0)
            return -1;
        return drop_triggers_and_exec(path, "zones", sql);
    }
    {
        /* Damaged copies of the good store (issue 7): SQL run on a copy, triggers dropped first. */
        static const char *const damaged[][2] = {
            {"house_broken_street", "UPDATE houses SET street_id = 999999 WHERE id = (SELECT min(id) FROM houses);"},
            {"street_broken_city", "UPDATE streets SET city_id = 999999 WHERE id = (SELECT min(id) FROM streets);"},
            {"zone_broken_city", "UPDATE zones SET city_id = 999999 WHERE zone_id = 'inet-b';"},
            {"office_broken_city", "UPDATE offices SET city_id = 999999;"},
            {"zone_bad_service", "PRAGMA ignore_check_constraints = ON; UPDATE zones SET service = 'radio' WHERE zone_id = 'inet-b';"},
            {"house_point_out_of_range", "PRAGMA ignore_check_constraints = ON; UPDATE houses SET lat = 1000, lon = -1e308 WHERE id = (SELECT min(id) FROM houses);"},
            {"house_point_text", "PRAGMA ignore_check_constraints = ON; UPDATE houses SET lat = 'north', lon = x'00ff' WHERE id = (SELECT min(id) FROM houses);"},
            {"zones_table_missing", "DROP TABLE zones;"},
            {"houses_table_missing", "DROP TABLE houses;"},
            {"streets_table_missing", "DROP TABLE streets;"},
            {"cities_table_missing", "DROP TABLE cities;"},
            {"zone_blob_huge_coords", "UPDATE zones SET geom = X'0001E61000009C7500883CE437FE9C7500883CE437FE9C7500883CE4377E9C7500883CE4377E7C0300000001000000040000009C7500883CE437FE9C7500883CE437FE9C7500883CE4377E9C7500883CE437FE9C7500883CE4377E9C7500883CE4377E9C7500883CE437FE9C7500883CE437FEFE' WHERE zone_id = 'inet-b';"},
            {"zone_blob_outside_wgs84", "UPDATE zones SET geom = X'0001E610000000000000000069400000000000005940333333333303694066666666660659407C03000000010000000400000000000000000069400000000000005940333333333303694000000000000059403333333333036940666666666606594000000000000069400000000000005940FE' WHERE zone_id = 'inet-b';"},
            {"zone_blob_degenerate", "UPDATE zones SET geom = X'0001E61000000000000000003E4000000000000049400000000000003E4000000000000049407C0300000001000000040000000000000000003E4000000000000049400000000000003E4000000000000049400000000000003E4000000000000049400000000000003E400000000000004940FE' WHERE zone_id = 'inet-b';"},
        };
        size_t i;
        for (i = 0; i < sizeof damaged / sizeof damaged[0]; i++)
            if (strcmp(name, damaged[i][0]) == 0)
                return copy_file(c->unit_store, path) || drop_triggers_and_exec(path, NULL, damaged[i][1]);
    }
    fprintf(stderr, "unknown fixture %s\n", name);
    return -1;
}

static void run_case(harness *h, char **cols, int n, void *vctx)
{
    const ctx *c = vctx;
    char path[4096];
    domcov_db *db = (domcov_db *)0x1;
    int status;

    if (n < 3) {
        harness_fail(h, "expected 3 columns: fixture, status, message substring");
        return;
    }
    if (make_fixture(c, cols[0], path, sizeof path) != 0) {
        harness_fail(h, "cannot make fixture %s", cols[0]);
        return;
    }
    status = domcov_open(path, 0, &db);
    if (strcmp(domcov_status_name(status), cols[1]) != 0)
        harness_fail(h, "%s: expected %s, got %s (%s)", cols[0], cols[1], domcov_status_name(status),
                     domcov_errmsg(NULL));
    else if (strstr(domcov_errmsg(NULL), cols[2]) == NULL)
        harness_fail(h, "%s: message '%s' lacks '%s'", cols[0], domcov_errmsg(NULL), cols[2]);
    if (status != DOMCOV_OK && db != NULL)
        harness_fail(h, "%s: handle not NULL on failure", cols[0]);
    if (status == DOMCOV_OK) {
        domcov_point_result *r = NULL;
        if (domcov_check_point(db, 50.02, 30.02, &r) != DOMCOV_OK || !r->services[0].available)
            harness_fail(h, "%s: opened but cannot answer", cols[0]);
        domcov_point_result_free(r);
    }
    domcov_close(status == DOMCOV_OK ? db : NULL);
}

int main(int argc, char **argv)
{
    harness h = {0};
    ctx c;

    if (argc != 4) {
        fprintf(stderr, "usage: %s UNIT_STORE SCRATCH_DIR CASES.tsv\n", argv[0]);
        return 2;
    }
    c.unit_store = argv[1];
    c.scratch = argv[2];
    mkdir(c.scratch, 0755);
    if (harness_run_file(&h, argv[3], run_case, &c) != 0)
        return 1;

    /* NULL-safety of the frees and argument checks. */
    h.file = "api";
    harness_begin_case(&h);
    domcov_close(NULL);
    domcov_point_result_free(NULL);
    domcov_store_info_free(NULL);
    domcov_import_report_free(NULL);
    if (domcov_open("x", 0, NULL) != DOMCOV_ERR_ARG)
        harness_fail(&h, "open with NULL out accepted");
    if (domcov_open(c.unit_store, 0x80, &(domcov_db *){NULL}) != DOMCOV_ERR_ARG)
        harness_fail(&h, "unknown flags accepted");
    if (strcmp(domcov_strerror(DOMCOV_ERR_FORMAT_VERSION), "unsupported store format version") != 0 ||
        strcmp(domcov_status_name(9999), "DOMCOV_ERR_UNKNOWN") != 0 ||
        strcmp(domcov_strerror(-1), "unknown status") != 0)
        harness_fail(&h, "status names");
    harness_end_case(&h);
    return harness_finish(&h);
}
