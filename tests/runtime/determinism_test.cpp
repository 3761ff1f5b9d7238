// tests/runtime/determinism_test.cpp: the same program, input and gas limit give the same output,
// exit status, gas and instruction count, run after run, for every example and benchmark workload
// (workloads with a small iteration count), and with a gas limit that cuts the run short.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "tandem/tandem.h"

namespace {

struct Workload {
  const char* elf;
  std::vector<std::string> args;
  std::string input;
};

class Determinism : public ::testing::TestWithParam<Workload> {};

tandem::Result run_once(const tandem::Program& p, const Workload& w, uint64_t gas) {
  tandem::MachineOptions o;
  o.memory = 64ull << 20;
  o.gas_limit = gas;
  o.args = w.args;
  o.input = w.input;
  auto m = tandem::Machine::create(p, o);
  EXPECT_TRUE(m) << m.error();
  return m->run();
}

void expect_same(const tandem::Result& a, const tandem::Result& b) {
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.exit_code, b.exit_code);
  EXPECT_EQ(a.gas_used, b.gas_used);
  EXPECT_EQ(a.instructions, b.instructions);
  EXPECT_EQ(a.pc, b.pc);
  EXPECT_EQ(a.stdout_data, b.stdout_data);
  EXPECT_EQ(a.stderr_data, b.stderr_data);
  EXPECT_EQ(a.output, b.output);
}

TEST_P(Determinism, TwoRunsAgree) {
  const Workload& w = GetParam();
  const std::string path = std::string(TANDEM_GUESTS_DIR) + "/" + w.elf;
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " was not built";
  auto p = tandem::Program::from_file(path);
  ASSERT_TRUE(p) << p.error();
  auto a = run_once(*p, w, UINT64_MAX);
  auto b = run_once(*p, w, UINT64_MAX);
  ASSERT_EQ(a.status, tandem::Status::exited) << a.message;
  EXPECT_EQ(a.exit_code, 0);
  EXPECT_FALSE(a.stdout_data.empty());
  expect_same(a, b);
  // Cut short halfway: the stop point is the same too.
  auto c = run_once(*p, w, a.gas_used / 2);
  auto d = run_once(*p, w, a.gas_used / 2);
  EXPECT_EQ(c.status, tandem::Status::out_of_gas);
  expect_same(c, d);
  EXPECT_LT(c.instructions, a.instructions);
}

INSTANTIATE_TEST_SUITE_P(
    Guests, Determinism,
    ::testing::Values(Workload{"hello.elf", {"hello"}, ""}, Workload{"hello_rv32.elf", {"hello"}, ""},
                      Workload{"wordcount.elf", {"wordcount"}, "one two three\nfour five\n"},
                      Workload{"bench_coremark_like.elf", {"coremark_like", "20"}, ""},
                      Workload{"bench_keccak.elf", {"keccak", "1"}, ""},
                      Workload{"bench_sha256.elf", {"sha256", "1"}, ""},
                      Workload{"bench_matmul_int.elf", {"matmul_int", "1"}, ""}),
    [](const auto& info) {
      std::string n = info.param.elf;
      return n.substr(0, n.find('.'));
    });

}  // namespace
