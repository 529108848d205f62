/* domcov batch: the reader (calling thread), N workers and an ordered writer
 * over a fixed ring of chunks.
 *
 * Slot seq % nslots holds chunk seq.  The reader fills slots in order and
 * waits when the next one is not yet free; workers take ready chunks in
 * order and process them in any order; the writer writes chunk next_write
 * once it is done and frees its slot.  So at most nslots chunks exist, and
 * memory stays flat whatever the input's length. */
#include "batch.h"
#include "cli.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct pipeline {
    batch_ctx *ctx;
    batch_chunk *slots;
    size_t nslots;
    pthread_mutex_t mu;
    pthread_cond_t cv_ready, cv_done, cv_free;
    unsigned long long next_fill, next_work, next_write;
    int eof, abort;
    FILE *out;
    batch_totals *t;
    int progress;
    double t0, last_draw;
    long long rows_written;
} pipeline;

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void *worker_main(void *arg)
{
    pipeline *p = arg;

    pthread_mutex_lock(&p->mu);
    for (;;) {
        batch_chunk *c;
        while (p->next_work == p->next_fill && !p->eof && !p->abort)
            pthread_cond_wait(&p->cv_ready, &p->mu);
        if (p->abort || p->next_work == p->next_fill)
            break;
        c = &p->slots[p->next_work % p->nslots];
        p->next_work++;
        c->state = SLOT_WORKING;
        pthread_mutex_unlock(&p->mu);
        batch_process_chunk(p->ctx, c);
        pthread_mutex_lock(&p->mu);
        c->state = SLOT_DONE;
        if (c->seq == p->next_write)
            pthread_cond_signal(&p->cv_done);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

static void human_count(char *buf, size_t size, double v)
{
    if (v >= 1e6)
        snprintf(buf, size, "%.2fM", v / 1e6);
    else if (v >= 1e4)
        snprintf(buf, size, "%.0fk", v / 1e3);
    else
        snprintf(buf, size, "%.0f", v);
}

/* One line on stderr, redrawn in place: bar (when the size is known), rows, rows/s, ETA. */
static void draw_progress(pipeline *p, double now)
{
    double el = now - p->t0, rate = el > 0 ? (double)p->rows_written / el : 0;
    char rows[32], rs[32], line[160];
    int n;

    human_count(rows, sizeof rows, (double)p->rows_written);
    human_count(rs, sizeof rs, rate);
    if (p->ctx->total_bytes > 0) {
        double frac = (double)atomic_load(&p->ctx->bytes_read) / (double)p->ctx->total_bytes;
        char bar[21];
        int i, fill;
        if (frac > 1)
            frac = 1;
        fill = (int)(frac * 20);
        for (i = 0; i < 20; i++)
            bar[i] = i < fill ? '#' : '.';
        bar[20] = '\0';
        n = snprintf(line, sizeof line, "\r[%s] %3.0f%%  %s rows  %s rows/s", bar, frac * 100, rows,
                     rs);
        if (frac > 0.01 && el > 0.5) {
            double eta = el / frac - el;
            n += snprintf(line + n, sizeof line - (size_t)n, "  ETA %d:%02d", (int)(eta / 60),
                          (int)eta % 60);
        }
    } else {
        n = snprintf(line, sizeof line, "\r%s rows  %s rows/s", rows, rs);
    }
    fprintf(stderr, "%s\033[K", line);
    fflush(stderr);
    p->last_draw = now;
}

static void add_totals(batch_totals *t, const batch_chunk *c)
{
    int k;

    t->rows += (long long)c->nrows;
    for (k = 0; k < BS_COUNT; k++)
        t->counts[k] += c->counts[k];
    for (k = 0; k < c->nexamples && t->examples < 10; k++) {
        t->ex_line[t->examples] = c->ex_line[k];
        memcpy(t->ex_reason[t->examples], c->ex_reason[k], sizeof t->ex_reason[0]);
        t->examples++;
    }
}

static void *writer_main(void *arg)
{
    pipeline *p = arg;

    pthread_mutex_lock(&p->mu);
    for (;;) {
        batch_chunk *c = &p->slots[p->next_write % p->nslots];
        while (c->state != SLOT_DONE && !(p->eof && p->next_write == p->next_fill) && !p->abort) {
            if (p->progress) {
                struct timespec ts;
                clock_gettime(CLOCK_MONOTONIC, &ts);
                ts.tv_nsec += 250000000L;
                if (ts.tv_nsec >= 1000000000L) {
                    ts.tv_sec++;
                    ts.tv_nsec -= 1000000000L;
                }
                pthread_cond_timedwait(&p->cv_done, &p->mu, &ts);
                if (c->state != SLOT_DONE) {
                    double t = now_s();
                    if (t - p->last_draw >= 0.25)
                        draw_progress(p, t);
                }
            } else {
                pthread_cond_wait(&p->cv_done, &p->mu);
            }
        }
        if (p->abort || c->state != SLOT_DONE)
            break;
        pthread_mutex_unlock(&p->mu);

        if (c->failed) {
            p->t->nomem = 1;
        } else if (c->out.len > 0 && fwrite(c->out.data, 1, c->out.len, p->out) != c->out.len) {
            p->t->write_error = 1;
        }
        add_totals(p->t, c);
        p->rows_written += (long long)c->nrows;
        if (p->progress) {
            double t = now_s();
            if (t - p->last_draw >= 0.25)
                draw_progress(p, t);
        }

        pthread_mutex_lock(&p->mu);
        c->state = SLOT_FREE;
        p->next_write++;
        if (p->t->nomem || p->t->write_error) {
            p->abort = 1;
            pthread_cond_broadcast(&p->cv_ready);
        }
        pthread_cond_signal(&p->cv_free);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

int batch_run_pipeline(batch_ctx *ctx, batch_input *in, FILE *out, int threads, int progress,
                       batch_totals *t)
{
    pipeline p;
    pthread_t *workers = NULL, writer;
    pthread_condattr_t ca;
    int i, started = 0, writer_started = 0, rc = 0;

    memset(&p, 0, sizeof p);
    p.ctx = ctx;
    p.out = out;
    p.t = t;
    p.progress = progress;
    p.nslots = (size_t)threads * 2 + 2;
    p.slots = calloc(p.nslots, sizeof *p.slots);
    workers = calloc((size_t)threads, sizeof *workers);
    if (p.slots == NULL || workers == NULL) {
        t->nomem = 1;
        free(p.slots);
        free(workers);
        return -1;
    }
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.cv_ready, NULL);
    pthread_cond_init(&p.cv_free, NULL);
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&p.cv_done, &ca);
    pthread_condattr_destroy(&ca);
    p.t0 = p.last_draw = now_s();

    for (i = 0; i < threads; i++) {
        if (pthread_create(&workers[i], NULL, worker_main, &p) != 0)
            break;
        started++;
    }
    if (started > 0 && pthread_create(&writer, NULL, writer_main, &p) == 0)
        writer_started = 1;
    if (started == 0 || !writer_started) {
        fprintf(stderr, "domcov batch: cannot start threads\n");
        rc = -1;
        pthread_mutex_lock(&p.mu);
        p.abort = 1;
        pthread_mutex_unlock(&p.mu);
    }

    /* The reader. */
    while (rc == 0) {
        batch_chunk *c;
        int got;

        pthread_mutex_lock(&p.mu);
        c = &p.slots[p.next_fill % p.nslots];
        while (c->state != SLOT_FREE && !p.abort)
            pthread_cond_wait(&p.cv_free, &p.mu);
        if (p.abort) {
            pthread_mutex_unlock(&p.mu);
            break;
        }
        pthread_mutex_unlock(&p.mu);
        batch_chunk_reset(c);
        got = batch_input_fill(ctx, in, c);
        if (got < 0)
            t->read_error = 1;
        if (c->nrows > 0) {
            pthread_mutex_lock(&p.mu);
            c->seq = p.next_fill++;
            c->state = SLOT_READY;
            pthread_cond_signal(&p.cv_ready);
            pthread_mutex_unlock(&p.mu);
        }
        if (got <= 0)
            break;
    }

    pthread_mutex_lock(&p.mu);
    p.eof = 1;
    pthread_cond_broadcast(&p.cv_ready);
    pthread_cond_broadcast(&p.cv_done);
    pthread_mutex_unlock(&p.mu);
    for (i = 0; i < started; i++)
        pthread_join(workers[i], NULL);
    if (writer_started)
        pthread_join(writer, NULL);
    if (progress)
        fprintf(stderr, "\r\033[K");
    t->seconds = now_s() - p.t0;

    for (i = 0; i < (int)p.nslots; i++)
        batch_chunk_free(&p.slots[i]);
    free(p.slots);
    free(workers);
    pthread_mutex_destroy(&p.mu);
    pthread_cond_destroy(&p.cv_ready);
    pthread_cond_destroy(&p.cv_done);
    pthread_cond_destroy(&p.cv_free);
    if (t->read_error || t->write_error || t->nomem)
        rc = -1;
    return rc;
}
