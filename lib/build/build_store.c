/*
 * domcov_build_store: a whole store from a source directory.
 *
 * Layout (docs/store-format.md): store.conf (key=value: data_version,
 * source), cities.csv, zones/ *.geojson, houses/ *.csv, offices.csv.
 * Files of a folder are read in name order so builds are reproducible.
 */
#include "domcov.h"

#include "error.h"
#include "report.h"
#include "store_writer.h"
#include "strbuf.h"
#include "tables_csv.h"
#include "zones_geojson.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct name_list {
    char **names;
    size_t n;
} name_list;

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_names(name_list *l)
{
    size_t i;

    for (i = 0; i < l->n; i++)
        free(l->names[i]);
    free(l->names);
    l->names = NULL;
    l->n = 0;
}

/* Files in dir ending in suffix, sorted; a missing dir is an empty list. */
static int list_files(const char *dir, const char *suffix, name_list *out)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    size_t cap = 0, sl = strlen(suffix);

    out->names = NULL;
    out->n = 0;
    if (d == NULL)
        return errno == ENOENT ? DOMCOV_OK
                               : dc_fail(NULL, DOMCOV_ERR_IO, "cannot list '%s': %s", dir, strerror(errno));
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] == '.' || len <= sl || strcmp(e->d_name + len - sl, suffix) != 0)
            continue;
        if (out->n == cap) {
            char **p = realloc(out->names, sizeof *p * (cap = cap ? cap * 2 : 16));
            if (p == NULL)
                goto nomem;
            out->names = p;
        }
        if ((out->names[out->n] = strdup(e->d_name)) == NULL)
            goto nomem;
        out->n++;
    }
    closedir(d);
    if (out->n)
        qsort(out->names, out->n, sizeof *out->names, cmp_names);
    return DOMCOV_OK;
nomem:
    closedir(d);
    free_names(out);
    return dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory");
}

static char *join(const char *a, const char *b)
{
    dc_strbuf sb = DC_STRBUF_INIT;

    dc_strbuf_printf(&sb, "%s/%s", a, b);
    return sb.failed ? NULL : dc_strbuf_take(&sb);
}

static int file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* store.conf: key=value lines into meta (overriding the writer's defaults); # comments. */
static int load_conf(dc_writer *w, const char *path)
{
    FILE *f = fopen(path, "r");
    char line[1024];
    unsigned long lineno = 0;
    int status = DOMCOV_OK;

    if (f == NULL)
        return errno == ENOENT ? DOMCOV_OK
                               : dc_fail(NULL, DOMCOV_ERR_IO, "cannot open '%s': %s", path, strerror(errno));
    while (status == DOMCOV_OK && fgets(line, sizeof line, f)) {
        char *eq, *end;
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '#' || line[0] == '\0')
            continue;
        eq = strchr(line, '=');
        if (eq == NULL || eq == line) {
            status = dc_fail(NULL, DOMCOV_ERR_INPUT, "store.conf:%lu: expected key=value", lineno);
            break;
        }
        *eq = '\0';
        for (end = eq; end > line && end[-1] == ' '; end--)
            end[-1] = '\0';
        if (strcmp(line, "data_version") != 0 && strcmp(line, "source") != 0) {
            status = dc_fail(NULL, DOMCOV_ERR_INPUT, "store.conf:%lu: unknown key '%s'", lineno, line);
            break;
        }
        status = dc_writer_meta(w, line, eq + 1 + strspn(eq + 1, " "));
    }
    fclose(f);
    return status;
}

/* Imports every file of a subfolder with one importer. */
static int import_folder(dc_writer *w, const char *source_dir, const char *sub, const char *suffix,
                         int table, dc_report *report)
{
    char *dir = join(source_dir, sub), *path = NULL, *label = NULL;
    name_list files = {NULL, 0};
    size_t i;
    int status;

    if (dir == NULL)
        return dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory");
    status = list_files(dir, suffix, &files);
    for (i = 0; status == DOMCOV_OK && i < files.n; i++) {
        path = join(dir, files.names[i]);
        label = join(sub, files.names[i]);
        if (path == NULL || label == NULL)
            status = dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory");
        else if (table < 0)
            status = dc_import_zones_geojson(w, path, label, NULL, report);
        else
            status = dc_import_csv_table(w, table, path, label, report);
        free(path);
        free(label);
        path = label = NULL;
    }
    free_names(&files);
    free(dir);
    return status;
}

int domcov_build_store(const char *source_dir, const char *store_path, unsigned flags,
                       domcov_import_report **out)
{
    dc_writer *w = NULL;
    dc_report report;
    char *conf = NULL, *cities = NULL, *offices = NULL;
    int status;

    dc_clear_error();
    memset(&report, 0, sizeof report);
    if (out == NULL)
        return dc_fail(NULL, DOMCOV_ERR_ARG, "out is NULL");
    *out = NULL;
    if (source_dir == NULL || store_path == NULL || !*source_dir || !*store_path)
        return dc_fail(NULL, DOMCOV_ERR_ARG, "source_dir and store_path must be given");
    if (flags & ~DOMCOV_IMPORT_STRICT)
        return dc_fail(NULL, DOMCOV_ERR_ARG, "unknown flags 0x%x", flags);
    conf = join(source_dir, "store.conf");
    cities = join(source_dir, "cities.csv");
    offices = join(source_dir, "offices.csv");
    if (conf == NULL || cities == NULL || offices == NULL) {
        status = dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    if (!file_exists(cities)) {
        status = dc_fail(NULL, DOMCOV_ERR_IO, "'%s' not found: a store source needs cities.csv",
                         cities);
        goto cleanup;
    }
    if ((status = dc_writer_create(store_path, &w)) != DOMCOV_OK ||
        (status = load_conf(w, conf)) != DOMCOV_OK ||
        (status = dc_import_csv_table(w, DC_TABLE_CITIES, cities, "cities.csv", &report)) ||
        (status = import_folder(w, source_dir, "zones", ".geojson", -1, &report)) ||
        (status = import_folder(w, source_dir, "houses", ".csv", DC_TABLE_HOUSES, &report)))
        goto cleanup;
    if (file_exists(offices) &&
        (status = dc_import_csv_table(w, DC_TABLE_OFFICES, offices, "offices.csv", &report)))
        goto cleanup;
    if (report.nomem) {
        status = dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory for the import report");
        goto cleanup;
    }
    if ((flags & DOMCOV_IMPORT_STRICT) && report.rejected > 0) {
        status = dc_fail(NULL, DOMCOV_ERR_INPUT, "%lld rows or features rejected (strict mode): "
                         "nothing was written; first: %s", report.rejected,
                         report.nmessages ? report.messages[0] : "?");
        goto cleanup;
    }
    status = dc_writer_commit(w);
cleanup:
    if (status == DOMCOV_OK || status == DOMCOV_ERR_INPUT) {
        *out = dc_report_pack(&report);
        if (*out == NULL)
            status = dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory");
    }
    dc_writer_free(w);
    dc_report_free(&report);
    free(conf);
    free(cities);
    free(offices);
    return status;
}
