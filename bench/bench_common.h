/*
 * What every benchmark program here needs: a reproducible random stream, a
 * nanosecond clock, and the line saying which machine and libraries a run
 * measured (with the timer's own cost, which every latency includes).
 * Header-only: each benchmark is one program of one file.
 */
#ifndef DC_BENCH_COMMON_H
#define DC_BENCH_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* rng and rnd(): the same points and queries in every run (tests/test_random.h). */
#include "test_random.h"


static double now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

static int dbl_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Prints "machine: MODEL, N CPUs; gcc ...; LIBRARIES" and the timer's own cost. */
static void bench_machine(const char *libraries, const char *timer_note)
{
    FILE *f = fopen("/proc/cpuinfo", "r");
    char line[256], model[256] = "?";
    int cpus = 0;
    double a, samples[1001];

    while (f && fgets(line, sizeof line, f)) {
        if (strncmp(line, "model name", 10) == 0) {
            snprintf(model, sizeof model, "%s", strchr(line, ':') + 2);
            model[strcspn(model, "\n")] = 0;
            cpus++;
        }
    }
    if (f)
        fclose(f);
    for (int i = 0; i < 1001; i++) {
        a = now_ns();
        samples[i] = now_ns() - a;
    }
    qsort(samples, 1001, sizeof *samples, dbl_cmp);
    printf("machine: %s, %d CPUs; gcc %s; %s\n", model, cpus, __VERSION__, libraries);
    printf("timer: clock_gettime per call, its own cost p50 %.0f ns (included in the latencies)%s\n",
           samples[500], timer_note);
}

#endif
