/* One import run for every `domcov import` kind: begin, steps, commit, with a progress line on a TTY. */
#include "cli.h"

#include <string.h>
#include <time.h>
#include <unistd.h>

/* Features or rows per library step between progress updates: small enough to feel live. */
#define STEP_ITEMS 100
/* Redraw the progress line at most this often (nanoseconds). */
#define REDRAW_NS 100000000LL

static long long now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void draw_progress(const char *file, const domcov_import_progress *p)
{
    if (p->total > 0)
        fprintf(stderr, "\rimporting %s: %lld/%lld (%d%%)  ", file, p->done, p->total,
                (int)(p->done * 100 / p->total));
    else
        fprintf(stderr, "\rimporting %s: %lld  ", file, p->done);
    fflush(stderr);
}

/* Blanks the status line so that the report starts on a clean one. */
static void clear_line(int width)
{
    fprintf(stderr, "\r%*s\r", width, "");
}

/* Steps through the import, redrawing one status line on a terminal; nothing otherwise. */
static int run_steps(domcov_import *imp, const char *file, int show)
{
    domcov_import_progress p = {0, 0, 0};
    long long last = 0;
    int status;

    do {
        status = domcov_import_step(imp, STEP_ITEMS, &p);
        if (show && (p.finished || now_ns() - last >= REDRAW_NS)) {
            draw_progress(file, &p);
            last = now_ns();
        }
    } while (status == DOMCOV_OK && !p.finished);
    if (show)
        clear_line((int)strlen(file) + 40);
    return status;
}

int cli_import_run(const char *store, const char *file, int quiet, cli_import_begin begin,
                   const void *opts, domcov_import_report **report)
{
    /* Progress is for people watching: never into a log or a pipe. */
    int show = !quiet && isatty(STDERR_FILENO);
    domcov_import *imp = NULL;
    int status;

    *report = NULL;
    if (show) {
        fprintf(stderr, "reading %s and copying the store...", file);
        fflush(stderr);
    }
    status = begin(store, file, opts, &imp);
    if (show)
        clear_line((int)strlen(file) + 40);
    if (status == DOMCOV_OK)
        status = run_steps(imp, file, show);
    if (status == DOMCOV_OK && show) {
        fprintf(stderr, "writing the store...");
        fflush(stderr);
    }
    if (status == DOMCOV_OK)
        status = domcov_import_commit(imp, report);
    if (show)
        clear_line(40);
    domcov_import_free(imp);
    return status;
}
