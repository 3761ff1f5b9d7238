// tandem/coprocessor.h: the coprocessor interface: how native code offers operations to guests.
//
// A guest calls an operation with `ecall`, a7 = its number (0x2000..0x2fff), and up to three
// argument pairs in a0/a1, a2/a3, a4/a5.  Each pair is declared by the operation as memory it reads
// (`in`), memory it writes (`out`, `inout`) or two plain values (`value`).  The bus checks every
// memory pair against the guest's permissions (overflow-safe) before the operation sees it, so an
// operation only ever gets byte spans, never a guest address.  If an output overlaps an input, the
// bus hands the operation a copy of the input: inputs are read as they were before the call.
//
// Each operation has two functions:
//  - analyze: pure and cheap; returns the gas the call costs for these arguments (it may read the
//    inputs, e.g. a length field), or a negative error for arguments it refuses.  The bus charges
//    the gas before execute runs; a call the gas left cannot pay for never runs and ends the run
//    with out_of_gas.  A refused call costs only the ecall itself.
//  - execute: does the work; returns 0 or a negative error, and may set a value.  Errors go back
//    to the guest (a0 = error), which decides what to do; they never stop the machine.  An
//    exception out of execute is caught by the bus: std::bad_alloc becomes -12 (ENOMEM), anything
//    else -74 (EBADMSG); out of analyze, ENOMEM or -22 (EINVAL), and the call is refused.
// The guest sees a0 = status (0 or negative), a1 = the value.
//
// Resident data: an operation may keep host-side data for one machine behind a handle (an NTT
// plan, a table of curve points), so repeated calls neither recompute it nor copy it through
// guest memory.  CoprocArgs::resident is the machine's store: handles are small integers handed
// out in order (deterministic), the bytes held count against MachineOptions::resident_memory, and
// everything is freed with the machine.  A handle is typed by its kind, so a guest cannot make
// one operation use another family's object.
//
// Thread-safety: analyze and execute may be called from many machines on many threads at once;
// they must not keep unsynchronised mutable state.  A machine's resident store is only ever used
// by the thread running that machine.
#pragma once
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <new>
#include <span>
#include <string>
#include <vector>

#include "tandem/expected.h"

namespace tandem {

enum class Arg : uint8_t { none, in, out, inout, value };

// Host-side data kept for a machine (see "Resident data" above).
class Resident {
 public:
  virtual ~Resident() = default;
  virtual size_t bytes() const noexcept = 0;  // memory held, counted against the machine's limit
};

// A machine's resident objects.  Owned by the machine; operations reach it through CoprocArgs.
class ResidentStore {
 public:
  static constexpr size_t kMaxHandles = 4096;
  explicit ResidentStore(uint64_t limit_bytes = 0) : limit_(limit_bytes) {}
  ResidentStore(const ResidentStore&) = delete;
  ResidentStore& operator=(const ResidentStore&) = delete;

  // Stores obj under a new handle (>= 1) and returns it, or -12 (ENOMEM) when it would exceed
  // the byte limit or the handle count; obj is then destroyed.
  int64_t add(uint32_t kind, std::unique_ptr<Resident> obj);
  // The object behind a handle if it exists and has this kind, else null.
  Resident* get(uint64_t handle, uint32_t kind) const noexcept;
  // Frees a handle of this kind; false when there is none.
  bool release(uint64_t handle, uint32_t kind) noexcept;
  // Frees a handle of any kind (the bus.release operation); false when there is none.
  bool release(uint64_t handle) noexcept;
  // Whether `bytes` more would still fit (to refuse work before building an object).
  bool fits(uint64_t bytes) const noexcept { return bytes <= limit_ - std::min(used_, limit_); }
  uint64_t used() const noexcept { return used_; }
  uint64_t limit() const noexcept { return limit_; }
  size_t count() const noexcept;
  void set_limit(uint64_t limit_bytes) noexcept { limit_ = limit_bytes; }
  void clear() noexcept;

 private:
  struct Slot {
    uint32_t kind = 0;
    std::unique_ptr<Resident> obj;
  };
  std::vector<Slot> slots_;  // handle h is slots_[h - 1]
  uint64_t used_ = 0, limit_ = 0;
};

struct CoprocArgs {
  std::span<const uint8_t> in[3];   // pairs declared in or inout
  std::span<uint8_t> out[3];        // pairs declared out or inout (for inout, the same bytes as in)
  uint64_t value[3][2] = {};        // each pair's two registers as given (meaningful for value)
  ResidentStore* resident = nullptr;  // the calling machine's store (never null on the bus)
  // Host threads the call may use (MachineOptions::coprocessor_threads, at least 1).  An operation
  // that uses more than one must give the same result, and charges the same gas, as with one.
  unsigned threads = 1;
};

// Errors an operation returns (negative, as the guest sees them; docs/abi.md).
namespace coproc_error {
inline constexpr int64_t no_memory = -12;      // over the machine's resident memory limit
inline constexpr int64_t fault = -14;          // a buffer outside what the guest may access
inline constexpr int64_t invalid = -22;        // malformed input or wrong length
inline constexpr int64_t unknown = -38;        // no such operation
inline constexpr int64_t failed = -74;         // well-formed input on which the operation fails
}  // namespace coproc_error

struct CoprocessorOp {
  uint32_t number = 0;      // 0x2000..0x2fff, unique within a set
  std::string name;         // "family.operation", e.g. "hash.keccak256"
  Arg args[3] = {Arg::none, Arg::none, Arg::none};
  std::function<int64_t(const CoprocArgs&, uint64_t& gas)> analyze;
  std::function<int64_t(const CoprocArgs&, uint64_t& value)> execute;
};

// analyze and execute as the bus calls them: an exception out of either becomes the status given
// at the top of this file, so a host or a test harness that calls an operation itself gets the
// outcome a guest would.  (Free on the normal path: zero-cost exception tables.)
inline int64_t analyze_checked(const CoprocessorOp& op, const CoprocArgs& args, uint64_t& gas) noexcept {
  try {
    return op.analyze(args, gas);
  } catch (const std::bad_alloc&) {
    return coproc_error::no_memory;
  } catch (...) {
    return coproc_error::invalid;
  }
}
inline int64_t execute_checked(const CoprocessorOp& op, const CoprocArgs& args, uint64_t& value) noexcept {
  try {
    return op.execute(args, value);
  } catch (const std::bad_alloc&) {
    return coproc_error::no_memory;
  } catch (...) {
    return coproc_error::failed;
  }
}

inline constexpr uint32_t kCoprocFirst = 0x2000, kCoprocLast = 0x2fff;

// An immutable-once-shared registry of operations.  Build one (start from builtin() to keep the
// standard families), add your own, and pass it in MachineOptions::coprocessors.
class CoprocessorSet {
 public:
  CoprocessorSet();
  // The operations tandem ships.
  static std::shared_ptr<const CoprocessorSet> builtin();

  // Adds an operation; refuses (as a value) a number out of range or taken, an empty or taken
  // name, or missing functions.
  Expected<uint32_t> add(CoprocessorOp op);

  const std::vector<CoprocessorOp>& ops() const noexcept { return ops_; }
  // Index into ops() for a call number, or -1.
  int find(uint64_t number) const noexcept {
    return number - kCoprocFirst <= kCoprocLast - kCoprocFirst ? index_[number - kCoprocFirst] : -1;
  }

 private:
  std::vector<CoprocessorOp> ops_;
  // In the object rather than behind a pointer: a call's lookup is one load from the set.
  std::array<int16_t, kCoprocLast - kCoprocFirst + 1> index_;
};

// Per-operation counters of a run (Result::coprocessors lists the operations that were called).
struct CoprocessorStats {
  uint32_t number = 0;
  std::string name;
  uint64_t calls = 0;       // calls that ran (charged and executed)
  uint64_t failures = 0;    // of those, calls that returned an error
  uint64_t refused = 0;     // calls analyze refused (not charged beyond the ecall)
  uint64_t bytes_in = 0;
  uint64_t bytes_out = 0;
  uint64_t gas = 0;         // gas charged by analyze
  uint64_t nanoseconds = 0; // host time in execute (0 when timing is off)
};

}  // namespace tandem
