// Regression: an executable segment at an odd address shifted the whole instruction grid.
//
// Found by fuzz_elf_loader.  The loader accepted a PT_LOAD with the X flag at an odd p_vaddr and
// the decoder used the lowest executable address as the base of its 2-byte slot grid, so every
// slot sat at an odd address.  The entry point (checked to be even) then mapped to the slot one
// byte below it: the program started at entry - 1, executing bytes that are not its code (here a
// zero from the gap: illegal instruction at pc 0xffff instead of the exit at 0x10000).
//
// Either outcome is right: the loader refuses the file (an odd executable address cannot hold a
// RISC-V instruction), or the program runs from its entry point and exits with 7.
#include <gtest/gtest.h>

#include "rv_asm.h"

namespace rv = tandem::test::rv;
using tandem::Machine;
using tandem::Program;
using tandem::Status;
using tandem::test::ElfSpec;
using tandem::test::SegSpec;

namespace {

std::vector<uint8_t> exit7(unsigned xlen, uint64_t base) {
  rv::Asm a(xlen, base);
  a.li(rv::a0, 7).li(rv::a7, 93).emit(rv::ecall());
  return a.finish();
}

void expect_refused_or_exits_7(const ElfSpec& s) {
  const auto elf = tandem::test::build_elf(s);
  auto p = Program::from_bytes(elf);
  if (!p) {
    SUCCEED() << "refused: " << p.error();
    return;
  }
  auto m = Machine::create(*p, rv::small_options());
  ASSERT_TRUE(m.has_value()) << m.error();
  const auto r = m->run();
  EXPECT_EQ(r.status, Status::exited) << rv::summary(r);
  EXPECT_EQ(r.exit_code, 7) << rv::summary(r);
  EXPECT_EQ(r.pc, s.entry + 8) << rv::summary(r);  // li a0; li a7; ecall
}

}  // namespace

class OddTextBase : public ::testing::TestWithParam<unsigned> {};

// A second, tiny executable segment at an odd address below the code (the fuzzer's case).
TEST_P(OddTextBase, OddExecutableSegmentBelowTheCode) {
  ElfSpec s;
  s.xlen = GetParam();
  s.entry = 0x10000;
  s.segs = {SegSpec{0x1001, {0x01, 0x00}, 0, 5}, SegSpec{0x10000, exit7(s.xlen, 0x10000), 0, 5}};
  expect_refused_or_exits_7(s);
}

// One executable segment that starts at an odd address; the entry is the even address after it.
TEST_P(OddTextBase, CodeSegmentAtAnOddAddress) {
  ElfSpec s;
  s.xlen = GetParam();
  s.entry = 0x10002;
  std::vector<uint8_t> bytes = {0x00};
  const auto code = exit7(s.xlen, 0x10002);
  bytes.insert(bytes.end(), code.begin(), code.end());
  s.segs = {SegSpec{0x10001, bytes, 0, 5}};
  expect_refused_or_exits_7(s);
}

INSTANTIATE_TEST_SUITE_P(Xlen, OddTextBase, ::testing::Values(32u, 64u),
                         [](const auto& info) { return "rv" + std::to_string(info.param); });
