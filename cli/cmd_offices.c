/* domcov offices: the nearest offices and payment terminals to a point. */
#include "cli.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void cmd_offices_help(FILE *out)
{
    fprintf(out,
            "Usage: domcov offices --near LAT,LON [--limit N] [--kind office|terminal] [--json]\n"
            "       domcov offices --lat LAT --lon LON [...]\n"
            "Lists the offices and payment terminals nearest to a point (WGS84 degrees),\n"
            "nearest first, with the geodesic distance in metres.\n"
            "(Nearest to an address: look the address up with check first, then use its point.)\n\n"
            "  --near LAT,LON  the point\n"
            "  --lat, --lon    the point, as two options\n"
            "  --limit N       how many, 1..%d (default 5)\n"
            "  --kind K        office or terminal only\n"
            "  --store PATH    the store (default: $DOMCOV_STORE, else the sample store)\n"
            "  --json          one JSON object instead of text\n"
            "  --help          this text\n\n"
            "Exit status: 0 found, 1 none in the store, 2 usage error, 3 store error,\n"
            "4 bad coordinates.\n",
            DOMCOV_NEAREST_OFFICES_MAX);
}

static const char *kind_ru(int kind)
{
    return kind == DOMCOV_OFFICE_OFFICE ? "офис" : "терминал";
}

static void print_distance_ru(double m)
{
    if (m < 1000)
        printf("%.0f м", m);
    else
        printf("%.1f км", m / 1000);
}

static void print_text(const domcov_office_list *l)
{
    int i;

    printf("%.6f, %.6f — ближайшие офисы и терминалы:\n", l->lat, l->lon);
    if (l->count == 0)
        printf("  нет в хранилище\n");
    for (i = 0; i < l->count; i++) {
        const domcov_office *o = &l->offices[i];
        printf("  %d. ", i + 1);
        print_distance_ru(o->distance_m);
        printf(" — %s «%s», %s", kind_ru(o->kind), o->name, o->address);
        if (*o->hours)
            printf(" (%s)", o->hours);
        printf(" [%s]\n", o->id);
    }
}

static void print_json(const domcov_office_list *l)
{
    int i;

    printf("{\"lat\":");
    json_number(stdout, l->lat);
    printf(",\"lon\":");
    json_number(stdout, l->lon);
    printf(",\"offices\":[");
    for (i = 0; i < l->count; i++) {
        const domcov_office *o = &l->offices[i];
        printf("%s{\"id\":", i ? "," : "");
        json_string(stdout, o->id);
        printf(",\"kind\":\"%s\",\"name\":", domcov_office_kind_name(o->kind));
        json_string(stdout, o->name);
        printf(",\"address\":");
        json_string(stdout, o->address);
        printf(",\"hours\":");
        json_string(stdout, o->hours);
        printf(",\"city\":");
        json_string(stdout, o->city_code);
        printf(",\"lat\":");
        json_number(stdout, o->lat);
        printf(",\"lon\":");
        json_number(stdout, o->lon);
        printf(",\"distance_m\":");
        json_number(stdout, round(o->distance_m * 10) / 10);
        printf("}");
    }
    printf("]}\n");
}

/* "LAT,LON" (a space after the comma is fine). */
static int parse_near(const char *s, double *lat, double *lon)
{
    const char *comma = strchr(s, ',');
    char buf[64];
    size_t n;

    if (comma == NULL || (n = (size_t)(comma - s)) >= sizeof buf)
        return -1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    return cli_parse_double(buf, lat) == 0 && cli_parse_double(comma + 1 + strspn(comma + 1, " "), lon) == 0
               ? 0
               : -1;
}

int cmd_offices(int argc, char **argv)
{
    static const struct option opts[] = {
        {"near", required_argument, NULL, 'n'},
        {"lat", required_argument, NULL, 'a'},
        {"lon", required_argument, NULL, 'o'},
        {"limit", required_argument, NULL, 'l'},
        {"kind", required_argument, NULL, 'k'},
        {"store", required_argument, NULL, 's'},
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *store = NULL, *near = NULL, *lat_s = NULL, *lon_s = NULL;
    double lat = 0, lon = 0, limit_d = 5;
    int kind = DOMCOV_OFFICE_ANY, json = 0, c, status, code;
    domcov_db *db = NULL;
    domcov_office_list *list = NULL;

    optind = 0; /* 0: GNU getopt starts afresh and permutes, so options may follow arguments */
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'n': near = optarg; break;
        case 'a': lat_s = optarg; break;
        case 'o': lon_s = optarg; break;
        case 'l':
            if (cli_parse_double(optarg, &limit_d) != 0 || limit_d != floor(limit_d) || limit_d < 1 ||
                limit_d > DOMCOV_NEAREST_OFFICES_MAX)
                return cli_usage("offices", "--limit must be a whole number 1..%d, not '%s'",
                                 DOMCOV_NEAREST_OFFICES_MAX, optarg);
            break;
        case 'k':
            if (strcmp(optarg, "office") == 0)
                kind = DOMCOV_OFFICE_OFFICE;
            else if (strcmp(optarg, "terminal") == 0)
                kind = DOMCOV_OFFICE_TERMINAL;
            else
                return cli_usage("offices", "--kind must be office or terminal, not '%s'", optarg);
            break;
        case 's': store = optarg; break;
        case 'j': json = 1; break;
        case 'h': cmd_offices_help(stdout); return EXIT_FOUND;
        default: return cli_usage("offices", "unknown or incomplete option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return cli_usage("offices", "unexpected argument '%s' (offices near an address come with "
                                    "the address matcher; use --near LAT,LON)", argv[optind]);
    if (near && (lat_s || lon_s))
        return cli_usage("offices", "give --near or --lat/--lon, not both");
    if (near) {
        if (parse_near(near, &lat, &lon) != 0)
            return cli_usage("offices", "--near '%s' is not LAT,LON", near);
    } else if (lat_s == NULL || lon_s == NULL) {
        return cli_usage("offices", "--near LAT,LON (or --lat and --lon) is required");
    } else if (cli_parse_double(lat_s, &lat) != 0 || cli_parse_double(lon_s, &lon) != 0) {
        return cli_usage("offices", "--lat '%s' / --lon '%s' is not a number", lat_s, lon_s);
    }
    db = cli_open_store("offices", store, &code);
    if (db == NULL)
        return code;
    status = domcov_nearest_offices(db, lat, lon, (int)limit_d, kind, &list);
    if (status != DOMCOV_OK) {
        code = cli_fail("offices", status, "cannot look offices up");
        goto cleanup;
    }
    if (json)
        print_json(list);
    else
        print_text(list);
    code = list->count > 0 ? EXIT_FOUND : EXIT_NOT_FOUND;
cleanup:
    domcov_office_list_free(list);
    domcov_close(db);
    return code;
}
