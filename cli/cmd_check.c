/* domcov check: is a coordinate covered?  Human answer in Russian, or JSON. */
#include "cli.h"

#include <getopt.h>
#include <math.h>
#include <string.h>

void cmd_check_help(FILE *out)
{
    fprintf(out,
            "Usage: domcov check \"ADDRESS\" [--city CITY] [--candidates N] [OPTIONS]\n"
            "       domcov check --lat LAT --lon LON [OPTIONS]\n"
            "Tells which services cover an address or a point (WGS84 degrees): internet\n"
            "and TV, their technology and zone, the city and its phones, and when a\n"
            "service is not available, the distance to its nearest coverage.  An address\n"
            "is matched to a house of the register; when it cannot be matched with\n"
            "confidence the candidates are listed instead.\n\n"
            "  ADDRESS        free text: \"екб, малышева 5\", \"ул.Ленина 50к2, Пермь\"\n"
            "  --city CITY    the city to assume when the address names none\n"
            "  --candidates N how many candidates to list (default 5)\n"
            "  --lat LAT      latitude, -90..90\n"
            "  --lon LON      longitude, -180..180\n"
            "  --service S    internet or tv: the exit status looks at this service only\n"
            "  --store PATH   the store (default: $DOMCOV_STORE, else the sample store)\n"
            "  --json         one JSON object instead of text\n"
            "  --help         this text\n\n"
            "Exit status: 0 covered (by any service, or by --service), 1 not covered or\n"
            "the address not found or ambiguous, 2 usage error, 3 store error, 4 bad input.\n");
}

static const char *service_label_ru(int s)
{
    return s == DOMCOV_SERVICE_INTERNET ? "Интернет" : "ТВ";
}

/* printf's %-9s pads bytes; Cyrillic labels need padding by characters. */
static void print_padded(const char *label, int width)
{
    const unsigned char *p;
    int chars = 0;

    for (p = (const unsigned char *)label; *p; p++)
        chars += (*p & 0xC0) != 0x80;
    printf("  %s", label);
    for (; chars < width; chars++)
        putchar(' ');
}

/* "г" is written "г." before a name; "пгт", "рп" are not. */
static const char *city_type_dot(const char *type)
{
    return strcmp(type, "г") == 0 || strcmp(type, "п") == 0 || strcmp(type, "с") == 0 ? "." : "";
}

static const char *city_match_name(int m)
{
    return m == DOMCOV_CITY_ZONE ? "zone" : m == DOMCOV_CITY_NEAREST ? "nearest" : "none";
}

static void print_distance_ru(double m)
{
    if (m < 1000)
        printf("%.0f м", m);
    else
        printf("%.1f км", m / 1000);
}

void cli_point_text(const domcov_point_result *r, int with_coordinates)
{
    int s;

    if (with_coordinates) {
        printf("%.6f, %.6f", r->lat, r->lon);
        if (r->city.match == DOMCOV_CITY_ZONE)
            printf(" — %s%s %s (%s)\n", r->city.type, city_type_dot(r->city.type), r->city.name,
                   r->city.region);
        else if (r->city.match == DOMCOV_CITY_NEAREST)
            printf(" — рядом с: %s%s %s (%s), %.1f км от центра\n", r->city.type,
                   city_type_dot(r->city.type), r->city.name, r->city.region,
                   r->city.distance_m / 1000);
        else
            printf(" — вне городов присутствия\n");
    }
    for (s = 0; s < DOMCOV_SERVICE_COUNT; s++) {
        const domcov_service_result *sr = &r->services[s];

        print_padded(service_label_ru(s), 10);
        if (sr->available) {
            printf("есть — %s (зона %s)\n", sr->technology, sr->zone_id);
            continue;
        }
        if (sr->status == DOMCOV_ZONE_PLANNED)
            printf("планируется — %s (зона %s)", sr->technology, sr->zone_id);
        else
            printf("нет");
        if (sr->distance_m >= 0) {
            printf("; ближайшее покрытие в ");
            print_distance_ru(sr->distance_m);
            printf(" (зона %s)", sr->nearest_zone_id);
        }
        printf("\n");
    }
    if (r->city.match != DOMCOV_CITY_NONE)
        printf("  Подключение: %s, поддержка абонентов: %s\n", r->city.sales_phone,
               r->city.support_phone);
}

void cli_point_json(const domcov_point_result *r, int covered)
{
    int s, i;

    printf("{\"lat\":");
    json_number(stdout, r->lat);
    printf(",\"lon\":");
    json_number(stdout, r->lon);
    printf(",\"covered\":%s,\"services\":{", covered ? "true" : "false");
    for (s = 0; s < DOMCOV_SERVICE_COUNT; s++) {
        const domcov_service_result *sr = &r->services[s];
        printf("%s\"%s\":{\"available\":%s,\"status\":\"%s\",\"technology\":", s ? "," : "",
               domcov_service_name(s), sr->available ? "true" : "false",
               domcov_zone_status_name(sr->status));
        json_string(stdout, sr->technology);
        printf(",\"zone_id\":");
        json_string(stdout, sr->zone_id);
        printf(",\"distance_m\":");
        if (sr->distance_m >= 0)
            json_number(stdout, round(sr->distance_m * 10) / 10);
        else
            printf("null");
        printf(",\"nearest_zone_id\":");
        json_string(stdout, sr->nearest_zone_id);
        printf("}");
    }
    printf("},\"city\":{\"match\":\"%s\",", city_match_name(r->city.match));
    cli_city_fields_json(&r->city);
    printf(",\"distance_m\":");
    if (r->city.match != DOMCOV_CITY_NONE)
        json_number(stdout, round(r->city.distance_m * 10) / 10);
    else
        printf("null");
    printf("},\"zones\":[");
    for (i = 0; i < r->zone_count; i++) {
        const domcov_zone_hit *z = &r->zones[i];
        printf("%s{\"zone_id\":", i ? "," : "");
        json_string(stdout, z->zone_id);
        printf(",\"service\":\"%s\",\"status\":\"%s\",\"technology\":", domcov_service_name(z->service),
               domcov_zone_status_name(z->status));
        json_string(stdout, z->technology);
        printf(",\"name\":");
        json_string(stdout, z->name);
        printf("}");
    }
    printf("]}");
}

int cli_parse_service(const char *s)
{
    int i;

    for (i = 0; i < DOMCOV_SERVICE_COUNT; i++)
        if (strcmp(s, domcov_service_name(i)) == 0)
            return i;
    return -1;
}

int cmd_check(int argc, char **argv)
{
    static const struct option opts[] = {
        {"lat", required_argument, NULL, 'a'},
        {"lon", required_argument, NULL, 'o'},
        {"store", required_argument, NULL, 's'},
        {"service", required_argument, NULL, 'v'},
        {"json", no_argument, NULL, 'j'},
        {"city", required_argument, NULL, 'c'},
        {"candidates", required_argument, NULL, 'n'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *store = NULL, *lat_s = NULL, *lon_s = NULL, *city = NULL, *cand_s = NULL;
    double lat, lon;
    int json = 0, service = -1, c, code = EXIT_FOUND, status, covered = 0, s;
    domcov_db *db = NULL;
    domcov_point_result *r = NULL;

    optind = 0; /* 0: GNU getopt starts afresh and permutes, so options may follow arguments */
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'a': lat_s = optarg; break;
        case 'o': lon_s = optarg; break;
        case 's': store = optarg; break;
        case 'v':
            if ((service = cli_parse_service(optarg)) < 0)
                return cli_usage("check", "--service must be internet or tv, not '%s'", optarg);
            break;
        case 'j': json = 1; break;
        case 'c': city = optarg; break;
        case 'n': cand_s = optarg; break;
        case 'h': cmd_check_help(stdout); return EXIT_FOUND;
        default: return cli_usage("check", "unknown or incomplete option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc) {
        cli_check_args a = {store, city, cand_s, service, json};
        if (optind + 1 < argc)
            return cli_usage("check", "give the address as one argument (in quotes), not '%s' and '%s'",
                             argv[optind], argv[optind + 1]);
        if (lat_s || lon_s)
            return cli_usage("check", "give either an address or --lat and --lon, not both");
        return cli_check_address(argv[optind], &a);
    }
    if (city || cand_s)
        return cli_usage("check", "--city and --candidates go with an address");
    if (lat_s == NULL || lon_s == NULL)
        return cli_usage("check", "an address or --lat and --lon are required");
    if (cli_parse_double(lat_s, &lat) != 0)
        return cli_usage("check", "--lat '%s' is not a number", lat_s);
    if (cli_parse_double(lon_s, &lon) != 0)
        return cli_usage("check", "--lon '%s' is not a number", lon_s);

    db = cli_open_store("check", store, &code);
    if (db == NULL)
        return code;
    status = domcov_check_point(db, lat, lon, &r);
    if (status != DOMCOV_OK) {
        code = cli_fail("check", status, "cannot check the point");
        goto cleanup;
    }
    for (s = 0; s < DOMCOV_SERVICE_COUNT; s++)
        if (service < 0 || service == s)
            covered |= r->services[s].available;
    if (json) {
        cli_point_json(r, covered);
        putchar('\n');
    } else {
        cli_point_text(r, 1);
    }
    code = covered ? EXIT_FOUND : EXIT_NOT_FOUND;
cleanup:
    domcov_point_result_free(r);
    domcov_close(db);
    return code;
}
