// vm/elf.h: strict parser for static RISC-V ELF executables.
// Takes untrusted bytes; never trusts a size or offset it has not checked.  Refuses, with a
// message that names the problem and the fix, every file the VM could not run honestly.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "tandem/expected.h"

namespace tandem::vm {

inline constexpr uint32_t kPF_X = 1, kPF_W = 2, kPF_R = 4;
inline constexpr uint32_t kEF_RISCV_RVC = 0x1, kEF_RISCV_FLOAT_ABI = 0x6, kEF_RISCV_RVE = 0x8;

struct ElfSegment {
  uint64_t vaddr = 0, memsz = 0, filesz = 0, offset = 0;
  uint32_t flags = 0;  // kPF_*
};

struct ElfImage {
  unsigned xlen = 64;
  uint64_t entry = 0;
  uint32_t e_flags = 0;
  std::vector<ElfSegment> segments;  // PT_LOAD with memsz > 0, sorted by vaddr, not overlapping
  bool has_tls = false;
  std::vector<uint8_t> bytes;        // the whole file; segment bytes at [offset, offset + filesz)

  // Lowest/highest address of executable segments (the range the decoder covers).
  uint64_t text_begin = 0, text_end = 0;
};

// Limits the loader enforces (documented in docs/loader.md).
inline constexpr uint64_t kMaxElfSegments = 64;
inline constexpr uint64_t kMaxTextBytes = 64ull << 20;      // executable span
inline constexpr uint64_t kMaxAddressRv64 = 1ull << 40;    // highest segment end on rv64

Expected<ElfImage> parse_elf(std::span<const uint8_t> bytes);

}  // namespace tandem::vm
