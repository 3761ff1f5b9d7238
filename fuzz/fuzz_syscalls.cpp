// fuzz/fuzz_syscalls.cpp: fuzz bytes -> a guest that makes a series of system calls with hostile
// arguments (pointers and lengths near the ends of every memory range, near 2^32 and 2^64), on rv32
// and rv64, with a random input, memory shape, gas limit and output limit.
//
// The harness carries a model of the system calls, written from docs/abi.md and docs/memory.md:
// while it generates the guest it predicts each call's results and gas, and the guest checks
// them itself (after each ecall: compare a0/a1/a2 with the prediction; on a mismatch exit with
// 1000 + the call's index).  At the end the whole Result (status, exit code, gas used,
// instructions, pc, stdout, stderr and output bytes) must match the model's prediction.
//
// Input layout (missing bytes read as zero):
//   u8 flags: bit 0 rv64, bit 1 unknown syscalls trap, bits 2-4 machine shape, bits 5-6 gas
//             limit, bit 7 small output limit (then u8 limit / 4)
//   [shape 4: u8 memory, u8 stack, u8 guard]  [gas 2: u16 limit]  [bit 7: u8]
//   u8 input length, input bytes; u8 data segment size / 64 (0: none), u8 data bytes, data bytes
//   calls until the input ends: u8 selector (kCalls), [extra], then a0, a1, a2 each as
//   u8 kind (arg_value) followed by the bytes that kind reads.
#include <algorithm>
#include <map>
#include <optional>

#include "fuzz_support.h"
#include "rv_asm.h"
#include "tandem/abi_numbers.h"

using namespace tandem;
namespace rv = tandem::test::rv;
using fuzz::describe;
using fuzz::format;

namespace {

constexpr uint64_t kCodeBase = 0x10000, kRodataBase = 0x1f000, kRodataSize = 16, kDataBase = 0x20000;
constexpr uint64_t kMaxCode = 0x8000;
constexpr unsigned kMaxCalls = 48;
constexpr uint64_t kPage = 4096;
constexpr int64_t kFailBase = 1000;  // exit code of a failed check: 1000 + call index
constexpr uint64_t kGasSystem = 10, kGasBrkPage = 4;  // docs/gas.md, docs/abi.md

uint64_t page_up(uint64_t v) { return (v + kPage - 1) & ~(kPage - 1); }

// The coprocessor operations the guest may call: the harness's own, so that the model knows them
// all and the bus is exercised with every argument kind, a refusal and a failure.
constexpr uint64_t kOpNoop = 0x2000, kOpCopy = 0x2001, kOpAdd = 0x2002;
const char* const kOpNames[3] = {"fuzz.noop", "fuzz.copy", "fuzz.add"};

std::shared_ptr<const CoprocessorSet> coprocessor_set() {
  static const std::shared_ptr<const CoprocessorSet> set = [] {
    auto s = std::make_shared<CoprocessorSet>();
    CoprocessorOp noop;
    noop.number = kOpNoop, noop.name = kOpNames[0];
    noop.analyze = [](const CoprocArgs&, uint64_t& gas) -> int64_t { return gas = 0, 0; };
    noop.execute = [](const CoprocArgs&, uint64_t&) -> int64_t { return 0; };
    CoprocessorOp copy;
    copy.number = kOpCopy, copy.name = kOpNames[1];
    copy.args[0] = Arg::in, copy.args[1] = Arg::out;
    copy.analyze = [](const CoprocArgs& a, uint64_t& gas) -> int64_t {
      return gas = (std::min(a.in[0].size(), a.out[1].size()) + 31) / 32, 0;
    };
    copy.execute = [](const CoprocArgs& a, uint64_t& value) -> int64_t {
      const size_t n = std::min(a.in[0].size(), a.out[1].size());
      if (n) std::memmove(a.out[1].data(), a.in[0].data(), n);
      return value = n, 0;
    };
    CoprocessorOp add;
    add.number = kOpAdd, add.name = kOpNames[2];
    add.args[0] = Arg::inout, add.args[1] = Arg::value;
    add.analyze = [](const CoprocArgs& a, uint64_t& gas) -> int64_t {
      if (a.value[1][0] & 1) return -TANDEM_EINVAL;
      return gas = (a.in[0].size() + 7) / 8, 0;
    };
    add.execute = [](const CoprocArgs& a, uint64_t& value) -> int64_t {
      if (a.out[0].size() > 64) return value = 0, -74;
      uint64_t sum = 0;
      for (uint8_t& b : a.out[0]) sum += b, b = uint8_t(b + (a.value[1][0] >> 1));
      return value = sum, 0;
    };
    for (auto* op : {&noop, &copy, &add})
      if (auto r = s->add(std::move(*op)); !r) fuzz::fail("coprocessor set: %s", r.error().c_str());
    return std::shared_ptr<const CoprocessorSet>(std::move(s));
  }();
  return set;
}

// The model: docs/memory.md's layout and docs/abi.md's calls.
struct Model {
  unsigned xlen = 64;
  uint64_t mask = ~0ull;
  MachineOptions o;
  uint64_t image_lo = 0, image_end = 0, data_lo = 0, brk_min = 0, brk = 0, brk_max = 0, stack_lo = 0;
  // Initial contents, for the bytes the guest sends out.
  const std::vector<uint8_t>* code = nullptr;  // null in the first pass (content not predicted)
  std::vector<uint8_t> data;
  struct Byte {
    int v;        // -1: not predicted
    bool stable;  // see byte_at
  };
  std::map<uint64_t, Byte> written;  // bytes put into memory by calls
  uint64_t a3 = 0;                  // a3 keeps its value between calls that do not set it

  // Coprocessor calls, for Result::coprocessors: the builtin set's bus.noop and bus.copy.
  struct OpStats {
    uint64_t calls = 0, refused = 0, bytes_in = 0, bytes_out = 0, gas = 0;
    uint64_t failures = 0;
  } ops[3];

  uint64_t gas = 0, instret = 0, input_pos = 0, out_total = 0;
  bool stopped = false;
  Result r;                                    // the predicted outcome
  std::vector<int> out[3];                     // stdout, stderr, output; -1: byte not predicted
  std::vector<std::pair<rv::Reg, uint64_t>> expect;  // registers to check after the current call
  std::string trace;                           // the calls, for messages

  uint64_t sx(uint64_t v) const { return xlen == 32 ? uint64_t(int64_t(int32_t(uint32_t(v)))) : v; }

  void stop(Status s, uint64_t pc, bool retired) {
    stopped = true;
    r.status = s;
    r.pc = pc;
    if (s == Status::out_of_gas) gas = 0;
    if (!retired) instret -= 1;
  }
  // Gas is charged for a whole block when it is entered (docs/gas.md).
  void enter(uint64_t pc, uint64_t block_gas, uint64_t block_insns) {
    if (stopped) return;
    if (gas < block_gas) return stop(Status::out_of_gas, pc, true);
    gas -= block_gas;
    instret += block_insns;
  }
  bool charge(uint64_t amount, uint64_t pc) {
    if (amount > gas) {
      stop(Status::out_of_gas, pc, false);
      return false;
    }
    gas -= amount;
    return true;
  }
  static bool in(uint64_t a, uint64_t n, uint64_t lo, uint64_t hi) { return a >= lo && a < hi && n <= hi - a; }
  bool readable(uint64_t a, uint64_t n) const {
    return n == 0 || in(a, n, image_lo, brk) || in(a, n, stack_lo, o.memory);
  }
  bool writable(uint64_t a, uint64_t n) const {
    return n == 0 || in(a, n, data_lo, brk) || in(a, n, stack_lo, o.memory);
  }
  // A guest byte as the model knows it.  `stable` bytes have the same value in both passes; the
  // code's bytes are known only in the second, the initial stack's top in neither (v = -1).
  // Expected register values may only depend on stable bytes, so both passes generate the same code.
  Byte byte_at(uint64_t a) const {
    if (auto it = written.find(a); it != written.end()) return it->second;
    if (a >= o.memory - 256) return {-1, false};  // the initial stack: argv, auxv, strings
    if (a >= kCodeBase && a < kRodataBase) {
      if (!code) return {-1, false};
      return {a - kCodeBase < code->size() ? (*code)[a - kCodeBase] : 0, false};
    }
    if (a >= kDataBase && a - kDataBase < data.size()) return {data[a - kDataBase], true};
    return {0, true};  // gaps inside the image, bss, heap and stack read as zero
  }
  // Appends guest bytes to a stream; false (and stopped) when over the output limit.
  bool send(int stream, uint64_t a, uint64_t n, uint64_t pc) {
    if (n > o.max_output - out_total) {
      stop(Status::output_limit, pc, false);
      return false;
    }
    out_total += n;
    if (code)
      for (uint64_t i = 0; i < n; ++i) out[stream].push_back(byte_at(a + i).v);
    return true;
  }
  void write_mem(uint64_t a, const uint8_t* src, uint64_t n) {
    for (uint64_t i = 0; i < n; ++i) written[a + i] = {src[i], true};
  }

  // include/tandem/coprocessor.h: memory pairs are checked first (-14, nothing charged), then
  // analyze (a refusal costs nothing more), then its gas is charged, then the operation runs;
  // a0 = status, a1 = value.  The operations are the harness's own (coprocessor_set()).
  void coproc(uint64_t pc, uint64_t num, uint64_t a0, uint64_t a1, uint64_t a2) {
    auto ret2 = [&](int64_t v0, uint64_t v1) {
      expect.push_back({rv::a0, uint64_t(v0) & mask});
      expect.push_back({rv::a1, v1 & mask});
    };
    OpStats& st = ops[num - TANDEM_SYS_COPROC_FIRST];
    auto refuse = [&](int64_t error) {
      ++st.refused;
      ret2(error, 0);
    };
    if (num == kOpNoop) {
      ++st.calls;
      return ret2(0, 0);
    }
    if (num == kOpCopy) {  // (in a0/a1, out a2/a3): min of the lengths, 1 gas per 32 bytes
      if (!readable(a0, a1) || !writable(a2, a3)) return refuse(-TANDEM_EFAULT);
      const uint64_t n = std::min(a1, a3), g = (n + 31) / 32;
      if (!charge(g, pc)) return;
      ++st.calls, st.gas += g, st.bytes_in += a1, st.bytes_out += a3;
      std::vector<Byte> bytes(n);  // read before writing: the input is seen as before the call
      for (uint64_t i = 0; i < n; ++i) bytes[i] = byte_at(a0 + i);
      for (uint64_t i = 0; i < n; ++i) written[a2 + i] = bytes[i];
      return ret2(0, n);
    }
    // kOpAdd (inout a0/a1, value a2/a3): refuses an odd a2 (-22); 1 gas per 8 bytes; fails (-74)
    // above 64 bytes; else adds a2 >> 1 to every byte and returns the sum of the old bytes.
    if (!writable(a0, a1)) return refuse(-TANDEM_EFAULT);
    if (a2 & 1) return refuse(-TANDEM_EINVAL);
    const uint64_t g = (a1 + 7) / 8;
    if (!charge(g, pc)) return;
    ++st.calls, st.gas += g, st.bytes_in += a1, st.bytes_out += a1;
    if (a1 > 64) {
      ++st.failures;
      return ret2(-74, 0);
    }
    uint64_t sum = 0;
    bool stable = true;
    for (uint64_t i = 0; i < a1; ++i) {
      const Byte b = byte_at(a0 + i);
      stable &= b.stable;
      sum += uint64_t(b.v < 0 ? 0 : b.v);
      written[a0 + i] = {b.v < 0 ? -1 : uint8_t(b.v + (a2 >> 1)), b.stable};
    }
    expect.push_back({rv::a0, 0});
    if (stable) expect.push_back({rv::a1, sum & mask});  // else not predicted in the first pass
    return;
  }

  // One ecall at pc with the given (already xlen-truncated) number and arguments.
  void ecall(uint64_t pc, uint64_t num, uint64_t a0, uint64_t a1, uint64_t a2) {
    expect.clear();
    if (stopped) return;
    trace += format("\n  ecall %#" PRIx64 "(%#" PRIx64 ", %#" PRIx64 ", %#" PRIx64 ", a3 %#" PRIx64 ") at %#" PRIx64
                    ", gas left %" PRIu64, num, a0, a1, a2, a3, pc, gas);
    auto ret = [&](int64_t v0) { expect.push_back({rv::a0, uint64_t(v0) & mask}); };
    auto ret2 = [&](int64_t v0, uint64_t v1) { ret(v0), expect.push_back({rv::a1, v1 & mask}); };
    const uint64_t input_size = o.input.size();
    if (num >= kOpNoop && num <= kOpAdd) return coproc(pc, num, a0, a1, a2);
    switch (num) {
      case TANDEM_SYS_READ: {
        if (a0 != 0) return ret(-TANDEM_EBADF);
        const uint64_t n = std::min(a2, input_size - input_pos);
        if (!writable(a1, n)) return ret(-TANDEM_EFAULT);
        if (!charge(n / 8, pc)) return;
        write_mem(a1, reinterpret_cast<const uint8_t*>(o.input.data()) + input_pos, n);
        input_pos += n;
        return ret(int64_t(n));
      }
      case TANDEM_SYS_WRITE: {
        if (a0 != 1 && a0 != 2) return ret(-TANDEM_EBADF);
        if (!readable(a1, a2)) return ret(-TANDEM_EFAULT);
        if (!charge(a2 / 8, pc)) return;
        if (!send(int(a0) - 1, a1, a2, pc)) return;
        return ret(int64_t(a2));
      }
      case TANDEM_SYS_EXIT:
      case TANDEM_SYS_EXIT_GROUP:
        stop(Status::exited, pc, true);
        r.exit_code = int64_t(sx(a0));
        return;
      case TANDEM_SYS_BRK: {
        if (a0 > brk && a0 <= brk_max && !charge((a0 - brk + kPage - 1) / kPage * kGasBrkPage, pc)) return;
        if (a0 >= brk_min && a0 <= brk_max) {
          // Memory given back and taken again reads as zero.
          if (a0 < brk) written.erase(written.lower_bound(a0), written.lower_bound(brk));
          brk = a0;
        }
        return ret(int64_t(brk));
      }
      case TANDEM_SYS_INPUT_SIZE: return ret2(0, input_size);
      case TANDEM_SYS_INPUT_READ: {
        const uint64_t n = a2 < input_size ? std::min(a1, input_size - a2) : 0;
        if (!writable(a0, n)) return ret2(-TANDEM_EFAULT, 0);
        if (!charge(n / 8, pc)) return;
        if (n) write_mem(a0, reinterpret_cast<const uint8_t*>(o.input.data()) + a2, n);
        return ret2(0, n);
      }
      case TANDEM_SYS_OUTPUT: {
        if (!readable(a0, a1)) return ret2(-TANDEM_EFAULT, 0);
        if (!charge(a1 / 8, pc)) return;
        if (!send(2, a0, a1, pc)) return;
        return ret2(0, 0);
      }
      case TANDEM_SYS_GAS_LEFT:
        ret2(0, gas);
        if (xlen == 32) expect.push_back({rv::a2, gas >> 32});
        return;
      default:
        if (o.unknown_syscall == UnknownSyscall::trap) return stop(Status::unknown_syscall, pc, false);
        return ret(-TANDEM_ENOSYS);
    }
  }
};

struct Shape {
  uint64_t memory32, memory64, stack, guard;
};
constexpr Shape kShapes[8] = {
    {1ull << 20, 1ull << 20, 64ull << 10, 64ull << 10},
    {256ull << 10, 256ull << 10, 4096, 4096},
    {4ull << 30, 16ull << 30, 64ull << 10, 0},                      // rv32: the whole address space
    {1ull << 20, 1ull << 20, 64ull << 10, 0},
    {0, 0, 0, 0},                                                   // from the input
    {4ull << 30, 64ull << 30, 1ull << 20, 64ull << 10},             // the largest arenas allowed
    {(4ull << 30) + 4096, (64ull << 30) + 4096, 64ull << 10, 0},    // one page too many: refused
    {1ull << 20, 1ull << 20, (64ull << 10) + 8, 64ull << 10},       // stack not a multiple of 16: refused
};

// What Machine::create accepts (include/tandem/machine.h, docs/memory.md).
bool options_valid(const MachineOptions& o, unsigned xlen) {
  const uint64_t max = xlen == 32 ? 4ull << 30 : 64ull << 30;
  return o.memory >= (64 << 10) && o.memory <= max && o.memory % kPage == 0 && o.stack >= kPage && o.stack % 16 == 0 &&
         o.stack < o.memory;
}

// Call selectors: the real calls, several times for the ones with arguments, and other numbers.
uint64_t call_number(fuzz::Reader& in, uint8_t sel) {
  switch (sel % 16) {
    case 0: case 3: return TANDEM_SYS_READ;
    case 1: case 2: return TANDEM_SYS_WRITE;
    case 4: case 5: return TANDEM_SYS_BRK;
    case 6: return TANDEM_SYS_INPUT_SIZE;
    case 7: case 8: return TANDEM_SYS_INPUT_READ;
    case 9: case 10: return TANDEM_SYS_OUTPUT;
    case 11: return TANDEM_SYS_GAS_LEFT;
    case 12: return (sel & 16) ? TANDEM_SYS_EXIT_GROUP : TANDEM_SYS_EXIT;
    case 13: {  // mostly the harness's operations and an unused number; sometimes anywhere in the range
      const uint16_t v = in.u16();
      return TANDEM_SYS_COPROC_FIRST + ((v & 0x8000) ? v % 0x1000 : v % 4);
    }
    case 14: return in.u64();
    default: return in.u8();
  }
}

// A hostile argument: the ends of every range, the wrap points, raw values.
uint64_t arg_value(fuzz::Reader& in, const Model& m) {
  const uint8_t kind = in.u8();
  const int64_t small = int8_t(kind & 0xf0) >> 4;  // -8..7, from the kind byte itself
  switch (kind & 15) {
    case 0: return uint64_t(small & 3);               // 0..3: fds, small lengths
    case 1: return in.u8();
    case 2: return in.u16();
    case 3: return m.data_lo + in.u16() % 0x4100;     // inside and around the data segment
    case 4: return m.brk + uint64_t(small);           // the break
    case 5: return m.brk_max + uint64_t(small);
    case 6: return m.stack_lo + uint64_t(small) + in.u8();
    case 7: return m.o.memory - 64 + uint64_t(small) * 8;   // the top of the arena
    case 8: return m.o.memory + uint64_t(small);
    case 9: return (1ull << 32) + uint64_t(small);
    case 10: return uint64_t(small);                  // 2^64 - 8 .. 7
    case 11: return (1ull << 31) + uint64_t(small);
    case 12: return m.image_lo + in.u8();
    case 13: return m.o.input.size() + uint64_t(small);
    case 14: return (1ull << 63) + uint64_t(small);
    default: return in.u64();
  }
}

struct Built {
  std::vector<uint8_t> elf, code;
  Model model;
  bool create_ok = false;
  uint64_t fail_pc = 0;
  unsigned calls = 0;
};

// Generates the guest while running the model.  With `code` (the first pass's bytes) the model
// also predicts the bytes the guest sends out.
Built build(const uint8_t* data, size_t size, const std::vector<uint8_t>* code) {
  fuzz::Reader in(data, size);
  Built b;
  Model& m = b.model;
  const uint8_t flags = in.u8();
  m.xlen = (flags & 1) ? 64 : 32;
  m.mask = m.xlen == 32 ? 0xffffffffull : ~0ull;
  MachineOptions& o = m.o;
  o.unknown_syscall = (flags & 2) ? UnknownSyscall::trap : UnknownSyscall::enosys;
  o.coprocessors = coprocessor_set();
  o.time_coprocessors = false;
  const unsigned shape = (flags >> 2) & 7;
  if (shape == 4) {
    o.memory = (uint64_t(in.u8()) + 1) * 0x4000;
    o.stack = (uint64_t(in.u8()) + 1) * 0x100;
    o.stack_guard = uint64_t(in.u8()) * 0x1000;
  } else {
    const Shape& s = kShapes[shape];
    o.memory = m.xlen == 32 ? s.memory32 : s.memory64;
    o.stack = s.stack;
    o.stack_guard = s.guard;
  }
  switch ((flags >> 5) & 3) {
    case 0: o.gas_limit = 20000; break;
    case 1: o.gas_limit = 100000; break;
    case 2: o.gas_limit = in.u16(); break;
    default: o.gas_limit = 2000; break;
  }
  if (flags & 0x80) o.max_output = uint64_t(in.u8()) * 4;
  {
    const auto bytes = in.take(in.u8());
    o.input.assign(bytes.begin(), bytes.end());
  }
  const uint64_t data_memsz = uint64_t(in.u8()) * 64;
  m.data = in.take(std::min<uint64_t>(in.u8(), data_memsz));

  // Layout, as docs/memory.md describes it.
  b.create_ok = options_valid(o, m.xlen);
  m.image_lo = kCodeBase;
  m.data_lo = data_memsz ? kDataBase : 0;  // set below when there is no data segment
  m.image_end = data_memsz ? kDataBase + data_memsz : 0;
  m.stack_lo = o.memory - o.stack;
  m.gas = o.gas_limit;
  m.r.gas_limit = o.gas_limit;
  m.code = code;

  rv::Asm a(m.xlen, kCodeBase);
  rv::Label fail = a.label();
  auto li = [&](rv::Reg r, uint64_t v) {
    const size_t before = a.size();
    a.li(r, v);
    return (a.size() - before) / 4;
  };
  // The layout must not depend on the code's size, which is known only once the code is
  // generated: without a data segment, a small read-only segment at kRodataBase ends the image.
  if (!data_memsz) m.image_end = kRodataBase + kRodataSize;
  m.brk = m.brk_min = page_up(m.image_end);
  if (!data_memsz) m.data_lo = m.brk_min;
  m.brk_max = m.stack_lo - std::min(o.stack_guard, m.stack_lo);
  const bool fits = m.brk_min <= m.stack_lo && m.stack_lo - m.brk_min >= o.stack_guard;
  if (b.create_ok && !fits) m.stop(Status::out_of_memory, 0, true);

  while (!in.empty() && b.calls < kMaxCalls && a.size() < kMaxCode - 0x400 && !m.stopped) {
    const unsigned k = b.calls++;
    const uint8_t sel = in.u8();
    const uint64_t num = call_number(in, sel) & m.mask;
    const uint64_t a0 = arg_value(in, m) & m.mask, a1 = arg_value(in, m) & m.mask, a2 = arg_value(in, m) & m.mask;
    // Coprocessor calls take a fourth argument (the second pair's length); other calls leave a3.
    const bool coproc = sel % 16 == 13;
    if (coproc) m.a3 = arg_value(in, m) & m.mask;
    const uint64_t start = a.here();
    uint64_t n = li(rv::a0, a0) + li(rv::a1, a1) + li(rv::a2, a2) + (coproc ? li(rv::a3, m.a3) : 0) + li(rv::a7, num);
    const uint64_t ecall_pc = a.here();
    a.emit(rv::ecall());
    m.enter(start, n + kGasSystem, n + 1);
    m.ecall(ecall_pc, num, a0, a1, a2);
    if (m.stopped) break;
    bool first = true;
    for (const auto& [reg, value] : m.expect) {
      const uint64_t check = a.here();
      n = 0;
      if (first) n += li(rv::t1, uint64_t(kFailBase + k)), first = false;
      n += li(rv::t0, value);
      rv::Label ok = a.label();
      a.beq(reg, rv::t0, ok);
      a.jal(rv::x0, fail);
      a.bind(ok);
      m.enter(check, n + 1, n + 1);
    }
  }
  if (!m.stopped) {
    const uint64_t start = a.here();
    const uint64_t n = li(rv::a0, 0) + li(rv::a7, TANDEM_SYS_EXIT);
    const uint64_t pc = a.here();
    a.emit(rv::ecall());
    m.enter(start, n + kGasSystem, n + 1);
    m.ecall(pc, TANDEM_SYS_EXIT, 0, 0, 0);
  }
  a.bind(fail);
  a.mv(rv::a0, rv::t1);
  li(rv::a7, TANDEM_SYS_EXIT);
  b.fail_pc = a.here();
  a.emit(rv::ecall());
  b.code = a.finish();
  FUZZ_CHECK(b.code.size() <= kRodataBase - kCodeBase, "code of %zu bytes", b.code.size());

  m.r.gas_used = o.gas_limit - m.gas;
  m.r.instructions = m.instret;

  test::ElfSpec spec;
  spec.xlen = m.xlen;
  spec.entry = kCodeBase;
  spec.e_flags = 0;
  spec.segs.push_back(test::SegSpec{kCodeBase, b.code, 0, 5});
  if (data_memsz) spec.segs.push_back(test::SegSpec{kDataBase, m.data, data_memsz, 6});
  else spec.segs.push_back(test::SegSpec{kRodataBase, {}, kRodataSize, 4});
  b.elf = test::build_elf(spec);
  return b;
}

void compare_stream(const char* name, const std::vector<int>& want, const std::string& got, const std::string& ctx) {
  FUZZ_CHECK(want.size() == got.size(), "%s: %zu bytes predicted, %zu sent%s", name, want.size(), got.size(), ctx.c_str());
  for (size_t i = 0; i < want.size(); ++i)
    FUZZ_CHECK(want[i] < 0 || uint8_t(got[i]) == want[i], "%s byte %zu: predicted 0x%02x, got 0x%02x%s", name, i,
               want[i], uint8_t(got[i]), ctx.c_str());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Built first = build(data, size, nullptr);
  const Built b = build(data, size, &first.code);
  FUZZ_CHECK(b.code == first.code, "the generator is not deterministic");
  const Model& m = b.model;

  auto prog = Program::from_bytes(b.elf);
  FUZZ_CHECK(prog.has_value(), "load: %s", prog.error().c_str());
  auto machine = Machine::create(*prog, m.o);
  const std::string ctx = format("\n  xlen %u memory %#" PRIx64 " stack %#" PRIx64 " guard %#" PRIx64 " gas %" PRIu64
                                 " max_output %" PRIu64 " input %zu bytes; brk_min %#" PRIx64 " brk_max %#" PRIx64 "%s",
                                 m.xlen, m.o.memory, m.o.stack, m.o.stack_guard, m.o.gas_limit, m.o.max_output,
                                 m.o.input.size(), m.brk_min, m.brk_max, m.trace.c_str());
  FUZZ_CHECK(machine.has_value() == b.create_ok, "create: %s%s", machine ? "accepted" : machine.error().c_str(),
             ctx.c_str());
  if (!machine) return 0;
  const Result r = machine->run();
  if (std::getenv("TANDEM_FUZZ_VERBOSE"))
    std::fprintf(stderr, "predicted %s pc %#" PRIx64 " gas %" PRIu64 " insns %" PRIu64 " exit %" PRId64
                 " out %zu/%zu/%zu\ngot       %s%s\n",
                 std::string(to_string(m.r.status)).c_str(), m.r.pc, m.r.gas_used, m.r.instructions, m.r.exit_code,
                 m.out[0].size(), m.out[1].size(), m.out[2].size(), describe(r).c_str(), ctx.c_str());
  if (r.status == Status::out_of_memory && r.message.find("could not reserve") != std::string::npos) return 0;  // host
  fuzz::check_result(*prog, m.o, r);

  const Result& want = m.r;
  if (r.status == Status::exited && r.pc == b.fail_pc && r.exit_code >= kFailBase &&
      r.exit_code < kFailBase + int64_t(b.calls))
    fuzz::fail("call %" PRId64 " returned something else than predicted: %s%s", r.exit_code - kFailBase,
               describe(r).c_str(), ctx.c_str());
  FUZZ_CHECK(r.status == want.status, "predicted %s: %s%s", std::string(to_string(want.status)).c_str(),
             describe(r).c_str(), ctx.c_str());
  if (want.status == Status::out_of_memory) return 0;
  FUZZ_CHECK(r.pc == want.pc && r.gas_used == want.gas_used && r.instructions == want.instructions &&
                 (want.status != Status::exited || r.exit_code == want.exit_code),
             "predicted pc %#" PRIx64 " gas %" PRIu64 " insns %" PRIu64 " exit %" PRId64 ": %s%s", want.pc,
             want.gas_used, want.instructions, want.exit_code, describe(r).c_str(), ctx.c_str());
  compare_stream("stdout", m.out[0], r.stdout_data, ctx);
  compare_stream("stderr", m.out[1], r.stderr_data, ctx);
  compare_stream("output", m.out[2], r.output, ctx);

  // Result::coprocessors: the operations called or refused, in the set's order.
  std::vector<CoprocessorStats> want_ops;
  for (unsigned i = 0; i < 3; ++i) {
    const auto& st = m.ops[i];
    if (!st.calls && !st.refused) continue;
    CoprocessorStats c;
    c.number = uint32_t(kOpNoop + i), c.name = kOpNames[i], c.calls = st.calls, c.refused = st.refused;
    c.failures = st.failures, c.bytes_in = st.bytes_in, c.bytes_out = st.bytes_out, c.gas = st.gas;
    want_ops.push_back(c);
  }
  FUZZ_CHECK(r.coprocessors.size() == want_ops.size(), "%zu coprocessor entries, predicted %zu%s",
             r.coprocessors.size(), want_ops.size(), ctx.c_str());
  for (size_t i = 0; i < want_ops.size(); ++i) {
    const auto &g = r.coprocessors[i], &w = want_ops[i];
    FUZZ_CHECK(g.number == w.number && g.name == w.name && g.calls == w.calls && g.failures == w.failures &&
                   g.refused == w.refused && g.bytes_in == w.bytes_in && g.bytes_out == w.bytes_out && g.gas == w.gas,
               "%s: calls %" PRIu64 "/%" PRIu64 " refused %" PRIu64 "/%" PRIu64 " in %" PRIu64 "/%" PRIu64
               " out %" PRIu64 "/%" PRIu64 " gas %" PRIu64 "/%" PRIu64 " (got/predicted)%s",
               g.name.c_str(), g.calls, w.calls, g.refused, w.refused, g.bytes_in, w.bytes_in, g.bytes_out,
               w.bytes_out, g.gas, w.gas, ctx.c_str());
  }
  return 0;
}
