/* The looser matching key of a street name: no initials, no "им", no titles. */
#include "normalize/street_key.h"

#include <string.h>

#include "normalize/dict.h"

/* One letter (initial): one ASCII letter or one two-byte Cyrillic letter; a digit ("8 марта") is no initial. */
static int is_initial(const char *w, size_t n)
{
    return (n == 1 && ((w[0] >= 'a' && w[0] <= 'z') || (w[0] >= 'A' && w[0] <= 'Z'))) ||
           (n == 2 && ((unsigned char)w[0] == 0xD0 || (unsigned char)w[0] == 0xD1));
}

static int word_dropped(const dc_dicts *d, const char *w, size_t n)
{
    const dc_keyword *kw = (d != NULL && !is_initial(w, n)) ? dc_dict_keyword(d, w, n) : NULL;

    return is_initial(w, n) || (kw != NULL && (kw->drop & (DC_DROP_IN_STREET | DC_DROP_IN_KEY)));
}

/* Length of the UTF-8 character starting with byte c. */
static size_t char_len(unsigned char c)
{
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

typedef struct key_writer {
    char *out;
    size_t cap;
    size_t len;     /* the key's full length */
    size_t written; /* bytes actually in out */
    int full;       /* a character did not fit: write nothing more */
} key_writer;

/* Appends whole characters while they fit below cap - 1; always counts len. */
static void put(key_writer *w, const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        size_t c = char_len((unsigned char)s[i]);

        if (c > n - i)
            c = n - i;
        if (!w->full && w->cap > 0 && w->written + c <= w->cap - 1) {
            memcpy(w->out + w->written, s + i, c);
            w->written += c;
        } else {
            w->full = 1;
        }
        i += c;
    }
    w->len += n;
}

size_t dc_street_key(const char *street, char *out, size_t cap)
{
    const dc_dicts *d = dc_dicts_get();
    size_t len = street != NULL ? strlen(street) : 0;
    size_t i = 0;
    key_writer w = {out, cap, 0, 0, 0};

    while (i < len) {
        size_t start, n;

        while (i < len && street[i] == ' ')
            i++;
        start = i;
        while (i < len && street[i] != ' ')
            i++;
        n = i - start;
        if (n == 0 || word_dropped(d, street + start, n))
            continue;
        if (w.len > 0)
            put(&w, " ", 1);
        put(&w, street + start, n);
    }
    if (w.len == 0 && len > 0)
        put(&w, street, len);
    if (cap > 0)
        out[w.written] = '\0';
    return w.len;
}
