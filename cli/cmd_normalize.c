/* domcov normalize "ADDRESS": how the normalizer reads an address (no store needed). */
#include "cli.h"

#include <getopt.h>

void cmd_normalize_help(FILE *out)
{
    fprintf(out,
            "Usage: domcov normalize \"ADDRESS\" [--text]\n"
            "Prints the parts of a free-text Russian address as one JSON object: postcode,\n"
            "region, district, city, street (type and name), house, letter, korpus,\n"
            "stroenie, flat, and the canonical form.  Needs no store.\n\n"
            "  --text   print only the canonical form\n"
            "  --help   this text\n\n"
            "Exit status: 0 a street or a city was recognised, 1 neither, 2 usage error,\n"
            "4 bad input (invalid UTF-8, too long).\n");
}

int cmd_normalize(int argc, char **argv)
{
    static const struct option opts[] = {
        {"text", no_argument, NULL, 't'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    domcov_address *a = NULL;
    int text = 0, c, status, code;

    optind = 0; /* 0: GNU getopt starts afresh and permutes, so options may follow arguments */
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 't': text = 1; break;
        case 'h': cmd_normalize_help(stdout); return EXIT_FOUND;
        default: return cli_usage("normalize", "unknown or incomplete option '%s'", argv[optind - 1]);
        }
    }
    if (optind + 1 != argc)
        return cli_usage("normalize", "give exactly one address (in quotes)");
    status = domcov_normalize(argv[optind], &a);
    if (status != DOMCOV_OK)
        return cli_fail("normalize", status, "cannot normalize");
    if (text)
        printf("%s\n", a->canonical ? a->canonical : "");
    else {
        cli_address_parts_json(a);
        putchar('\n');
    }
    code = a->street || a->city ? EXIT_FOUND : EXIT_NOT_FOUND;
    domcov_address_free(a);
    return code;
}
