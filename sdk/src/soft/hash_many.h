/* sdk/src/soft/hash_many.h: the portable batch driver behind tandem_soft_keccak256_many and
 * tandem_soft_sha256_many (keccak.c, sha256.c); private, not part of the guest ABI.
 *
 * The coprocessor reads every message as it was before the call, whatever the output overlaps.
 * One pass in order gives the same result when the digests never land on a message not yet read:
 * when the output starts at or below the data and each message is at least as long as a digest
 * (in place, out == data, included), hash forwards; when it starts at or above the data and each
 * message is at most as long as a digest, hash backwards.  Any other overlap copies the messages
 * first, the one allocation of the SDK's hash code (-TANDEM_ENOMEM if it fails). */
#ifndef TANDEM_SOFT_HASH_MANY_H
#define TANDEM_SOFT_HASH_MANY_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tandem/guest.h"

typedef void (*tandem__soft_hash_fn)(const void *data, size_t len, uint8_t out[32]);

static inline int tandem__soft_hash_many(tandem__soft_hash_fn fn, const void *data, size_t len,
                                         size_t count, uint8_t *out) {
  if (!tandem__many_fits(len, count)) return -TANDEM_EINVAL;
  const uintptr_t d = (uintptr_t)data, o = (uintptr_t)out;
  const size_t in_bytes = len * count, out_bytes = 32 * count;
  const int overlap = in_bytes && out_bytes && d < o + out_bytes && o < d + in_bytes;
  const uint8_t *p = (const uint8_t *)data;
  if (!overlap || (o <= d && len >= 32)) {
    for (size_t i = 0; i < count; i++) fn(p + i * len, len, out + 32 * i);
  } else if (o >= d && len <= 32) {
    for (size_t i = count; i-- > 0;) fn(p + i * len, len, out + 32 * i);
  } else {
    uint8_t *copy = (uint8_t *)malloc(in_bytes);
    if (!copy) return -TANDEM_ENOMEM;
    memcpy(copy, data, in_bytes);
    for (size_t i = 0; i < count; i++) fn(copy + i * len, len, out + 32 * i);
    free(copy);
  }
  return 0;
}

#endif /* TANDEM_SOFT_HASH_MANY_H */
