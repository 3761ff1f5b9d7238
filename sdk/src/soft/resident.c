/* sdk/src/soft/resident.c: the soft and native builds' handle table (resident.h) and
 * tandem_soft_release.  A fixed array, no allocation of its own: the objects are allocated and
 * destroyed by their owners (ntt.c, ec.cpp) through the destroy function they register.
 *
 * Global mutable state, unsynchronized: guests are single-threaded (see resident.h). */
#include "resident.h"

#include "tandem/guest.h"

typedef struct {
  void *object; /* NULL: the slot is free */
  void (*destroy)(void *);
  int kind;
} slot;

static slot slots[TANDEM__SOFT_HANDLES];

/* The slot of handle, or NULL when handle is out of range or free. */
static slot *slot_of(long handle) {
  if (handle < 1 || handle > TANDEM__SOFT_HANDLES) return NULL;
  slot *s = &slots[handle - 1];
  return s->object ? s : NULL;
}

long tandem__soft_handle_add(void *object, void (*destroy)(void *), int kind) {
  if (!object) return -TANDEM_EINVAL;
  for (long i = 0; i < TANDEM__SOFT_HANDLES; i++) {
    if (slots[i].object) continue;
    slots[i].object = object;
    slots[i].destroy = destroy;
    slots[i].kind = kind;
    return i + 1;
  }
  return -TANDEM_ENOMEM;
}

void *tandem__soft_handle_get(long handle, int kind) {
  const slot *s = slot_of(handle);
  return s && s->kind == kind ? s->object : NULL;
}

int tandem_soft_release(long handle) {
  slot *s = slot_of(handle);
  if (!s) return -TANDEM_EINVAL;
  /* Free the slot before destroying, so a destructor that itself adds or releases handles sees
   * a consistent table. */
  const slot old = *s;
  s->object = NULL;
  s->destroy = NULL;
  s->kind = 0;
  if (old.destroy) old.destroy(old.object);
  return 0;
}
