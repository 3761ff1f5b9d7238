// tests/support/elf_builder.h: builds small ELF images in memory for loader and VM tests, including
// deliberately broken ones (fields can be patched after building).
#pragma once
#include <cstdint>
#include <cstring>
#include <vector>

namespace tandem::test {

struct SegSpec {
  uint64_t vaddr = 0;
  std::vector<uint8_t> data;
  uint64_t memsz = 0;   // 0: data.size()
  uint32_t flags = 5;   // PF_R | PF_X
  uint32_t type = 1;    // PT_LOAD
};

struct ElfSpec {
  unsigned xlen = 64;
  uint64_t entry = 0;
  std::vector<SegSpec> segs;
  uint32_t e_flags = 1;      // EF_RISCV_RVC, soft-float
  uint16_t machine = 243;    // EM_RISCV
  uint16_t type = 2;         // ET_EXEC
};

namespace detail {
inline void put(std::vector<uint8_t>& v, size_t at, uint64_t x, unsigned n) {
  if (v.size() < at + n) v.resize(at + n);
  for (unsigned i = 0; i < n; ++i) v[at + i] = uint8_t(x >> (8 * i));
}
}  // namespace detail

// Layout: ELF header, program headers, then each segment's data at a 16-aligned offset.
inline std::vector<uint8_t> build_elf(const ElfSpec& s) {
  using detail::put;
  const bool is64 = s.xlen == 64;
  const unsigned ehsize = is64 ? 64 : 52, phsize = is64 ? 56 : 32;
  std::vector<uint8_t> f(ehsize + phsize * s.segs.size(), 0);
  f[0] = 0x7f; f[1] = 'E'; f[2] = 'L'; f[3] = 'F';
  f[4] = is64 ? 2 : 1; f[5] = 1; f[6] = 1;
  put(f, 16, s.type, 2);
  put(f, 18, s.machine, 2);
  put(f, 20, 1, 4);
  std::vector<uint64_t> offs;
  size_t off = f.size();
  for (auto& g : s.segs) {
    off = (off + 15) & ~size_t(15);
    offs.push_back(off);
    off += g.data.size();
  }
  f.resize(off, 0);
  for (size_t i = 0; i < s.segs.size(); ++i)
    if (!s.segs[i].data.empty()) std::memcpy(f.data() + offs[i], s.segs[i].data.data(), s.segs[i].data.size());
  if (is64) {
    put(f, 24, s.entry, 8); put(f, 32, ehsize, 8); put(f, 40, 0, 8);
    put(f, 48, s.e_flags, 4); put(f, 52, ehsize, 2); put(f, 54, phsize, 2);
    put(f, 56, s.segs.size(), 2); put(f, 58, 64, 2); put(f, 60, 0, 2); put(f, 62, 0, 2);
  } else {
    put(f, 24, s.entry, 4); put(f, 28, ehsize, 4); put(f, 32, 0, 4);
    put(f, 36, s.e_flags, 4); put(f, 40, ehsize, 2); put(f, 42, phsize, 2);
    put(f, 44, s.segs.size(), 2); put(f, 46, 40, 2); put(f, 48, 0, 2); put(f, 50, 0, 2);
  }
  for (size_t i = 0; i < s.segs.size(); ++i) {
    const auto& g = s.segs[i];
    size_t p = ehsize + i * phsize;
    uint64_t memsz = g.memsz ? g.memsz : g.data.size();
    if (is64) {
      put(f, p, g.type, 4); put(f, p + 4, g.flags, 4); put(f, p + 8, offs[i], 8);
      put(f, p + 16, g.vaddr, 8); put(f, p + 24, g.vaddr, 8); put(f, p + 32, g.data.size(), 8);
      put(f, p + 40, memsz, 8); put(f, p + 48, 16, 8);
    } else {
      put(f, p, g.type, 4); put(f, p + 4, offs[i], 4); put(f, p + 8, g.vaddr, 4);
      put(f, p + 12, g.vaddr, 4); put(f, p + 16, g.data.size(), 4); put(f, p + 20, memsz, 4);
      put(f, p + 24, g.flags, 4); put(f, p + 28, 16, 4);
    }
  }
  return f;
}

// Offsets of header fields, for tests that corrupt them.
inline size_t phdr_offset(const ElfSpec& s, size_t i) { return (s.xlen == 64 ? 64 : 52) + i * (s.xlen == 64 ? 56 : 32); }

// Little-endian words -> bytes.
inline std::vector<uint8_t> words(const std::vector<uint32_t>& w) {
  std::vector<uint8_t> b(w.size() * 4);
  for (size_t i = 0; i < w.size(); ++i) detail::put(b, i * 4, w[i], 4);
  return b;
}

}  // namespace tandem::test
