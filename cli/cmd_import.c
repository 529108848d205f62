/* domcov import zones|offices FILE: into an existing store, atomically, with progress on a TTY. */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

void cmd_import_help(FILE *out)
{
    fprintf(out,
            "Usage: domcov import zones FILE.geojson [--store PATH] [OPTIONS]\n"
            "       domcov import offices FILE.csv|FILE.geojson [--store PATH] [--crs CRS] [--strict]\n"
            "       domcov import houses FILE.csv --store PATH ...  (see domcov import houses --help)\n"
            "Imports coverage zones, or offices and payment terminals, into an existing store.\n"
            "Rows are upserted by id (a known id replaces the stored row and counts as updated).\n"
            "The store is edited in a copy and renamed into place: readers keep working, and a\n"
            "failed import leaves the store as it was (see docs/import.md).\n\n"
            "Zones: a GeoJSON FeatureCollection of Polygon/MultiPolygon features; properties\n"
            "id, service, technology, status, city, name.  Options fill what properties lack:\n"
            "  --service internet|tv    the service\n"
            "  --technology X           FTTB, GPON, DOCSIS, ...\n"
            "  --status active|planned  default active\n"
            "  --city NAME              city code or name (must be in the store)\n"
            "  --crs CRS                the CRS when the file has no crs member, e.g. EPSG:3857,\n"
            "                           EPSG:32640; default WGS84 lon/lat\n"
            "  --replace-city NAME      make the file the city's whole coverage: its zones the\n"
            "                           file does not name are deleted (implies --city NAME)\n"
            "Invalid polygons are repaired (GEOS MakeValid) when an area survives, else rejected.\n\n"
            "Offices: CSV with columns id,city,kind,name,address,hours,lat,lon, or GeoJSON Point\n"
            "features with those properties (kind: office or terminal).\n\n"
            "  --store PATH   the store to change (default: $DOMCOV_STORE; never the sample store)\n"
            "  --strict       any rejected feature or row aborts the import; the store is unchanged\n"
            "  --quiet        print only errors and rejections\n"
            "  --help         this text\n\n"
            "Exit status: 0 imported, 2 usage error, 3 store error, 4 bad input or something was\n"
            "rejected, 5 other failure (I/O, another import running).\n");
}

static int begin_zones(const char *store, const char *file, const void *opts, domcov_import **out)
{
    return domcov_import_zones_begin(store, file, opts, out);
}

static int begin_offices(const char *store, const char *file, const void *opts, domcov_import **out)
{
    return domcov_import_offices_begin(store, file, opts, out);
}

static void print_report(const domcov_import_report *r, int quiet)
{
    int i;

    for (i = 0; i < r->message_count; i++)
        if (!quiet || strstr(r->messages[i], "rejected") != NULL)
            fprintf(stderr, "%s\n", r->messages[i]);
    if (quiet)
        return;
    fprintf(stderr, "read %lld, imported %lld, updated %lld, repaired %lld, rejected %lld", r->read,
            r->imported, r->updated, r->repaired, r->rejected);
    if (r->deleted)
        fprintf(stderr, ", deleted %lld", r->deleted);
    fputc('\n', stderr);
}

int cmd_import(int argc, char **argv)
{
    static const struct option opts[] = {
        {"store", required_argument, NULL, 's'},
        {"service", required_argument, NULL, 'v'},
        {"technology", required_argument, NULL, 't'},
        {"status", required_argument, NULL, 'a'},
        {"city", required_argument, NULL, 'c'},
        {"crs", required_argument, NULL, 'r'},
        {"replace-city", required_argument, NULL, 'R'},
        {"strict", no_argument, NULL, 'S'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    domcov_zone_import_options zo;
    domcov_office_import_options oo;
    const char *store = NULL, *file = NULL, *what, *zone_only = NULL;
    int quiet = 0, zones, c, status, code;
    domcov_import_report *report = NULL;

    memset(&zo, 0, sizeof zo);
    memset(&oo, 0, sizeof oo);
    if (argc < 2)
        return cli_usage("import", "what to import: zones, offices or houses");
    what = argv[1];
    if (strcmp(what, "--help") == 0 || strcmp(what, "-h") == 0) {
        cmd_import_help(stdout);
        return EXIT_FOUND;
    }
    if (strcmp(what, "houses") == 0)
        return cli_import_houses(argc - 1, argv + 1);
    if (strcmp(what, "zones") != 0 && strcmp(what, "offices") != 0)
        return cli_usage("import", "'%s' cannot be imported: zones, offices or houses", what);
    zones = what[0] == 'z';
    optind = 1;
    opterr = 0;
    /* No '+': FILE may come before or after the options. */
    while ((c = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
        switch (c) {
        case 's': store = optarg; break;
        case 'v': zo.service = optarg; zone_only = "--service"; break;
        case 't': zo.technology = optarg; zone_only = "--technology"; break;
        case 'a': zo.status = optarg; zone_only = "--status"; break;
        case 'c': zo.city = optarg; zone_only = "--city"; break;
        case 'R': zo.replace_city = optarg; zone_only = "--replace-city"; break;
        case 'r': zo.crs = oo.crs = optarg; break;
        case 'S': zo.flags = oo.flags = DOMCOV_IMPORT_STRICT; break;
        case 'q': quiet = 1; break;
        case 'h': cmd_import_help(stdout); return EXIT_FOUND;
        default: return cli_usage("import", "unknown or incomplete option '%s'", argv[optind]);
        }
    }
    if (optind + 1 < argc)
        file = argv[optind + 1];
    if (file == NULL)
        return cli_usage("import", "which file? domcov import %s FILE --store PATH", what);
    if (optind + 2 < argc)
        return cli_usage("import", "unexpected argument '%s'", argv[optind + 2]);
    if (!zones && zone_only)
        return cli_usage("import", "%s applies to zones only", zone_only);
    if (zo.service && strcmp(zo.service, "internet") != 0 && strcmp(zo.service, "tv") != 0)
        return cli_usage("import", "--service must be internet or tv, not '%s'", zo.service);
    if (zo.status && strcmp(zo.status, "active") != 0 && strcmp(zo.status, "planned") != 0)
        return cli_usage("import", "--status must be active or planned, not '%s'", zo.status);
    /* Writes never fall back to the bundled sample store. */
    if (store == NULL && (store = getenv("DOMCOV_STORE")) != NULL && *store == '\0')
        store = NULL;
    if (store == NULL)
        return cli_usage("import", "which store? give --store PATH (or set DOMCOV_STORE)");

    status = zones ? cli_import_run(store, file, quiet, begin_zones, &zo, &report)
                   : cli_import_run(store, file, quiet, begin_offices, &oo, &report);
    if (report)
        print_report(report, quiet);
    if (status != DOMCOV_OK)
        code = cli_fail("import", status, status == DOMCOV_ERR_INPUT && report
                                              ? "nothing was imported"
                                              : "import failed, the store is unchanged");
    else
        code = report->rejected > 0 ? EXIT_INPUT : EXIT_FOUND;
    domcov_import_report_free(report);
    return code;
}
