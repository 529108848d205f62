/* domcov info: what a store holds. */
#include "cli.h"

#include <getopt.h>
#include <string.h>

void cmd_info_help(FILE *out)
{
    fprintf(out,
            "Usage: domcov info [--store PATH] [--json]\n"
            "Prints the store's format version, data version, build time, source,\n"
            "row counts per table and the bounding box of its zones.\n\n"
            "  --store PATH  the store (default: $DOMCOV_STORE, else the sample store)\n"
            "  --json        one JSON object instead of text\n"
            "  --help        this text\n");
}

static void print_json(const domcov_store_info *i)
{
    printf("{\"path\":");
    json_string(stdout, i->path);
    printf(",\"format_version\":%d,\"data_version\":", i->format_version);
    json_string(stdout, i->data_version);
    printf(",\"built_at\":");
    json_string(stdout, i->built_at);
    printf(",\"source\":");
    json_string(stdout, i->source);
    printf(",\"library_version\":");
    json_string(stdout, domcov_version());
    printf(",\"counts\":{\"zones\":%lld,\"cities\":%lld,\"streets\":%lld,\"houses\":%lld,"
           "\"houses_with_point\":%lld,\"offices\":%lld}",
           i->zones, i->cities, i->streets, i->houses, i->houses_with_point, i->offices);
    printf(",\"bbox\":");
    if (i->has_bbox) {
        printf("{\"min_lat\":");
        json_number(stdout, i->min_lat);
        printf(",\"min_lon\":");
        json_number(stdout, i->min_lon);
        printf(",\"max_lat\":");
        json_number(stdout, i->max_lat);
        printf(",\"max_lon\":");
        json_number(stdout, i->max_lon);
        printf("}");
    } else {
        printf("null");
    }
    printf("}\n");
}

static void print_text(const domcov_store_info *i)
{
    printf("store:           %s\n", i->path);
    printf("format version:  %d (library %s reads %d..%d)\n", i->format_version, domcov_version(),
           DOMCOV_STORE_FORMAT_MIN, DOMCOV_STORE_FORMAT_MAX);
    printf("data version:    %s\n", i->data_version);
    printf("built at:        %s\n", i->built_at);
    printf("source:          %s\n", i->source);
    printf("zones:           %lld\n", i->zones);
    printf("cities:          %lld\n", i->cities);
    printf("streets:         %lld\n", i->streets);
    printf("houses:          %lld (%lld with coordinates)\n", i->houses, i->houses_with_point);
    printf("offices:         %lld (offices and payment terminals)\n", i->offices);
    if (i->has_bbox)
        printf("bounding box:    lat %.6f..%.6f, lon %.6f..%.6f\n", i->min_lat, i->max_lat,
               i->min_lon, i->max_lon);
    else
        printf("bounding box:    none (no zones)\n");
}

int cmd_info(int argc, char **argv)
{
    static const struct option opts[] = {
        {"store", required_argument, NULL, 's'},
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *store = NULL;
    int json = 0, c, code = EXIT_FOUND, status;
    domcov_db *db = NULL;
    domcov_store_info *info = NULL;

    optind = 0; /* 0: GNU getopt starts afresh and permutes, so options may follow arguments */
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 's': store = optarg; break;
        case 'j': json = 1; break;
        case 'h': cmd_info_help(stdout); return EXIT_FOUND;
        default: return cli_usage("info", "unknown or incomplete option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return cli_usage("info", "unexpected argument '%s'", argv[optind]);
    db = cli_open_store("info", store, &code);
    if (db == NULL)
        return code;
    status = domcov_store_info_get(db, &info);
    if (status != DOMCOV_OK) {
        code = cli_fail("info", status, "cannot read the store");
        goto cleanup;
    }
    if (json)
        print_json(info);
    else
        print_text(info);
cleanup:
    domcov_store_info_free(info);
    domcov_close(db);
    return code;
}
