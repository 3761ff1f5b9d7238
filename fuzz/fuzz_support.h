// fuzz/fuzz_support.h: what the fuzz targets share: a reader that turns fuzz bytes into values
// (from the front, so seed inputs are easy to write by hand or generate), an invariant check that
// aborts with a readable message, and the checks every run must pass whatever the guest did.
#pragma once
#include <algorithm>
#include <cinttypes>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "tandem/tandem.h"
#include "vm/gas.h"

namespace tandem::fuzz {

// Reads values from the front of the input; past the end every read gives zeros.
class Reader {
 public:
  Reader(const uint8_t* data, size_t size) : p_(data), n_(size) {}
  size_t left() const { return n_ - at_; }
  bool empty() const { return at_ >= n_; }
  uint8_t u8() { return at_ < n_ ? p_[at_++] : 0; }
  uint64_t le(unsigned bytes) {
    uint64_t v = 0;
    for (unsigned i = 0; i < bytes; ++i) v |= uint64_t(u8()) << (8 * i);
    return v;
  }
  uint16_t u16() { return uint16_t(le(2)); }
  uint32_t u32() { return uint32_t(le(4)); }
  uint64_t u64() { return le(8); }
  std::vector<uint8_t> take(size_t k) {
    k = std::min(k, left());
    std::vector<uint8_t> v(p_ + at_, p_ + at_ + k);
    at_ += k;
    return v;
  }
  std::vector<uint8_t> rest() { return take(left()); }

 private:
  const uint8_t* p_;
  size_t n_;
  size_t at_ = 0;
};

// Writes values in the Reader's format (for the seed generator).
class Writer {
 public:
  Writer& u8(uint8_t v) { b.push_back(v); return *this; }
  Writer& le(uint64_t v, unsigned bytes) {
    for (unsigned i = 0; i < bytes; ++i) b.push_back(uint8_t(v >> (8 * i)));
    return *this;
  }
  Writer& u16(uint16_t v) { return le(v, 2); }
  Writer& u64(uint64_t v) { return le(v, 8); }
  Writer& bytes(const std::vector<uint8_t>& v) { b.insert(b.end(), v.begin(), v.end()); return *this; }
  std::vector<uint8_t> b;
};

[[noreturn]] inline void fail(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
inline void fail(const char* fmt, ...) {
  std::fprintf(stderr, "\n==== tandem fuzz invariant violated: ");
  va_list ap;
  va_start(ap, fmt);
  std::vfprintf(stderr, fmt, ap);
  va_end(ap);
  std::fprintf(stderr, "\n");
  std::abort();
}

#define FUZZ_CHECK(cond, ...)                                                    \
  do {                                                                           \
    if (!(cond)) ::tandem::fuzz::fail("%s (%s:%d): %s", #cond, __FILE__, __LINE__, \
                                      ::tandem::fuzz::format(__VA_ARGS__).c_str()); \
  } while (0)

inline std::string format(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
inline std::string format(const char* fmt, ...) {
  va_list ap, ap2;
  va_start(ap, fmt);
  va_copy(ap2, ap);
  const int n = std::vsnprintf(nullptr, 0, fmt, ap);
  va_end(ap);
  std::string s(n > 0 ? size_t(n) : 0, '\0');
  if (n > 0) std::vsnprintf(s.data(), s.size() + 1, fmt, ap2);
  va_end(ap2);
  return s;
}

inline std::string describe(const Result& r) {
  return format("status=%s exit=%" PRId64 " pc=0x%" PRIx64 " fault=0x%" PRIx64 " gas=%" PRIu64 "/%" PRIu64
                " insns=%" PRIu64 " out=%zu/%zu/%zu msg='%s'",
                std::string(to_string(r.status)).c_str(), r.exit_code, r.pc, r.fault_address, r.gas_used,
                r.gas_limit, r.instructions, r.stdout_data.size(), r.stderr_data.size(), r.output.size(),
                r.message.c_str());
}

// Every gas class costs at least 1, so a run never retires more instructions than it pays for.
inline constexpr bool every_class_costs_gas() {
  for (uint32_t c : vm::kGasCost)
    if (c == 0) return false;
  return true;
}
static_assert(every_class_costs_gas(), "instructions <= gas_used below relies on this");

inline constexpr unsigned kStatusCount = 0
#define TANDEM_X(name, code, text) +1
    TANDEM_STATUS_LIST(TANDEM_X)
#undef TANDEM_X
    ;

// Whether the 2-byte instruction slot at `a` is code: both its bytes lie in one executable segment.
// Code is the bytes an executable segment takes from the file; its zero fill is not code
// (docs/memory.md).
inline bool in_exec(const Program& p, uint64_t a) {
  for (const auto& s : p.segments())
    if (s.execute && a >= s.vaddr && a - s.vaddr + 2 <= std::min(s.filesz, s.memsz)) return true;
  return false;
}

// Invariants of any finished run (docs/gas.md, docs/memory.md, include/tandem/machine.h).
inline void check_result(const Program& p, const MachineOptions& o, const Result& r) {
  const std::string d = describe(r);
  FUZZ_CHECK(unsigned(r.status) < kStatusCount, "undefined status %u: %s", unsigned(r.status), d.c_str());
  FUZZ_CHECK(!to_string(r.status).empty(), "%s", d.c_str());
  FUZZ_CHECK(!r.message.empty(), "every result carries a message: %s", d.c_str());
  FUZZ_CHECK(r.gas_limit == o.gas_limit, "%s", d.c_str());
  FUZZ_CHECK(r.gas_used <= r.gas_limit, "gas_used above the limit: %s", d.c_str());
  FUZZ_CHECK(r.instructions <= r.gas_used, "more instructions retired than gas paid: %s", d.c_str());
  if (r.status == Status::out_of_gas) FUZZ_CHECK(r.gas_used == r.gas_limit, "%s", d.c_str());
  if (r.status == Status::out_of_memory) FUZZ_CHECK(r.gas_used == 0 && r.instructions == 0, "%s", d.c_str());
  const uint64_t outs = r.stdout_data.size() + r.stderr_data.size() + r.output.size();
  FUZZ_CHECK(outs <= o.max_output, "output above max_output %" PRIu64 ": %s", o.max_output, d.c_str());
  // Instructions start at even addresses: so do the pc of a stopped run and a fetch fault's target.
  FUZZ_CHECK(r.pc % 2 == 0, "odd pc: %s", d.c_str());
  if (r.status == Status::fetch_fault) FUZZ_CHECK(r.fault_address % 2 == 0, "odd fetch address: %s", d.c_str());
  if (p.xlen() == 32) FUZZ_CHECK(r.pc <= UINT32_MAX && r.fault_address <= UINT32_MAX, "rv32 address: %s", d.c_str());
  switch (r.status) {
    case Status::exited:
    case Status::out_of_gas:
    case Status::illegal_instruction:
    case Status::load_fault:
    case Status::store_fault:
    case Status::misaligned_atomic:
    case Status::ebreak:
    case Status::unknown_syscall:
    case Status::output_limit:
      FUZZ_CHECK(in_exec(p, r.pc), "pc outside the executable segments: %s", d.c_str());
      break;
    case Status::misaligned_fetch:
      FUZZ_CHECK(in_exec(p, r.pc), "%s", d.c_str());
      FUZZ_CHECK(!(p.elf_flags() & 1) && (r.pc & 3) == 2, "misaligned fetch needs a program without C and pc 2 mod 4: %s",
                 d.c_str());
      break;
    case Status::fetch_fault:
      // A fetch fault names an address that is not code: every slot whose bytes lie in an
      // executable segment holds an instruction (2-byte granularity).
      FUZZ_CHECK(!in_exec(p, r.fault_address), "fetch fault at an address inside the code: %s", d.c_str());
      break;
    default: break;
  }
  if (r.status == Status::ebreak) FUZZ_CHECK(r.fault_address == r.pc, "%s", d.c_str());
  // Words must be 4-aligned, doublewords 8-aligned: a misaligned address is never 8-aligned.
  if (r.status == Status::misaligned_atomic) FUZZ_CHECK(r.fault_address % 8 != 0, "%s", d.c_str());
  if (r.status == Status::load_fault || r.status == Status::store_fault) {
    // Any access of at most 8 bytes that starts at [memory - stack, memory - 8] is legal.
    const uint64_t a = r.fault_address;
    FUZZ_CHECK(!(a >= o.memory - o.stack && a <= o.memory - 8), "fault on the stack: %s", d.c_str());
  }
}

// Two results of the same program and options must be identical (docs: determinism).
inline void check_same(const Result& a, const Result& b, const char* what) {
  const bool same = a.status == b.status && a.exit_code == b.exit_code && a.gas_limit == b.gas_limit &&
                    a.gas_used == b.gas_used && a.instructions == b.instructions && a.pc == b.pc &&
                    a.fault_address == b.fault_address && a.message == b.message && a.output == b.output &&
                    a.stdout_data == b.stdout_data && a.stderr_data == b.stderr_data;
  if (!same) fail("%s:\n  first:  %s\n  second: %s", what, describe(a).c_str(), describe(b).c_str());
}

}  // namespace tandem::fuzz
