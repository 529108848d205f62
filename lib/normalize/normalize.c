/*
 * domcov_normalize: free-text Russian address → canonical parts.
 *
 * The pipeline (one file per step): fold case, quotes, dashes and spaces while
 * validating UTF-8 (fold.c, util/utf8.c) → tokens, with Latin transliterated
 * (tokenize.c, translit.c, utf8_codec.c) → items: names, numbers, letters, keywords
 * (items.c) → parts (assign.c, house_number.c, ordinal.c) → one result
 * allocation with the canonical string (address_build.c).
 *
 * Each call makes one allocation, the result: the working block is the
 * thread's own, kept between calls (a longer address than it holds gets
 * one of its size, freed before returning).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "domcov.h"
#include "error.h"
#include "normalize/address_build.h"
#include "normalize/assign.h"
#include "normalize/dict.h"
#include "normalize/fold.h"
#include "normalize/items.h"
#include "normalize/normalize.h"
#include "normalize/tokenize.h"
#include "utf8.h"

typedef struct work {
    dc_token_list tokens;
    dc_item_list items;
    dc_parts parts;
    char *folded;
    char *arena;
    dc_scratch scratch;
    int cached;  /* the thread's kept block (work_get): not freed after a call */
} work;

/*
 * Each thread keeps one working block for addresses up to CACHED_INPUT bytes
 * (nearly all): at some 34 KB it is past malloc's fast bins, and allocating
 * and freeing it every call cost more than folding the text.  The block is
 * freed when its thread exits.
 */
#define CACHED_INPUT 512

static pthread_key_t work_key;
static pthread_once_t work_once = PTHREAD_ONCE_INIT;
static int work_key_ok;
/* The thread's kept block, also held by work_key (which frees it at thread
 * exit): a thread-local read is cheaper than pthread_once and getspecific. */
static _Thread_local work *thread_work;

/* work_key's destructor, run by the exiting thread: a later call in its exit
 * (another key's destructor) must not find the freed block. */
static void work_free(void *w)
{
    thread_work = NULL;
    free(w);
}

static void work_key_init(void)
{
    work_key_ok = pthread_key_create(&work_key, work_free) == 0;
}

static work *work_new(size_t len)
{
    size_t fold_cap = DC_FOLD_CAPACITY(len);
    size_t arena_cap = DC_TOKENIZE_ARENA(DC_FOLD_CAPACITY(len));
    work *w = malloc(sizeof *w + fold_cap + 2 * arena_cap);

    if (w != NULL) {
        w->folded = (char *)(w + 1);
        w->arena = w->folded + fold_cap;
        w->scratch.buf = w->arena + arena_cap;
        w->scratch.cap = arena_cap;
        w->cached = 0;
    }
    return w;
}

/* A working block for len input bytes, emptied: the thread's kept one when it fits. */
static work *work_get(size_t len)
{
    work *w = NULL;

    if (len <= CACHED_INPUT && thread_work != NULL) {
        w = thread_work;
    } else if (len <= CACHED_INPUT && pthread_once(&work_once, work_key_init) == 0 && work_key_ok) {
        w = work_new(CACHED_INPUT);
        if (w != NULL && pthread_setspecific(work_key, w) != 0) {
            free(w);
            w = NULL;
        }
        if (w != NULL)
            w->cached = 1;
        thread_work = w;
    }
    if (w == NULL)
        w = work_new(len);
    if (w != NULL) {
        memset(&w->parts, 0, sizeof w->parts);
        w->tokens.count = 0;
        w->items.count = 0;
        w->scratch.used = 0;
    }
    return w;
}

static void work_put(work *w)
{
    if (w != NULL && !w->cached)
        free(w);
}

int dc_normalize(const char *text, void *buf, size_t cap, unsigned flags, domcov_address **out, size_t *size)
{
    const dc_dicts *d;
    work *w = NULL;
    size_t len, folded_len;
    long bad;
    int rc;

    dc_clear_error();
    if (out == NULL) {
        rc = dc_fail(NULL, DOMCOV_ERR_ARG, "domcov_normalize: out is NULL");
        goto cleanup;
    }
    *out = NULL;
    if (text == NULL) {
        rc = dc_fail(NULL, DOMCOV_ERR_ARG, "domcov_normalize: text is NULL");
        goto cleanup;
    }
    len = strlen(text);
    if (len > DOMCOV_ADDRESS_MAX_BYTES) {
        rc = dc_fail(NULL, DOMCOV_ERR_TOO_LARGE, "address is %zu bytes, longer than the limit of %d bytes",
                     len, DOMCOV_ADDRESS_MAX_BYTES);
        goto cleanup;
    }
    d = dc_dicts_get();
    if (d == NULL) {
        rc = dc_fail(NULL, DOMCOV_ERR_INTERNAL, "the normalizer dictionaries failed to load");
        goto cleanup;
    }
    w = work_get(len);
    if (w == NULL) {
        rc = dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory normalizing an address of %zu bytes", len);
        goto cleanup;
    }
    folded_len = dc_fold_text(text, len, w->folded, &bad);
    if (bad >= 0) {
        rc = dc_fail(NULL, DOMCOV_ERR_ARG, "address is not valid UTF-8: byte 0x%02X at byte offset %ld",
                     (unsigned)(unsigned char)text[bad], bad);
        goto cleanup;
    }
    dc_tokenize(d, w->folded, folded_len, w->arena, &w->tokens);
    dc_build_items(d, &w->tokens, &w->items);
    dc_assign_parts(d, &w->tokens, &w->items, &w->scratch, &w->parts);
    rc = dc_address_build(&w->parts, buf, cap, flags & DC_NORMALIZE_NO_CANONICAL, out, size);
    if (rc != DOMCOV_OK)
        rc = dc_fail(NULL, rc, "out of memory building a normalized address");
cleanup:
    work_put(w);
    return rc;
}

int domcov_normalize(const char *text, domcov_address **out)
{
    size_t size;

    return dc_normalize(text, NULL, 0, 0, out, &size);
}

void domcov_address_free(domcov_address *address)
{
    /* The struct and all its strings are one allocation (address_build.c). */
    free(address);
}
