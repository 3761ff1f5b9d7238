// fuzz/fuzz_interpreter.cpp: fuzz bytes -> a program (a code segment R|X at 0x10000 and a data
// segment R|W at 0x20000), registers seeded from the input by li instructions in front of the
// code, run with 20000 gas.  Any outcome is fine; what is checked:
//  - the common invariants (fuzz_support.h: a defined status, gas_used <= gas_limit,
//    instructions <= gas_used, pc inside the code for traps and exits, fetch faults outside it...);
//  - an exit happens at an ecall;
//  - determinism: a second machine gives the identical result;
//  - exact metering: a run that ended at the end of a block (exit, ebreak, illegal instruction,
//    fetch fault, a stopping ecall) and used g gas ends the same way with a limit of exactly g, and
//    runs out of gas with g - 1.  Skipped when the guest asked for gas_left, which tells it the
//    limit and so may change its path.
//
// Input layout (everything optional; missing bytes read as zero):
//   u8 flags: bit 0 rv64, bit 1 RVC (EF_RISCV_RVC), bit 2 unknown syscalls trap,
//             bits 3-4 machine shape (kShapes), bits 5-7 number of register seeds
//   seeds:    u8 spec (bits 0-4 register, bits 5-7 kind, see seed_value), u64 value
//   u8 data segment size in 256-byte units (0: no data segment)
//   u16 code length, code bytes, then data bytes
#include <algorithm>

#include "fuzz_support.h"
#include "runtime/machine_impl.h"
#include "rv_asm.h"
#include "tandem/abi_numbers.h"

using namespace tandem;
namespace rv = tandem::test::rv;
using tandem::fuzz::describe;

namespace {

constexpr uint64_t kGas = 20000;
constexpr uint64_t kCodeBase = 0x10000, kDataBase = 0x20000, kMaxCode = 0xf000;

struct Shape {
  uint64_t memory32, memory64, stack, guard;
};
constexpr Shape kShapes[4] = {
    {1ull << 20, 1ull << 20, 64ull << 10, 64ull << 10},  // small
    {256ull << 10, 256ull << 10, 4096, 4096},            // tight: 4 KiB stack and guard
    {4ull << 30, 8ull << 30, 64ull << 10, 64ull << 10},  // the whole rv32 address space; a big rv64 arena
    {1ull << 20, 1ull << 20, 64ull << 10, 0},            // no guard: heap may grow up to the stack
};

// The harness wraps two system call handlers (the tables are the runtime's; their entries are
// ordinary heap objects): gas_left, the one way a guest can see its gas limit, to know whether a
// run asked; and brk, to know where the heap ends when the run stops.
bool g_gas_left_seen = false;
uint64_t g_brk = 0;  // the break after the last brk call; 0: no call
vm::SyscallFn g_gas_left = nullptr, g_brk_fn = nullptr;

void gas_left_hook(vm::Cpu& cpu, void* user) {
  g_gas_left_seen = true;
  g_gas_left(cpu, user);
}

void brk_hook(vm::Cpu& cpu, void* user) {
  g_brk_fn(cpu, user);
  g_brk = cpu.mem.brk;
}

void install(uint64_t number, vm::SyscallFn hook, vm::SyscallFn& original) {
  for (UnknownSyscall p : {UnknownSyscall::enosys, UnknownSyscall::trap}) {
    auto& e = const_cast<vm::SyscallEntry&>(detail::syscall_table(p).entries[number]);
    if (e.fn == hook) continue;
    if (!original) original = e.fn;
    FUZZ_CHECK(e.fn == original, "two different handlers for call %" PRIu64, number);
    e.fn = hook;
  }
}

uint64_t seed_value(unsigned kind, uint64_t v, uint64_t memory, uint64_t data_end) {
  switch (kind) {
    case 0: return v;
    case 1: return kDataBase + v % 0x10100;                              // data segment and around it
    case 2: return kCodeBase + v % 0x1000;                               // jump targets
    case 3: return memory - v % 0x1000;                                  // top of the stack
    case 4: return uint64_t(int64_t(int8_t(v)));                         // small
    case 5: return ((data_end + 4095) & ~uint64_t(4095)) + uint64_t(int64_t(int16_t(v)));  // initial break
    case 6: return (1ull << 32) - (v & 0xff);                            // rv32 wrap
    default: return uint64_t(0) - (v & 0xff);                           // rv64 wrap
  }
}

struct Built {
  std::vector<uint8_t> elf;
  std::vector<uint8_t> code;  // the code segment's bytes, prologue included
  MachineOptions options;
  uint64_t data_lo = 0, brk_min = 0;  // the layout docs/memory.md gives this image
};

Built build(const uint8_t* data, size_t size) {
  fuzz::Reader in(data, size);
  const uint8_t flags = in.u8();
  const unsigned xlen = (flags & 1) ? 64 : 32;
  const Shape& shape = kShapes[(flags >> 3) & 3];
  Built b;
  MachineOptions& o = b.options;
  o.memory = xlen == 64 ? shape.memory64 : shape.memory32;
  o.stack = shape.stack;
  o.stack_guard = shape.guard;
  o.gas_limit = kGas;
  o.max_output = 1 << 16;
  o.unknown_syscall = (flags & 4) ? UnknownSyscall::trap : UnknownSyscall::enosys;

  struct Seed {
    uint8_t spec;
    uint64_t value;
  };
  std::vector<Seed> seeds(flags >> 5);
  for (auto& s : seeds) s.spec = in.u8(), s.value = in.u64();
  const uint64_t data_memsz = uint64_t(in.u8()) * 256;
  const size_t code_len = std::min<size_t>(in.u16() % (in.left() + 1), kMaxCode);
  std::vector<uint8_t> code = in.take(code_len);
  std::vector<uint8_t> dat = in.take(data_memsz);

  rv::Asm a(xlen, kCodeBase);
  for (const auto& s : seeds)
    a.li(rv::Reg(s.spec & 31), seed_value(s.spec >> 5, s.value, o.memory, kDataBase + data_memsz));
  a.raw(code);
  b.code = a.finish();

  test::ElfSpec spec;
  spec.xlen = xlen;
  spec.entry = kCodeBase;
  spec.e_flags = (flags & 2) ? 1 : 0;
  // At least one instruction slot, so that there is code even when the input has none (zeros
  // are an illegal instruction).
  spec.segs.push_back(test::SegSpec{kCodeBase, b.code, std::max<uint64_t>(b.code.size(), 4), 5});
  if (data_memsz) spec.segs.push_back(test::SegSpec{kDataBase, dat, data_memsz, 6});
  b.elf = test::build_elf(spec);
  const uint64_t image_end = data_memsz ? kDataBase + data_memsz : kCodeBase + spec.segs[0].memsz;
  b.brk_min = (image_end + 4095) & ~uint64_t(4095);
  b.data_lo = data_memsz ? kDataBase : b.brk_min;
  return b;
}

Result run(const Program& p, const MachineOptions& o) {
  auto m = Machine::create(p, o);
  FUZZ_CHECK(m.has_value(), "valid options refused: %s", m.error().c_str());
  Result r = m->run();
  fuzz::check_result(p, o, r);
  return r;
}

// Statuses that end a run at the end of a block: the whole block was paid for.
bool ends_block(Status s) {
  switch (s) {
    case Status::exited:
    case Status::ebreak:
    case Status::illegal_instruction:
    case Status::fetch_fault:
    case Status::misaligned_fetch:
    case Status::unknown_syscall:
    case Status::output_limit: return true;
    default: return false;
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  install(TANDEM_SYS_GAS_LEFT, gas_left_hook, g_gas_left);
  install(TANDEM_SYS_BRK, brk_hook, g_brk_fn);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Built b = build(data, size);
  auto prog = Program::from_bytes(b.elf);
  // Code and data segments laid out by the harness are always valid.
  FUZZ_CHECK(prog.has_value(), "load: %s", prog.error().c_str());
  const Program& p = *prog;
  MachineOptions o = b.options;

  g_gas_left_seen = false;
  g_brk = 0;
  const Result r = run(p, o);
  const bool saw_gas_left = g_gas_left_seen;
  if (r.status == Status::load_fault || r.status == Status::store_fault) {
    // docs/memory.md: reads may touch [image_lo, brk), writes [data_lo, brk) (and the stack,
    // checked in check_result).  An access of at most 8 bytes inside either range cannot fault.
    const uint64_t brk = g_brk ? g_brk : b.brk_min;
    const uint64_t lo = r.status == Status::load_fault ? kCodeBase : b.data_lo, a = r.fault_address;
    FUZZ_CHECK(!(a >= lo && brk >= 8 && a <= brk - 8), "fault inside [0x%" PRIx64 ", brk 0x%" PRIx64 "): %s", lo, brk,
               describe(r).c_str());
  }
  fuzz::check_same(r, run(p, o), "same program, same options, different result");
  FUZZ_CHECK(r.status != Status::out_of_memory, "the program always fits: %s", describe(r).c_str());

  if (r.status == Status::exited) {
    const uint64_t off = r.pc - kCodeBase;
    uint32_t insn = 0;
    if (off + 4 <= b.code.size()) std::memcpy(&insn, b.code.data() + off, 4);
    FUZZ_CHECK(insn == rv::ecall(), "exited at an instruction 0x%08x that is not ecall: %s", insn, describe(r).c_str());
  }

  if (saw_gas_left || r.gas_used == 0) return 0;
  const uint64_t g = r.gas_used;
  if (r.status != Status::out_of_gas) {
    o.gas_limit = g;
    Result exact = run(p, o);
    if (ends_block(r.status)) {
      exact.gas_limit = r.gas_limit;
      fuzz::check_same(r, exact, "limit == gas_used must end the same way");
    } else {
      // A trap inside a block (load/store fault, misaligned atomic) is refunded the rest of its
      // block, which a limit of exactly gas_used cannot pay for up front.
      FUZZ_CHECK(exact.status == r.status || exact.status == Status::out_of_gas, "limit %" PRIu64 ": %s, first %s",
                 g, describe(exact).c_str(), describe(r).c_str());
    }
  }
  o.gas_limit = g - 1;
  const Result less = run(p, o);
  FUZZ_CHECK(less.status == Status::out_of_gas, "limit gas_used - 1 = %" PRIu64 " must run out of gas: %s, first %s",
             g - 1, describe(less).c_str(), describe(r).c_str());
  FUZZ_CHECK(less.instructions <= r.instructions, "%s vs %s", describe(less).c_str(), describe(r).c_str());
  return 0;
}
