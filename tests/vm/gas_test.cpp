// tests/vm/gas_test.cpp: gas accounting of the glue VM, exactly, through the public API.
//
// Every program here is straight-line code or a loop whose instruction mix is known, so its gas
// is computed from the class table in vm/gas.h and compared for equality.  The rules under test
// (docs/abi.md, include/tandem/machine.h):
//  - each instruction costs its class; compressed forms cost their expansion's class;
//  - ecall costs `system` plus the call's own charge (output/write/read: len >> 3; brk: per page);
//  - a basic block (straight-line run ending at a branch, jump, ecall or ebreak) is paid for when
//    it is entered; a block that cannot be paid for in full does not run, and the run stops with
//    out_of_gas and gas_used == gas_limit;
//  - a trap charges the instructions up to and including the trapping one, no more;
//  - Result::instructions counts retired instructions (not a trapping one; the exit ecall counts).
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "rv_asm.h"
#include "vm/gas.h"

namespace {

using namespace tandem::test::rv;  // NOLINT(google-build-using-namespace): instruction names
namespace rv = tandem::test::rv;
using tandem::MachineOptions;
using tandem::Result;
using tandem::Status;
using tandem::vm::gas_cost;
using tandem::vm::GasClass;

constexpr uint64_t ALU = gas_cost(GasClass::alu), BRANCH = gas_cost(GasClass::branch),
                   JUMP = gas_cost(GasClass::jump), LOAD = gas_cost(GasClass::load),
                   STORE = gas_cost(GasClass::store), MUL = gas_cost(GasClass::mul),
                   DIV = gas_cost(GasClass::div), ATOMIC = gas_cost(GasClass::atomic),
                   SYS = gas_cost(GasClass::system), CSR = gas_cost(GasClass::csr),
                   FENCE = gas_cost(GasClass::fence);

// A guest that keeps a running total of the gas and instruction count of the straight-line code
// it emits.
struct Metered {
  explicit Metered(unsigned xlen) : g(xlen) {}
  Guest g;
  uint64_t gas = 0, insns = 0;

  Metered& op(uint32_t insn, uint64_t cost) { g.a.emit(insn); gas += cost; ++insns; return *this; }
  Metered& op16(uint16_t insn, uint64_t cost) { g.a.emit16(insn); gas += cost; ++insns; return *this; }
  Metered& li(Reg r, uint64_t v) {
    const unsigned n = Asm::li_count(g.xlen(), v);
    g.a.li(r, v);
    gas += n * ALU;
    insns += n;
    return *this;
  }
  // ecall with a7 = number (li counted), plus `extra` charged by the call itself.
  Metered& sys(uint64_t number, uint64_t extra = 0) {
    li(a7, number);
    return op(rv::ecall(), SYS + extra);
  }
  Metered& exit(int64_t code = 0) {
    li(a0, uint64_t(code));
    return sys(93);
  }
};

MachineOptions with_limit(uint64_t limit) {
  MachineOptions o = small_options();
  o.gas_limit = limit;
  return o;
}

class Gas : public ::testing::TestWithParam<unsigned> {
 protected:
  unsigned X = GetParam();
};

// ---------------------------------------------------------------------------------------------

TEST_P(Gas, StraightLineCostIsTheSumOfClasses) {
  Metered p(X);
  for (int i = 0; i < 10; ++i) p.op(rv::addi(t0, t0, 1), ALU);
  p.exit(0);
  Result r = p.g.run();
  ASSERT_EQ(r.status, Status::exited) << summary(r);
  EXPECT_EQ(r.gas_used, p.gas);
  EXPECT_EQ(r.gas_used, 10 * ALU + 2 * ALU + SYS);  // li a0, li a7: one addi each
  EXPECT_EQ(r.instructions, p.insns);
  EXPECT_EQ(r.instructions, 13u);
  EXPECT_EQ(r.gas_limit, UINT64_MAX);
}

// Each class, one program per class: N instances on top of a known prologue.
TEST_P(Gas, EachInstructionClassCostsItsTableValue) {
  struct ClassCase {
    const char* name;
    void (*emit)(Metered&, unsigned xlen);
  };
  const ClassCase cases[] = {
      {"alu", [](Metered& p, unsigned x) {
         p.op(rv::add(t0, t1, t2), ALU).op(rv::lui(t0, 5), ALU).op(rv::auipc(t0, 5), ALU);
         p.op(rv::sh2add(t0, t1, t2), ALU).op(rv::clz(t0, t1), ALU).op(rv::rev8(x, t0, t1), ALU);
         p.op(rv::slli(t0, t1, 3), ALU).op(rv::sltiu(t0, t1, 3), ALU).op(rv::andn(t0, t1, t2), ALU);
         p.op16(rv::c_addi(t0, 1), ALU).op16(rv::c_li(t0, 1), ALU).op16(rv::c_mv(t0, t1), ALU);
         p.op16(rv::c_sub(a0, a1), ALU).op16(rv::c_lui(t0, 1), ALU).op16(rv::c_nop(), ALU);
         if (x == 64) p.op(rv::addw(t0, t1, t2), ALU).op(rv::add_uw(t0, t1, t2), ALU).op16(rv::c_addiw(t0, 1), ALU);
       }},
      {"branch", [](Metered& p, unsigned) {
         // Taken and not taken cost the same; +4 / +2 targets keep the code straight-line.
         p.op(rv::beq(x0, x0, 4), BRANCH).op(rv::bne(x0, x0, 4), BRANCH).op(rv::bltu(x0, t0, 4), BRANCH);
         p.op16(rv::c_beqz(a0, 2), BRANCH).op16(rv::c_bnez(a0, 2), BRANCH);
       }},
      {"jump", [](Metered& p, unsigned x) {
         p.op(rv::jal(x0, 4), JUMP).op(rv::jal(ra, 4), JUMP).op16(rv::c_j(2), JUMP);
         p.op(rv::auipc(t0, 0), ALU).op(rv::jalr(x0, t0, 8), JUMP);  // lands right after the jalr
         p.op(rv::auipc(t0, 0), ALU).op(rv::addi(t0, t0, 10), ALU).op16(rv::c_jr(t0), JUMP);
         p.op(rv::auipc(t0, 0), ALU).op(rv::addi(t0, t0, 10), ALU).op16(rv::c_jalr(t0), JUMP);
         if (x == 32) p.op16(rv::c_jal(2), JUMP);
       }},
      {"load", [](Metered& p, unsigned x) {
         p.li(s0, kDataBase).li(sp, kDataBase);
         p.op(rv::lb(t0, s0, 0), LOAD).op(rv::lhu(t0, s0, 1), LOAD).op(rv::lw(t0, s0, 3), LOAD);
         p.op16(rv::c_lw(a0, s0, 4), LOAD).op16(rv::c_lwsp(t0, 8), LOAD);
         if (x == 64) p.op(rv::ld(t0, s0, 0), LOAD).op16(rv::c_ldsp(t0, 8), LOAD).op(rv::lwu(t0, s0, 0), LOAD);
       }},
      {"store", [](Metered& p, unsigned x) {
         p.li(s0, kDataBase).li(sp, kDataBase);
         p.op(rv::sb(t0, s0, 0), STORE).op(rv::sh(t0, s0, 1), STORE).op(rv::sw(t0, s0, 3), STORE);
         p.op16(rv::c_sw(a0, s0, 4), STORE).op16(rv::c_swsp(t0, 8), STORE);
         if (x == 64) p.op(rv::sd(t0, s0, 0), STORE).op16(rv::c_sdsp(t0, 8), STORE);
       }},
      {"mul", [](Metered& p, unsigned x) {
         p.op(rv::mul(t0, t1, t2), MUL).op(rv::mulh(t0, t1, t2), MUL).op(rv::mulhsu(t0, t1, t2), MUL);
         p.op(rv::mulhu(t0, t1, t2), MUL);
         if (x == 64) p.op(rv::mulw(t0, t1, t2), MUL);
       }},
      {"div", [](Metered& p, unsigned x) {
         p.op(rv::div(t0, t1, t2), DIV).op(rv::divu(t0, t1, t2), DIV).op(rv::rem(t0, t1, t2), DIV);
         p.op(rv::remu(t0, t1, t2), DIV);
         if (x == 64) p.op(rv::divw(t0, t1, t2), DIV).op(rv::remuw(t0, t1, t2), DIV);
       }},
      {"atomic", [](Metered& p, unsigned x) {
         p.li(s0, kDataBase);
         p.op(rv::amoadd_w(t0, t1, s0), ATOMIC).op(rv::amoswap_w(t0, t1, s0), ATOMIC);
         p.op(rv::lr_w(t0, s0), ATOMIC).op(rv::sc_w(t0, t1, s0), ATOMIC).op(rv::amomaxu_w(x0, t1, s0), ATOMIC);
         if (x == 64) p.op(rv::amoor_d(t0, t1, s0), ATOMIC).op(rv::lr_d(t0, s0), ATOMIC);
       }},
      {"csr", [](Metered& p, unsigned x) {
         p.op(rv::rdcycle(t0), CSR).op(rv::rdtime(t0), CSR).op(rv::rdinstret(t0), CSR);
         if (x == 32) p.op(rv::rdcycleh(t0), CSR);
       }},
      {"fence", [](Metered& p, unsigned) { p.op(rv::fence(), FENCE).op(rv::fence_i(), FENCE); }},
      {"system", [](Metered& p, unsigned) {
         // Unknown calls (ENOSYS under the default policy) cost just the class.
         p.sys(999).sys(0x1fff);
       }},
  };
  for (const ClassCase& k : cases) {
    SCOPED_TRACE(k.name);
    Metered p(X);
    k.emit(p, X);
    p.exit(0);
    Result r = p.g.run();
    ASSERT_EQ(r.status, Status::exited) << summary(r);
    EXPECT_EQ(r.gas_used, p.gas);
    EXPECT_EQ(r.instructions, p.insns);
  }
}

TEST_P(Gas, ExactLimitSucceedsAndOneLessStopsBeforeTheBlock) {
  // Block 1: compute, store, output 16 bytes (ends at the output ecall).  Block 2: exit.
  Metered p(X);
  p.li(t0, 40).li(t1, 2).op(rv::add(t2, t0, t1), ALU).op(rv::mul(t3, t0, t1), MUL);
  p.g.save(t2);
  p.g.save(t3);
  p.gas += Asm::li_count(X, kResultBase) * ALU + 2 * STORE;  // save(): li x31 + two stores
  p.insns += Asm::li_count(X, kResultBase) + 2;
  const uint64_t out_len = 2 * (X / 8);
  p.li(a0, kResultBase).li(a1, out_len);
  const uint64_t block1 = p.gas + Asm::li_count(X, kSysOutput) * ALU + SYS;
  const uint64_t block1_insns = p.insns + Asm::li_count(X, kSysOutput) + 1;
  const uint64_t output_pc = p.g.a.here() + 4 * Asm::li_count(X, kSysOutput);
  p.sys(kSysOutput, out_len >> 3);
  const uint64_t before_exit = p.gas;
  p.exit(0);
  ASSERT_EQ(p.insns, block1_insns + 3);

  {
    SCOPED_TRACE("limit == need");
    Result r = p.g.run(with_limit(p.gas));
    ASSERT_EQ(r.status, Status::exited) << summary(r);
    EXPECT_EQ(r.gas_used, p.gas);
    EXPECT_EQ(r.gas_limit, p.gas);
    EXPECT_EQ(r.instructions, p.insns);
    EXPECT_EQ(p.g.values(r), (std::vector<uint64_t>{42, 80}));
  }
  {
    SCOPED_TRACE("one less: the exit block does not run");
    Result r = p.g.run(with_limit(p.gas - 1));
    EXPECT_EQ(r.status, Status::out_of_gas) << summary(r);
    EXPECT_EQ(r.gas_used, p.gas - 1);
    EXPECT_EQ(r.instructions, block1_insns);
    EXPECT_EQ(r.output.size(), out_len);  // block 1 and its call were paid for
    EXPECT_EQ(r.exit_code, 0);
  }
  {
    SCOPED_TRACE("enough for block 1 but not for the output call's own charge");
    ASSERT_GT(out_len >> 3, 0u);
    Result r = p.g.run(with_limit(before_exit - 1));
    EXPECT_EQ(r.status, Status::out_of_gas) << summary(r);
    EXPECT_EQ(r.gas_used, before_exit - 1);
    EXPECT_EQ(r.output, "");  // the call did nothing
    EXPECT_EQ(r.pc, output_pc);
  }
  {
    SCOPED_TRACE("one less than block 1: nothing runs");
    Result r = p.g.run(with_limit(block1 - 1));
    EXPECT_EQ(r.status, Status::out_of_gas) << summary(r);
    EXPECT_EQ(r.gas_used, block1 - 1);
    EXPECT_EQ(r.instructions, 0u);
    EXPECT_EQ(r.output, "");
  }
  {
    SCOPED_TRACE("zero gas");
    Result r = p.g.run(with_limit(0));
    EXPECT_EQ(r.status, Status::out_of_gas) << summary(r);
    EXPECT_EQ(r.gas_used, 0u);
    EXPECT_EQ(r.instructions, 0u);
  }
}

TEST_P(Gas, EcallStoppedForGasIsChargedButNotRetired) {
  // The output call cannot pay its own charge: the run stops at the ecall, which did nothing.
  // Like any trapping instruction it is charged (gas_used is the whole limit) but not retired.
  Metered p(X);
  p.li(a0, kDataBase).li(a1, 64);
  const uint64_t insns = p.insns + Asm::li_count(X, kSysOutput);
  const uint64_t ecall_pc = p.g.a.here() + 4 * Asm::li_count(X, kSysOutput);
  p.sys(kSysOutput, 64 >> 3);
  const uint64_t limit = p.gas - 1;  // one short of the call's own charge
  p.exit(0);
  Result r = p.g.run(with_limit(limit));
  EXPECT_EQ(r.status, Status::out_of_gas) << summary(r);
  EXPECT_EQ(r.output, "");
  EXPECT_EQ(r.pc, ecall_pc);
  EXPECT_EQ(r.gas_used, limit);
  EXPECT_EQ(r.instructions, insns);
}

TEST_P(Gas, LoopsChargePerIteration) {
  for (uint64_t n : {1u, 2u, 10u, 1000u, 100000u}) {
    SCOPED_TRACE("iterations " + std::to_string(n));
    Guest g(X);
    Label top = g.a.label();
    g.a.li(t0, n).bind(top).emit(rv::addi(t0, t0, -1)).bne(t0, x0, top);
    g.exit(0);
    const uint64_t li = Asm::li_count(X, n);
    Result r = g.run();
    ASSERT_EQ(r.status, Status::exited) << summary(r);
    EXPECT_EQ(r.gas_used, li * ALU + n * (ALU + BRANCH) + 2 * ALU + SYS);
    EXPECT_EQ(r.instructions, li + 2 * n + 3);
  }
}

TEST_P(Gas, LoopStopsAtTheFirstIterationItCannotPayFor) {
  // Blocks: [li t0; addi; bne] then [addi; bne] per further iteration.  With one unit left over
  // after m paid iterations, the next iteration's block cannot be paid for in full.
  const uint64_t n = 1000;
  Guest g(X);
  Label top = g.a.label();
  g.a.li(t0, n).bind(top).emit(rv::addi(t0, t0, -1)).bne(t0, x0, top);
  g.save(t0);
  g.finish();
  const uint64_t li = Asm::li_count(X, n);
  for (uint64_t m : {1u, 2u, 7u, 500u, 999u}) {
    SCOPED_TRACE("paid iterations " + std::to_string(m));
    const uint64_t limit = li * ALU + m * (ALU + BRANCH) + (ALU + BRANCH) - 1;
    Result r = g.run(with_limit(limit));
    EXPECT_EQ(r.status, Status::out_of_gas) << summary(r);
    EXPECT_EQ(r.gas_used, limit);
    EXPECT_EQ(r.instructions, li + 2 * m);
    EXPECT_EQ(r.output, "");
  }
}

TEST_P(Gas, CallsAndReturnsChargeEachJump) {
  // A function called 50 times: jal (jump) + addi (alu) + jalr (jump) per call.
  Guest g(X);
  Label fn = g.a.label(), top = g.a.label(), done = g.a.label();
  g.a.li(s0, 50).li(s1, 0).bind(top).jal(ra, fn).emit(rv::addi(s0, s0, -1)).bne(s0, x0, top).j(done);
  g.a.bind(fn).emit(rv::addi(s1, s1, 3)).emit(rv::jalr(x0, ra, 0));
  g.a.bind(done);
  g.exit(0);
  Result r = g.run();
  ASSERT_EQ(r.status, Status::exited) << summary(r);
  EXPECT_EQ(r.gas_used, 2 * ALU + 50 * (JUMP + ALU + JUMP + ALU + BRANCH) + JUMP + 2 * ALU + SYS);
  EXPECT_EQ(r.instructions, 2 + 50 * 5 + 1 + 3u);
}

TEST_P(Gas, TrapsChargeUpToAndIncludingTheTrappingInstruction) {
  struct TrapCase {
    const char* name;
    Status status;
    uint32_t insn;
    uint64_t cost;  // of the trapping instruction
  };
  const TrapCase cases[] = {
      {"load fault", Status::load_fault, rv::lw(t1, t0, 0), LOAD},
      {"store fault", Status::store_fault, rv::sw(t1, t0, 0), STORE},
      {"misaligned atomic", Status::misaligned_atomic, rv::amoadd_w(t1, t1, s0), ATOMIC},
      {"ebreak", Status::ebreak, rv::ebreak(), SYS},
  };
  for (const TrapCase& k : cases) {
    SCOPED_TRACE(k.name);
    Metered p(X);
    p.li(t0, 8).li(s0, kDataBase + 2);  // address 8 is below the program: unmapped
    p.op(rv::addi(t2, t2, 1), ALU).op(rv::addi(t2, t2, 1), ALU).op(rv::mul(t2, t2, t2), MUL);
    const uint64_t before = p.gas, insns = p.insns;
    const uint64_t pc = p.g.a.here();
    p.op(k.insn, k.cost);
    // The rest of the block, which must not be charged.
    for (int i = 0; i < 20; ++i) p.op(rv::div(t2, t2, t2), DIV);
    p.exit(0);
    Result r = p.g.run();
    EXPECT_EQ(r.status, k.status) << summary(r);
    EXPECT_EQ(r.pc, pc);
    EXPECT_EQ(r.gas_used, before + k.cost);
    EXPECT_EQ(r.instructions, insns);
    // The block is paid for on entry: a limit that covers the instructions up to the trap but
    // not the whole block stops the run before the block, with out_of_gas.  ebreak ends its
    // block, so there the same limit pays for exactly the block and the ebreak happens.
    Result q = p.g.run(with_limit(before + k.cost));
    if (k.status == Status::ebreak) {
      EXPECT_EQ(q.status, Status::ebreak) << summary(q);
      EXPECT_EQ(q.instructions, insns);
    } else {
      EXPECT_EQ(q.status, Status::out_of_gas) << summary(q);
      EXPECT_EQ(q.instructions, 0u);
    }
    EXPECT_EQ(q.gas_used, before + k.cost);
  }
}

TEST_P(Gas, TrapRefundsTheRestOfABlockOfMixedInstructions) {
  // Pairs an interpreter may fuse, compressed forms and ordinary ones before and after the trap.
  Metered p(X);
  p.op(rv::lui(t0, 0x12), ALU).op(rv::addi(t0, t0, 5), ALU).op(rv::auipc(t1, 0), ALU).op(rv::addi(t1, t1, 4), ALU);
  p.op16(rv::c_li(a0, 3), ALU).op16(rv::c_addi(a0, 1), ALU).op(rv::mul(a1, a0, a0), MUL);
  p.li(t2, 8);
  const uint64_t before = p.gas, insns = p.insns, pc = p.g.a.here();
  p.op16(rv::c_lw(a0, a0, 0), LOAD);  // a0 = 4: unmapped
  p.op(rv::lui(t0, 0x12), ALU).op(rv::addi(t0, t0, 5), ALU).op16(rv::c_li(a0, 3), ALU).op16(rv::c_addi(a0, 1), ALU);
  p.op(rv::div(t0, t0, t0), DIV).op(rv::amoadd_w(t0, t0, t2), ATOMIC).op(rv::rdcycle(t0), CSR);
  p.exit(0);
  Result r = p.g.run();
  EXPECT_EQ(r.status, Status::load_fault) << summary(r);
  EXPECT_EQ(r.pc, pc);
  EXPECT_EQ(r.gas_used, before + LOAD);
  EXPECT_EQ(r.instructions, insns);
}

TEST_P(Gas, IllegalInstructionStopsWithTheWorkBeforeItCharged) {
  Metered p(X);
  p.li(t0, 5).op(rv::addi(t0, t0, 1), ALU);
  const uint64_t before = p.gas, insns = p.insns, pc = p.g.a.here();
  p.g.a.emit(0xffffffff);
  p.op(rv::addi(t0, t0, 1), ALU);
  p.exit(0);
  Result r = p.g.run();
  EXPECT_EQ(r.status, Status::illegal_instruction) << summary(r);
  EXPECT_EQ(r.pc, pc);
  EXPECT_EQ(r.instructions, insns);
  // An illegal instruction has no class; what it adds, if anything, is at most one instruction's
  // worth (the cheapest classes cost 1).
  EXPECT_GE(r.gas_used, before);
  EXPECT_LE(r.gas_used, before + SYS);
}

TEST_P(Gas, OutputWriteAndReadChargePerEightBytes) {
  for (uint64_t len : {0u, 1u, 7u, 8u, 9u, 15u, 16u, 100u, 1000u}) {
    SCOPED_TRACE("length " + std::to_string(len));
    for (uint64_t call : {uint64_t(kSysOutput), uint64_t(64)}) {
      SCOPED_TRACE("call " + std::to_string(call));
      Metered p(X);
      if (call == 64) p.li(a0, 1).li(a1, kDataBase).li(a2, len);
      else p.li(a0, kDataBase).li(a1, len);
      p.sys(call, len >> 3);
      p.exit(0);
      Result r = p.g.run();
      ASSERT_EQ(r.status, Status::exited) << summary(r);
      EXPECT_EQ(r.gas_used, p.gas);
      EXPECT_EQ((call == 64 ? r.stdout_data : r.output).size(), len);
    }
  }
  // read(0, buf, len) and input_read(dst, len, offset): charged for the bytes moved.
  MachineOptions o = small_options();
  o.input = std::string(100, 'x');
  for (uint64_t len : {0u, 5u, 8u, 24u, 100u}) {
    SCOPED_TRACE("read length " + std::to_string(len));
    Metered p(X);
    p.li(a0, 0).li(a1, kDataBase).li(a2, len).sys(63, len >> 3);
    p.li(a0, kDataBase).li(a1, len).li(a2, 0).sys(0x1001, len >> 3);
    p.exit(0);
    Result r = p.g.run(o);
    ASSERT_EQ(r.status, Status::exited) << summary(r);
    EXPECT_EQ(r.gas_used, p.gas);
  }
}

TEST_P(Gas, BrkChargesPerPageOfGrowth) {
  const uint64_t brk0 = (kDataBase + kDataSize + 0xfff) & ~uint64_t(0xfff);
  Metered p(X);
  p.li(a0, 0).sys(214);                                  // query: free
  p.li(a0, brk0 + 3 * 4096).sys(214, 3 * tandem::vm::kGasBrkPerPage);
  p.li(a0, brk0 + 4096).sys(214);                        // shrinking adds nothing
  p.li(a0, brk0 + 2 * 4096).sys(214, tandem::vm::kGasBrkPerPage);
  p.exit(0);
  Result r = p.g.run();
  ASSERT_EQ(r.status, Status::exited) << summary(r);
  EXPECT_EQ(r.gas_used, p.gas);
}

TEST_P(Gas, GasLeftReportsTheRemainderAfterTheCall) {
  const uint64_t limit = 1000000;
  Metered p(X);
  p.li(t0, 3).op(rv::mul(t0, t0, t0), MUL).op(rv::div(t0, t0, t0), DIV);
  p.sys(0x1003);
  const uint64_t spent = p.gas;
  p.g.save(a0);
  p.g.save(a1);
  p.g.finish();
  Result r = p.g.run(with_limit(limit));
  ASSERT_EQ(r.status, Status::exited) << summary(r);
  EXPECT_EQ(p.g.values(r), (std::vector<uint64_t>{0, limit - spent}));
}

TEST(Gas32, GasLeftAboveFourBillionUsesA2ForTheHighHalf) {
  const uint64_t limit = (5ull << 32) + 12345;
  Metered p(32);
  p.sys(0x1003);
  const uint64_t left = limit - p.gas;
  p.g.save(a0);
  p.g.save(a1);
  p.g.save(a2);
  p.g.finish();
  Result r = p.g.run(with_limit(limit));
  ASSERT_EQ(r.status, Status::exited) << summary(r);
  EXPECT_EQ(p.g.values(r), (std::vector<uint64_t>{0, uint32_t(left), left >> 32}));
}

TEST_P(Gas, CountersAgreeWithResultInstructions) {
  Guest g(X);
  Label top = g.a.label();
  g.a.li(t0, 37).bind(top).emit(rv::addi(t0, t0, -1)).emit16(rv::c_nop()).bne(t0, x0, top);
  g.a.emit(rv::rdinstret(s0));
  const uint64_t after = g.a.here();
  g.save(s0);
  g.finish();
  // Instructions after the rdinstret, all straight-line: count them from the code size.  The
  // save/finish sequence contains no compressed instructions.
  const uint64_t tail = (g.a.here() - after) / 4;
  Result r = g.run();
  ASSERT_EQ(r.status, Status::exited) << summary(r);
  const std::vector<uint64_t> v = g.values(r);
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0], 1 + 37 * 3u);
  EXPECT_EQ(r.instructions, v[0] + 1 + tail);
}

TEST_P(Gas, SameProgramSameGas) {
  Guest g(X);
  Label top = g.a.label();
  g.a.li(t0, 500).li(t1, 0).bind(top).emit(rv::mul(t1, t1, t0)).emit(rv::addi(t1, t1, 7)).emit(rv::addi(t0, t0, -1));
  g.a.bne(t0, x0, top);
  g.save(t1);
  g.finish();
  const Result a = g.run(with_limit(100000)), b = g.run(with_limit(100000));
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.gas_used, b.gas_used);
  EXPECT_EQ(a.instructions, b.instructions);
  EXPECT_EQ(a.output, b.output);
  const Result c = g.run(with_limit(1234)), d = g.run(with_limit(1234));
  EXPECT_EQ(c.status, Status::out_of_gas);
  EXPECT_EQ(c.gas_used, 1234u);
  EXPECT_EQ(c.instructions, d.instructions);
  EXPECT_EQ(c.pc, d.pc);
}

INSTANTIATE_TEST_SUITE_P(Xlen, Gas, ::testing::Values(32u, 64u),
                         [](const ::testing::TestParamInfo<unsigned>& i) { return "rv" + std::to_string(i.param); });

}  // namespace
