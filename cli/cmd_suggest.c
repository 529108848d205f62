/* domcov suggest "PREFIX": autocomplete for an address being typed. */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>

void cmd_suggest_help(FILE *out)
{
    fprintf(out,
            "Usage: domcov suggest \"PREFIX\" [--city CITY] [--limit N] [--store PATH] [--json]\n"
            "Suggests streets (and, once a number follows a known street, houses) for an\n"
            "address being typed: \"Екатеринбург, Мал\" -> ул. Малышева, ...  Tolerates a\n"
            "typo in what was typed.\n\n"
            "  --city CITY   the city to assume when the prefix names none\n"
            "  --limit N     at most N suggestions (1..100, default 10)\n"
            "  --store PATH  the store (default: $DOMCOV_STORE, else the sample store)\n"
            "  --json        one JSON object instead of lines\n"
            "  --help        this text\n\n"
            "Exit status: 0 suggestions found, 1 none, 2 usage error, 3 store error, 4 bad input.\n");
}

int cmd_suggest(int argc, char **argv)
{
    static const struct option opts[] = {
        {"city", required_argument, NULL, 'c'},
        {"limit", required_argument, NULL, 'l'},
        {"store", required_argument, NULL, 's'},
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *store = NULL, *city = NULL;
    long limit = 10;
    char *end;
    int json = 0, c, status, code = EXIT_FOUND, i;
    domcov_db *db = NULL;
    domcov_suggestions *sg = NULL;
    domcov_match_options mo = {NULL, 0};

    optind = 0; /* 0: GNU getopt starts afresh and permutes, so options may follow arguments */
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'c': city = optarg; break;
        case 'l':
            limit = strtol(optarg, &end, 10);
            if (*end != '\0' || limit < 1 || limit > 100)
                return cli_usage("suggest", "--limit must be 1..100, not '%s'", optarg);
            break;
        case 's': store = optarg; break;
        case 'j': json = 1; break;
        case 'h': cmd_suggest_help(stdout); return EXIT_FOUND;
        default: return cli_usage("suggest", "unknown or incomplete option '%s'", argv[optind - 1]);
        }
    }
    if (optind + 1 != argc)
        return cli_usage("suggest", "give exactly one prefix (in quotes)");
    db = cli_open_store("suggest", store, &code);
    if (db == NULL)
        return code;
    mo.default_city = city;
    status = domcov_suggest(db, argv[optind], &mo, (int)limit, &sg);
    if (status != DOMCOV_OK) {
        code = cli_fail("suggest", status, "cannot suggest");
        goto cleanup;
    }
    if (json) {
        printf("{\"query\":");
        json_string(stdout, argv[optind]);
        printf(",\"suggestions\":[");
        for (i = 0; i < sg->count; i++) {
            printf("%s{\"text\":", i ? "," : "");
            json_string(stdout, sg->items[i].text);
            printf(",\"value\":");
            json_string(stdout, sg->items[i].value);
            printf(",\"city_code\":");
            json_string(stdout, sg->items[i].city_code);
            printf(",\"house_id\":");
            json_string(stdout, sg->items[i].house_id);
            printf("}");
        }
        printf("]}\n");
    } else {
        for (i = 0; i < sg->count; i++)
            printf("%s\t%s\n", sg->items[i].text, sg->items[i].value);
    }
    code = sg->count > 0 ? EXIT_FOUND : EXIT_NOT_FOUND;
cleanup:
    domcov_suggestions_free(sg);
    domcov_close(db);
    return code;
}
