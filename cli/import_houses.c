/* domcov import houses: a register of geocoded addresses into a store. */
#include "cli.h"

#include <getopt.h>
#include <string.h>

void cli_import_houses_help(FILE *out)
{
    fprintf(out,
            "Usage: domcov import houses FILE.csv --store PATH [--address-column address]\n"
            "         [--lat-column lat] [--lon-column lon] [--id-column house_id]\n"
            "         [--city NAME] [--delimiter ,] [--strict] [--quiet]\n"
            "Loads a register of geocoded addresses (creating the store when PATH does not\n"
            "exist): each address is parsed into city, street and house; rows are upserted\n"
            "by id.  Rows without usable coordinates (empty, NaN, out of range, the\n"
            "placeholder point of a failed geocoder) are kept without a point and reported.\n"
            "Bad rows are listed with their line and reason; the good ones commit together,\n"
            "and the store is replaced atomically.  --strict: any bad row leaves the store\n"
            "unchanged.  On a terminal, a progress line counts the rows.\n\n"
            "  --city NAME       the city of addresses that name none\n"
            "  --delimiter C     , ; tab or | (default: detected)\n"
            "  --quiet           print only rejects and errors (and no progress line)\n"
            "Exit status: 0 all rows imported, 4 some rows rejected (or, with --strict, the\n"
            "import refused), 2 usage error, 3 store error, 5 other failure.\n");
}

static int begin_houses(const char *store, const char *file, const void *opts, domcov_import **out)
{
    return domcov_import_houses_begin(store, file, opts, out);
}

static void print_report(const domcov_import_report *r, int quiet)
{
    int i;

    for (i = 0; i < r->message_count; i++)
        if (!quiet || strstr(r->messages[i], "rejected:"))
            fprintf(stderr, "%s\n", r->messages[i]);
    fprintf(stderr, "read %lld, imported %lld, updated %lld, without point %lld, rejected %lld\n",
            r->read, r->imported, r->updated, r->without_point, r->rejected);
}

int cli_import_houses(int argc, char **argv)
{
    static const struct option opts[] = {
        {"store", required_argument, NULL, 's'},
        {"address-column", required_argument, NULL, 'a'},
        {"lat-column", required_argument, NULL, 'y'},
        {"lon-column", required_argument, NULL, 'x'},
        {"id-column", required_argument, NULL, 'i'},
        {"city", required_argument, NULL, 'c'},
        {"delimiter", required_argument, NULL, 'd'},
        {"strict", no_argument, NULL, 'S'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    domcov_house_import_options o;
    domcov_import_report *report = NULL;
    const char *store = NULL;
    int c, quiet = 0, status, code;

    memset(&o, 0, sizeof o);
    optind = 0; /* 0: GNU getopt starts afresh and permutes, so options may follow arguments */
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 's': store = optarg; break;
        case 'a': o.address_column = optarg; break;
        case 'y': o.lat_column = optarg; break;
        case 'x': o.lon_column = optarg; break;
        case 'i': o.id_column = optarg; break;
        case 'c': o.city = optarg; break;
        case 'd':
            if (strcmp(optarg, "tab") == 0 || strcmp(optarg, "\\t") == 0)
                o.delimiter = '\t';
            else if (strlen(optarg) == 1 && strchr(",;\t|", optarg[0]))
                o.delimiter = optarg[0];
            else
                return cli_usage("import houses", "--delimiter must be , ; tab or |, not '%s'", optarg);
            break;
        case 'S': o.flags |= DOMCOV_IMPORT_STRICT; break;
        case 'q': quiet = 1; break;
        case 'h': cli_import_houses_help(stdout); return EXIT_FOUND;
        default: return cli_usage("import houses", "unknown or incomplete option '%s'", argv[optind - 1]);
        }
    }
    if (optind + 1 != argc)
        return cli_usage("import houses", "give exactly one CSV file");
    if (store == NULL)
        return cli_usage("import houses", "--store is required");
    status = cli_import_run(store, argv[optind], quiet, begin_houses, &o, &report);
    if (report)
        print_report(report, quiet);
    if (status != DOMCOV_OK)
        code = cli_fail("import houses", status, "import failed");
    else
        code = report->rejected > 0 ? EXIT_INPUT : EXIT_FOUND;
    domcov_import_report_free(report);
    return code;
}
