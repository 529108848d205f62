/* domcov build: a store from a source directory. */
#include "cli.h"

#include <getopt.h>
#include <string.h>

void cmd_build_help(FILE *out)
{
    fprintf(out,
            "Usage: domcov build --from DIR --store PATH [--strict] [--quiet]\n"
            "Builds a coverage store from a source directory: store.conf, cities.csv,\n"
            "zones/*.geojson, houses/*.csv, offices.csv (see docs/store-format.md).\n"
            "The new store replaces PATH atomically; a failed build leaves PATH as it was.\n\n"
            "  --from DIR    the source directory\n"
            "  --store PATH  the store to write\n"
            "  --strict      any rejected row or feature fails the build\n"
            "  --quiet       print only errors\n"
            "  --help        this text\n");
}

static void print_report(const domcov_import_report *r, int quiet)
{
    int i;

    for (i = 0; i < r->message_count; i++)
        fprintf(stderr, "%s\n", r->messages[i]);
    if (!quiet)
        fprintf(stderr, "read %lld, imported %lld, updated %lld, without point %lld, repaired %lld, "
                        "rejected %lld\n",
                r->read, r->imported, r->updated, r->without_point, r->repaired, r->rejected);
}

int cmd_build(int argc, char **argv)
{
    static const struct option opts[] = {
        {"from", required_argument, NULL, 'f'},
        {"store", required_argument, NULL, 's'},
        {"strict", no_argument, NULL, 'S'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *from = NULL, *store = NULL;
    unsigned flags = 0;
    int quiet = 0, c, status, code;
    domcov_import_report *report = NULL;

    optind = 0; /* 0: GNU getopt starts afresh and permutes, so options may follow arguments */
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'f': from = optarg; break;
        case 's': store = optarg; break;
        case 'S': flags |= DOMCOV_IMPORT_STRICT; break;
        case 'q': quiet = 1; break;
        case 'h': cmd_build_help(stdout); return EXIT_FOUND;
        default: return cli_usage("build", "unknown or incomplete option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return cli_usage("build", "unexpected argument '%s'", argv[optind]);
    if (from == NULL || store == NULL)
        return cli_usage("build", "--from and --store are required");
    status = domcov_build_store(from, store, flags, &report);
    if (report)
        print_report(report, quiet);
    if (status != DOMCOV_OK)
        code = cli_fail("build", status, "build failed");
    else
        code = report->rejected > 0 ? EXIT_INPUT : EXIT_FOUND;
    domcov_import_report_free(report);
    return code;
}
