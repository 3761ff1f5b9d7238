// fuzz/guard_mmap.cpp: guard pages around every anonymous mapping the fuzzers' code makes, so that
// a guest access that escapes the arena's range checks by a little (an off-by-one at either end of
// the arena) hits PROT_NONE memory and crashes the fuzzer instead of silently reading or writing a
// neighbouring host mapping.  ASan does not watch mmap'd memory; this does, for the arena.
//
// Linked with -Wl,--wrap=mmap,--wrap=munmap (fuzz/CMakeLists.txt): calls to mmap/munmap from the
// fuzzers' own objects (the runtime's Machine among them) come here; __real_* are the originals.
#include <sys/mman.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" void* __real_mmap(void* addr, size_t len, int prot, int flags, int fd, off_t off);
extern "C" int __real_munmap(void* addr, size_t len);

namespace {

constexpr size_t kGuard = 64 << 10;  // on each side

struct Slot {
  uint8_t* user = nullptr;
  uint8_t* real = nullptr;
  size_t total = 0;
};
Slot g_slots[256];  // live guarded mappings (machines alive at once: a handful)

}  // namespace

extern "C" void* __wrap_mmap(void* addr, size_t len, int prot, int flags, int fd, off_t off) {
  if (addr != nullptr || fd != -1 || !(flags & MAP_ANONYMOUS) || (flags & MAP_FIXED) || len == 0)
    return __real_mmap(addr, len, prot, flags, fd, off);
  const size_t total = len + 2 * kGuard;
  if (total < len) return MAP_FAILED;
  void* r = __real_mmap(nullptr, total, PROT_NONE, flags | MAP_NORESERVE, -1, 0);
  if (r == MAP_FAILED) return r;
  uint8_t* const user = static_cast<uint8_t*>(r) + kGuard;
  if (prot != PROT_NONE && mprotect(user, len, prot) != 0) {
    __real_munmap(r, total);
    return MAP_FAILED;
  }
  for (Slot& s : g_slots) {
    if (s.user) continue;
    s = Slot{user, static_cast<uint8_t*>(r), total};
    return user;
  }
  std::fprintf(stderr, "guard_mmap: more than 256 live mappings\n");
  std::abort();
}

extern "C" int __wrap_munmap(void* addr, size_t len) {
  for (Slot& s : g_slots) {
    if (s.user != addr) continue;
    const int rc = __real_munmap(s.real, s.total);
    s = Slot{};
    return rc;
  }
  return __real_munmap(addr, len);
}
