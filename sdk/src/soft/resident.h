/* sdk/src/soft/resident.h: the soft and native builds' table of resident objects (NTT plans,
 * point tables), private to sdk/src/soft/ and not part of the guest ABI.
 *
 * The host keeps such objects per machine behind handles; the soft build keeps them here, so a
 * guest sees the same contract either way: a handle > 0 names an object of one kind until
 * tandem_soft_release (tandem/guest.h) frees it, and a handle of another kind, or one released,
 * is refused.  Kinds are arbitrary nonzero ints, one per object type, chosen by the code that
 * owns the type (ntt.c, ec.cpp); the table only compares them.
 *
 * The table is global mutable state with no locking: guests are single-threaded, and a native
 * build that calls these from several threads must serialize the calls itself. */
#ifndef TANDEM_SOFT_RESIDENT_H
#define TANDEM_SOFT_RESIDENT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Slots in the table: a guest that holds more resident objects at once is refused. */
#define TANDEM__SOFT_HANDLES 256

/* Stores object (not NULL) with its destructor (called by tandem_soft_release; NULL for none) and
 * kind in the lowest free slot, so handles are deterministic.  Returns the handle (1 ..
 * TANDEM__SOFT_HANDLES), -TANDEM_ENOMEM when every slot is taken, or -TANDEM_EINVAL for a NULL
 * object.  On failure the caller still owns object. */
long tandem__soft_handle_add(void *object, void (*destroy)(void *), int kind);

/* The object behind handle, or NULL when there is none or it is not of this kind. */
void *tandem__soft_handle_get(long handle, int kind);

#ifdef __cplusplus
}
#endif

#endif /* TANDEM_SOFT_RESIDENT_H */
