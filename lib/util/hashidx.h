/*
 * A read-only multimap from 64-bit key hashes to uint32 item ids, built once
 * (open addressing, linear probing).  A slot is 8 bytes, the top half of
 * the hash and the first item, so a lookup is one cache line.  Items whose
 * hashes agree on the slot's probe run and the top half share a chain:
 * callers verify the real key of each item they walk, so hash collisions
 * cost a comparison, never a wrong answer.
 */
#ifndef DC_HASHIDX_H
#define DC_HASHIDX_H

#include <stddef.h>
#include <stdint.h>

typedef struct dc_hashidx_slot {
    uint32_t tag;      /* the hash's top 32 bits */
    uint32_t head;     /* first item; UINT32_MAX: an empty slot */
} dc_hashidx_slot;

typedef struct dc_hashidx {
    dc_hashidx_slot *slots;
    uint32_t *next;    /* item -> next item of its chain, UINT32_MAX ends */
    uint32_t mask;
    uint32_t nitems;
} dc_hashidx;

#define DC_HASHIDX_END UINT32_MAX

uint64_t dc_hash_bytes(const void *data, size_t len);
uint64_t dc_hash_str(const char *s);
/* Mixes a second value into a hash (e.g. a city id into a street key hash). */
uint64_t dc_hash_mix(uint64_t h, uint64_t v);

/* hashes[i] is the hash of item i.  0 or -1 when out of memory. */
int dc_hashidx_build(dc_hashidx *idx, const uint64_t *hashes, uint32_t n);
void dc_hashidx_free(dc_hashidx *idx);
/* Bytes the index holds. */
size_t dc_hashidx_bytes(const dc_hashidx *idx);
/* First item that may have this hash, then dc_hashidx_next (a superset of the
 * items with this hash: verify each); DC_HASHIDX_END when none. */
uint32_t dc_hashidx_first(const dc_hashidx *idx, uint64_t hash);
uint32_t dc_hashidx_next(const dc_hashidx *idx, uint32_t item);

#endif
