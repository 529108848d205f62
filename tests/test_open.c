/*
 * domcov_open on good and hostile files: tests/cases/open.tsv lists
 * fixture, expected status and a substring the message must contain.
 * The fixtures are made here, from the unit store, in a scratch folder.
 */
#include "domcov.h"
#include "harness.h"

#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct ctx {
    const char *unit_store;
    const char *scratch;
} ctx;

static int copy_file(const char *from, const char *to, long limit)
{
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    char buf[65536];
    size_t n;
    long total = 0;
    int rc = in && out ? 0 : -1;

    while (rc == 0 && (n = fread(buf, 1, sizeof buf, in)) > 0) {
        if (limit >= 0 && total + (long)n > limit)
            n = (size_t)(limit - total);
        if (fwrite(buf, 1, n, out) != n)
            rc = -1;
        total += (long)n;
        if (limit >= 0 && total >= limit)
            break;
    }
    if (in) fclose(in);
    if (out) fclose(out);
    return rc;
}

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

    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db, sql, NULL, NULL, &err);
    if (rc != SQLITE_OK)
        fprintf(stderr, "fixture SQL failed: %s\n", err ? err : sqlite3_errmsg(db));
    sqlite3_free(err);
    sqlite3_close(db);
    return rc == SQLITE_OK ? 0 : -1;
}

/* SpatiaLite's triggers guard geometry columns; a hostile store has none. */
static int drop_zone_triggers_and_exec(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    char drops[8192] = "";
    int rc = sqlite3_open(path, &db);

    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                    "AND tbl_name = 'zones'", -1, &st, NULL);
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
    if (strcmp(name, "good") == 0)
        return copy_file(c->unit_store, path, -1);
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
        return copy_file(c->unit_store, path, file_size(c->unit_store) / 3);
    if (strcmp(name, "other_schema") == 0)
        return exec_on(path, "CREATE TABLE leads(id INTEGER PRIMARY KEY, address TEXT);");
    if (strcmp(name, "newer_format") == 0)
        return copy_file(c->unit_store, path, -1) || exec_on(path, "PRAGMA user_version = 99;");
    if (strcmp(name, "older_format") == 0)
        return copy_file(c->unit_store, path, -1) || exec_on(path, "PRAGMA user_version = 0;");
    if (strcmp(name, "no_meta") == 0)
        return copy_file(c->unit_store, path, -1) || exec_on(path, "DELETE FROM meta;");
    if (strcmp(name, "bad_zone_blob") == 0 || strcmp(name, "point_zone_blob") == 0) {
        /* SpatiaLite's triggers would refuse the update: drop them first. */
        const char *blob = name[0] == 'b'
                               ? "X'0001E6100000'"
                               : "X'0001E6100000000000000000F03F000000000000F03F000000000000F03F00000000"
                                 "0000F03F7C01000000000000000000F03F000000000000F03FFE'";
        char sql[1024];
        snprintf(sql, sizeof sql,
                 "UPDATE zones SET geom = %s WHERE zone_id = 'inet-b';", blob);
        if (copy_file(c->unit_store, path, -1) != 0)
            return -1;
        return drop_zone_triggers_and_exec(path, sql);
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
