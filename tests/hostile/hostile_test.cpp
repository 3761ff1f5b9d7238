// tests/hostile/hostile_test.cpp: every hostile behaviour of tests/hostile/hostile.c ends with its
// documented status (docs/memory.md, docs/abi.md), on rv64 and rv32, and leaves the host intact.
#include <gtest/gtest.h>

#include <string>

#include "tandem/tandem.h"

namespace {

using tandem::Status;

struct Case {
  const char* mode;
  Status status;
  int64_t exit_code = 0;
  uint64_t gas = UINT64_MAX;
};

class Hostile : public ::testing::TestWithParam<unsigned> {
 protected:
  tandem::Result run(const Case& c) {
    const std::string path = std::string(TANDEM_GUESTS_DIR) + "/hostile_rv" + std::to_string(GetParam()) + ".elf";
    auto program = tandem::Program::from_file(path);
    EXPECT_TRUE(program) << program.error();
    if (!program) return {};
    tandem::MachineOptions o;
    o.memory = 16ull << 20;
    o.stack = 256ull << 10;
    o.gas_limit = c.gas;
    o.args = {"hostile", c.mode};
    auto m = tandem::Machine::create(*program, o);
    EXPECT_TRUE(m) << m.error();
    return m->run();
  }
  void expect(const Case& c) {
    SCOPED_TRACE(c.mode);
    auto r = run(c);
    EXPECT_EQ(r.status, c.status) << r.message;
    if (c.status == Status::exited) {
      EXPECT_EQ(r.exit_code, c.exit_code) << r.stdout_data;
    }
    EXPECT_FALSE(r.message.empty());
    EXPECT_LE(r.gas_used, r.gas_limit);
    // Deterministic: a second machine gives the same outcome, gas and count.
    auto r2 = run(c);
    EXPECT_EQ(r2.status, r.status);
    EXPECT_EQ(r2.gas_used, r.gas_used);
    EXPECT_EQ(r2.instructions, r.instructions);
    EXPECT_EQ(r2.pc, r.pc);
    EXPECT_EQ(r2.fault_address, r.fault_address);
  }
};

TEST_P(Hostile, InfiniteLoopRunsOutOfGas) {
  auto r = run({"loop", Status::out_of_gas, 0, 5'000'000});
  EXPECT_EQ(r.status, Status::out_of_gas) << r.message;
  EXPECT_EQ(r.gas_used, 5'000'000u);
  expect({"loop", Status::out_of_gas, 0, 5'000'000});
}

TEST_P(Hostile, UnboundedRecursionHitsTheGuard) {
  auto r = run({"recursion", Status::store_fault});
  EXPECT_EQ(r.status, Status::store_fault) << r.message;
  EXPECT_NE(r.message.find("guard"), std::string::npos) << r.message;
  const uint64_t stack_lo = (16ull << 20) - (256ull << 10);
  EXPECT_LT(r.fault_address, stack_lo);
  EXPECT_GE(r.fault_address, stack_lo - 64 * 1024);
}

TEST_P(Hostile, HeapBombStopsCleanly) {
  auto r = run({"heap_bomb", Status::exited});
  ASSERT_EQ(r.status, Status::exited) << r.message;
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.stdout_data.find("heap exhausted after"), std::string::npos);
}

TEST_P(Hostile, WritePastTheBreakFaults) {
  expect({"brk_past_end", Status::store_fault});
  auto r = run({"brk_past_end", Status::store_fault});
  EXPECT_NE(r.message.find("heap"), std::string::npos) << r.message;
}

TEST_P(Hostile, WildAccessesFault) {
  expect({"null_read", Status::load_fault});
  expect({"null_write", Status::store_fault});
  expect({"wild_read", Status::load_fault});
  expect({"wild_write", Status::store_fault});
  auto r = run({"null_read", Status::load_fault});
  EXPECT_EQ(r.fault_address, 0u);
}

TEST_P(Hostile, WritingItsOwnCodeFaults) {
  expect({"code_write", Status::store_fault});
  auto r = run({"code_write", Status::store_fault});
  EXPECT_NE(r.message.find("read-only"), std::string::npos) << r.message;
}

TEST_P(Hostile, JumpsIntoDataAndMidInstructionTrap) {
  expect({"jump_data", Status::fetch_fault});
  expect({"jump_mid", Status::illegal_instruction});
}

TEST_P(Hostile, BadSystemCallArgumentsAreRefusedNotFatal) {
  expect({"bad_write_ptr", Status::exited, 0});
  expect({"huge_lengths", Status::exited, 0});
  expect({"misaligned_args", Status::exited, 0});
  expect({"unknown_syscall", Status::exited, 0});
}

TEST_P(Hostile, GasRunsOutInsideASystemCall) {
  auto r = run({"gas_in_syscall", Status::out_of_gas, 0, 100'000});
  EXPECT_EQ(r.status, Status::out_of_gas) << r.message;
  EXPECT_EQ(r.gas_used, 100'000u);
  EXPECT_TRUE(r.stdout_data.empty());  // the write never happened
}

TEST_P(Hostile, Rv64OnlyEncodings) {
  expect({"rv64_only", GetParam() == 32 ? Status::illegal_instruction : Status::exited, 0});
}

TEST_P(Hostile, EbreakAndMisalignedAtomics) {
  expect({"ebreak", Status::ebreak});
  expect({"misaligned_atomic", Status::misaligned_atomic});
}

INSTANTIATE_TEST_SUITE_P(Xlen, Hostile, ::testing::Values(64u, 32u),
                         [](const auto& info) { return "rv" + std::to_string(info.param); });

}  // namespace
