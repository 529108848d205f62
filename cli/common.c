/* Exit codes, errors, store lookup and number parsing shared by the subcommands. */
#include "cli.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cli_exit_for_status(int status)
{
    switch (status) {
    case DOMCOV_OK:
        return EXIT_FOUND;
    case DOMCOV_ERR_NOT_STORE:
    case DOMCOV_ERR_FORMAT_VERSION:
    case DOMCOV_ERR_CORRUPT:
    case DOMCOV_ERR_DATABASE:
        return EXIT_STORE;
    case DOMCOV_ERR_ARG:
    case DOMCOV_ERR_INPUT:
    case DOMCOV_ERR_GEOMETRY:
    case DOMCOV_ERR_TOO_LARGE:
        return EXIT_INPUT;
    default:
        return EXIT_FAILURE_OTHER;
    }
}

int cli_fail(const char *cmd, int status, const char *what)
{
    const char *msg = domcov_errmsg(NULL);

    fprintf(stderr, "domcov %s: %s: %s\n", cmd, what, *msg ? msg : domcov_strerror(status));
    return cli_exit_for_status(status);
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "domcov %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'domcov %s --help'.\n", cmd);
    return EXIT_USAGE;
}

/* The directory of the running executable, to recognise a run from the build tree. */
static int exe_dir(char *buf, size_t size)
{
    ssize_t n = readlink("/proc/self/exe", buf, size - 1);
    char *slash;

    if (n <= 0)
        return -1;
    buf[n] = '\0';
    slash = strrchr(buf, '/');
    if (slash == NULL)
        return -1;
    *slash = '\0';
    return 0;
}

const char *cli_store_path(const char *option)
{
    const char *env = getenv("DOMCOV_STORE");
    char dir[PATH_MAX];

    if (option && *option)
        return option;
    if (env && *env)
        return env;
    if (exe_dir(dir, sizeof dir) == 0 && strcmp(dir, DOMCOV_BUILD_CLI_DIR) == 0 &&
        access(DOMCOV_BUILD_SAMPLE_STORE, R_OK) == 0)
        return DOMCOV_BUILD_SAMPLE_STORE;
    return DOMCOV_INSTALLED_SAMPLE_STORE;
}

domcov_db *cli_open_store(const char *cmd, const char *option, int *exit_code)
{
    const char *path = cli_store_path(option);
    domcov_db *db = NULL;
    int status = domcov_open(path, DOMCOV_OPEN_DEFAULT, &db);

    if (status != DOMCOV_OK) {
        cli_fail(cmd, status, "cannot open the store");
        *exit_code = status == DOMCOV_ERR_NOMEM ? EXIT_FAILURE_OTHER : EXIT_STORE;
        if (status == DOMCOV_ERR_IO && option == NULL && getenv("DOMCOV_STORE") == NULL)
            fprintf(stderr, "(no --store or DOMCOV_STORE given; the sample store was looked for at %s)\n",
                    path);
        return NULL;
    }
    return db;
}

int cli_parse_double(const char *s, double *v)
{
    char *end;

    /* Decimal notation: strtod would also take hexadecimal ("0x1p3") and leading
     * white space.  "nan" and "inf" pass, for the library's range message. */
    if (s == NULL || *s == '\0' || isspace((unsigned char)*s) || strpbrk(s, "xXpP") != NULL)
        return -1;
    errno = 0;
    *v = strtod(s, &end);
    if (*end != '\0' || errno == ERANGE)
        return -1;
    return 0;
}

void json_string(FILE *out, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;

    if (s == NULL) {
        fputs("null", out);
        return;
    }
    fputc('"', out);
    for (; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\r': fputs("\\r", out); break;
        case '\t': fputs("\\t", out); break;
        default:
            if (*p < 0x20)
                fprintf(out, "\\u%04x", *p);
            else
                fputc(*p, out);
        }
    }
    fputc('"', out);
}

void json_number(FILE *out, double v)
{
    char buf[32];
    int prec;

    if (!isfinite(v)) {
        fputs("null", out);
        return;
    }
    /* Shortest representation that reads back as the same double. */
    for (prec = 6; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    fputs(buf, out);
}

void cli_city_fields_json(const domcov_city *c)
{
    printf("\"code\":");
    json_string(stdout, c->code);
    printf(",\"name\":");
    json_string(stdout, c->name);
    printf(",\"type\":");
    json_string(stdout, c->type);
    printf(",\"region\":");
    json_string(stdout, c->region);
    printf(",\"support_phone\":");
    json_string(stdout, c->support_phone);
    printf(",\"sales_phone\":");
    json_string(stdout, c->sales_phone);
}
