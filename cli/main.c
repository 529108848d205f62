/* domcov: the command line front of libdomcov. */
#include "cli.h"

#include <string.h>

static const cli_command commands[] = {
    {"check", "is an address or a coordinate covered? services, technology, city, contact", cmd_check, cmd_check_help},
    {"normalize", "the parts of a free-text address, as JSON", cmd_normalize, cmd_normalize_help},
    {"suggest", "autocomplete an address being typed", cmd_suggest, cmd_suggest_help},
    {"info", "what a store holds: format, versions, counts, bounding box", cmd_info, cmd_info_help},
    {"build", "build a store from a source directory (like data/)", cmd_build, cmd_build_help},
    {"import", "import zones, offices or a house register into a store (GeoJSON any CRS, CSV), atomically", cmd_import, cmd_import_help},
    {"export", "export a store's zones as GeoJSON", cmd_export, cmd_export_help},
    {"offices", "the nearest offices and payment terminals to a point", cmd_offices, cmd_offices_help},
    {"batch", "check a CSV or JSON Lines file of addresses or coordinates, in parallel", cmd_batch, cmd_batch_help},
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *out)
{
    size_t i;

    fprintf(out,
            "Usage: domcov COMMAND [OPTIONS]\n"
            "Answers whether an address or a coordinate can get Dom.ru internet or TV.\n\n"
            "Commands:\n");
    for (i = 0; i < NCOMMANDS; i++)
        fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
    fprintf(out,
            "\nEvery command takes --help.  The store is --store PATH, else $DOMCOV_STORE, else\n"
            "the bundled sample store.\n"
            "Exit status: 0 covered/found, 1 not covered/not found, 2 usage error,\n"
            "3 store error, 4 bad input, 5 other failure.\n");
}

int main(int argc, char **argv)
{
    size_t i;

    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        if (argc > 2)
            for (i = 0; i < NCOMMANDS; i++)
                if (strcmp(argv[2], commands[i].name) == 0) {
                    commands[i].help(stdout);
                    return EXIT_FOUND;
                }
        usage(stdout);
        return EXIT_FOUND;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("domcov %s (libdomcov %s)\n", DOMCOV_VERSION_STRING, domcov_version());
        return EXIT_FOUND;
    }
    for (i = 0; i < NCOMMANDS; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "domcov: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return EXIT_USAGE;
}
