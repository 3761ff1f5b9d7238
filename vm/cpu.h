// vm/cpu.h: the state of one guest hart and its memory, and the system-call interface the VM
// exposes to its owner.  The VM hands every ecall to a SyscallTable that the runtime fills; it
// knows no coprocessor and no host resource.  Nothing here may let a guest address reach host
// memory unchecked: handlers get spans only through readable()/writable().
#pragma once
#include <array>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <span>
#include <string>

#include "tandem/status.h"
#include "vm/decode.h"

namespace tandem::vm {

class Cpu;

// A system call handler.  Returns normally; to end the run it calls cpu.stop()/cpu.exit(), or
// cpu.charge() fails.  The VM checks cpu.stopped() after every call.
using SyscallFn = void (*)(Cpu& cpu, void* user);

struct SyscallEntry {
  SyscallFn fn = nullptr;
  void* user = nullptr;
};

// Numbers [0, kSyscallTableSize) are dispatched by direct index.  One range of numbers above the
// table may share a single entry (set_range: the runtime's coprocessor range), checked first, so
// that a call in it reads one entry next to the range bounds rather than a slot of a table that
// spans the whole range.  Anything else, or an empty slot, goes to `fallback`.
inline constexpr uint64_t kSyscallTableSize = 0x1100;  // Linux's numbers and tandem's (0x1000..)

struct SyscallTable {
  uint64_t range_first = 0, range_count = 0;  // the shared range [first, first + count)
  SyscallEntry range;
  SyscallEntry fallback;
  std::array<SyscallEntry, kSyscallTableSize> entries{};

  void set(uint64_t number, SyscallFn fn, void* user = nullptr) { entries.at(number) = {fn, user}; }
  // Sends [first, last] to one entry; the range must lie above the table.
  void set_range(uint64_t first, uint64_t last, SyscallFn fn, void* user = nullptr) {
    if (first < kSyscallTableSize || last < first) throw std::out_of_range("SyscallTable::set_range");
    range_first = first, range_count = last - first + 1, range = {fn, user};
  }
  const SyscallEntry& lookup(uint64_t number) const {
    if (number - range_first < range_count) return range;
    if (number < kSyscallTableSize && entries[number].fn) return entries[number];
    return fallback;
  }
};

// Guest memory: one flat arena [0, size).  Legal ranges:
//   read:    [image_lo, brk) and [stack_lo, size)
//   write:   [data_lo, brk)  and [stack_lo, size)
//   execute: the pre-decoded text only (checked by the interpreter, not here)
// Everything between brk and stack_lo, and below image_lo, is unmapped.
struct Memory {
  uint8_t* base = nullptr;
  uint64_t size = 0;
  uint64_t image_lo = 0;   // lowest loaded byte
  uint64_t data_lo = 0;    // lowest writable byte of the image (== brk_min when no data segment)
  uint64_t brk = 0;        // current program break (exclusive end of data + heap)
  uint64_t brk_min = 0;    // initial break: page-rounded end of the image
  uint64_t brk_max = 0;    // stack_lo - guard
  uint64_t stack_lo = 0;

  static bool in(uint64_t addr, uint64_t len, uint64_t lo, uint64_t hi) noexcept {
    return addr >= lo && addr <= hi && len <= hi - addr;
  }
  bool can_read(uint64_t addr, uint64_t len) const noexcept {
    return in(addr, len, image_lo, brk) || in(addr, len, stack_lo, size);
  }
  bool can_write(uint64_t addr, uint64_t len) const noexcept {
    return in(addr, len, data_lo, brk) || in(addr, len, stack_lo, size);
  }
};

class Cpu {
 public:
  uint64_t x[33] = {};     // x0..x31; x[32] is where writes to x0 go (so x0 reads stay 0)
  unsigned xlen = 64;
  Memory mem;
  const DecodedText* text = nullptr;
  const SyscallTable* syscalls = nullptr;
  void* host = nullptr;     // the owner's per-machine context, for system call handlers

  uint64_t gas = 0;         // gas left
  uint64_t gas_limit = 0;
  uint64_t instret = 0;     // instructions retired
  uint64_t pc = 0;          // meaningful when stopped, and during a system call
  uint64_t reservation = ~0ull;  // lr/sc reservation address
  // Set from any thread to stop the run; the interpreter looks at it every kGasSlice gas and at
  // every system call, so it costs nothing on the hot path.
  std::atomic<bool> interrupt{false};
  static constexpr uint64_t kGasSlice = 1ull << 24;

  // -- outcome --
  bool stopped() const noexcept { return stopped_; }
  Status status() const noexcept { return status_; }
  int64_t exit_code() const noexcept { return exit_code_; }
  uint64_t fault_address() const noexcept { return fault_address_; }

  void exit(int64_t code) noexcept { stop(Status::exited), exit_code_ = code; }
  void stop(Status s, uint64_t fault_address = 0) noexcept {
    if (stopped_) return;
    stopped_ = true, status_ = s, fault_address_ = fault_address;
    if (s == Status::out_of_gas) gas = 0;
  }

  // -- for system call handlers --
  // a0..a5 as the guest's XLEN sees them (zero-extended on rv32).
  uint64_t arg(unsigned i) const noexcept { return x[10 + i]; }
  int64_t sarg(unsigned i) const noexcept {
    return xlen == 32 ? int64_t(int32_t(uint32_t(x[10 + i]))) : int64_t(x[10 + i]);
  }
  void set_reg(unsigned r, uint64_t v) noexcept {
    if (r != 0) x[r] = xlen == 32 ? uint64_t(uint32_t(v)) : v;
  }
  void set_result(int64_t a0) noexcept { set_reg(10, uint64_t(a0)); }
  void set_result(int64_t a0, uint64_t a1) noexcept { set_reg(10, uint64_t(a0)), set_reg(11, a1); }

  // Charges gas; on failure stops the machine with out_of_gas and returns false.
  bool charge(uint64_t amount) noexcept {
    if (amount > gas) {
      stop(Status::out_of_gas);
      return false;
    }
    gas -= amount;
    return true;
  }

  // Checked views of guest memory; nullopt when [addr, addr+len) is not entirely legal.
  // Zero-length ranges are legal anywhere.
  std::optional<std::span<const uint8_t>> readable(uint64_t addr, uint64_t len) const noexcept {
    if (len == 0) return std::span<const uint8_t>();
    if (!mem.can_read(addr, len)) return std::nullopt;
    return std::span<const uint8_t>(mem.base + addr, len);
  }
  std::optional<std::span<uint8_t>> writable(uint64_t addr, uint64_t len) noexcept {
    if (len == 0) return std::span<uint8_t>();
    if (!mem.can_write(addr, len)) return std::nullopt;
    return std::span<uint8_t>(mem.base + addr, len);
  }

  // Sets the program break (Linux brk semantics; returns the break after the call).
  uint64_t set_brk(uint64_t want) noexcept;

 private:
  bool stopped_ = false;
  Status status_ = Status::exited;
  int64_t exit_code_ = 0;
  uint64_t fault_address_ = 0;
};

// Runs until the cpu stops.  Requires cpu.text, cpu.syscalls, cpu.mem set up and cpu.pc at a
// decoded instruction.  Never throws; every guest behaviour ends in a Status.
void run(Cpu& cpu) noexcept;

}  // namespace tandem::vm
