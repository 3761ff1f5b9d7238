// tandem/program.h: a loaded, validated, pre-decoded guest program.
//
// A Program is immutable once loaded and cheap to copy (it shares its data), so one Program can
// back many machines, on many threads at once.  Loading validates the ELF strictly: a file the VM
// cannot run honestly is refused with a message that says why and how to fix it.
#pragma once
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "tandem/expected.h"

namespace tandem {

namespace detail {
struct ProgramData;
}

// One PT_LOAD segment as the loader sees it.
struct SegmentInfo {
  uint64_t vaddr = 0;
  uint64_t memsz = 0;
  uint64_t filesz = 0;
  uint64_t offset = 0;
  bool read = false, write = false, execute = false;
};

class Program {
 public:
  // Loads a static RISC-V ELF (ELF32 -> RV32, ELF64 -> RV64).  Errors are values.
  static Expected<Program> from_bytes(std::span<const uint8_t> elf);
  static Expected<Program> from_file(const std::string& path);

  unsigned xlen() const noexcept;             // 32 or 64
  uint64_t entry() const noexcept;
  uint32_t elf_flags() const noexcept;        // e_flags (RVC bit, float ABI)
  const std::vector<SegmentInfo>& segments() const noexcept;
  bool has_tls() const noexcept;              // PT_TLS present (informational)
  // Executable range that was pre-decoded.
  uint64_t text_begin() const noexcept;
  uint64_t text_end() const noexcept;

  const detail::ProgramData& data() const noexcept { return *data_; }

 private:
  explicit Program(std::shared_ptr<const detail::ProgramData> d) : data_(std::move(d)) {}
  std::shared_ptr<const detail::ProgramData> data_;
};

}  // namespace tandem
