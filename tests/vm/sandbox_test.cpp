// tests/vm/sandbox_test.cpp: the guest cannot reach outside its sandbox, and every way of trying
// ends as a value (a status with pc and address), never as a host crash.
//
// Memory model under test (include/tandem/machine.h, docs/abi.md): one arena [0, memory);
// segments at their addresses; code readable and executable, never writable; data never
// executable; nothing mapped below the lowest segment; the heap from the page-rounded end of the
// image up to the current break; the stack at the top of the arena; unmapped between the break
// and the stack.  Plus the system calls' checks of guest buffers, both unknown-syscall policies,
// output limits, process start, and determinism.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "rv_asm.h"

namespace {

using namespace tandem::test::rv;  // NOLINT(google-build-using-namespace): instruction names
namespace rv = tandem::test::rv;
using tandem::Machine;
using tandem::MachineOptions;
using tandem::Program;
using tandem::Result;
using tandem::Status;
using tandem::UnknownSyscall;

constexpr uint64_t kMemory = 4ull << 20;    // small_options()
constexpr uint64_t kStack = 256ull << 10;
constexpr uint64_t kGuard = 64ull << 10;    // MachineOptions default
constexpr uint64_t kStackLo = kMemory - kStack;
constexpr uint64_t kBrkMax = kStackLo - kGuard;
constexpr uint64_t kBrk0 = (kDataBase + kDataSize + 0xfff) & ~uint64_t(0xfff);
constexpr int64_t kEBADF = -9, kEFAULT = -14, kENOSYS = -38;

std::string hex(uint64_t v) {
  char b[24];
  std::snprintf(b, sizeof b, "0x%llx", (unsigned long long)v);
  return b;
}

class Sandbox : public ::testing::TestWithParam<unsigned> {
 protected:
  unsigned X = GetParam();
  bool rv64() const { return X == 64; }
  uint64_t m(uint64_t v) const { return X == 64 ? v : uint32_t(v); }
  uint64_t neg(int64_t v) const { return m(uint64_t(v)); }  // a negative result as XLEN bits
  uint32_t load_word(Reg rd, Reg rs1, int32_t imm) const { return rv64() ? rv::ld(rd, rs1, imm) : rv::lw(rd, rs1, imm); }
  uint32_t store_word(Reg rs2, Reg rs1, int32_t imm) const { return rv64() ? rv::sd(rs2, rs1, imm) : rv::sw(rs2, rs1, imm); }
};

// Runs g and expects it to stop with `status` at `pc`, having touched `addr`.
void expect_fault(const Guest& g, Status status, uint64_t pc, uint64_t addr, MachineOptions o = small_options()) {
  Result r = g.run(std::move(o));
  EXPECT_EQ(r.status, status) << summary(r);
  EXPECT_EQ(hex(r.pc), hex(pc)) << summary(r);
  EXPECT_EQ(hex(r.fault_address), hex(addr)) << summary(r);
  EXPECT_FALSE(r.message.empty());
  EXPECT_EQ(r.message.find('\n'), std::string::npos) << r.message;
}

// A guest that runs one access to `addr` (after seeding a base register) and then exits 0.
Guest access(unsigned xlen, uint64_t addr, uint32_t (*enc)(Reg, Reg, int32_t), int32_t imm, uint64_t* pc) {
  Guest g(xlen);
  g.a.li(t0, addr - uint64_t(int64_t(imm))).li(t1, 0x5a);
  *pc = g.a.here();
  g.a.emit(enc == rv::sb || enc == rv::sh || enc == rv::sw || enc == rv::sd ? enc(t1, t0, imm) : enc(t2, t0, imm));
  g.exit(0);
  return g;
}

// One access to `addr` must stop with `status`, at the access, with `addr` as the address.
void expect_access_fault(unsigned xlen, uint64_t addr, uint32_t (*enc)(Reg, Reg, int32_t), Status status) {
  uint64_t pc = 0;
  Guest g = access(xlen, addr, enc, 0, &pc);
  expect_fault(g, status, pc, addr);
}

// ---------------------------------------------------------------------------------------------
// Code is read + execute, never write; data is never executable.

TEST_P(Sandbox, StoresToCodeFault) {
  using S = uint32_t (*)(Reg, Reg, int32_t);
  std::vector<std::pair<const char*, S>> stores = {{"sb", rv::sb}, {"sh", rv::sh}, {"sw", rv::sw}};
  if (rv64()) stores.push_back({"sd", rv::sd});
  for (auto& [name, enc] : stores) {
    SCOPED_TRACE(name);
    uint64_t pc = 0;
    Guest g = access(X, kCodeBase + 8, enc, 0, &pc);
    expect_fault(g, Status::store_fault, pc, kCodeBase + 8);
    // The instruction about to execute is a target too.
    const uint64_t self = pc;  // same layout: the store overwrites itself
    Guest h = access(X, self, enc, 0, &pc);
    ASSERT_EQ(pc, self);
    expect_fault(h, Status::store_fault, pc, self);
  }
  {
    SCOPED_TRACE("c.sw");
    Guest g(X);
    g.a.li(s0, kCodeBase);
    const uint64_t pc = g.a.here();
    g.a.emit16(rv::c_sw(a0, s0, 4)).emit16(rv::c_nop());
    g.exit(0);
    expect_fault(g, Status::store_fault, pc, kCodeBase + 4);
  }
  {
    SCOPED_TRACE("amoadd.w");
    Guest g(X);
    g.a.li(t0, kCodeBase + 4).li(t1, 1);
    const uint64_t pc = g.a.here();
    g.a.emit(rv::amoadd_w(t2, t1, t0));
    g.exit(0);
    expect_fault(g, Status::store_fault, pc, kCodeBase + 4);
  }
}

TEST_P(Sandbox, AtomicsCheckPermissionsLikeLoadsAndStores) {
  struct Case {
    const char* name;
    uint64_t addr;
    bool lr;  // lr.w (a load) or amoadd.w (a store)
    Status status;
  };
  const Case cases[] = {
      {"amoadd.w below the program", 8, false, Status::store_fault},
      {"lr.w below the program", 8, true, Status::load_fault},
      {"amoadd.w past the break", kBrk0, false, Status::store_fault},
      {"lr.w past the break", kBrk0 + 0x100, true, Status::load_fault},
      {"amoadd.w outside the arena", kMemory, false, Status::store_fault},
      {"lr.w outside the arena", kMemory + 0x1000, true, Status::load_fault},
  };
  for (const Case& k : cases) {
    SCOPED_TRACE(k.name);
    Guest g(X);
    g.a.li(t0, k.addr).li(t1, 1);
    const uint64_t pc = g.a.here();
    g.a.emit(k.lr ? rv::lr_w(t2, t0) : rv::amoadd_w(t2, t1, t0));
    g.exit(0);
    expect_fault(g, k.status, pc, k.addr);
  }
  // lr.w from code is a plain read.
  Guest g(X);
  g.a.li(t0, kCodeBase).emit(rv::lr_w(t1, t0));
  g.save(t1);
  g.finish();
  Result r = g.run();
  ASSERT_EQ(r.status, Status::exited) << summary(r);
  EXPECT_EQ(g.values(r), std::vector<uint64_t>{m(uint64_t(int64_t(int32_t(rv::lui(t0, kCodeBase >> 12)))))});
}

TEST_P(Sandbox, CodeIsReadable) {
  Guest g(X);
  const uint32_t first = rv::addi(t3, x0, 0x123);
  g.a.emit(first).li(t0, kCodeBase).emit(rv::lw(t1, t0, 0)).emit(rv::lhu(t2, t0, 2));
  g.save(t1);
  g.save(t2);
  g.finish();
  Result r = g.run();
  ASSERT_EQ(r.status, Status::exited) << summary(r);
  EXPECT_EQ(g.values(r), (std::vector<uint64_t>{m(uint64_t(int64_t(int32_t(first)))), first >> 16}));
}

TEST_P(Sandbox, ReadOnlySegmentIsReadableButNotWritableOrExecutable) {
  const uint64_t ro = 0x80000;
  auto make = [&](int what, uint64_t* pc) {
    Guest g(X);
    g.extra.push_back(tandem::test::SegSpec{ro, {1, 2, 3, 4, 5, 6, 7, 8}, 0x1000, 4});
    g.a.li(t0, ro + 4);
    *pc = g.a.here();
    if (what == 0) g.a.emit(rv::lw(t1, t0, 0));
    if (what == 1) g.a.emit(rv::sw(t1, t0, 0));
    if (what == 2) g.a.emit(rv::jalr(ra, t0, 0));
    g.save(t1);
    g.finish();
    return g;
  };
  uint64_t pc = 0;
  {
    Guest g = make(0, &pc);
    Result r = g.run();
    ASSERT_EQ(r.status, Status::exited) << summary(r);
    EXPECT_EQ(g.values(r), std::vector<uint64_t>{0x08070605});
  }
  expect_fault(make(1, &pc), Status::store_fault, pc, ro + 4);
  {
    Guest g = make(2, &pc);
    Result r = g.run();
    EXPECT_EQ(r.status, Status::fetch_fault) << summary(r);
    EXPECT_EQ(hex(r.fault_address), hex(ro + 4));
  }
}

// Jumps anywhere but executable code stop with fetch_fault and the target as the address.  The
// pc is that of the jump or of the target (either says where control went wrong).
void expect_fetch_fault(const Guest& g, uint64_t jump_pc, uint64_t target, MachineOptions o = small_options()) {
  SCOPED_TRACE("target " + hex(target));
  Result r = g.run(std::move(o));
  EXPECT_EQ(r.status, Status::fetch_fault) << summary(r);
  EXPECT_EQ(hex(r.fault_address), hex(target)) << summary(r);
  EXPECT_TRUE(r.pc == jump_pc || r.pc == target) << summary(r);
}

TEST_P(Sandbox, JumpsOutsideCodeFault) {
  std::vector<uint64_t> targets = {kDataBase,  kDataBase + 0x100, 0, 0x1000, kCodeBase - 4, kBrk0,
                                   kBrk0 + 0x10000, kStackLo, kMemory - 16, kMemory, kMemory + 0x1000,
                                   m(0xfffffffffffffffeull), m(0x80000000)};
  if (rv64()) targets.insert(targets.end(), {0x100000000ull + kCodeBase, 1ull << 40, 0x8000000000000000ull});
  for (uint64_t t : targets) {
    {
      Guest g(X);
      g.a.li(t0, t);
      const uint64_t pc = g.a.here();
      g.a.emit(rv::jalr(ra, t0, 0));
      g.exit(0);
      expect_fetch_fault(g, pc, t);
    }
    {
      Guest g(X);  // the same through c.jr
      g.a.li(a0, t);
      const uint64_t pc = g.a.here();
      g.a.emit16(rv::c_jr(a0)).emit16(rv::c_nop());
      g.exit(0);
      expect_fetch_fault(g, pc, t);
    }
  }
}

TEST_P(Sandbox, DirectJumpsAndBranchesOutsideCodeFault) {
  {
    SCOPED_TRACE("jal into data");
    Guest g(X);
    const uint64_t pc = g.a.here();
    g.a.emit(rv::jal(ra, int32_t(kDataBase - pc)));
    g.exit(0);
    expect_fetch_fault(g, pc, kDataBase);
  }
  {
    SCOPED_TRACE("jal below the code");
    Guest g(X);
    g.a.emit(rv::nop());
    const uint64_t pc = g.a.here();
    g.a.emit(rv::jal(x0, -0x1000));
    g.exit(0);
    expect_fetch_fault(g, pc, pc - 0x1000);
  }
  {
    SCOPED_TRACE("taken branch past the end of the code");
    Guest g(X);
    g.a.li(t0, 1);
    const uint64_t pc = g.a.here();
    g.a.emit(rv::bne(t0, x0, 2048));
    g.exit(0);
    ASSERT_LT(g.a.here(), pc + 2048);
    expect_fetch_fault(g, pc, pc + 2048);
  }
  {
    SCOPED_TRACE("not-taken branch past the end of the code is harmless");
    Guest g(X);
    g.a.emit(rv::bne(x0, x0, 2048));
    g.exit(3);
    Result r = g.run();
    EXPECT_EQ(r.status, Status::exited) << summary(r);
    EXPECT_EQ(r.exit_code, 3);
  }
  {
    SCOPED_TRACE("auipc + jalr to data");
    Guest g(X);
    const uint64_t pc = g.a.here();
    g.a.emit(rv::auipc(ra, (kDataBase - pc) >> 12)).emit(rv::jalr(ra, ra, 0));
    g.exit(0);
    expect_fetch_fault(g, pc + 4, kDataBase);
  }
}

TEST_P(Sandbox, RunningOffTheEndOfCodeFaults) {
  Guest g(X);
  g.a.emit(rv::addi(t0, x0, 1)).emit(rv::addi(t0, t0, 1));
  const uint64_t end = g.a.here();
  Result r = g.run();
  EXPECT_EQ(r.status, Status::fetch_fault) << summary(r);
  EXPECT_EQ(hex(r.fault_address), hex(end));
  EXPECT_EQ(r.instructions, 2u);
}

// An executable segment's zero fill (memsz beyond filesz) is not code (docs/memory.md): running
// into it is a fetch fault at its first byte.
TEST_P(Sandbox, ZeroFilledCodeTailIsNotCode) {
  Guest g(X);
  g.a.emit(rv::addi(t0, x0, 1));
  const uint64_t end = g.a.here();
  g.code_memsz = 0x100;
  Result r = g.run();
  EXPECT_EQ(r.status, Status::fetch_fault) << summary(r);
  EXPECT_EQ(hex(r.pc), hex(end));
  EXPECT_EQ(hex(r.fault_address), hex(end));
  EXPECT_EQ(r.instructions, 1u);
}

TEST_P(Sandbox, WithoutCompressedInstructionsCodeMustBeWordAligned) {
  {
    SCOPED_TRACE("jump to a 2-mod-4 address");
    Guest g(X);
    g.e_flags = 0;
    Label l = g.a.label();
    g.a.la(t0, l).emit(rv::jalr(ra, t0, 2));
    const uint64_t jump_pc = g.a.here() - 4;
    g.a.bind(l).emit(rv::nop());
    g.exit(0);
    const uint64_t target = g.a.address(l) + 2;
    Result r = g.run();
    EXPECT_EQ(r.status, Status::misaligned_fetch) << summary(r);
    EXPECT_TRUE(r.pc == jump_pc || r.pc == target) << summary(r);
  }
  {
    SCOPED_TRACE("compressed encodings are illegal");
    Guest g(X);
    g.e_flags = 0;
    g.a.emit(rv::nop());
    const uint64_t pc = g.a.here();
    g.a.emit16(rv::c_li(a0, 1)).emit16(rv::c_nop());
    g.exit(0);
    Result r = g.run();
    EXPECT_EQ(r.status, Status::illegal_instruction) << summary(r);
    EXPECT_EQ(hex(r.pc), hex(pc));
  }
  {
    SCOPED_TRACE("32-bit code runs");
    Guest g(X);
    g.e_flags = 0;
    g.a.li(t0, 5).emit(rv::addi(t0, t0, 1));
    g.save(t0);
    g.finish();
    Result r = g.run();
    ASSERT_EQ(r.status, Status::exited) << summary(r);
    EXPECT_EQ(g.values(r), std::vector<uint64_t>{6});
  }
}

// ---------------------------------------------------------------------------------------------
// Data accesses outside what is mapped.

TEST_P(Sandbox, AccessesOutsideTheArenaFault) {
  std::vector<uint64_t> addrs = {kMemory, kMemory + 8, kMemory + 0x100000, m(0xfffffff8), m(0x80000000)};
  if (rv64()) {
    addrs.insert(addrs.end(), {0x100000000ull, 0x100000000ull + kDataBase,  // no truncation to 32 bits
                               1ull << 40, 0x7ffffffffffff000ull, 0x8000000000000000ull,
                               0xfffffffffffffff8ull, 0xffffffffffff0000ull});
  }
  for (uint64_t addr : addrs) {
    SCOPED_TRACE("address " + hex(addr));
    expect_access_fault(X, addr, rv::lw, Status::load_fault);
    expect_access_fault(X, addr, rv::sw, Status::store_fault);
    expect_access_fault(X, addr, rv::lbu, Status::load_fault);
    expect_access_fault(X, addr, rv::sb, Status::store_fault);
    if (rv64()) expect_access_fault(X, addr, rv::ld, Status::load_fault);
  }
}

TEST_P(Sandbox, AccessesStraddlingAMappedEdgeFault) {
  struct Edge {
    const char* name;
    uint64_t addr;  // first byte of the access; part of it is mapped, part is not
  };
  const Edge edges[] = {
      {"arena end", kMemory - 2},
      {"image start", kCodeBase - 2},
      {"heap end", kBrk0 - 2},
      {"stack start", kStackLo - 2},
  };
  for (const Edge& e : edges) {
    SCOPED_TRACE(e.name);
    for (int store = 0; store < 2; ++store) {
      if (store && e.addr == kCodeBase - 2) continue;  // code is not writable anyway
      uint64_t pc = 0;
      Guest g = access(X, e.addr, store ? rv::sw : rv::lw, 0, &pc);
      Result r = g.run();
      EXPECT_EQ(r.status, store ? Status::store_fault : Status::load_fault) << summary(r);
      EXPECT_EQ(hex(r.pc), hex(pc));
      EXPECT_GE(r.fault_address, e.addr) << summary(r);
      EXPECT_LT(r.fault_address, e.addr + 4) << summary(r);
    }
  }
  // The last bytes of the arena belong to the stack and can be used.
  uint64_t pc = 0;
  Guest g = access(X, kMemory - 4, rv::sw, 0, &pc);
  Result r = g.run();
  EXPECT_EQ(r.status, Status::exited) << summary(r);
}

// Every partial overlap of every access width with every edge of a mapped range faults, and the
// access that just fits does not.
TEST_P(Sandbox, EveryPartialOverlapWithAnEdgeFaults) {
  using Enc = uint32_t (*)(Reg, Reg, int32_t);
  struct Width {
    unsigned n;
    Enc load, store;
  };
  std::vector<Width> widths = {{2, rv::lh, rv::sh}, {4, rv::lw, rv::sw}};
  if (rv64()) widths.push_back({8, rv::ld, rv::sd});
  const uint64_t grown = kBrk0 + 0x2000;
  struct Edge {
    const char* name;
    uint64_t at;
    bool upper;       // mapped below `at`, unmapped from it; else the reverse
    bool loads, stores;
    bool grow;        // grow the heap to `grown` first
  };
  const Edge edges[] = {
      {"arena end", kMemory, true, true, true, false},
      {"initial break", kBrk0, true, true, true, false},
      {"grown break", grown, true, true, true, true},
      {"stack bottom", kStackLo, false, true, true, false},
      {"image start", kCodeBase, false, true, false, false},
      {"data start (stores only)", kDataBase, false, false, true, false},
  };
  for (const Edge& e : edges) {
    for (const Width& w : widths) {
      for (int store = 0; store < 2; ++store) {
        if (store ? !e.stores : !e.loads) continue;
        for (unsigned k = 0; k < w.n; ++k) {
          // k = 0: the access that just fits; k > 0: overlaps the unmapped side by k bytes.
          const uint64_t addr = e.upper ? e.at - w.n + k : e.at - k;
          SCOPED_TRACE(std::string(e.name) + (store ? " store" : " load") + " of " + std::to_string(w.n) +
                       " bytes at " + hex(addr));
          Guest g(X);
          if (e.grow) g.a.li(a0, grown).li(a7, 214).emit(rv::ecall());
          g.a.li(t0, addr).li(t1, 0x5a);
          const uint64_t pc = g.a.here();
          g.a.emit(store ? w.store(t1, t0, 0) : w.load(t2, t0, 0));
          g.exit(0);
          Result r = g.run();
          if (k == 0) {
            EXPECT_EQ(r.status, Status::exited) << summary(r);
            continue;
          }
          EXPECT_EQ(r.status, store ? Status::store_fault : Status::load_fault) << summary(r);
          EXPECT_EQ(hex(r.pc), hex(pc));
          EXPECT_GE(r.fault_address, addr) << summary(r);
          EXPECT_LT(r.fault_address, addr + w.n) << summary(r);
        }
      }
    }
  }
}

TEST_P(Sandbox, NothingIsMappedBelowTheProgram) {
  for (uint64_t addr : {uint64_t(0), uint64_t(8), uint64_t(0xfff), kCodeBase - 4, kCodeBase - 1}) {
    SCOPED_TRACE("address " + hex(addr));
    expect_access_fault(X, addr, rv::lbu, Status::load_fault);
    expect_access_fault(X, addr, rv::sb, Status::store_fault);
  }
}

TEST(Sandbox32, AddressesWrapAt32Bits) {
  // 0xfffffffc + 8 is 4 on RV32, not 0x1_0000_0004.
  Guest g(32);
  g.a.li(t0, 0xfffffffc);
  const uint64_t pc = g.a.here();
  g.a.emit(rv::lw(t1, t0, 8));
  g.exit(0);
  expect_fault(g, Status::load_fault, pc, 4);
  // A negative offset from a small base wraps to the top of the address space.
  Guest h(32);
  h.a.li(t0, 0x10);
  const uint64_t hpc = h.a.here();
  h.a.emit(rv::sb(t0, t0, -0x20));
  h.exit(0);
  expect_fault(h, Status::store_fault, hpc, 0xfffffff0);
  // The highest address.
  Guest k(32);
  k.a.li(t0, 0xfffff800);
  const uint64_t kpc = k.a.here();
  k.a.emit(rv::lbu(t1, t0, 0x7ff));
  k.exit(0);
  expect_fault(k, Status::load_fault, kpc, 0xffffffff);
}

TEST(Sandbox32, AddInRegistersWrapsToAValidAddress) {
  Guest g(32);
  g.data = {0x11, 0x22, 0x33, 0x44};
  // (kDataBase + 0x1000) + (2^32 - 0x1000) wraps to kDataBase; so does sh3add's sum.
  g.a.li(t0, kDataBase + 0x1000).li(t1, 0xfffff000).emit(rv::add(t0, t0, t1)).emit(rv::lw(t2, t0, 0));
  g.a.li(t0, 0x20000000).li(t1, kDataBase).emit(rv::sh3add(t0, t0, t1)).emit(rv::lw(t3, t0, 0));
  g.save(t2);
  g.save(t3);
  g.finish();
  Result r = g.run();
  ASSERT_EQ(r.status, Status::exited) << summary(r);
  EXPECT_EQ(g.values(r), (std::vector<uint64_t>{0x44332211, 0x44332211}));
}

// ---------------------------------------------------------------------------------------------
// Heap (brk) and stack.

// brk(a0 = v) and save the result.
void brk(Guest& g, uint64_t v) {
  g.a.li(a0, v).li(a7, 214).emit(rv::ecall());
  g.save(a0);
}

TEST_P(Sandbox, HeapEndsAtTheBreak) {
  {
    SCOPED_TRACE("past the initial break");
    expect_access_fault(X, kBrk0, rv::lbu, Status::load_fault);
    expect_access_fault(X, kBrk0 + 0x10000, rv::sw, Status::store_fault);
    expect_access_fault(X, kBrkMax - 8, rv::lw, Status::load_fault);
  }
  {
    SCOPED_TRACE("grow, use, shrink");
    Guest g(X);
    brk(g, 0);
    brk(g, kBrk0 + 0x3000);
    // New heap memory reads as zero and can be written.
    g.a.li(t0, kBrk0 + 0x3000 - 8).emit(rv::lw(t1, t0, 4)).li(t2, 77).emit(rv::sw(t2, t0, 4)).emit(rv::lw(t3, t0, 4));
    g.a.li(t4, kBrk0).emit(rv::lw(t5, t4, 0));
    g.save(t1);
    g.save(t3);
    g.save(t5);
    brk(g, kBrk0 + 0x1000);  // shrink
    brk(g, 0);
    g.a.li(t0, kBrk0 + 0x1000);
    const uint64_t pc = g.a.here();
    g.a.emit(rv::lbu(t1, t0, 0));  // just past the new break
    g.finish();
    Result r = g.run();
    EXPECT_EQ(r.status, Status::load_fault) << summary(r);
    EXPECT_EQ(hex(r.pc), hex(pc));
    EXPECT_EQ(hex(r.fault_address), hex(kBrk0 + 0x1000));
  }
  {
    SCOPED_TRACE("values");
    Guest g(X);
    brk(g, 0);
    brk(g, kBrk0 + 0x3000);
    g.a.li(t0, kBrk0 + 0x3000 - 8).emit(rv::lw(t1, t0, 4)).li(t2, 77).emit(rv::sw(t2, t0, 4)).emit(rv::lw(t3, t0, 4));
    g.save(t1);
    g.save(t3);
    brk(g, kBrk0 + 0x1000);
    brk(g, 0);
    g.finish();
    Result r = g.run();
    ASSERT_EQ(r.status, Status::exited) << summary(r);
    EXPECT_EQ(g.values(r), (std::vector<uint64_t>{kBrk0, kBrk0 + 0x3000, 0, 77, kBrk0 + 0x1000, kBrk0 + 0x1000}));
  }
}

TEST_P(Sandbox, BrkExhaustionReturnsTheUnchangedBreakAndTheGuestContinues) {
  Guest g(X);
  brk(g, kMemory);                // far beyond the limit
  brk(g, kStackLo);               // into the guard gap
  brk(g, kBrkMax + 1);            // one byte too close to the stack
  brk(g, m(~0ull));
  if (rv64()) brk(g, 1ull << 40);
  brk(g, kBrk0 - 0x1000);         // below the start of the heap
  brk(g, kBrkMax);                // exactly the limit: allowed
  g.a.li(t0, kBrkMax - 8).li(t1, 5).emit(store_word(t1, t0, 0)).emit(load_word(t2, t0, 0));
  g.save(t2);
  brk(g, kBrkMax + 0x1000);       // refused: the break stays at the limit
  brk(g, 0);
  g.finish();
  Result r = g.run();
  ASSERT_EQ(r.status, Status::exited) << summary(r);
  std::vector<uint64_t> want = {kBrk0, kBrk0, kBrk0, kBrk0};
  if (rv64()) want.push_back(kBrk0);
  want.insert(want.end(), {kBrk0, kBrkMax, 5, kBrkMax, kBrkMax});
  EXPECT_EQ(g.values(r), want);
}

TEST_P(Sandbox, StackOverflowStopsBelowTheStack) {
  Guest g(X);
  Label top = g.a.label();
  g.a.bind(top).emit(rv::addi(sp, sp, -256));
  const uint64_t pc = g.a.here();
  g.a.emit(store_word(x0, sp, 0)).j(top);
  g.exit(0);
  Result r = g.run();
  EXPECT_EQ(r.status, Status::store_fault) << summary(r);
  EXPECT_EQ(hex(r.pc), hex(pc));
  EXPECT_LT(r.fault_address, kStackLo) << summary(r);
  EXPECT_GE(r.fault_address, kStackLo - 256) << summary(r);
  // A load just below the stack faults too.
  expect_access_fault(X, kStackLo - 8, rv::lw, Status::load_fault);
}

TEST_P(Sandbox, ProcessStartsWithOnlySpSet) {
  Guest g(X);
  // OR every register but sp (and a0, the accumulator, included first) into a0.
  for (unsigned r = 1; r < 32; ++r)
    if (r != 2) g.a.emit(rv::or_(a0, a0, Reg(r)));
  g.save(a0);
  g.save(sp);
  g.finish();
  Result r = g.run();
  ASSERT_EQ(r.status, Status::exited) << summary(r);
  const auto v = g.values(r);
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0], 0u);
  EXPECT_EQ(v[1] % 16, 0u);
  EXPECT_GE(v[1], kStackLo);
  EXPECT_LT(v[1], kMemory);
}

TEST_P(Sandbox, InitialStackHoldsArgcArgvEnvpAuxv) {
  const unsigned W = X / 8;
  auto run_with = [&](std::vector<std::string> args) {
    Guest g(X);
    // argc, argv[0..argc], envp[0], auxv[0] (type and value).
    const unsigned words = unsigned(args.size()) + 5;
    for (unsigned i = 0; i < words; ++i) {
      g.a.emit(load_word(t0, sp, int32_t(i * W)));
      g.save(t0);
    }
    // The bytes of each argument string, through its argv pointer.
    for (unsigned i = 0; i < args.size(); ++i) {
      g.a.emit(load_word(t1, sp, int32_t((1 + i) * W)));
      for (unsigned j = 0; j <= args[i].size(); ++j) {
        g.a.emit(rv::lbu(t0, t1, int32_t(j)));
        g.save(t0);
      }
    }
    g.finish();
    MachineOptions o = small_options();
    o.args = args;
    Result r = g.run(o);
    EXPECT_EQ(r.status, Status::exited) << summary(r);
    const auto v = g.values(r);
    ASSERT_GE(v.size(), words);
    EXPECT_EQ(v[0], args.size());
    for (unsigned i = 0; i < args.size(); ++i) {
      EXPECT_GE(v[1 + i], kStackLo);
      EXPECT_LT(v[1 + i], kMemory);
    }
    EXPECT_EQ(v[1 + args.size()], 0u) << "argv terminator";
    EXPECT_EQ(v[2 + args.size()], 0u) << "empty envp";
    EXPECT_EQ(v[3 + args.size()], 0u) << "AT_NULL";
    size_t k = words;
    for (const std::string& s : args) {
      std::string got;
      for (size_t j = 0; j <= s.size(); ++j) got.push_back(char(v[k++]));
      EXPECT_EQ(got, s + '\0');
    }
  };
  {
    SCOPED_TRACE("default args");
    run_with({"guest"});
  }
  {
    SCOPED_TRACE("three args, one empty");
    run_with({"prog", "-x", ""});
  }
}

// ---------------------------------------------------------------------------------------------
// System calls check guest buffers.

// ecall with a7 = number and a0..a2 = args; saves a0 (and a1 when asked).
void call(Guest& g, uint64_t number, uint64_t x0v, uint64_t x1v = 0, uint64_t x2v = 0, bool save_a1 = false) {
  g.a.li(a0, x0v).li(a1, x1v).li(a2, x2v).li(a7, number).emit(rv::ecall());
  g.save(a0);
  if (save_a1) g.save(a1);
}

TEST_P(Sandbox, WriteChecksFdAndBuffer) {
  Guest g(X);
  g.data = {'h', 'e', 'l', 'l', 'o', '!', '\n'};
  call(g, 64, 1, kDataBase, 5);
  call(g, 64, 2, kDataBase + 5, 2);
  call(g, 64, 1, kDataBase, 0);
  call(g, 64, 3, kDataBase, 5);             // bad fd
  call(g, 64, 0, kDataBase, 5);             // stdin is not writable
  call(g, 64, neg(-1), kDataBase, 5);
  call(g, 64, 1, 8, 4);                     // unmapped
  call(g, 64, 1, kMemory - 2, 4);           // straddles the arena end
  call(g, 64, 1, kBrk0 - 2, 4);             // straddles the heap end
  call(g, 64, 1, kDataBase, m(~0ull));      // length larger than memory
  call(g, 64, 1, m(~0ull) - 1, 4);          // wraps around the address space
  call(g, 64, 1, kCodeBase, 4);             // code is readable: allowed
  g.finish();
  Result r = g.run();
  ASSERT_EQ(r.status, Status::exited) << summary(r);
  EXPECT_EQ(g.values(r), (std::vector<uint64_t>{5, 2, 0, neg(kEBADF), neg(kEBADF), neg(kEBADF), neg(kEFAULT),
                                                neg(kEFAULT), neg(kEFAULT), neg(kEFAULT), neg(kEFAULT), 4}));
  EXPECT_EQ(r.stdout_data.substr(0, 5), "hello");
  EXPECT_EQ(r.stdout_data.size(), 9u);  // "hello" + 4 bytes of code
  EXPECT_EQ(r.stderr_data, "!\n");
}

TEST_P(Sandbox, WriteGoesToTheSinkWhenOneIsSet) {
  Guest g(X);
  g.data = {'a', 'b', 'c'};
  call(g, 64, 1, kDataBase, 3);
  call(g, 64, 2, kDataBase + 1, 2);
  g.finish();
  MachineOptions o = small_options();
  std::string out, err;
  o.on_stdout = [&](std::string_view s) { out += s; };
  o.on_stderr = [&](std::string_view s) { err += s; };
  Result r = g.run(o);
  ASSERT_EQ(r.status, Status::exited) << summary(r);
  EXPECT_EQ(out, "abc");
  EXPECT_EQ(err, "bc");
  EXPECT_EQ(r.stdout_data, "");
  EXPECT_EQ(r.stderr_data, "");
}

TEST_P(Sandbox, ReadChecksFdAndBuffer) {
  Guest g(X);
  call(g, 63, 0, kCodeBase, 4);          // code is not writable
  call(g, 63, 0, 8, 4);                  // unmapped
  call(g, 63, 0, kMemory - 2, 4);        // straddles the arena end
  call(g, 63, 0, kBrk0 - 2, 4);          // straddles the heap end
  call(g, 63, 1, kDataBase, 4);          // not readable
  call(g, 63, 0, kDataBase, 4);          // "abcd": the failures above consumed nothing
  call(g, 63, 0, kDataBase + 4, 100);    // the remaining 6
  call(g, 63, 0, kDataBase + 10, 100);   // end of input
  call(g, 63, 0, kDataBase, 0);
  // Hand back the bytes read, then the slots.
  g.a.li(a0, kDataBase).li(a1, 10).li(a7, kSysOutput).emit(rv::ecall());
  g.finish();
  MachineOptions o = small_options();
  o.input = "abcdefghij";
  Result r = g.run(o);
  ASSERT_EQ(r.status, Status::exited) << summary(r);
  ASSERT_EQ(r.output.size(), 10 + 9 * (X / 8));
  EXPECT_EQ(r.output.substr(0, 10), "abcdefghij");
  Result slots = r;
  slots.output.erase(0, 10);
  EXPECT_EQ(g.values(slots), (std::vector<uint64_t>{neg(kEFAULT), neg(kEFAULT), neg(kEFAULT), neg(kEFAULT),
                                                    neg(kEBADF), 4, 6, 0, 0}));
}

TEST_P(Sandbox, InputCallsCheckOffsetsAndBuffers) {
  Guest g(X);
  call(g, 0x1000, 0, 0, 0, true);                        // input_size
  call(g, 0x1001, kDataBase, 4, 3, true);                // "defg"
  call(g, 0x1001, kDataBase + 4, 100, 8, true);          // "ij": 2 bytes
  call(g, 0x1001, kDataBase, 4, 10, true);               // at the end: 0
  call(g, 0x1001, kDataBase, 4, 1000, true);             // past the end: 0
  call(g, 0x1001, kDataBase, 4, m(~0ull), true);         // offset near 2^XLEN: 0, no wrap
  call(g, 0x1001, kCodeBase, 4, 0, false);               // not writable
  call(g, 0x1001, kMemory - 2, 4, 0, false);             // straddles the end
  call(g, 0x1002, 8, 4, 0, false);                       // output from unmapped memory
  call(g, 0x1002, kMemory - 2, 4, 0, false);
  g.a.li(a0, kDataBase).li(a1, 6).li(a7, kSysOutput).emit(rv::ecall());
  g.finish();
  MachineOptions o = small_options();
  o.input = "abcdefghij";
  Result r = g.run(o);
  ASSERT_EQ(r.status, Status::exited) << summary(r);
  const size_t n = 16, w = X / 8;
  ASSERT_EQ(r.output.size(), 6 + n * w);
  EXPECT_EQ(r.output.substr(0, 6), "defgij");
  Result slots = r;
  slots.output.erase(0, 6);
  EXPECT_EQ(g.values(slots), (std::vector<uint64_t>{0, 10, 0, 4, 0, 2, 0, 0, 0, 0, 0, 0, neg(kEFAULT),
                                                    neg(kEFAULT), neg(kEFAULT), neg(kEFAULT)}));
}

TEST_P(Sandbox, OutputLimitStopsTheRun) {
  Guest g(X);
  g.data.assign(64, 'z');
  call(g, 64, 1, kDataBase, 6);
  g.a.li(a0, kDataBase).li(a1, 3).li(a7, kSysOutput).emit(rv::ecall());
  g.a.li(a0, kDataBase).li(a1, 2).li(a7, kSysOutput);
  const uint64_t pc = g.a.here();
  g.a.emit(rv::ecall());  // 6 + 3 + 2 > 10
  g.exit(0);
  MachineOptions o = small_options();
  o.max_output = 10;
  Result r = g.run(o);
  EXPECT_EQ(r.status, Status::output_limit) << summary(r);
  EXPECT_EQ(hex(r.pc), hex(pc));
  EXPECT_EQ(r.stdout_data, "zzzzzz");
  // Exactly at the limit is fine.
  o.max_output = 11;
  Result q = g.run(o);
  EXPECT_EQ(q.status, Status::exited) << summary(q);
}

TEST_P(Sandbox, UnknownSyscallsReturnEnosysOrTrap) {
  std::vector<uint64_t> numbers = {999, 56, 0x1fff, 0x0fff};
  if (rv64()) numbers.insert(numbers.end(), {0x100000000ull + 93, 0x100000000ull + kSysOutput, ~0ull});
  for (uint64_t n : numbers) {
    SCOPED_TRACE("a7 = " + hex(n));
    Guest g(X);
    g.a.li(a0, 7).li(a1, kDataBase).li(a2, 4).li(a7, n);
    const uint64_t pc = g.a.here();
    g.a.emit(rv::ecall());
    g.save(a0);
    g.finish();
    Result r = g.run();
    ASSERT_EQ(r.status, Status::exited) << summary(r);
    EXPECT_EQ(g.values(r), std::vector<uint64_t>{neg(kENOSYS)});
    MachineOptions o = small_options();
    o.unknown_syscall = UnknownSyscall::trap;
    Result t = g.run(o);
    EXPECT_EQ(t.status, Status::unknown_syscall) << summary(t);
    EXPECT_EQ(hex(t.pc), hex(pc));
    EXPECT_EQ(t.output, "");
  }
}

// An ecall that stops the run without completing (unknown call under the trap policy, output over
// the limit) is a trapping instruction: it is not retired.  (The exit ecall is.)
TEST_P(Sandbox, EcallsThatStopTheRunAreNotRetired) {
  {
    SCOPED_TRACE("unknown syscall, trap policy");
    Guest g(X);
    g.a.li(a7, 999).emit(rv::ecall());
    g.exit(0);
    MachineOptions o = small_options();
    o.unknown_syscall = UnknownSyscall::trap;
    Result r = g.run(o);
    EXPECT_EQ(r.status, Status::unknown_syscall) << summary(r);
    EXPECT_EQ(r.instructions, Asm::li_count(X, 999));
  }
  {
    SCOPED_TRACE("output over the limit");
    Guest g(X);
    g.a.li(a0, kDataBase).li(a1, 16).li(a7, kSysOutput).emit(rv::ecall());
    g.exit(0);
    MachineOptions o = small_options();
    o.max_output = 8;
    Result r = g.run(o);
    EXPECT_EQ(r.status, Status::output_limit) << summary(r);
    EXPECT_EQ(r.instructions, Asm::li_count(X, kDataBase) + 1 + Asm::li_count(X, kSysOutput));
  }
  {
    SCOPED_TRACE("exit is retired");
    Guest g(X);
    g.exit(0);
    Result r = g.run();
    EXPECT_EQ(r.status, Status::exited) << summary(r);
    EXPECT_EQ(r.instructions, 3u);
  }
}

// ---------------------------------------------------------------------------------------------
// Runaway guests stop on gas, with the whole limit used.

TEST_P(Sandbox, InfiniteLoopsStopOnGas) {
  struct Loop {
    const char* name;
    void (*emit)(Asm&);
  };
  const Loop loops[] = {
      {"j .", [](Asm& a) { a.emit(rv::jal(x0, 0)); }},
      {"beq x0, x0, .", [](Asm& a) { a.emit(rv::beq(x0, x0, 0)); }},
      {"c.j .", [](Asm& a) { a.emit16(rv::c_j(0)); }},
      {"jalr to itself", [](Asm& a) { Label l = a.label(); a.la(t0, l).bind(l).emit(rv::jalr(x0, t0, 0)); }},
      {"loop with a body", [](Asm& a) {
         Label l = a.here_label();
         a.emit(rv::addi(t0, t0, 1)).emit(rv::mul(t1, t0, t0)).emit16(rv::c_addi(t2, 1)).j(l);
       }},
      {"call that calls itself", [](Asm& a) {
         Label l = a.here_label();
         a.emit(rv::addi(sp, sp, 0)).jal(ra, l);
       }},
  };
  for (const Loop& l : loops) {
    for (uint64_t limit : {uint64_t(1), uint64_t(1000001), uint64_t(5000000)}) {
      SCOPED_TRACE(std::string(l.name) + " limit " + std::to_string(limit));
      Guest g(X);
      l.emit(g.a);
      g.exit(0);
      MachineOptions o = small_options();
      o.gas_limit = limit;
      Result r = g.run(o);
      EXPECT_EQ(r.status, Status::out_of_gas) << summary(r);
      EXPECT_EQ(r.gas_used, limit);
      EXPECT_EQ(r.gas_limit, limit);
      EXPECT_LE(r.instructions, limit);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Several executable segments; the gaps between segments.

TEST_P(Sandbox, GapsBetweenSegmentsAreNotExecutableAndReadAsZero) {
  // A second executable segment at 0x30000 holding `addi a0, a0, 7; jalr x0, 0(ra)`.
  const uint64_t code2 = 0x30000;
  auto make = [&](uint64_t target) {
    Guest g(X);
    g.extra.push_back(tandem::test::SegSpec{code2, tandem::test::words({rv::addi(a0, a0, 7), rv::jalr(x0, ra, 0)}), 0, 5});
    g.a.li(a0, 1).li(t0, target).emit(rv::jalr(ra, t0, 0));
    g.save(a0);
    // Loads from the gap between the two code segments and between code and data read zero.
    g.a.li(t1, 0x20000).emit(rv::lw(t2, t1, 0)).li(t1, code2 + 0x100).emit(rv::lw(t3, t1, 0));
    g.a.emit(rv::or_(t2, t2, t3));
    g.save(t2);
    g.finish();
    return g;
  };
  {
    SCOPED_TRACE("call into the second segment");
    Guest g = make(code2);
    Result r = g.run();
    ASSERT_EQ(r.status, Status::exited) << summary(r);
    EXPECT_EQ(g.values(r), (std::vector<uint64_t>{8, 0}));
  }
  for (uint64_t t : {uint64_t(0x20000), code2 - 4, code2 + 8, code2 + 0x100}) {
    Guest g = make(t);
    const uint64_t jump_pc = kCodeBase + 4 * (Asm::li_count(X, 1) + Asm::li_count(X, t));
    expect_fetch_fault(g, jump_pc, t);
  }
  {
    SCOPED_TRACE("stores into a gap fault");
    Guest g(X);
    g.extra.push_back(tandem::test::SegSpec{code2, tandem::test::words({rv::nop()}), 0, 5});
    g.a.li(t0, 0x20000);
    const uint64_t pc = g.a.here();
    g.a.emit(rv::sw(t0, t0, 0));
    g.exit(0);
    expect_fault(g, Status::store_fault, pc, 0x20000);
  }
  {
    SCOPED_TRACE("running off the end of the first segment");
    Guest g(X);
    g.extra.push_back(tandem::test::SegSpec{code2, tandem::test::words({rv::nop()}), 0, 5});
    g.a.emit(rv::nop());
    const uint64_t end = g.a.here();
    Result r = g.run();
    EXPECT_EQ(r.status, Status::fetch_fault) << summary(r);
    EXPECT_EQ(hex(r.fault_address), hex(end));
  }
}

// Code is decoded at every halfword: a jump into the middle of a 32-bit instruction runs whatever
// the bytes there encode.
TEST_P(Sandbox, JumpsIntoTheMiddleOfAnInstructionDecodeFromThere) {
  // P:   0x45150013   addi x0, a0, 0x451   (its upper half is c.li a0, 5)
  // P+4: 0x05130013   addi x0, t1, 0x51    (its upper half starts `addi a0, x0, 7`...)
  // P+8: 0x0070       c.addi4spn a2, sp, 12 (...which this halfword completes)
  // P+10: end of the sequence.
  auto make = [&](unsigned entry_offset) {
    Guest g(X);
    Label seq = g.a.label(), done = g.a.label();
    g.a.li(a0, 1).la(t0, seq).emit(rv::addi(t0, t0, int32_t(entry_offset))).emit(rv::jalr(x0, t0, 0));
    g.a.bind(seq).emit(0x45150013).emit(0x05130013).emit16(0x0070).j(done).bind(done);
    g.save(a0);
    g.finish();
    return g;
  };
  const std::pair<unsigned, uint64_t> cases[] = {{0, 1}, {2, 5}, {4, 1}, {6, 7}, {8, 1}};
  for (auto [off, want] : cases) {
    SCOPED_TRACE("entry at +" + std::to_string(off));
    Guest g = make(off);
    Result r = g.run();
    ASSERT_EQ(r.status, Status::exited) << summary(r);
    EXPECT_EQ(g.values(r), std::vector<uint64_t>{want});
  }
  {
    SCOPED_TRACE("a 32-bit encoding in the last halfword of the code");
    Guest g(X);
    Label last = g.a.label();
    g.a.la(t0, last).emit(rv::jalr(x0, t0, 0)).bind(last).emit16(0x0513);
    const uint64_t at = g.a.address(last);
    Result r = g.run();
    EXPECT_TRUE(r.status == Status::fetch_fault || r.status == Status::illegal_instruction) << summary(r);
    EXPECT_TRUE(r.pc == at || r.pc == at - 4) << summary(r);
  }
}

// ---------------------------------------------------------------------------------------------
// System calls change a0 (and a1 for tandem calls that return a value), nothing else.

TEST_P(Sandbox, SystemCallsPreserveOtherRegisters) {
  struct Call {
    const char* name;
    uint64_t a7, a0v, a1v, a2v;
    bool a1_kept;
  };
  const Call calls[] = {
      {"write", 64, 1, kDataBase, 3, true},
      {"write to a bad fd", 64, 7, kDataBase, 3, true},
      {"read", 63, 0, kDataBase, 2, true},
      {"brk query", 214, 0, 0x1234, 0, true},
      {"brk grow", 214, kBrk0 + 0x1000, 0x1234, 0, true},
      {"unknown", 999, 5, 0x1234, 0, true},
      {"output", kSysOutput, kDataBase, 4, 0, false},
      {"input_size", 0x1000, 0, 0, 0, false},
      {"input_read", 0x1001, kDataBase, 4, 0, false},
      {"gas_left", 0x1003, 0, 0, 0, false},
  };
  const Reg kept[] = {ra, gp, tp, t0, t1, t2, s0, s1, a2, a3, a4, a5, a6, a7, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, t3, t4, t5};
  for (const Call& c : calls) {
    SCOPED_TRACE(c.name);
    Guest g(X);
    uint64_t v = 0x1111;
    for (Reg r : kept) g.a.li(r, (v += 0x1010101) & 0x7fffffff);
    g.a.li(a0, c.a0v).li(a1, c.a1v).li(a2, c.a2v).li(a7, c.a7).emit(rv::ecall());
    // Fold every register that must be unchanged into one checksum: x ^= r * (i + 1).
    g.a.li(t6, 0);  // x31 is free until the first save()
    unsigned i = 0;
    uint64_t want = 0;
    v = 0x1111;
    for (Reg r : kept) {
      uint64_t val = (v += 0x1010101) & 0x7fffffff;
      if (r == a2) val = c.a2v;
      if (r == a7) val = c.a7;
      ++i;
      if (r == a2 && c.a7 == 0x1003 && X == 32) continue;  // rv32 gas_left: high half in a2
      g.a.li(a0, i).emit(rv::mul(a0, a0, r)).emit(rv::xor_(t6, t6, a0));
      want ^= val * i;
    }
    g.a.emit(rv::add(s11, t6, x0));
    g.clobbered_x31();
    g.save(s11);
    if (c.a1_kept) g.save(a1);
    g.finish();
    MachineOptions o = small_options();
    o.input = "input";
    Result r = g.run(o);
    ASSERT_EQ(r.status, Status::exited) << summary(r);
    if (c.a7 == kSysOutput) r.output.erase(0, c.a1v);  // the call's own bytes come first
    std::vector<uint64_t> expect = {m(want)};
    if (c.a1_kept) expect.push_back(c.a1v);
    EXPECT_EQ(g.values(r), expect);
  }
}

// ---------------------------------------------------------------------------------------------
// RV32 with the whole 4 GiB address space as its arena: the top is the stack, and nothing reads
// or writes past 2^32.

TEST(Sandbox32, FullFourGigabyteArena) {
  MachineOptions o;
  o.memory = 4ull << 30;
  o.stack = 1ull << 20;
  {
    Guest g(32);
    g.a.li(t0, 0xfffffffc).li(t1, 0x12345678).emit(rv::sw(t1, t0, 0)).emit(rv::lw(t2, t0, 0));
    g.a.emit(rv::lbu(t3, t0, 3));
    g.save(t2);
    g.save(t3);
    g.finish();
    Result r = g.run(o);
    ASSERT_EQ(r.status, Status::exited) << summary(r);
    EXPECT_EQ(g.values(r), (std::vector<uint64_t>{0x12345678, 0x12}));
  }
  for (uint64_t addr : {0xfffffffeull, 0xfffffffdull}) {
    SCOPED_TRACE("lw across 2^32 at " + hex(addr));
    Guest g(32);
    g.a.li(t0, addr);
    const uint64_t pc = g.a.here();
    g.a.emit(rv::lw(t1, t0, 0));
    g.exit(0);
    Result r = g.run(o);
    EXPECT_EQ(r.status, Status::load_fault) << summary(r);
    EXPECT_EQ(hex(r.pc), hex(pc));
  }
  {
    SCOPED_TRACE("sw across 2^32");
    Guest g(32);
    g.a.li(t0, 0xffffffff);
    const uint64_t pc = g.a.here();
    g.a.emit(rv::sh(t0, t0, 0));
    g.exit(0);
    Result r = g.run(o);
    EXPECT_EQ(r.status, Status::store_fault) << summary(r);
    EXPECT_EQ(hex(r.pc), hex(pc));
  }
  {
    SCOPED_TRACE("write() of a buffer across 2^32");
    Guest g(32);
    call(g, 64, 1, 0xfffffffe, 4);
    call(g, 0x1002, 0xfffffffe, 4);
    call(g, 64, 1, 0xfffffffc, 4);
    g.finish();
    Result r = g.run(o);
    ASSERT_EQ(r.status, Status::exited) << summary(r);
    EXPECT_EQ(g.values(r), (std::vector<uint64_t>{uint32_t(kEFAULT), uint32_t(kEFAULT), 4}));
  }
  {
    SCOPED_TRACE("brk up to the guard below the stack");
    Guest g(32);
    const uint64_t max = (4ull << 30) - (1ull << 20) - kGuard;
    brk(g, max);
    brk(g, max + 0x1000);
    g.a.li(t0, max - 4).li(t1, 9).emit(rv::sw(t1, t0, 0)).emit(rv::lw(t2, t0, 0));
    g.save(t2);
    g.finish();
    Result r = g.run(o);
    ASSERT_EQ(r.status, Status::exited) << summary(r);
    EXPECT_EQ(g.values(r), (std::vector<uint64_t>{max, max, 9}));
  }
}

// ---------------------------------------------------------------------------------------------
// Machine creation refuses what cannot fit; results are deterministic.

// A machine that cannot hold the program is refused: either create() fails with a message, or
// (docs/memory.md) the run stops with out_of_memory before the first instruction.
void expect_refused(const Program& prog, const MachineOptions& o) {
  auto m = Machine::create(prog, o);
  if (!m) {
    EXPECT_FALSE(m.error().empty());
    return;
  }
  Result r = m->run();
  EXPECT_EQ(r.status, Status::out_of_memory) << summary(r);
  EXPECT_EQ(r.instructions, 0u);
  EXPECT_EQ(r.gas_used, 0u);
  EXPECT_FALSE(r.message.empty());
}

TEST_P(Sandbox, MachinesThatCannotHoldTheProgramAreRefused) {
  Guest g(X);
  g.exit(0);
  auto prog = g.program();
  ASSERT_TRUE(prog) << prog.error();
  {
    SCOPED_TRACE("the data segment starts at the arena's end");
    MachineOptions o = small_options();
    o.memory = kDataBase;
    expect_refused(*prog, o);
  }
  {
    SCOPED_TRACE("the image fits, the stack does not");
    MachineOptions o = small_options();
    o.memory = kDataBase + kDataSize + 0x1000;
    expect_refused(*prog, o);
  }
  {
    SCOPED_TRACE("no room for the guard between heap and stack");
    MachineOptions o = small_options();
    o.memory = kBrk0 + kStack + kGuard - 0x1000;
    expect_refused(*prog, o);
  }
  {
    SCOPED_TRACE("just enough room");
    MachineOptions o = small_options();
    o.memory = kBrk0 + kStack + kGuard;
    auto m = Machine::create(*prog, o);
    ASSERT_TRUE(m) << m.error();
    Result r = m->run();
    EXPECT_EQ(r.status, Status::exited) << summary(r);
  }
  {
    SCOPED_TRACE("stack larger than memory");
    MachineOptions o = small_options();
    o.stack = o.memory * 2;
    expect_refused(*prog, o);
  }
  if (X == 32) {
    SCOPED_TRACE("more memory than an RV32 guest can address");
    MachineOptions o = small_options();
    o.memory = 8ull << 30;
    expect_refused(*prog, o);
  }
}

Guest busy_guest(unsigned xlen) {
  Guest g(xlen);
  Label top = g.a.label();
  g.a.li(t0, 2000).li(t1, 1).bind(top);
  g.a.emit(rv::mul(t1, t1, t0)).emit(rv::addi(t1, t1, 12345)).emit(rv::rdcycle(t2)).emit(rv::xor_(t1, t1, t2));
  g.a.emit(rv::addi(t0, t0, -1)).bne(t0, x0, top);
  g.save(t1);
  g.a.li(a0, 0).li(a1, kDataBase).li(a2, 3).li(a7, 63).emit(rv::ecall());  // read input
  g.save(a0);
  brk(g, kBrk0 + 0x2000);
  g.a.li(a0, 1).li(a1, kDataBase).li(a2, 3).li(a7, 64).emit(rv::ecall());  // echo it
  g.a.li(a7, 0x1003).emit(rv::ecall());
  g.save(a1);
  g.finish(3);
  return g;
}

void expect_same(const Result& a, const Result& b) {
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.exit_code, b.exit_code);
  EXPECT_EQ(a.gas_limit, b.gas_limit);
  EXPECT_EQ(a.gas_used, b.gas_used);
  EXPECT_EQ(a.instructions, b.instructions);
  EXPECT_EQ(a.pc, b.pc);
  EXPECT_EQ(a.fault_address, b.fault_address);
  EXPECT_EQ(a.message, b.message);
  EXPECT_EQ(a.output, b.output);
  EXPECT_EQ(a.stdout_data, b.stdout_data);
  EXPECT_EQ(a.stderr_data, b.stderr_data);
}

TEST_P(Sandbox, SameProgramSameResult) {
  Guest g = busy_guest(X);
  MachineOptions o = small_options();
  o.input = "xyz";
  o.gas_limit = 10000000;
  const Result a = g.run(o), b = g.run(o);
  EXPECT_EQ(a.status, Status::exited) << summary(a);
  EXPECT_EQ(a.exit_code, 3);
  EXPECT_EQ(a.stdout_data, "xyz");
  expect_same(a, b);
  // Stopped runs are just as repeatable.
  o.gas_limit = 7777;
  expect_same(g.run(o), g.run(o));
}

TEST_P(Sandbox, MachinesSharingAProgramRunIndependentlyOnThreads) {
  Guest g = busy_guest(X);
  auto prog = g.program();
  ASSERT_TRUE(prog) << prog.error();
  MachineOptions o = small_options();
  o.input = "xyz";
  o.gas_limit = 10000000;
  std::vector<Result> results(4);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < results.size(); ++i) {
    threads.emplace_back([&, i] {
      auto m = Machine::create(*prog, o);
      if (m) results[i] = m->run();
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(results[0].status, Status::exited) << summary(results[0]);
  for (size_t i = 1; i < results.size(); ++i) expect_same(results[0], results[i]);
}

TEST_P(Sandbox, RunTwiceReturnsTheFirstResult) {
  Guest g = busy_guest(X);
  auto prog = g.program();
  ASSERT_TRUE(prog) << prog.error();
  MachineOptions o = small_options();
  o.input = "xyz";
  auto m = Machine::create(*prog, o);
  ASSERT_TRUE(m) << m.error();
  const Result a = m->run();
  const Result b = m->run();
  EXPECT_EQ(a.status, Status::exited) << summary(a);
  expect_same(a, b);
}

INSTANTIATE_TEST_SUITE_P(Xlen, Sandbox, ::testing::Values(32u, 64u),
                         [](const ::testing::TestParamInfo<unsigned>& i) { return "rv" + std::to_string(i.param); });

}  // namespace
