/* domcov export zones: a store's zones as GeoJSON (the inverse of import zones). */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <string.h>

void cmd_export_help(FILE *out)
{
    fprintf(out,
            "Usage: domcov export zones [--store PATH] [--city NAME] [--output FILE]\n"
            "Writes the store's zones as a GeoJSON FeatureCollection (WGS84 lon/lat), one\n"
            "feature a line in zone id order, with properties id, service, technology, status,\n"
            "city (code) and name.  Coordinates keep full precision: importing the file into\n"
            "another store and exporting again gives the same file.\n\n"
            "  --city NAME    only the zones of this city (code or name)\n"
            "  --output FILE  write to FILE instead of standard output\n"
            "  --store PATH   the store (default: $DOMCOV_STORE, else the sample store)\n"
            "  --help         this text\n\n"
            "Exit status: 0 written, 2 usage error, 3 store error, 4 unknown city, 5 I/O error.\n");
}

static int write_file(const char *path, const domcov_export *e)
{
    FILE *f = fopen(path, "wb");
    int ok;

    if (f == NULL) {
        fprintf(stderr, "domcov export: cannot create '%s': %s\n", path, strerror(errno));
        return EXIT_FAILURE_OTHER;
    }
    ok = fwrite(e->text, 1, (size_t)e->length, f) == (size_t)e->length;
    ok &= fclose(f) == 0;
    if (!ok) {
        fprintf(stderr, "domcov export: cannot write '%s': %s\n", path, strerror(errno));
        return EXIT_FAILURE_OTHER;
    }
    return EXIT_FOUND;
}

int cmd_export(int argc, char **argv)
{
    static const struct option opts[] = {
        {"store", required_argument, NULL, 's'},
        {"city", required_argument, NULL, 'c'},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *store = NULL, *city = NULL, *output = NULL;
    domcov_export *e = NULL;
    int c, status, code;

    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        cmd_export_help(stdout);
        return EXIT_FOUND;
    }
    if (argc < 2 || strcmp(argv[1], "zones") != 0)
        return cli_usage("export", "what to export: zones");
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc - 1, argv + 1, "+", opts, NULL)) != -1) {
        switch (c) {
        case 's': store = optarg; break;
        case 'c': city = optarg; break;
        case 'o': output = optarg; break;
        case 'h': cmd_export_help(stdout); return EXIT_FOUND;
        default: return cli_usage("export", "unknown or incomplete option '%s'", argv[optind]);
        }
    }
    if (optind + 1 < argc)
        return cli_usage("export", "unexpected argument '%s'", argv[optind + 1]);
    status = domcov_export_zones(cli_store_path(store), city, &e);
    if (status != DOMCOV_OK)
        return cli_fail("export", status, "cannot export the zones");
    if (output) {
        code = write_file(output, e);
        if (code == EXIT_FOUND)
            fprintf(stderr, "exported %lld zones to %s\n", e->features, output);
    } else {
        code = fwrite(e->text, 1, (size_t)e->length, stdout) == (size_t)e->length && fflush(stdout) == 0
                   ? EXIT_FOUND
                   : EXIT_FAILURE_OTHER;
    }
    domcov_export_free(e);
    return code;
}
