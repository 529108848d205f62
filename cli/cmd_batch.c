/* domcov batch: check a whole file of addresses or coordinates (docs/batch.md). */
#include "batch.h"
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BATCH_MAX_THREADS 256

void cmd_batch_help(FILE *out)
{
    fprintf(out,
            "Usage: domcov batch [--input FILE|-] [--output FILE|-] [OPTIONS]\n"
            "Checks every row of a CSV or JSON Lines file and writes it back with the\n"
            "answer appended, one output row per input row, in input order.  Rows with\n"
            "coordinates are checked by point, rows with an address by address.  A row\n"
            "that cannot be read or checked is written with domcov_status 'invalid' and\n"
            "the reason in domcov_error; no row is ever dropped.\n\n"
            "  --input FILE       the input (default: standard input; also the first argument)\n"
            "  --output FILE      the output (default: standard output)\n"
            "  --format F         output format, csv or jsonl (default: the input's)\n"
            "  --input-format F   csv or jsonl (default: .jsonl/.ndjson or a first '{' mean jsonl)\n"
            "  --address-column NAME   the address column or member (default: address, addr,\n"
            "                     full_address or адрес)\n"
            "  --lat-column NAME  --lon-column NAME   the coordinate columns or members\n"
            "                     (default: lat/latitude/geo_lat/широта, lon/lng/longitude/geo_lon/долгота)\n"
            "  --city NAME        the city for addresses that name none\n"
            "  --delimiter C      CSV delimiter: , ; tab or | (default: detected from the header)\n"
            "  --threads N        worker threads (default: one per core)\n"
            "  --store PATH       the store (default: $DOMCOV_STORE, else the sample store)\n"
            "  --no-progress      no progress line (shown only when stderr is a terminal)\n"
            "  --quiet            no progress line and no summary\n"
            "  --help             this text\n\n"
            "Appended columns: domcov_status (matched, ambiguous, not_found, invalid),\n"
            "domcov_match_level (point, none, city, street, house_partial, house_exact),\n"
            "domcov_house_id, domcov_address, domcov_lat, domcov_lon, domcov_internet and\n"
            "domcov_tv (active, planned, none; empty when not checked), domcov_error.\n\n"
            "Exit status: 0 every row was written (whatever their status), 2 usage error,\n"
            "3 store error, 4 unusable input (no header, no usable columns), 5 I/O error.\n");
}

static int parse_format(const char *s)
{
    if (strcmp(s, "csv") == 0)
        return BATCH_CSV;
    if (strcmp(s, "jsonl") == 0 || strcmp(s, "ndjson") == 0)
        return BATCH_JSONL;
    return -1;
}

static int parse_delimiter(const char *s, char *out)
{
    if (strcmp(s, "tab") == 0 || strcmp(s, "\\t") == 0 || strcmp(s, "\t") == 0) {
        *out = '\t';
        return 0;
    }
    if (strlen(s) == 1 && (s[0] == ',' || s[0] == ';' || s[0] == '|')) {
        *out = s[0];
        return 0;
    }
    return -1;
}

static int default_threads(void)
{
    cpu_set_t set;
    long n;

    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
        return CPU_COUNT(&set);
    n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

/* Same file?  Writing the output over the input would destroy it before it is read. */
static int same_file(const char *a, const char *b)
{
    struct stat sa, sb;

    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino && S_ISREG(sa.st_mode);
}

/* An unknown --city would fail every address row: say so once, up front. */
static int check_city(batch_ctx *ctx)
{
    domcov_address_result *r = NULL;
    int status = domcov_check_address(ctx->db, "1", &ctx->match, &r);
    const char *msg = domcov_errmsg(NULL);

    domcov_address_result_free(r);
    if (status != DOMCOV_OK && strstr(msg, "not in the store") != NULL) {
        fprintf(stderr, "domcov batch: --city: %s\n", msg);
        return EXIT_INPUT;
    }
    return 0;
}

static void print_summary(const batch_ctx *ctx, const batch_totals *t, int threads)
{
    double rate = t->seconds > 0 ? (double)t->rows / t->seconds : 0;
    int i;

    fprintf(stderr,
            "domcov batch: %lld row%s in %.2f s (%.0f rows/s, %d thread%s): %lld matched, "
            "%lld ambiguous, %lld not_found, %lld invalid\n",
            t->rows, t->rows == 1 ? "" : "s", t->seconds, rate, threads, threads == 1 ? "" : "s",
            t->counts[BS_MATCHED], t->counts[BS_AMBIGUOUS], t->counts[BS_NOT_FOUND],
            t->counts[BS_INVALID]);
    for (i = 0; i < t->examples; i++)
        fprintf(stderr, "  %s line %llu: %s\n", ctx->in_format == BATCH_CSV ? "CSV" : "JSONL",
                t->ex_line[i], t->ex_reason[i]);
    if (t->counts[BS_INVALID] > t->examples && t->examples > 0)
        fprintf(stderr, "  ... %lld more invalid rows (see domcov_error)\n",
                t->counts[BS_INVALID] - t->examples);
}

int cmd_batch(int argc, char **argv)
{
    static const struct option opts[] = {
        {"store", required_argument, NULL, 's'},
        {"input", required_argument, NULL, 'i'},
        {"output", required_argument, NULL, 'o'},
        {"format", required_argument, NULL, 'f'},
        {"input-format", required_argument, NULL, 'F'},
        {"address-column", required_argument, NULL, 'A'},
        {"lat-column", required_argument, NULL, 'L'},
        {"lon-column", required_argument, NULL, 'O'},
        {"city", required_argument, NULL, 'c'},
        {"delimiter", required_argument, NULL, 'd'},
        {"threads", required_argument, NULL, 't'},
        {"quiet", no_argument, NULL, 'q'},
        {"no-progress", no_argument, NULL, 'P'},
        {"progress", no_argument, NULL, 'p'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    batch_ctx ctx;
    batch_input *in = NULL;
    batch_totals totals;
    FILE *out = NULL;
    const char *positional = NULL;
    dc_strbuf head = DC_STRBUF_INIT;
    int c, code = EXIT_FOUND, threads, progress;
    size_t i;
    char *end;

    memset(&ctx, 0, sizeof ctx);
    memset(&totals, 0, sizeof totals);
    ctx.o.in_format = ctx.o.out_format = -1;
    ctx.o.progress = -1;
    optind = 1;
    opterr = 0;
    /* "-": options may come before or after the input file (returned as 1). */
    while ((c = getopt_long(argc, argv, "-", opts, NULL)) != -1) {
        switch (c) {
        case 's': ctx.o.store = optarg; break;
        case 'i': ctx.o.input = optarg; break;
        case 'o': ctx.o.output = optarg; break;
        case 'f':
            if ((ctx.o.out_format = parse_format(optarg)) < 0)
                return cli_usage("batch", "--format must be csv or jsonl, not '%s'", optarg);
            break;
        case 'F':
            if ((ctx.o.in_format = parse_format(optarg)) < 0)
                return cli_usage("batch", "--input-format must be csv or jsonl, not '%s'", optarg);
            break;
        case 'A': ctx.o.address_column = optarg; break;
        case 'L': ctx.o.lat_column = optarg; break;
        case 'O': ctx.o.lon_column = optarg; break;
        case 'c': ctx.o.city = optarg; break;
        case 'd':
            if (parse_delimiter(optarg, &ctx.o.delimiter) != 0)
                return cli_usage("batch", "--delimiter must be , ; | or tab, not '%s'", optarg);
            break;
        case 't':
            errno = 0;
            ctx.o.threads = (int)strtol(optarg, &end, 10);
            if (*optarg == '\0' || *end != '\0' || errno || ctx.o.threads < 1 ||
                ctx.o.threads > BATCH_MAX_THREADS)
                return cli_usage("batch", "--threads must be 1..%d, not '%s'", BATCH_MAX_THREADS,
                                 optarg);
            break;
        case 'q': ctx.o.quiet = 1; break;
        case 'P': ctx.o.progress = 0; break;
        case 'p': ctx.o.progress = 1; break;
        case 'h': cmd_batch_help(stdout); return EXIT_FOUND;
        case 1:
            if (positional != NULL)
                return cli_usage("batch", "one input only: unexpected '%s'", optarg);
            positional = optarg;
            break;
        default: return cli_usage("batch", "unknown or incomplete option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc && positional == NULL) /* after "--" */
        positional = argv[optind++];
    if (optind < argc)
        return cli_usage("batch", "one input only: unexpected '%s'", argv[optind]);
    if (positional != NULL) {
        if (ctx.o.input != NULL)
            return cli_usage("batch", "one input only: '%s' and --input '%s'", positional,
                             ctx.o.input);
        ctx.o.input = positional;
    }
    if ((ctx.o.lat_column == NULL) != (ctx.o.lon_column == NULL))
        return cli_usage("batch", "give both --lat-column and --lon-column, or neither");
    if (ctx.o.input && ctx.o.output && strcmp(ctx.o.input, "-") != 0 &&
        strcmp(ctx.o.output, "-") != 0 && same_file(ctx.o.input, ctx.o.output))
        return cli_usage("batch", "--output is the input file; write to another file");
    threads = ctx.o.threads > 0 ? ctx.o.threads : default_threads();
    if (threads > BATCH_MAX_THREADS)
        threads = BATCH_MAX_THREADS;
    progress = ctx.o.quiet ? 0 : ctx.o.progress >= 0 ? ctx.o.progress : isatty(STDERR_FILENO);
    ctx.key_addr = ctx.o.address_column;
    ctx.key_lat = ctx.o.lat_column;
    ctx.key_lon = ctx.o.lon_column;
    ctx.match.default_city = ctx.o.city;
    ctx.match.max_candidates = 1; /* candidates are not written */
    atomic_init(&ctx.bytes_read, 0);

    ctx.db = cli_open_store("batch", ctx.o.store, &code);
    if (ctx.db == NULL)
        return code;
    if (ctx.o.city && (code = check_city(&ctx)) != 0)
        goto cleanup;
    if ((code = batch_input_open(&ctx, ctx.o.input, &in)) != 0)
        goto cleanup;
    ctx.out_format = ctx.o.out_format >= 0 ? ctx.o.out_format : ctx.in_format;
    if (ctx.in_format == BATCH_CSV && (code = batch_input_header(&ctx, in)) != 0)
        goto cleanup;

    if (ctx.o.output == NULL || strcmp(ctx.o.output, "-") == 0) {
        out = stdout;
    } else if ((out = fopen(ctx.o.output, "w")) == NULL) {
        fprintf(stderr, "domcov batch: cannot write %s: %s\n", ctx.o.output, strerror(errno));
        code = EXIT_FAILURE_OTHER;
        goto cleanup;
    }
    /* An empty CSV input (no header) gives an empty output. */
    if (!(ctx.in_format == BATCH_CSV && ctx.ncols == 0)) {
        if (batch_format_header(&ctx, &head) != 0 ||
            (head.len > 0 && fwrite(head.data, 1, head.len, out) != head.len)) {
            fprintf(stderr, "domcov batch: cannot write the output: %s\n", strerror(errno));
            code = EXIT_FAILURE_OTHER;
            goto cleanup;
        }
        if (batch_run_pipeline(&ctx, in, out, threads, progress, &totals) != 0)
            code = EXIT_FAILURE_OTHER;
    }
    if (fflush(out) != 0 || ferror(out))
        totals.write_error = 1;
    if (totals.write_error) {
        fprintf(stderr, "domcov batch: cannot write the output: %s\n", strerror(errno));
        code = EXIT_FAILURE_OTHER;
    } else if (totals.nomem) {
        fprintf(stderr, "domcov batch: out of memory\n");
        code = EXIT_FAILURE_OTHER;
    }
    if (!ctx.o.quiet)
        print_summary(&ctx, &totals, threads);
    if (totals.read_error)
        fprintf(stderr, "domcov batch: the input could not be read to its end; the output "
                        "has the %lld rows before the error\n", totals.rows);
cleanup:
    if (out && out != stdout && fclose(out) != 0 && code == EXIT_FOUND) {
        fprintf(stderr, "domcov batch: cannot write %s: %s\n", ctx.o.output, strerror(errno));
        code = EXIT_FAILURE_OTHER;
    }
    dc_strbuf_free(&head);
    batch_input_close(in);
    for (i = 0; i < ctx.ncols && ctx.colnames; i++)
        free(ctx.colnames[i]);
    free(ctx.colnames);
    free(ctx.colname_lens);
    free(ctx.header_raw);
    domcov_close(ctx.db);
    return code;
}
