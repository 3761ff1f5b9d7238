// tests/vm/isa_test.cpp: instruction semantics of the glue VM, observed through the public API.
//
// Each test builds a small guest with tests/support/rv_asm.h: registers are seeded with li, the
// instruction under test runs, and the registers of interest are saved into result slots that the
// guest hands back with the `output` call.  Many cases share one guest (Cases), so a table of
// edge cases costs one machine.  Expected values come from the RISC-V unprivileged ISA manual,
// written out by hand for edge cases and computed by the reference model below for random
// operands.  Random tests print their seed; TANDEM_TEST_SEED and TANDEM_TEST_ITERS override the
// defaults.  Every test runs on RV32 and RV64 unless the instruction exists on one only.
#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "rv_asm.h"

namespace {

using namespace tandem::test::rv;  // NOLINT(google-build-using-namespace): instruction names
using tandem::MachineOptions;
using tandem::Result;
using tandem::Status;

std::string hex(uint64_t v) {
  char b[24];
  std::snprintf(b, sizeof b, "0x%llx", (unsigned long long)v);
  return b;
}

uint64_t env_u64(const char* name, uint64_t dflt) {
  const char* s = std::getenv(name);
  return s && *s ? std::strtoull(s, nullptr, 0) : dflt;
}
uint64_t test_seed() { return env_u64("TANDEM_TEST_SEED", 0x7a4de11f00d5eedull); }
uint64_t test_iters() { return env_u64("TANDEM_TEST_ITERS", 256); }

constexpr uint64_t sext32(uint64_t v) { return uint64_t(int64_t(int32_t(uint32_t(v)))); }

// ---------------------------------------------------------------------------------------------
// Cases: many independent checks in one guest.
class Cases {
 public:
  explicit Cases(unsigned xlen) : g(xlen) {}

  Guest g;
  Asm& a() { return g.a; }
  unsigned xlen() const { return g.xlen(); }
  uint64_t m(uint64_t v) const { return xlen() == 64 ? v : uint32_t(v); }

  // Starts a case; a trap inside it is reported with this description and line.
  void begin(std::string what, int line) { cases_.push_back(Case{a().here(), std::move(what), line}); }
  // Saves r and expects it to hold want (truncated to XLEN).
  void want(Reg r, uint64_t w) {
    size_t slot = g.save(r);
    const Case& c = cases_.back();
    expects_.push_back(Expect{slot, m(w), c.what, c.line});
  }

  void rr(RType op, const char* name, uint64_t x, uint64_t y, uint64_t w, int line) {
    begin(std::string(name) + "(" + hex(m(x)) + ", " + hex(m(y)) + ")", line);
    a().li(t0, x).li(t1, y).emit(op(t2, t0, t1));
    want(t2, w);
  }
  void ri(IType op, const char* name, uint64_t x, int32_t imm, uint64_t w, int line) {
    begin(std::string(name) + "(" + hex(m(x)) + ", " + std::to_string(imm) + ")", line);
    a().li(t0, x).emit(op(t2, t0, imm));
    want(t2, w);
  }
  void r1(uint32_t insn_t2_t0, const char* name, uint64_t x, uint64_t w, int line) {
    begin(std::string(name) + "(" + hex(m(x)) + ")", line);
    a().li(t0, x).emit(insn_t2_t0);
    want(t2, w);
  }

  // Runs the guest once and checks every expectation.
  void check(MachineOptions o = small_options()) {
    g.finish();
    Result r = g.run(std::move(o));
    if (r.status != Status::exited || r.exit_code != 0) {
      std::string where = "before any case";
      for (const Case& c : cases_)
        if (c.pc <= r.pc) where = c.what + " (line " + std::to_string(c.line) + ")";
      ADD_FAILURE() << "guest stopped: " << summary(r) << "; in case " << where;
      return;
    }
    std::vector<uint64_t> v = g.values(r);
    ASSERT_EQ(v.size(), g.slots()) << "output size";
    for (const Expect& e : expects_)
      EXPECT_EQ(hex(v[e.slot]), hex(e.want)) << e.what << " (line " << e.line << ")";
  }

 private:
  struct Case {
    uint64_t pc;
    std::string what;
    int line;
  };
  struct Expect {
    size_t slot;
    uint64_t want;
    std::string what;
    int line;
  };
  std::vector<Case> cases_;
  std::vector<Expect> expects_;
};

#define RR(op, x, y, w) c.rr(rv::op, #op, x, y, w, __LINE__)
#define RI(op, x, imm, w) c.ri(rv::op, #op, x, imm, w, __LINE__)
#define R1(op, x, w) c.r1(rv::op(t2, t0), #op, x, w, __LINE__)
#define R1X(op, x, w) c.r1(rv::op(c.xlen(), t2, t0), #op, x, w, __LINE__)
#define CASE(what) c.begin(what, __LINE__)

namespace rv = tandem::test::rv;

// Runs a guest expected to stop with `status` at `pc`.
void expect_stop(const Guest& g, Status status, uint64_t pc, MachineOptions o = small_options()) {
  Result r = g.run(std::move(o));
  EXPECT_EQ(r.status, status) << summary(r);
  EXPECT_EQ(hex(r.pc), hex(pc)) << summary(r);
}

// ---------------------------------------------------------------------------------------------
// Reference model: register values truncated to XLEN (RV32 values zero-extended in a uint64_t).
struct Ref {
  unsigned x;
  uint64_t m(uint64_t v) const { return x == 64 ? v : uint32_t(v); }
  int64_t s(uint64_t v) const { return x == 64 ? int64_t(v) : int64_t(int32_t(uint32_t(v))); }
  unsigned sh(uint64_t b) const { return unsigned(b & (x - 1)); }
  uint64_t smin() const { return x == 64 ? 0x8000000000000000ull : 0x80000000ull; }
  uint64_t w(uint64_t v) const { return m(sext32(v)); }  // W-op result
  uint64_t rotl(uint64_t a, unsigned r) const { a = m(a); return r ? m(a << r | a >> (x - r)) : a; }
  uint64_t rotr(uint64_t a, unsigned r) const { a = m(a); return r ? m(a >> r | a << (x - r)) : a; }
  uint64_t clz(uint64_t a) const { return x == 64 ? std::countl_zero(a) : std::countl_zero(uint32_t(a)); }
  uint64_t ctz(uint64_t a) const { return x == 64 ? std::countr_zero(a) : std::countr_zero(uint32_t(a)); }
  uint64_t mulh(uint64_t a, uint64_t b) const {
    if (x == 32) return m(uint64_t((s(a) * s(b)) >> 32));
    return uint64_t((__int128(s(a)) * __int128(s(b))) >> 64);
  }
  uint64_t mulhsu(uint64_t a, uint64_t b) const {
    if (x == 32) return m(uint64_t((s(a) * int64_t(uint32_t(b))) >> 32));
    return uint64_t((__int128(s(a)) * __int128(uint64_t(b))) >> 64);
  }
  uint64_t mulhu(uint64_t a, uint64_t b) const {
    if (x == 32) return m((m(a) * m(b)) >> 32);
    return uint64_t((unsigned __int128)a * b >> 64);
  }
  uint64_t div(uint64_t a, uint64_t b) const {
    if (m(b) == 0) return m(~0ull);
    if (m(a) == smin() && s(b) == -1) return m(a);
    return m(uint64_t(s(a) / s(b)));
  }
  uint64_t rem(uint64_t a, uint64_t b) const {
    if (m(b) == 0) return m(a);
    if (m(a) == smin() && s(b) == -1) return 0;
    return m(uint64_t(s(a) % s(b)));
  }
  uint64_t divu(uint64_t a, uint64_t b) const { return m(b) == 0 ? m(~0ull) : m(a) / m(b); }
  uint64_t remu(uint64_t a, uint64_t b) const { return m(b) == 0 ? m(a) : m(a) % m(b); }
  static uint64_t orc_b(uint64_t a) {
    uint64_t r = 0;
    for (int i = 0; i < 8; ++i)
      if ((a >> (8 * i)) & 0xff) r |= 0xffull << (8 * i);
    return r;
  }
  uint64_t rev8(uint64_t a) const {
    uint64_t r = 0;
    for (unsigned i = 0; i < x / 8; ++i) r |= ((a >> (8 * i)) & 0xff) << (x - 8 - 8 * i);
    return r;
  }
};

using RefRR = uint64_t (*)(const Ref&, uint64_t, uint64_t);
struct RROp {
  const char* name;
  RType enc;
  bool rv32;  // exists on RV32 too
  RefRR ref;
};

// W-op helpers: operate on the low 32 bits, sign-extend the 32-bit result.
uint64_t w_div(uint64_t a, uint64_t b) { return Ref{32}.div(a, b); }
uint64_t w_rem(uint64_t a, uint64_t b) { return Ref{32}.rem(a, b); }

const RROp kRROps[] = {
    {"add", rv::add, true, [](const Ref& r, uint64_t a, uint64_t b) { return r.m(a + b); }},
    {"sub", rv::sub, true, [](const Ref& r, uint64_t a, uint64_t b) { return r.m(a - b); }},
    {"sll", rv::sll, true, [](const Ref& r, uint64_t a, uint64_t b) { return r.m(a << r.sh(b)); }},
    {"slt", rv::slt, true, [](const Ref& r, uint64_t a, uint64_t b) { return uint64_t(r.s(a) < r.s(b)); }},
    {"sltu", rv::sltu, true, [](const Ref& r, uint64_t a, uint64_t b) { return uint64_t(r.m(a) < r.m(b)); }},
    {"xor", rv::xor_, true, [](const Ref& r, uint64_t a, uint64_t b) { return r.m(a ^ b); }},
    {"srl", rv::srl, true, [](const Ref& r, uint64_t a, uint64_t b) { return r.m(a) >> r.sh(b); }},
    {"sra", rv::sra, true, [](const Ref& r, uint64_t a, uint64_t b) { return r.m(uint64_t(r.s(a) >> r.sh(b))); }},
    {"or", rv::or_, true, [](const Ref& r, uint64_t a, uint64_t b) { return r.m(a | b); }},
    {"and", rv::and_, true, [](const Ref& r, uint64_t a, uint64_t b) { return r.m(a & b); }},
    {"addw", rv::addw, false, [](const Ref& r, uint64_t a, uint64_t b) { return r.w(a + b); }},
    {"subw", rv::subw, false, [](const Ref& r, uint64_t a, uint64_t b) { return r.w(a - b); }},
    {"sllw", rv::sllw, false, [](const Ref& r, uint64_t a, uint64_t b) { return r.w(uint32_t(a) << (b & 31)); }},
    {"srlw", rv::srlw, false, [](const Ref& r, uint64_t a, uint64_t b) { return r.w(uint32_t(a) >> (b & 31)); }},
    {"sraw", rv::sraw, false,
     [](const Ref& r, uint64_t a, uint64_t b) { return r.w(uint64_t(int32_t(uint32_t(a)) >> (b & 31))); }},
    {"mul", rv::mul, true, [](const Ref& r, uint64_t a, uint64_t b) { return r.m(a * b); }},
    {"mulh", rv::mulh, true, [](const Ref& r, uint64_t a, uint64_t b) { return r.mulh(a, b); }},
    {"mulhsu", rv::mulhsu, true, [](const Ref& r, uint64_t a, uint64_t b) { return r.mulhsu(a, b); }},
    {"mulhu", rv::mulhu, true, [](const Ref& r, uint64_t a, uint64_t b) { return r.mulhu(a, b); }},
    {"div", rv::div, true, [](const Ref& r, uint64_t a, uint64_t b) { return r.div(a, b); }},
    {"divu", rv::divu, true, [](const Ref& r, uint64_t a, uint64_t b) { return r.divu(a, b); }},
    {"rem", rv::rem, true, [](const Ref& r, uint64_t a, uint64_t b) { return r.rem(a, b); }},
    {"remu", rv::remu, true, [](const Ref& r, uint64_t a, uint64_t b) { return r.remu(a, b); }},
    {"mulw", rv::mulw, false, [](const Ref& r, uint64_t a, uint64_t b) { return r.w(a * b); }},
    {"divw", rv::divw, false, [](const Ref& r, uint64_t a, uint64_t b) { return r.w(w_div(a, b)); }},
    {"divuw", rv::divuw, false, [](const Ref& r, uint64_t a, uint64_t b) { return r.w(Ref{32}.divu(a, b)); }},
    {"remw", rv::remw, false, [](const Ref& r, uint64_t a, uint64_t b) { return r.w(w_rem(a, b)); }},
    {"remuw", rv::remuw, false, [](const Ref& r, uint64_t a, uint64_t b) { return r.w(Ref{32}.remu(a, b)); }},
    {"sh1add", rv::sh1add, true, [](const Ref& r, uint64_t a, uint64_t b) { return r.m((a << 1) + b); }},
    {"sh2add", rv::sh2add, true, [](const Ref& r, uint64_t a, uint64_t b) { return r.m((a << 2) + b); }},
    {"sh3add", rv::sh3add, true, [](const Ref& r, uint64_t a, uint64_t b) { return r.m((a << 3) + b); }},
    {"add.uw", rv::add_uw, false, [](const Ref&, uint64_t a, uint64_t b) { return uint64_t(uint32_t(a)) + b; }},
    {"sh1add.uw", rv::sh1add_uw, false, [](const Ref&, uint64_t a, uint64_t b) { return (uint64_t(uint32_t(a)) << 1) + b; }},
    {"sh2add.uw", rv::sh2add_uw, false, [](const Ref&, uint64_t a, uint64_t b) { return (uint64_t(uint32_t(a)) << 2) + b; }},
    {"sh3add.uw", rv::sh3add_uw, false, [](const Ref&, uint64_t a, uint64_t b) { return (uint64_t(uint32_t(a)) << 3) + b; }},
    {"andn", rv::andn, true, [](const Ref& r, uint64_t a, uint64_t b) { return r.m(a & ~b); }},
    {"orn", rv::orn, true, [](const Ref& r, uint64_t a, uint64_t b) { return r.m(a | ~b); }},
    {"xnor", rv::xnor, true, [](const Ref& r, uint64_t a, uint64_t b) { return r.m(~(a ^ b)); }},
    {"min", rv::min, true, [](const Ref& r, uint64_t a, uint64_t b) { return r.s(a) < r.s(b) ? r.m(a) : r.m(b); }},
    {"minu", rv::minu, true, [](const Ref& r, uint64_t a, uint64_t b) { return r.m(a) < r.m(b) ? r.m(a) : r.m(b); }},
    {"max", rv::max, true, [](const Ref& r, uint64_t a, uint64_t b) { return r.s(a) > r.s(b) ? r.m(a) : r.m(b); }},
    {"maxu", rv::maxu, true, [](const Ref& r, uint64_t a, uint64_t b) { return r.m(a) > r.m(b) ? r.m(a) : r.m(b); }},
    {"rol", rv::rol, true, [](const Ref& r, uint64_t a, uint64_t b) { return r.rotl(a, r.sh(b)); }},
    {"ror", rv::ror, true, [](const Ref& r, uint64_t a, uint64_t b) { return r.rotr(a, r.sh(b)); }},
    {"rolw", rv::rolw, false, [](const Ref& r, uint64_t a, uint64_t b) { return r.w(Ref{32}.rotl(a, b & 31)); }},
    {"rorw", rv::rorw, false, [](const Ref& r, uint64_t a, uint64_t b) { return r.w(Ref{32}.rotr(a, b & 31)); }},
};

using RefRI = uint64_t (*)(const Ref&, uint64_t, int32_t);
struct RIOp {
  const char* name;
  IType enc;
  bool rv32;
  int kind;  // 0: 12-bit signed immediate; 1: shamt < XLEN; 2: shamt < 32; 3: shamt < 64
  RefRI ref;
};
const RIOp kRIOps[] = {
    {"addi", rv::addi, true, 0, [](const Ref& r, uint64_t a, int32_t i) { return r.m(a + uint64_t(int64_t(i))); }},
    {"slti", rv::slti, true, 0, [](const Ref& r, uint64_t a, int32_t i) { return uint64_t(r.s(a) < i); }},
    {"sltiu", rv::sltiu, true, 0, [](const Ref& r, uint64_t a, int32_t i) { return uint64_t(r.m(a) < r.m(uint64_t(int64_t(i)))); }},
    {"xori", rv::xori, true, 0, [](const Ref& r, uint64_t a, int32_t i) { return r.m(a ^ uint64_t(int64_t(i))); }},
    {"ori", rv::ori, true, 0, [](const Ref& r, uint64_t a, int32_t i) { return r.m(a | uint64_t(int64_t(i))); }},
    {"andi", rv::andi, true, 0, [](const Ref& r, uint64_t a, int32_t i) { return r.m(a & uint64_t(int64_t(i))); }},
    {"slli", rv::slli, true, 1, [](const Ref& r, uint64_t a, int32_t i) { return r.m(a << i); }},
    {"srli", rv::srli, true, 1, [](const Ref& r, uint64_t a, int32_t i) { return r.m(a) >> i; }},
    {"srai", rv::srai, true, 1, [](const Ref& r, uint64_t a, int32_t i) { return r.m(uint64_t(r.s(a) >> i)); }},
    {"rori", rv::rori, true, 1, [](const Ref& r, uint64_t a, int32_t i) { return r.rotr(a, unsigned(i)); }},
    {"addiw", rv::addiw, false, 0, [](const Ref& r, uint64_t a, int32_t i) { return r.w(a + uint64_t(int64_t(i))); }},
    {"slliw", rv::slliw, false, 2, [](const Ref& r, uint64_t a, int32_t i) { return r.w(a << i); }},
    {"srliw", rv::srliw, false, 2, [](const Ref& r, uint64_t a, int32_t i) { return r.w(uint32_t(a) >> i); }},
    {"sraiw", rv::sraiw, false, 2, [](const Ref& r, uint64_t a, int32_t i) { return r.w(uint64_t(int32_t(uint32_t(a)) >> i)); }},
    {"roriw", rv::roriw, false, 2, [](const Ref& r, uint64_t a, int32_t i) { return r.w(Ref{32}.rotr(a, unsigned(i))); }},
    {"slli.uw", rv::slli_uw, false, 3, [](const Ref&, uint64_t a, int32_t i) { return uint64_t(uint32_t(a)) << i; }},
};

using RefR1 = uint64_t (*)(const Ref&, uint64_t);
struct R1Op {
  const char* name;
  uint32_t (*enc)(unsigned xlen, Reg rd, Reg rs1);
  bool rv32;
  RefR1 ref;
};
#define TANDEM_UNARY(f) [](unsigned, Reg d, Reg s) { return rv::f(d, s); }
const R1Op kR1Ops[] = {
    {"clz", TANDEM_UNARY(clz), true, [](const Ref& r, uint64_t a) { return r.clz(a); }},
    {"ctz", TANDEM_UNARY(ctz), true, [](const Ref& r, uint64_t a) { return r.ctz(a); }},
    {"cpop", TANDEM_UNARY(cpop), true, [](const Ref& r, uint64_t a) { return uint64_t(std::popcount(r.m(a))); }},
    {"sext.b", TANDEM_UNARY(sext_b), true, [](const Ref& r, uint64_t a) { return r.m(uint64_t(int64_t(int8_t(a)))); }},
    {"sext.h", TANDEM_UNARY(sext_h), true, [](const Ref& r, uint64_t a) { return r.m(uint64_t(int64_t(int16_t(a)))); }},
    {"zext.h", rv::zext_h, true, [](const Ref&, uint64_t a) { return a & 0xffff; }},
    {"orc.b", TANDEM_UNARY(orc_b), true, [](const Ref& r, uint64_t a) { return Ref::orc_b(r.m(a)); }},
    {"rev8", rv::rev8, true, [](const Ref& r, uint64_t a) { return r.rev8(r.m(a)); }},
    {"clzw", TANDEM_UNARY(clzw), false, [](const Ref&, uint64_t a) { return uint64_t(std::countl_zero(uint32_t(a))); }},
    {"ctzw", TANDEM_UNARY(ctzw), false, [](const Ref&, uint64_t a) { return uint64_t(std::countr_zero(uint32_t(a))); }},
    {"cpopw", TANDEM_UNARY(cpopw), false, [](const Ref&, uint64_t a) { return uint64_t(std::popcount(uint32_t(a))); }},
};
#undef TANDEM_UNARY

// Operands that find edge cases, mixed with uniform ones.
uint64_t operand(std::mt19937_64& g) {
  static const uint64_t special[] = {0,
                                     1,
                                     2,
                                     3,
                                     ~0ull,
                                     ~1ull,
                                     0x7fffffffffffffffull,
                                     0x8000000000000000ull,
                                     0x7fffffff,
                                     0x80000000,
                                     0xffffffff,
                                     0x100000000ull,
                                     0xffffffff80000000ull,
                                     0xffffffff7fffffffull,
                                     0x00000000ffff0000ull,
                                     31,
                                     32,
                                     33,
                                     63,
                                     64,
                                     65,
                                     0x8000,
                                     0xffff8000ull,
                                     0x80,
                                     0xff,
                                     0x0101010101010101ull};
  switch (g() % 10) {
    case 0:
    case 1: return special[g() % (sizeof special / sizeof special[0])];
    case 2: return g() & 0xff;
    case 3: return uint64_t(int64_t(int8_t(g())));
    case 4: return uint32_t(g());
    case 5: return sext32(g());
    case 6: return g() >> (g() % 64);
    default: return g();
  }
}

class Isa : public ::testing::TestWithParam<unsigned> {
 protected:
  unsigned X = GetParam();
  bool rv64() const { return X == 64; }
  uint64_t m(uint64_t v) const { return X == 64 ? v : uint32_t(v); }
};

// ---------------------------------------------------------------------------------------------
// The harness itself: li builds every constant, the exit ecall reports its pc.

TEST_P(Isa, LiLoadsConstants) {
  Cases c(X);
  const uint64_t vals[] = {0, 1, ~0ull, 2047, 2048, ~2047ull, ~2048ull, 0x7ff, 0x800, 0xfff, 0x1000, 0x7ffff7ff,
                           0x7ffff800, 0x7fffffff, 0x80000000, 0xffffffff, 0x80000800, 0x12345678,
                           0x100000000ull, 0x7fffffffffffffffull, 0x8000000000000000ull, 0x8000000000000800ull,
                           0x123456789abcdef0ull, 0xfedcba9876543210ull, 0x00000fffffffffffull,
                           0xffffffff7ffff800ull, 0x0000000100000801ull};
  for (uint64_t v : vals) {
    CASE("li " + hex(v));
    c.a().li(a0, v);
    c.want(a0, v);
  }
  c.check();
}

TEST_P(Isa, ExitReportsCodeAndPc) {
  Guest g(X);
  g.a.emit(rv::addi(x0, x0, 0));
  g.exit(42);
  Result r = g.run();
  EXPECT_EQ(r.status, Status::exited) << summary(r);
  EXPECT_EQ(r.exit_code, 42);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(hex(r.pc), hex(g.a.here() - 4));
  // exit_group (94) behaves the same.
  Guest h(X);
  h.a.li(a0, 7).li(a7, 94).emit(rv::ecall());
  Result q = h.run();
  EXPECT_EQ(q.status, Status::exited) << summary(q);
  EXPECT_EQ(q.exit_code, 7);
  EXPECT_EQ(hex(q.pc), hex(h.a.here() - 4));
  // The exit value is a0 as a signed XLEN-bit number.
  for (int64_t code : {int64_t(0), int64_t(255), int64_t(256), int64_t(-1), int64_t(INT32_MIN)}) {
    Guest e(X);
    e.exit(code);
    Result x = e.run();
    EXPECT_EQ(x.status, Status::exited) << summary(x);
    EXPECT_EQ(x.exit_code, code);
    EXPECT_EQ(x.ok(), code == 0);
  }
}

// ---------------------------------------------------------------------------------------------
// Integer register-register and immediate instructions: edge cases by hand.

TEST_P(Isa, AddSubWrapAndCompare) {
  Cases c(X);
  const uint64_t MIN = Ref{X}.smin(), MAX = MIN - 1, ONES = m(~0ull);
  RR(add, MAX, 1, MIN);
  RR(add, ONES, 1, 0);
  RR(add, ONES, ONES, ONES - 1);
  RR(sub, 0, 1, ONES);
  RR(sub, MIN, 1, MAX);
  RR(slt, ONES, 0, 1);   // -1 < 0
  RR(slt, 0, ONES, 0);
  RR(slt, MIN, MAX, 1);
  RR(slt, 5, 5, 0);
  RR(sltu, ONES, 0, 0);  // max unsigned
  RR(sltu, 0, ONES, 1);
  RR(sltu, MIN, MAX, 0);
  RR(sltu, 4, 5, 1);
  RR(xor_, 0xff00ff00, 0x0ff00ff0, 0xf0f0f0f0);
  RR(or_, 0xff00ff00, 0x0ff00ff0, 0xfff0fff0);
  RR(and_, 0xff00ff00, 0x0ff00ff0, 0x0f000f00);
  c.check();
}

TEST_P(Isa, ShiftsUseLowBitsOfRs2) {
  Cases c(X);
  const uint64_t MIN = Ref{X}.smin(), ONES = m(~0ull);
  RR(sll, 1, X - 1, MIN);
  RR(sll, 1, X, 1);          // shift by XLEN: low bits are 0
  RR(sll, 1, X + 1, 2);
  RR(sll, 3, ONES, MIN);     // shift by -1 = XLEN-1
  RR(srl, MIN, X - 1, 1);
  RR(srl, MIN, X, MIN);
  RR(srl, ONES, 1, ONES >> 1);
  RR(sra, MIN, X - 1, ONES);
  RR(sra, MIN, X, MIN);
  RR(sra, MIN, 1, MIN | (MIN >> 1));
  RR(sra, MIN >> 1, X - 2, 1);  // positive stays positive
  RR(sll, 0x12345678, 0, 0x12345678);
  RI(slli, 1, int32_t(X - 1), MIN);
  RI(srli, ONES, int32_t(X - 1), 1);
  RI(srai, MIN, int32_t(X - 1), ONES);
  RI(srai, 0x40, 3, 8);
  RI(slli, 0xabc, 0, 0xabc);
  c.check();
}

TEST_P(Isa, ImmediatesAreSignExtended) {
  Cases c(X);
  const uint64_t ONES = m(~0ull);
  RI(addi, 0, -1, ONES);
  RI(addi, 0, -2048, m(~2047ull));
  RI(addi, 0, 2047, 2047);
  RI(addi, 1, -1, 0);
  RI(slti, 0, -1, 0);
  RI(slti, ONES, 0, 1);
  RI(slti, ONES, -1, 0);
  RI(sltiu, 0, -1, 1);       // -1 is the largest unsigned value
  RI(sltiu, ONES, -1, 0);
  RI(sltiu, ONES - 1, -1, 1);
  RI(sltiu, 0, 1, 1);        // seqz
  RI(sltiu, 5, 1, 0);
  RI(xori, 0x1234, -1, m(~0x1234ull));  // not
  RI(ori, 0, -2048, m(~2047ull));
  RI(andi, ONES, -2048, m(~2047ull));
  RI(andi, 0x12345678, 0x7ff, 0x678);
  c.check();
}

TEST_P(Isa, LuiAndAuipc) {
  Cases c(X);
  CASE("lui 0x80000");
  c.a().emit(rv::lui(t0, 0x80000));
  c.want(t0, rv64() ? 0xffffffff80000000ull : 0x80000000ull);
  CASE("lui 0x7ffff");
  c.a().emit(rv::lui(t0, 0x7ffff));
  c.want(t0, 0x7ffff000);
  CASE("lui 0xfffff");
  c.a().emit(rv::lui(t0, 0xfffff));
  c.want(t0, m(~0xfffull));
  CASE("auipc 0");
  uint64_t pc = c.a().here();
  c.a().emit(rv::auipc(t0, 0));
  c.want(t0, pc);
  CASE("auipc 1");
  pc = c.a().here();
  c.a().emit(rv::auipc(t0, 1));
  c.want(t0, pc + 0x1000);
  CASE("auipc -1");
  pc = c.a().here();
  c.a().emit(rv::auipc(t0, 0xfffff));
  c.want(t0, pc - 0x1000);
  CASE("auipc 0x80000 (sign-extended on rv64, wraps on rv32)");
  pc = c.a().here();
  c.a().emit(rv::auipc(t0, 0x80000));
  c.want(t0, pc + (rv64() ? 0xffffffff80000000ull : 0x80000000ull));
  CASE("auipc after a compressed instruction (pc = 2 mod 4)");
  c.a().emit16(rv::c_nop());
  pc = c.a().here();
  c.a().emit(rv::auipc(t0, 2));
  c.want(t0, pc + 0x2000);
  c.a().emit16(rv::c_nop());
  c.check();
}

TEST(Rv64, WordOpsSignExtend) {
  Cases c(64);
  RR(addw, 0x7fffffff, 1, 0xffffffff80000000ull);
  RR(addw, 0xffffffff, 1, 0);
  RR(addw, 0x123456789ull, 0, 0x23456789);            // upper input bits ignored
  RR(addw, 0xabcdef0080000000ull, 0, 0xffffffff80000000ull);
  RR(subw, 0, 1, ~0ull);
  RR(subw, 0x80000000, 1, 0x7fffffff);
  RR(sllw, 1, 31, 0xffffffff80000000ull);
  RR(sllw, 1, 32, 1);                                  // low 5 bits of rs2
  RR(sllw, 1, 63, 0xffffffff80000000ull);
  RR(srlw, 0xffffffff80000000ull, 0, 0xffffffff80000000ull);
  RR(srlw, 0xffffffff80000000ull, 1, 0x40000000);
  RR(srlw, 0x00000001ffffffffull, 31, 1);              // upper input bits ignored
  RR(sraw, 0x80000000, 31, ~0ull);
  RR(sraw, 0x80000000, 32, 0xffffffff80000000ull);
  RR(sraw, 0x7fffffff00000000ull, 4, 0);
  RI(addiw, 0x7fffffff, 1, 0xffffffff80000000ull);
  RI(addiw, 0xffffffffull, 0, ~0ull);                  // sext.w
  RI(addiw, 0x100000000ull, -1, ~0ull);
  RI(slliw, 3, 31, 0xffffffff80000000ull);
  RI(slliw, 0xffffffffull, 0, ~0ull);
  RI(srliw, ~0ull, 0, ~0ull);
  RI(srliw, ~0ull, 1, 0x7fffffff);
  RI(srliw, ~0ull, 31, 1);
  RI(sraiw, 0x80000000, 31, ~0ull);
  RI(sraiw, 0x80000000, 0, 0xffffffff80000000ull);
  RI(sraiw, 0xf0000000700000ffull, 4, 0x0700000f);
  c.check();
}

// ---------------------------------------------------------------------------------------------
// M

TEST_P(Isa, MultiplyHighHalves) {
  Cases c(X);
  const uint64_t MIN = Ref{X}.smin(), MAX = MIN - 1, ONES = m(~0ull);
  RR(mul, MAX, 2, ONES - 1);
  RR(mul, ONES, ONES, 1);
  RR(mul, MIN, ONES, MIN);
  RR(mulh, MIN, MIN, MIN >> 1);      // 2^(2X-2) >> X = 2^(X-2)
  RR(mulh, ONES, ONES, 0);           // (-1)(-1) = 1
  RR(mulh, ONES, 1, ONES);           // -1: high half all ones
  RR(mulh, MAX, MAX, (MIN >> 1) - 1);  // (2^(X-1)-1)^2 = 2^(2X-2) - 2^X + 1
  RR(mulhu, ONES, ONES, ONES - 1);
  RR(mulhu, MIN, 2, 1);
  RR(mulhu, ONES, 1, 0);
  RR(mulhsu, ONES, ONES, ONES);      // -1 * (2^X - 1) = -2^X + 1: high = -1
  RR(mulhsu, 1, ONES, 0);
  RR(mulhsu, MIN, ONES, MIN);        // -2^(X-1) * (2^X-1): high = -2^(X-1) (+ borrow 0)
  RR(mulhsu, 2, MIN, 1);
  c.check();
}

TEST_P(Isa, DivideByZeroAndOverflow) {
  Cases c(X);
  const uint64_t MIN = Ref{X}.smin(), ONES = m(~0ull);
  RR(div, 7, 0, ONES);
  RR(div, ONES, 0, ONES);
  RR(div, 0, 0, ONES);
  RR(divu, 7, 0, ONES);
  RR(divu, 0, 0, ONES);
  RR(rem, 7, 0, 7);
  RR(rem, MIN, 0, MIN);
  RR(remu, 7, 0, 7);
  RR(remu, ONES, 0, ONES);
  RR(div, MIN, ONES, MIN);  // overflow: quotient is the dividend
  RR(rem, MIN, ONES, 0);
  RR(divu, MIN, ONES, 0);
  RR(remu, MIN, ONES, MIN);
  // Rounding toward zero; the remainder takes the dividend's sign.
  RR(div, m(-7), 2, m(-3));
  RR(rem, m(-7), 2, m(-1));
  RR(div, 7, m(-2), m(-3));
  RR(rem, 7, m(-2), 1);
  RR(div, m(-7), m(-2), 3);
  RR(rem, m(-7), m(-2), m(-1));
  RR(divu, m(-7), 2, m(-7) / 2);
  RR(remu, m(-7), 2, 1);
  RR(div, MIN, 2, MIN | (MIN >> 1));
  c.check();
}

TEST(Rv64, WordMultiplyDivide) {
  Cases c(64);
  RR(mulw, 0x7fffffff, 2, ~1ull);
  RR(mulw, 0x10000, 0x10000, 0);
  RR(mulw, 0x123456789ull, 1, 0x23456789);
  RR(mulw, 0xffff, 0x8001, 0xffffffff80007fffull);
  RR(divw, 7, 0, ~0ull);
  RR(divw, 0x100000007ull, 0x100000000ull, ~0ull);  // divisor's low word is 0
  RR(divw, 0x80000000, ~0ull, 0xffffffff80000000ull);
  RR(divw, 0x80000000, 0xffffffff, 0xffffffff80000000ull);
  RR(divw, 0x1000000010ull, 4, 4);                  // upper input bits ignored
  RR(divw, 0xfffffff9, 2, ~2ull);                   // -7 / 2 = -3
  RR(divuw, 7, 0, ~0ull);                           // all ones, sign-extended
  RR(divuw, 0xfffffffe, 2, 0x7fffffff);
  RR(divuw, 0x80000000, 1, 0xffffffff80000000ull);
  RR(remw, 7, 0, 7);
  RR(remw, 0x80000007ull, 0, 0xffffffff80000007ull); // remainder = dividend, sign-extended
  RR(remw, 0x80000000, ~0ull, 0);
  RR(remw, 0xfffffff9, 2, ~0ull);                   // -7 % 2 = -1
  RR(remuw, 0x80000000, 0, 0xffffffff80000000ull);
  RR(remuw, 0xffffffff, 0x10, 0xf);
  RR(remuw, 0x1fffffff5ull, 0x100000000ull, 0xfffffffffffffff5ull);
  c.check();
}

// ---------------------------------------------------------------------------------------------
// Zba, Zbb

TEST_P(Isa, ZbaShiftAdd) {
  Cases c(X);
  const uint64_t MIN = Ref{X}.smin();
  RR(sh1add, 5, 7, 17);
  RR(sh2add, 5, 7, 27);
  RR(sh3add, 5, 7, 47);
  RR(sh1add, MIN, 1, 1);  // the shifted-out bit is lost
  RR(sh3add, m(~0ull), 0, m(~7ull));
  if (rv64()) {
    RR(add_uw, 0xffffffff80000000ull, 1, 0x80000001);
    RR(add_uw, 0xffffffffffffffffull, 1, 0x100000000ull);
    R1(zext_w, 0xffffffff80000000ull, 0x80000000);
    RR(sh1add_uw, 0xffffffff80000000ull, 1, 0x100000001ull);
    RR(sh2add_uw, 0xffffffffffffffffull, 4, 0x400000000ull);
    RR(sh3add_uw, 0x1234567800000001ull, 0, 8);
    RI(slli_uw, 0xffffffffffffffffull, 4, 0xffffffff0ull);
    RI(slli_uw, 0xffffffff80000000ull, 32, 0x8000000000000000ull);
    RI(slli_uw, 0x80000001, 63, 0x8000000000000000ull);
    RI(slli_uw, 0x1ffffffffull, 0, 0xffffffff);
  }
  c.check();
}

TEST_P(Isa, ZbbLogicMinMax) {
  Cases c(X);
  const uint64_t MIN = Ref{X}.smin(), MAX = MIN - 1, ONES = m(~0ull);
  RR(andn, 0xff0f, 0x0f0f, 0xf000);
  RR(orn, 0, ONES, 0);
  RR(orn, 0xf0, m(~0xfull), 0xff);
  RR(xnor, 0x0f, 0xff, m(~0xf0ull));
  RR(xnor, ONES, ONES, ONES);
  RR(min, ONES, 1, ONES);
  RR(min, MIN, MAX, MIN);
  RR(max, ONES, 1, 1);
  RR(max, MIN, MAX, MAX);
  RR(minu, ONES, 1, 1);
  RR(minu, MIN, MAX, MAX);
  RR(maxu, ONES, 1, ONES);
  RR(maxu, 3, 3, 3);
  c.check();
}

TEST_P(Isa, ZbbCountsAndExtends) {
  Cases c(X);
  const uint64_t MIN = Ref{X}.smin(), ONES = m(~0ull);
  R1(clz, 0, X);
  R1(clz, 1, X - 1);
  R1(clz, MIN, 0);
  R1(clz, 0x8000, X - 16);
  R1(ctz, 0, X);
  R1(ctz, MIN, X - 1);
  R1(ctz, 0x10, 4);
  R1(ctz, ONES, 0);
  R1(cpop, 0, 0);
  R1(cpop, ONES, X);
  R1(cpop, 0x80000001, 2);
  R1(sext_b, 0x7f, 0x7f);
  R1(sext_b, 0x80, m(~0x7full));
  R1(sext_b, 0x12345680, m(~0x7full));
  R1(sext_h, 0x7fff, 0x7fff);
  R1(sext_h, 0x8000, m(~0x7fffull));
  R1(sext_h, 0x1234ffff, ONES);
  R1X(zext_h, ONES, 0xffff);
  R1X(zext_h, 0x12348000, 0x8000);
  R1(orc_b, 0, 0);
  R1(orc_b, 0x01000200, 0xff00ff00);
  R1(orc_b, MIN, m(0xffull << (X - 8)));  // top byte only
  R1X(rev8, 0x11223344, rv64() ? 0x4433221100000000ull : 0x44332211ull);
  R1X(rev8, 0x80, rv64() ? 0x8000000000000000ull : 0x80000000ull);
  if (rv64()) {
    R1(orc_b, 0x0001000000000080ull, 0x00ff0000000000ffull);
    R1X(rev8, 0x0102030405060708ull, 0x0807060504030201ull);
    R1X(zext_h, 0xffffffff0000abcdull, 0xabcd);
    R1(clzw, 0, 32);
    R1(clzw, 0xffffffff00000001ull, 31);  // upper input bits ignored
    R1(clzw, 0x80000000, 0);
    R1(ctzw, 0, 32);
    R1(ctzw, 0xffffffff00000000ull, 32);
    R1(ctzw, 0x80000000, 31);
    R1(cpopw, ~0ull, 32);
    R1(cpopw, 0xffff000000000003ull, 2);
  }
  c.check();
}

TEST_P(Isa, ZbbRotates) {
  Cases c(X);
  const uint64_t MIN = Ref{X}.smin(), ONES = m(~0ull);
  RR(rol, MIN, 1, 1);
  RR(rol, 1, X - 1, MIN);
  RR(rol, 0x12, X, 0x12);       // low bits of rs2 only
  RR(rol, 0x12, X + 4, 0x120);
  RR(ror, 1, 1, MIN);
  RR(ror, 0x120, ONES, 0x240);  // -1 = XLEN-1: rotate right by XLEN-1 is rotate left by 1
  RR(ror, 0xabc, 0, 0xabc);
  RI(rori, 1, 1, MIN);
  RI(rori, 0x3, int32_t(X - 1), 0x6);
  RI(rori, 0xabc, 0, 0xabc);
  if (rv64()) {
    RR(rolw, 0x80000000, 1, 1);
    RR(rolw, 0x40000000, 1, 0xffffffff80000000ull);   // result sign-extended
    RR(rolw, 0xffffffff00000001ull, 32, 1);            // upper bits ignored; shift mod 32
    RR(rorw, 1, 1, 0xffffffff80000000ull);
    RR(rorw, 0x100000002ull, 1, 1);
    RR(rorw, 0x12345678, 36, 0xffffffff81234567ull);
    RI(roriw, 1, 1, 0xffffffff80000000ull);
    RI(roriw, 0x12345678, 0, 0x12345678);
    RI(roriw, 0xffffffff00000002ull, 31, 4);
  }
  c.check();
}

// ---------------------------------------------------------------------------------------------
// Random operands against the reference model.

TEST_P(Isa, RandomRegisterOpsMatchReference) {
  const uint64_t seed = test_seed(), iters = test_iters();
  SCOPED_TRACE("seed " + hex(seed) + " (TANDEM_TEST_SEED), iterations " + std::to_string(iters));
  const Ref ref{X};
  for (const RROp& op : kRROps) {
    if (!rv64() && !op.rv32) continue;
    SCOPED_TRACE(op.name);
    std::mt19937_64 rng(seed ^ std::hash<std::string>{}(op.name) ^ X);
    Cases c(X);
    for (uint64_t i = 0; i < iters; ++i) {
      uint64_t x = operand(rng), y = operand(rng);
      // Aliased operands too: rd = rs1 = rs2 sees the same value twice.
      if (i % 16 == 15) y = x;
      c.rr(op.enc, op.name, x, y, op.ref(ref, m(x), m(y)), __LINE__);
    }
    c.check();
  }
}

TEST_P(Isa, RandomImmediateOpsMatchReference) {
  const uint64_t seed = test_seed(), iters = test_iters();
  SCOPED_TRACE("seed " + hex(seed) + " (TANDEM_TEST_SEED), iterations " + std::to_string(iters));
  const Ref ref{X};
  for (const RIOp& op : kRIOps) {
    if (!rv64() && !op.rv32) continue;
    SCOPED_TRACE(op.name);
    std::mt19937_64 rng(seed ^ std::hash<std::string>{}(op.name) ^ X);
    Cases c(X);
    for (uint64_t i = 0; i < iters; ++i) {
      uint64_t x = operand(rng);
      int32_t imm = 0;
      switch (op.kind) {
        case 0: imm = int32_t(rng() % 4096) - 2048; break;
        case 1: imm = int32_t(rng() % X); break;
        case 2: imm = int32_t(rng() % 32); break;
        default: imm = int32_t(rng() % 64); break;
      }
      c.ri(op.enc, op.name, x, imm, op.ref(ref, m(x), imm), __LINE__);
    }
    c.check();
  }
}

TEST_P(Isa, RandomUnaryOpsMatchReference) {
  const uint64_t seed = test_seed(), iters = test_iters();
  SCOPED_TRACE("seed " + hex(seed) + " (TANDEM_TEST_SEED), iterations " + std::to_string(iters));
  const Ref ref{X};
  for (const R1Op& op : kR1Ops) {
    if (!rv64() && !op.rv32) continue;
    SCOPED_TRACE(op.name);
    std::mt19937_64 rng(seed ^ std::hash<std::string>{}(op.name) ^ X);
    Cases c(X);
    for (uint64_t i = 0; i < iters; ++i) {
      uint64_t x = operand(rng);
      c.r1(op.enc(X, t2, t0), op.name, x, op.ref(ref, m(x)), __LINE__);
    }
    c.check();
  }
}

// ---------------------------------------------------------------------------------------------
// RV32: a value with bit 31 set is the same 32-bit value whichever instruction produced it, so
// unsigned and shift consumers never see bits above 31 (an interpreter that keeps registers in
// 64-bit slots must not leak sign extension).

TEST(Rv32, ValuesHaveNoBitsAbove31WhateverProducedThem) {
  Cases c(32);
  c.g.data = {0xf0, 0xff, 0xff, 0xff, 0x80, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00, 0x80};
  struct Producer {
    const char* name;
    uint32_t (*emit)(Asm&);  // leaves the value in t0 and returns it
  };
  static const Producer producers[] = {
      {"lui", [](Asm& a) { a.emit(rv::lui(t0, 0x80000)); return 0x80000000u; }},
      {"lui+addi", [](Asm& a) { a({rv::lui(t0, 0x80000), rv::addi(t0, t0, 1)}); return 0x80000001u; }},
      {"lw", [](Asm& a) { a.li(t1, kDataBase).emit(rv::lw(t0, t1, 0)); return 0xfffffff0u; }},
      {"lb", [](Asm& a) { a.li(t1, kDataBase).emit(rv::lb(t0, t1, 4)); return 0xffffff80u; }},
      {"lh", [](Asm& a) { a.li(t1, kDataBase).emit(rv::lh(t0, t1, 6)); return 0xffff8000u; }},
      {"auipc", [](Asm& a) { uint32_t v = uint32_t(a.here()) + 0x80000000u; a.emit(rv::auipc(t0, 0x80000)); return v; }},
      {"add overflow", [](Asm& a) { a.li(t1, 0x7fffffff).emit(rv::addi(t0, t1, 1)); return 0x80000000u; }},
      {"sub", [](Asm& a) { a.li(t1, 1).emit(rv::sub(t0, x0, t1)); return 0xffffffffu; }},
      {"mul", [](Asm& a) { a.li(t1, 0x10000).li(t2, 0x8000).emit(rv::mul(t0, t1, t2)); return 0x80000000u; }},
      {"mulh", [](Asm& a) { a.li(t1, ~0ull).li(t2, 1).emit(rv::mulh(t0, t1, t2)); return 0xffffffffu; }},
      {"mulhu", [](Asm& a) { a.li(t1, ~0ull).emit(rv::mulhu(t0, t1, t1)); return 0xfffffffeu; }},
      {"div by zero", [](Asm& a) { a.li(t1, 5).emit(rv::div(t0, t1, x0)); return 0xffffffffu; }},
      {"divu by zero", [](Asm& a) { a.li(t1, 5).emit(rv::divu(t0, t1, x0)); return 0xffffffffu; }},
      {"rem", [](Asm& a) { a.li(t1, uint64_t(-5)).li(t2, 3).emit(rv::rem(t0, t1, t2)); return 0xfffffffeu; }},
      {"sll", [](Asm& a) { a.li(t1, 1).li(t2, 31).emit(rv::sll(t0, t1, t2)); return 0x80000000u; }},
      {"sra", [](Asm& a) { a.li(t1, 0x80000000).li(t2, 4).emit(rv::sra(t0, t1, t2)); return 0xf8000000u; }},
      {"slli", [](Asm& a) { a.li(t1, 3).emit(rv::slli(t0, t1, 31)); return 0x80000000u; }},
      {"srai", [](Asm& a) { a.li(t1, 0x80000000).emit(rv::srai(t0, t1, 1)); return 0xc0000000u; }},
      {"xori", [](Asm& a) { a.emit(rv::xori(t0, x0, -1)); return 0xffffffffu; }},
      {"sext.b", [](Asm& a) { a.li(t1, 0x80).emit(rv::sext_b(t0, t1)); return 0xffffff80u; }},
      {"sext.h", [](Asm& a) { a.li(t1, 0x8000).emit(rv::sext_h(t0, t1)); return 0xffff8000u; }},
      {"orn", [](Asm& a) { a.emit(rv::orn(t0, x0, x0)); return 0xffffffffu; }},
      {"rev8", [](Asm& a) { a.li(t1, 0x80).emit(rv::rev8(32, t0, t1)); return 0x80000000u; }},
      {"rol", [](Asm& a) { a.li(t1, 1).li(t2, 31).emit(rv::rol(t0, t1, t2)); return 0x80000000u; }},
      {"rori", [](Asm& a) { a.li(t1, 1).emit(rv::rori(t0, t1, 1)); return 0x80000000u; }},
      {"orc.b", [](Asm& a) { a.li(t1, 0x01000000).emit(rv::orc_b(t0, t1)); return 0xff000000u; }},
      {"min", [](Asm& a) { a.li(t1, 0x80000000).emit(rv::min(t0, t1, x0)); return 0x80000000u; }},
      {"sh3add", [](Asm& a) { a.li(t1, 0x10000000).emit(rv::sh3add(t0, t1, x0)); return 0x80000000u; }},
      {"amoswap.w", [](Asm& a) { a.li(t1, kDataBase + 8).emit(rv::amoswap_w(t0, x0, t1)); return 0x80000000u; }},
      {"lr.w", [](Asm& a) { a.li(t1, kDataBase + 4).emit(rv::lr_w(t0, t1)); return 0x80000080u; }},
      {"c.li", [](Asm& a) { a.emit16(rv::c_li(t0, -1)).emit16(rv::c_nop()); return 0xffffffffu; }},
      {"c.lui", [](Asm& a) { a.emit16(rv::c_lui(t0, -32)).emit16(rv::c_nop()); return 0xfffe0000u; }},
      {"c.addi", [](Asm& a) { a.li(t0, 0x7fffffff).emit16(rv::c_addi(t0, 1)).emit16(rv::c_nop()); return 0x80000000u; }},
      {"c.lw", [](Asm& a) {
         a.li(s0, kDataBase).emit16(rv::c_lw(a0, s0, 0)).emit16(rv::c_mv(t0, a0));
         return 0xfffffff0u;
       }},
      {"c.sub", [](Asm& a) { a.li(a0, 0).li(a1, 1).emit16(rv::c_sub(a0, a1)).emit16(rv::c_mv(t0, a0)); return 0xffffffffu; }},
      {"c.srai", [](Asm& a) { a.li(a0, 0x80000000).emit16(rv::c_srai(a0, 3)).emit16(rv::c_mv(t0, a0)); return 0xf0000000u; }},
  };
  for (const Producer& p : producers) {
    CASE(std::string("consumers of ") + p.name);
    const uint32_t v = p.emit(c.a());
    c.a().li(t2, 4).li(t3, 0x7fffffff).li(t4, v).li(t5, 2);
    c.a().emit(rv::srli(t1, t0, 1));
    c.want(t1, v >> 1);
    c.a().emit(rv::srl(t1, t0, t2));
    c.want(t1, v >> 4);
    c.a().emit(rv::sltu(t1, t0, t3));
    c.want(t1, 0);
    c.a().emit(rv::sltiu(t1, t0, -1));
    c.want(t1, v != 0xffffffffu);
    c.a().emit(rv::divu(t1, t0, t5));
    c.want(t1, v / 2);
    c.a().emit(rv::remu(t1, t0, t2));
    c.want(t1, v % 4);
    c.a().emit(rv::mulhu(t1, t0, t5));
    c.want(t1, 1);
    c.a().emit(rv::clz(t1, t0));
    c.want(t1, 0);
    c.a().emit(rv::cpop(t1, t0));
    c.want(t1, unsigned(std::popcount(v)));
    c.a().emit(rv::maxu(t1, t0, t3));
    c.want(t1, v);
    c.a().emit(rv::rori(t1, t0, 4));
    c.want(t1, std::rotr(v, 4));
    c.a().emit(rv::sub(t1, t0, t4));
    c.want(t1, 0);
    Label l1 = c.a().label(), l2 = c.a().label();
    c.a().li(t1, 0).bltu(t0, t3, l1).emit(rv::addi(t1, t1, 1)).bind(l1);  // not taken
    c.a().bne(t0, t4, l2).emit(rv::addi(t1, t1, 2)).bind(l2);             // not taken
    c.want(t1, 3);
  }
  c.check();
}

TEST_P(Isa, RegisterAliasing) {
  Cases c(X);
  c.g.data.assign(16, 0);
  CASE("mul t0, t0, t0");
  c.a().li(t0, 0x10001).emit(rv::mul(t0, t0, t0));
  c.want(t0, m(0x10001ull * 0x10001ull));
  CASE("sub t0, t0, t0");
  c.a().li(t0, 12345).emit(rv::sub(t0, t0, t0));
  c.want(t0, 0);
  CASE("div t0, t0, t0");
  c.a().li(t0, ~0ull).emit(rv::div(t0, t0, t0));
  c.want(t0, 1);
  CASE("sw t0, 0(t0) stores the address");
  c.a().li(t0, kDataBase).emit(rv::sw(t0, t0, 0)).emit(rv::lw(t1, t0, 0));
  c.want(t1, kDataBase);
  CASE("amoadd.w t0, t1, (t0): rd = rs1");
  c.a().li(t0, kDataBase + 8).li(t1, 5).li(t2, kDataBase + 8).emit(rv::amoadd_w(t0, t1, t0)).emit(rv::lw(t3, t2, 0));
  c.want(t0, 0);
  c.want(t3, 5);
  CASE("lr.w t0, (t0); sc.w t0, t1, (t2)");
  c.a().li(t0, kDataBase + 8).li(t2, kDataBase + 8).li(t1, 9).emit(rv::lr_w(t0, t0)).emit(rv::sc_w(t0, t1, t2));
  c.a().emit(rv::lw(t3, t2, 0));
  c.want(t0, 0);
  c.want(t3, 9);
  CASE("sc.w t0, t0, (t1): the stored value is the old rs2");
  c.a().li(t1, kDataBase + 12).emit(rv::lr_w(t2, t1)).li(t0, 77).emit(rv::sc_w(t0, t0, t1)).emit(rv::lw(t3, t1, 0));
  c.want(t0, 0);
  c.want(t3, 77);
  CASE("c.add a0, a0");
  c.a().li(a0, 21).emit16(rv::c_add(a0, a0)).emit16(rv::c_nop());
  c.want(a0, 42);
  c.check();
}

// ---------------------------------------------------------------------------------------------
// x0

TEST_P(Isa, WritesToX0AreDiscarded) {
  Cases c(X);
  c.g.data = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88};
  CASE("alu, lui, auipc, load, jal, csr and compressed hints into x0");
  c.a().li(t0, 5);
  c.a()({rv::addi(x0, t0, 1), rv::add(x0, t0, t0), rv::lui(x0, 0x12345), rv::auipc(x0, 1),
         rv::mul(x0, t0, t0), rv::div(x0, t0, t0), rv::sh1add(x0, t0, t0), rv::clz(x0, t0), rv::rdcycle(x0)});
  c.a().li(t1, kDataBase).emit(rv::lw(x0, t1, 0));
  c.a().emit(rv::jal(x0, 4));  // jump to the next instruction, no link
  c.a().emit16(rv::c_li(x0, 5)).emit16(rv::c_mv(x0, t0)).emit16(rv::c_add(x0, t0)).emit16(rv::c_slli(x0, 3));
  c.a().emit16(rv::c_lui(x0, 3)).emit16(rv::c_addi(x0, 7)).emit16(rv::c_nop());
  c.a().emit(rv::add(t2, x0, x0));
  c.want(t2, 0);
  c.a().emit(rv::sltu(t2, x0, t0));  // x0 reads as 0
  c.want(t2, 1);
  CASE("amo with rd = x0 still writes memory");
  c.a().li(t1, kDataBase).li(t0, 1).emit(rv::amoadd_w(x0, t0, t1)).emit(rv::lw(t2, t1, 0));
  c.want(t2, 0x44332212);
  c.check();
}

// ---------------------------------------------------------------------------------------------
// Loads and stores

std::vector<uint8_t> pattern(size_t n) {
  std::vector<uint8_t> b(n);
  for (size_t i = 0; i < n; ++i) b[i] = uint8_t(0x81 + i * 0x13);  // mixes high and low bytes
  return b;
}
uint64_t le(const std::vector<uint8_t>& b, size_t at, unsigned n) {
  uint64_t v = 0;
  for (unsigned i = 0; i < n; ++i) v |= uint64_t(b[at + i]) << (8 * i);
  return v;
}
uint64_t sext(uint64_t v, unsigned bits) { return uint64_t(int64_t(v << (64 - bits)) >> (64 - bits)); }

TEST_P(Isa, LoadsExtendAndMayBeMisaligned) {
  Cases c(X);
  c.g.data = pattern(64);
  const auto& d = c.g.data;
  struct L { const char* name; uint32_t (*enc)(Reg, Reg, int32_t); unsigned n; bool sign; bool rv32; };
  const L loads[] = {{"lb", rv::lb, 1, true, true},   {"lbu", rv::lbu, 1, false, true},
                     {"lh", rv::lh, 2, true, true},   {"lhu", rv::lhu, 2, false, true},
                     {"lw", rv::lw, 4, true, true},   {"lwu", rv::lwu, 4, false, false},
                     {"ld", rv::ld, 8, true, false}};
  for (const L& l : loads) {
    if (!rv64() && !l.rv32) continue;
    for (unsigned off = 8; off < 16; ++off) {
      CASE(std::string(l.name) + " at data+" + std::to_string(off));
      c.a().li(t0, kDataBase + off).emit(l.enc(t2, t0, 0));
      uint64_t v = le(d, off, l.n);
      c.want(t2, l.sign ? sext(v, 8 * l.n) : v);
    }
    CASE(std::string(l.name) + " with negative offset");
    c.a().li(t0, kDataBase + 40).emit(l.enc(t2, t0, -32));
    uint64_t v = le(d, 8, l.n);
    c.want(t2, l.sign ? sext(v, 8 * l.n) : v);
    CASE(std::string(l.name) + " with offset 2047 from below");
    c.a().li(t0, kDataBase + 16 - 2047).emit(l.enc(t2, t0, 2047));
    v = le(d, 16, l.n);
    c.want(t2, l.sign ? sext(v, 8 * l.n) : v);
  }
  CASE("load into the base register");
  c.a().li(t0, kDataBase).emit(rv::lbu(t0, t0, 0));
  c.want(t0, d[0]);
  c.check();
}

TEST_P(Isa, StoresWriteOnlyTheirBytesAndMayBeMisaligned) {
  Cases c(X);
  // 16 areas of 32 bytes each, starting zeroed; stores land in the middle of each.
  struct S { const char* name; uint32_t (*enc)(Reg, Reg, int32_t); unsigned n; bool rv32; };
  const S stores[] = {{"sb", rv::sb, 1, true}, {"sh", rv::sh, 2, true}, {"sw", rv::sw, 4, true}, {"sd", rv::sd, 8, false}};
  const uint64_t value = 0xf1e2d3c4b5a69788ull;
  unsigned area = 0;
  for (const S& s : stores) {
    if (!rv64() && !s.rv32) continue;
    for (unsigned mis = 0; mis < 8; mis += (s.n == 1 ? 8 : 1)) {
      const uint64_t base = kDataBase + 32 * area++;
      std::vector<uint8_t> expect(32, 0);
      for (unsigned i = 0; i < s.n; ++i) expect[8 + mis + i] = uint8_t(m(value) >> (8 * i));
      CASE(std::string(s.name) + " at +" + std::to_string(mis));
      c.a().li(t0, base).li(t1, value).emit(s.enc(t1, t0, int32_t(8 + mis)));
      // Read back the 24 bytes around it, a word at a time.
      for (unsigned w = 0; w < 24; w += X / 8) {
        c.a().emit(rv64() ? rv::ld(t2, t0, int32_t(w)) : rv::lw(t2, t0, int32_t(w)));
        c.want(t2, le(expect, w, X / 8));
      }
    }
  }
  CASE("store with negative offset");
  c.a().li(t0, kDataBase + 0x1000).li(t1, 0x5a).emit(rv::sb(t1, t0, -2048)).emit(rv::lbu(t2, t0, -2048));
  c.want(t2, 0x5a);
  c.check();
}

// ---------------------------------------------------------------------------------------------
// Branches and jumps

TEST_P(Isa, BranchesTakenAndNotTaken) {
  Cases c(X);
  const uint64_t MIN = Ref{X}.smin(), ONES = m(~0ull);
  using B = uint32_t (*)(Reg, Reg, int32_t);
  struct Br { const char* name; B enc; bool (*ref)(const Ref&, uint64_t, uint64_t); };
  const Br brs[] = {
      {"beq", rv::beq, [](const Ref& r, uint64_t a, uint64_t b) { return r.m(a) == r.m(b); }},
      {"bne", rv::bne, [](const Ref& r, uint64_t a, uint64_t b) { return r.m(a) != r.m(b); }},
      {"blt", rv::blt, [](const Ref& r, uint64_t a, uint64_t b) { return r.s(a) < r.s(b); }},
      {"bge", rv::bge, [](const Ref& r, uint64_t a, uint64_t b) { return r.s(a) >= r.s(b); }},
      {"bltu", rv::bltu, [](const Ref& r, uint64_t a, uint64_t b) { return r.m(a) < r.m(b); }},
      {"bgeu", rv::bgeu, [](const Ref& r, uint64_t a, uint64_t b) { return r.m(a) >= r.m(b); }},
  };
  const uint64_t pairs[][2] = {{0, 0}, {1, 2}, {2, 1}, {ONES, 0}, {0, ONES}, {MIN, MIN - 1}, {MIN - 1, MIN},
                               {ONES, ONES}, {MIN, 0}, {0x100000000ull, 0}};
  const Ref ref{X};
  for (const Br& b : brs) {
    for (auto& p : pairs) {
      const bool taken = b.ref(ref, p[0], p[1]);
      CASE(std::string(b.name) + "(" + hex(m(p[0])) + ", " + hex(m(p[1])) + ")");
      Label l = c.a().label();
      c.a().li(t0, p[0]).li(t1, p[1]).li(t2, 1).branch(b.enc, t0, t1, l).li(t2, 0).bind(l);
      c.want(t2, taken);
    }
  }
  // Same register on both sides.
  CASE("beq t0, t0");
  Label l = c.a().label();
  c.a().li(t2, 1).li(t0, 3).beq(t0, t0, l).li(t2, 0).bind(l);
  c.want(t2, 1);
  // Backward branch: a loop that counts to 10.
  CASE("backward bne loop");
  Label top = c.a().label();
  c.a().li(t0, 0).li(t1, 10).bind(top).emit(rv::addi(t0, t0, 1)).bne(t0, t1, top);
  c.want(t0, 10);
  c.check();
}

TEST_P(Isa, BranchAndJumpReach) {
  Cases c(X);
  // Branch forward by the maximum +4094 and backward by -4096; the bytes skipped are zero (an
  // illegal instruction), so landing anywhere else stops the guest.
  CASE("beq +4094");
  Label fwd = c.a().label();
  uint64_t at = c.a().here();
  c.a().beq(x0, x0, fwd).raw(std::vector<uint8_t>(4094 - 4, 0)).bind(fwd);
  EXPECT_EQ(c.a().here() - at, 4094u);
  c.a().li(t2, 1);
  c.want(t2, 1);
  CASE("bne -4096");
  Label start = c.a().label(), back = c.a().label(), done = c.a().label();
  c.a().j(start).bind(back).li(t2, 2).j(done);
  const uint64_t back_at = c.a().address(back);
  c.a().raw(std::vector<uint8_t>(back_at + 4096 - 4 * Asm::li_count(X, 1) - c.a().here(), 0)).bind(start);
  c.a().li(t0, 1).bne(t0, x0, back);
  EXPECT_EQ(c.a().address(start) + 4 * Asm::li_count(X, 1), back_at + 4096);
  c.a().bind(done);
  c.want(t2, 2);
  CASE("jal +0x12346");
  Label far = c.a().label();
  c.a().li(t2, 0).jal(ra, far).raw(std::vector<uint8_t>(0x12346 - 4, 0)).bind(far).li(t2, 3);
  c.want(t2, 3);
  CASE("jal -0x12346");
  Label s2 = c.a().label(), b2 = c.a().label(), d2 = c.a().label();
  c.a().j(s2).bind(b2).li(t2, 4).j(d2);
  const uint64_t b2_at = c.a().address(b2);
  c.a().raw(std::vector<uint8_t>(b2_at + 0x12346 - c.a().here(), 0)).bind(s2).jal(ra, b2).bind(d2);
  c.want(t2, 4);
  c.check();
}

TEST_P(Isa, JalAndJalrLinkAndTarget) {
  Cases c(X);
  CASE("jal links pc+4");
  Label l = c.a().label();
  uint64_t at = c.a().here();
  c.a().li(t2, 1).jal(ra, l);
  at = c.a().here() - 4;
  c.a().li(t2, 0).bind(l);
  c.want(ra, at + 4);
  c.want(t2, 1);
  CASE("jalr clears bit 0 of the target");
  Label tgt = c.a().label();
  c.a().la(t0, tgt).emit(rv::addi(t0, t0, 1)).li(t2, 1);
  at = c.a().here();
  c.a().emit(rv::jalr(ra, t0, 0)).li(t2, 0).bind(tgt);
  c.want(ra, at + 4);
  c.want(t2, 1);
  CASE("jalr with a negative offset");
  Label tgt2 = c.a().label();
  c.a().la(t0, tgt2).emit(rv::addi(t0, t0, 100)).li(t2, 1).emit(rv::jalr(ra, t0, -100)).li(t2, 0).bind(tgt2);
  c.want(t2, 1);
  CASE("jalr with rd = rs1 uses the old rs1");
  Label tgt3 = c.a().label();
  c.a().la(t0, tgt3).li(t2, 1);
  at = c.a().here();
  c.a().emit(rv::jalr(t0, t0, 0)).li(t2, 0).bind(tgt3);
  c.want(t0, at + 4);
  c.want(t2, 1);
  CASE("jalr odd offset on an even base");
  Label tgt4 = c.a().label();
  c.a().la(t0, tgt4).li(t2, 1).emit(rv::jalr(x0, t0, 1)).li(t2, 0).bind(tgt4);
  c.want(t2, 1);
  CASE("call and return");
  Label fn = c.a().label(), after = c.a().label();
  c.a().li(t2, 0).jal(ra, fn).j(after).bind(fn).emit(rv::addi(t2, t2, 5)).emit(rv::jalr(x0, ra, 0)).bind(after);
  c.want(t2, 5);
  c.check();
}

// ---------------------------------------------------------------------------------------------
// Adjacent pairs an interpreter may execute as one (lui/auipc + addi, auipc + jalr, addi +
// branch) must still behave as two instructions: each reachable on its own by a jump, counted
// as two, and exact in every register they write.

TEST_P(Isa, InstructionPairsBehaveAsTwoInstructions) {
  Cases c(X);
  const uint64_t MIN = Ref{X}.smin();
  CASE("lui + addi");
  c.a()({rv::lui(t0, 0x12345), rv::addi(t0, t0, 0x678)});
  c.want(t0, 0x12345678);
  CASE("lui + addi with a negative low part");
  c.a()({rv::lui(t0, 0x80000), rv::addi(t0, t0, -1)});
  c.want(t0, m(0xffffffff7fffffffull));  // rv64: no wrap to 32 bits with addi
  if (rv64()) {
    CASE("lui + addiw wraps to 32 bits");
    c.a()({rv::lui(t0, 0x80000), rv::addiw(t0, t0, -1)});
    c.want(t0, 0x7fffffff);
  }
  CASE("auipc + addi");
  uint64_t pc = c.a().here();
  c.a()({rv::auipc(t0, 0x1), rv::addi(t0, t0, -4)});
  c.want(t0, pc + 0x1000 - 4);
  CASE("c.lui + c.addi");
  c.a().emit16(rv::c_lui(a0, 1)).emit16(rv::c_addi(a0, 5));
  c.want(a0, 0x1005);
  CASE("lui + addi into another register keeps both values");
  c.a()({rv::lui(t0, 0x1), rv::addi(t1, t0, 1)});
  c.want(t0, 0x1000);
  c.want(t1, 0x1001);
  CASE("lui + addi from another register");
  c.a().li(t1, 7)({rv::lui(t0, 0x1), rv::addi(t0, t1, 1)});
  c.want(t0, 8);
  CASE("lui x0 + addi x0");
  c.a()({rv::lui(x0, 0x1), rv::addi(x0, x0, 1), rv::add(t0, x0, x0)});
  c.want(t0, 0);
  CASE("jump onto the addi of a lui + addi pair");
  {
    Label mid = c.a().label();
    c.a().li(t0, 100).la(t1, mid).emit(rv::jalr(x0, t1, 0)).emit(rv::lui(t0, 0x12345)).bind(mid);
    c.a().emit(rv::addi(t0, t0, 1));
    c.want(t0, 101);
  }
  CASE("auipc + jalr call links pc+8");
  {
    pc = c.a().here();
    c.a()({rv::auipc(ra, 0), rv::jalr(ra, ra, 12), rv::addi(t2, x0, 1)});  // skipped
    c.a().emit(rv::addi(t2, x0, 2));
    c.want(ra, pc + 8);
    c.want(t2, 2);
  }
  CASE("jump onto the jalr of an auipc + jalr pair");
  {
    Label jl = c.a().label(), tgt = c.a().label(), done = c.a().label();
    c.a().la(t1, jl).la(ra, tgt).li(t2, 0).emit(rv::jalr(x0, t1, 0));
    c.a().emit(rv::auipc(ra, 0)).bind(jl);
    pc = c.a().here();
    c.a().emit(rv::jalr(ra, ra, 0)).emit(rv::addi(t2, x0, 9)).j(done);  // not reached
    c.a().bind(tgt).emit(rv::addi(t2, t2, 3)).bind(done);
    c.want(ra, pc + 4);
    c.want(t2, 3);
  }
  CASE("addi + bne loop, entered at the branch");
  {
    Label top = c.a().label(), br = c.a().label();
    c.a().li(t0, 3).li(t1, 0).la(t2, br).emit(rv::jalr(x0, t2, 0));
    c.a().bind(top).emit(rv::addi(t1, t1, 1)).emit(rv::addi(t0, t0, -1)).bind(br).bne(t0, x0, top);
    c.want(t1, 3);
    c.want(t0, 0);
  }
  CASE("addi + beq with the register on the right");
  {
    Label l = c.a().label();
    c.a().li(t0, 1).li(t2, 0).emit(rv::addi(t0, t0, -1)).beq(x0, t0, l).li(t2, 5).bind(l);
    c.want(t2, 0);
    c.want(t0, 0);
  }
  CASE("addi + blt with the register on the right");
  {
    Label l = c.a().label();
    c.a().li(t0, 1).li(t1, 1).li(t2, 0).emit(rv::addi(t0, t0, 1)).blt(t1, t0, l).li(t2, 5).bind(l);
    c.want(t2, 0);
  }
  CASE("addi + blt / bltu across the signed boundary");
  {
    Label l1 = c.a().label(), l2 = c.a().label();
    c.a().li(t0, MIN - 1).li(t2, 0).emit(rv::addi(t0, t0, 1)).blt(t0, x0, l1).emit(rv::addi(t2, t2, 1)).bind(l1);
    c.a().li(t0, MIN - 1).emit(rv::addi(t0, t0, 1)).bltu(t0, x0, l2).emit(rv::addi(t2, t2, 2)).bind(l2);
    c.want(t2, 2);  // blt taken (MIN < 0), bltu not taken
  }
  CASE("addi + bge / bgeu fall through");
  {
    Label l1 = c.a().label(), l2 = c.a().label();
    c.a().li(t0, 5).li(t1, 10).li(t2, 0).emit(rv::addi(t0, t0, 1)).bge(t0, t1, l1).emit(rv::addi(t2, t2, 1)).bind(l1);
    c.a().emit(rv::addi(t0, t0, 10)).bgeu(t0, t1, l2).emit(rv::addi(t2, t2, 2)).bind(l2);
    c.want(t2, 1);
    c.want(t0, 16);
  }
  CASE("c.addi + c.bnez loop");
  {
    Label top = c.a().label();
    c.a().li(a0, 5).li(t1, 0).bind(top).emit(rv::addi(t1, t1, 2)).emit16(rv::c_addi(a0, -1)).c_bnez(a0, top);
    c.want(t1, 10);
  }
  CASE("counters see both instructions of a pair");
  c.a().emit(rv::rdinstret(s0))({rv::lui(t0, 1), rv::addi(t0, t0, 1), rv::auipc(t1, 0), rv::addi(t1, t1, 8)});
  c.a().emit(rv::rdinstret(s1)).emit(rv::sub(s1, s1, s0));
  c.want(s1, 5);
  c.check();
}

// ---------------------------------------------------------------------------------------------
// A

struct AmoCase {
  const char* name;
  AmoType w, d;
  uint64_t (*ref)(const Ref&, uint64_t mem, uint64_t src);  // new memory value at width
};
const AmoCase kAmos[] = {
    {"amoswap", rv::amoswap_w, rv::amoswap_d, [](const Ref&, uint64_t, uint64_t s) { return s; }},
    {"amoadd", rv::amoadd_w, rv::amoadd_d, [](const Ref& r, uint64_t m, uint64_t s) { return r.m(m + s); }},
    {"amoxor", rv::amoxor_w, rv::amoxor_d, [](const Ref&, uint64_t m, uint64_t s) { return m ^ s; }},
    {"amoand", rv::amoand_w, rv::amoand_d, [](const Ref&, uint64_t m, uint64_t s) { return m & s; }},
    {"amoor", rv::amoor_w, rv::amoor_d, [](const Ref&, uint64_t m, uint64_t s) { return m | s; }},
    {"amomin", rv::amomin_w, rv::amomin_d, [](const Ref& r, uint64_t m, uint64_t s) { return r.s(m) < r.s(s) ? m : s; }},
    {"amomax", rv::amomax_w, rv::amomax_d, [](const Ref& r, uint64_t m, uint64_t s) { return r.s(m) > r.s(s) ? m : s; }},
    {"amominu", rv::amominu_w, rv::amominu_d, [](const Ref& r, uint64_t m, uint64_t s) { return r.m(m) < r.m(s) ? m : s; }},
    {"amomaxu", rv::amomaxu_w, rv::amomaxu_d, [](const Ref& r, uint64_t m, uint64_t s) { return r.m(m) > r.m(s) ? m : s; }},
};

TEST_P(Isa, AtomicMemoryOperations) {
  Cases c(X);
  c.g.data.assign(0x4000, 0);
  uint64_t next = 0;
  auto cell = [&](uint64_t init, unsigned n) {
    const uint64_t off = next;
    next += 16;
    for (unsigned i = 0; i < n; ++i) c.g.data[off + i] = uint8_t(init >> (8 * i));
    // A guard pattern right after the cell shows that a .w never touches the next word.
    for (unsigned i = n; i < 8; ++i) c.g.data[off + i] = 0xa5;
    return kDataBase + off;
  };
  const uint64_t mems[] = {5, 0x80000000, 0xffffffff, 0x7fffffff, 0xfffffffffffffffbull, 0x8000000000000000ull,
                           0x0000000180000001ull};
  const uint64_t srcs[] = {3, 0xfffffffe, 0x80000001, 0x100000007ull, 0x7fffffffffffffffull};
  for (const AmoCase& op : kAmos) {
    for (uint64_t mv : mems) {
      for (uint64_t sv : srcs) {
        // .w on both XLENs: the old value sign-extended to XLEN, the 32-bit result in memory.
        {
          const Ref r32{32};
          const uint64_t addr = cell(mv, 4);
          CASE(std::string(op.name) + ".w mem=" + hex(uint32_t(mv)) + " src=" + hex(m(sv)));
          c.a().li(t0, addr).li(t1, sv).emit(op.w(t2, t1, t0)).emit(rv::lw(t3, t0, 0)).emit(rv::lw(t4, t0, 4));
          c.want(t2, sext32(mv));
          c.want(t3, sext32(op.ref(r32, uint32_t(mv), uint32_t(sv))));
          c.want(t4, sext32(0xa5a5a5a5));
        }
        if (rv64()) {
          const Ref r64{64};
          const uint64_t addr = cell(mv, 8);
          CASE(std::string(op.name) + ".d mem=" + hex(mv) + " src=" + hex(sv));
          c.a().li(t0, addr).li(t1, sv).emit(op.d(t2, t1, t0)).emit(rv::ld(t3, t0, 0));
          c.want(t2, mv);
          c.want(t3, op.ref(r64, mv, sv));
        }
      }
    }
  }
  CASE("amoswap with rd = rs2");
  uint64_t addr = cell(0x1234, 4);
  c.a().li(t0, addr).li(t1, 0x99).emit(rv::amoswap_w(t1, t1, t0)).emit(rv::lw(t3, t0, 0));
  c.want(t1, 0x1234);
  c.want(t3, 0x99);
  CASE("amoadd with aq and rl set");
  addr = cell(10, 4);
  c.a().li(t0, addr).li(t1, 5).emit(rv::amo(amo5::ADD, 2, t2, t0, t1, true, true)).emit(rv::lw(t3, t0, 0));
  c.want(t2, 10);
  c.want(t3, 15);
  c.check();
}

TEST_P(Isa, LoadReservedStoreConditional) {
  Cases c(X);
  c.g.data.assign(64, 0);
  auto put = [&](size_t off, uint64_t v, unsigned n) {
    for (unsigned i = 0; i < n; ++i) c.g.data[off + i] = uint8_t(v >> (8 * i));
  };
  put(0, 0x80000001, 4);
  put(8, 0x11111111, 4);
  put(16, 0x1122334455667788ull, 8);
  CASE("lr.w sign-extends; sc.w after it succeeds");
  c.a().li(t0, kDataBase).li(t1, 0x42).emit(rv::lr_w(t2, t0)).emit(rv::sc_w(t3, t1, t0)).emit(rv::lw(t4, t0, 0));
  c.want(t2, sext32(0x80000001));
  c.want(t3, 0);
  c.want(t4, 0x42);
  CASE("a second sc.w without a new lr fails and leaves memory alone");
  c.a().li(t1, 0x43).emit(rv::sc_w(t3, t1, t0)).emit(rv::lw(t4, t0, 0));
  c.want(t3, 1);
  c.want(t4, 0x42);
  CASE("sc.w to another address than the lr fails");
  c.a().li(t5, kDataBase + 8).emit(rv::lr_w(t2, t0)).emit(rv::sc_w(t3, t1, t5)).emit(rv::lw(t4, t5, 0));
  c.want(t3, 1);
  c.want(t4, 0x11111111);
  CASE("sc.w with no lr at all fails");
  c.a().emit(rv::sc_w(t3, t1, t0));
  c.want(t3, 1);
  CASE("lr, lr, sc: the latest reservation counts");
  c.a().emit(rv::lr_w(t2, t5)).emit(rv::lr_w(t2, t0)).emit(rv::sc_w(t3, t1, t0)).emit(rv::lw(t4, t0, 0));
  c.want(t3, 0);
  c.want(t4, 0x43);
  if (rv64()) {
    CASE("lr.d / sc.d");
    c.a().li(t0, kDataBase + 16).li(t1, ~0ull).emit(rv::lr_d(t2, t0)).emit(rv::sc_d(t3, t1, t0)).emit(rv::ld(t4, t0, 0));
    c.want(t2, 0x1122334455667788ull);
    c.want(t3, 0);
    c.want(t4, ~0ull);
    CASE("sc.d after sc.d fails");
    c.a().emit(rv::sc_d(t3, x0, t0)).emit(rv::ld(t4, t0, 0));
    c.want(t3, 1);
    c.want(t4, ~0ull);
  }
  c.check();
}

TEST_P(Isa, MisalignedAtomicsTrap) {
  const uint64_t offs[] = {1, 2, 3};
  for (uint64_t off : offs) {
    for (int kind = 0; kind < 3; ++kind) {
      Guest g(X);
      g.a.li(t0, kDataBase + off).li(t1, 1);
      const uint64_t pc = g.a.here();
      g.a.emit(kind == 0 ? rv::amoadd_w(t2, t1, t0) : kind == 1 ? rv::lr_w(t2, t0) : rv::sc_w(t2, t1, t0));
      g.exit(0);
      SCOPED_TRACE("kind " + std::to_string(kind) + " offset " + std::to_string(off));
      expect_stop(g, Status::misaligned_atomic, pc);
    }
  }
  if (rv64()) {
    Guest g(X);
    g.a.li(t0, kDataBase + 4).li(t1, 1);
    const uint64_t pc = g.a.here();
    g.a.emit(rv::amoadd_d(t2, t1, t0));  // 4-aligned is not 8-aligned
    g.exit(0);
    expect_stop(g, Status::misaligned_atomic, pc);
  }
}

// ---------------------------------------------------------------------------------------------
// Zicsr counters, fences

TEST_P(Isa, CountersReadInstructionsRetiredBefore) {
  Guest g(X);
  // Instruction 0 of the program reads 0; every instruction, compressed or not, counts one.
  g.a.emit(rv::rdcycle(s0));                  // #0
  g.a.emit(rv::rdinstret(s1));                // #1
  g.a.emit(rv::rdtime(a2));                   // #2
  g.a.emit(rv::addi(t0, x0, 0));              // #3
  g.a.emit16(rv::c_nop());                    // #4
  g.a.emit(rv::csrrs(a3, csr::cycle, x0));    // #5
  // A loop of 10 iterations, 2 instructions each, crosses several blocks.
  Label top = g.a.label();
  g.a.emit(rv::addi(t1, x0, 10));             // #6
  g.a.bind(top).emit(rv::addi(t1, t1, -1)).bne(t1, x0, top);  // #7..#26
  g.a.emit(rv::rdinstret(a4));                // #27
  g.a.emit(rv::rdtime(a5));                   // #28
  // Reads that write nothing: csrrc with x0, csrrsi/csrrci with 0 (the spec's read-only forms).
  g.a.emit(rv::csrrc(s2, csr::cycle, x0));    // #29
  g.a.emit(rv::csrrsi(s3, csr::instret, 0));  // #30
  g.a.emit(rv::csrrci(s4, csr::time, 0));     // #31
  if (X == 32) {
    g.a.emit(rv::rdcycleh(s5)).emit(rv::rdinstreth(s6)).emit(rv::rdtimeh(s7));
  }
  for (Reg r : {s0, s1, a2, a3, a4, a5, s2, s3, s4}) g.save(r);
  if (X == 32)
    for (Reg r : {s5, s6, s7}) g.save(r);
  g.finish();
  Result r = g.run();
  ASSERT_EQ(r.status, Status::exited) << summary(r);
  std::vector<uint64_t> want = {0, 1, 2, 5, 27, 28, 29, 30, 31};
  if (X == 32) want.insert(want.end(), {0, 0, 0});
  EXPECT_EQ(g.values(r), want);
}

TEST_P(Isa, FencesAreNoOps) {
  Cases c(X);
  CASE("fence, fence.i, fence rw,rw between a store and a load");
  c.a().li(t0, kDataBase).li(t1, 77).emit(rv::sw(t1, t0, 0)).emit(rv::fence()).emit(rv::fence_i());
  c.a().emit(rv::i_type(op::MISC_MEM, 0, 0, 0, 0x033)).emit(rv::lw(t2, t0, 0));
  c.want(t2, 77);
  c.check();
}

// ---------------------------------------------------------------------------------------------
// C: each compressed instruction behaves like its expansion.

struct CPair {
  const char* name;
  uint16_t c;
  uint32_t e;  // the 32-bit expansion
  bool rv32, rv64;
};

// Runs the compressed form and its expansion on the same registers and expects both to give
// `want` in `rd`.  Inputs: a0 = x, a1 = y, s0/sp point into the data area (seeded with pattern()).
void both_forms(Cases& c, const CPair& p, Reg rd, uint64_t x, uint64_t y, uint64_t want, int line) {
  for (int form = 0; form < 2; ++form) {
    c.begin(std::string(p.name) + (form ? " expansion" : "") + " x=" + hex(c.m(x)) + " y=" + hex(c.m(y)), line);
    c.a().li(a0, x).li(a1, y).li(s0, kDataBase + 64).li(sp, kDataBase + 256).li(ra, x);
    if (form == 0) c.a().emit16(p.c);
    else c.a().emit(p.e);
    c.want(rd, want);
  }
}

struct CCase {
  CPair p;
  Reg rd;
  uint64_t x, y, want;
};

TEST_P(Isa, CompressedArithmeticMatchesExpansion) {
  Cases c(X);
  c.g.data = pattern(1024);
  const uint64_t ONES = m(~0ull), MIN = Ref{X}.smin();
  const std::vector<CCase> cases = {
      {{"c.addi4spn a0, sp, 1020", rv::c_addi4spn(a0, 1020), rv::addi(a0, sp, 1020), true, true}, a0, 0, 0, kDataBase + 256 + 1020},
      {{"c.addi4spn s1, sp, 4", rv::c_addi4spn(s1, 4), rv::addi(s1, sp, 4), true, true}, s1, 0, 0, kDataBase + 260},
      {{"c.addi a0, -32", rv::c_addi(a0, -32), rv::addi(a0, a0, -32), true, true}, a0, 5, 0, m(5 - 32)},
      {{"c.addi a0, 31", rv::c_addi(a0, 31), rv::addi(a0, a0, 31), true, true}, a0, ONES, 0, 30},
      {{"c.addi ra, 1", rv::c_addi(ra, 1), rv::addi(ra, ra, 1), true, true}, ra, MIN - 1, 0, MIN},
      {{"c.li a1, -32", rv::c_li(a1, -32), rv::addi(a1, x0, -32), true, true}, a1, 0, 0, m(~31ull)},
      {{"c.li ra, 31", rv::c_li(ra, 31), rv::addi(ra, x0, 31), true, true}, ra, 0, 0, 31},
      {{"c.lui a0, -32", rv::c_lui(a0, -32), rv::lui(a0, 0xfffe0), true, true}, a0, 0, 0, m(0xfffffffffffe0000ull)},
      {{"c.lui a0, 31", rv::c_lui(a0, 31), rv::lui(a0, 31), true, true}, a0, 0, 0, 0x1f000},
      {{"c.lui ra, 1", rv::c_lui(ra, 1), rv::lui(ra, 1), true, true}, ra, 0, 0, 0x1000},
      {{"c.srli a0, 1", rv::c_srli(a0, 1), rv::srli(a0, a0, 1), true, true}, a0, MIN, 0, MIN >> 1},
      {{"c.srli a0, 31", rv::c_srli(a0, 31), rv::srli(a0, a0, 31), true, true}, a0, ONES, 0, ONES >> 31},
      {{"c.srai a0, 1", rv::c_srai(a0, 1), rv::srai(a0, a0, 1), true, true}, a0, MIN, 0, MIN | (MIN >> 1)},
      {{"c.srai a0, 31", rv::c_srai(a0, 31), rv::srai(a0, a0, 31), true, true}, a0, ONES, 0, ONES},
      {{"c.andi a0, -32", rv::c_andi(a0, -32), rv::andi(a0, a0, -32), true, true}, a0, 0x12345, 0, 0x12340},
      {{"c.andi a0, 15", rv::c_andi(a0, 15), rv::andi(a0, a0, 15), true, true}, a0, 0x12345, 0, 5},
      {{"c.sub a0, a1", rv::c_sub(a0, a1), rv::sub(a0, a0, a1), true, true}, a0, 0, 1, ONES},
      {{"c.xor a0, a1", rv::c_xor(a0, a1), rv::xor_(a0, a0, a1), true, true}, a0, 0xff, 0x0f, 0xf0},
      {{"c.or a0, a1", rv::c_or(a0, a1), rv::or_(a0, a0, a1), true, true}, a0, 0xf0, 0x0f, 0xff},
      {{"c.and a0, a1", rv::c_and(a0, a1), rv::and_(a0, a0, a1), true, true}, a0, 0xf0, 0x3c, 0x30},
      {{"c.slli a0, 1", rv::c_slli(a0, 1), rv::slli(a0, a0, 1), true, true}, a0, MIN | 1, 0, 2},
      {{"c.slli ra, 31", rv::c_slli(ra, 31), rv::slli(ra, ra, 31), true, true}, ra, 1, 0, 0x80000000},
      {{"c.mv a0, a1", rv::c_mv(a0, a1), rv::add(a0, x0, a1), true, true}, a0, 1, MIN, MIN},
      {{"c.mv ra, a1", rv::c_mv(ra, a1), rv::add(ra, x0, a1), true, true}, ra, 1, 77, 77},
      {{"c.add a0, a1", rv::c_add(a0, a1), rv::add(a0, a0, a1), true, true}, a0, ONES, 2, 1},
      {{"c.add ra, a1", rv::c_add(ra, a1), rv::add(ra, ra, a1), true, true}, ra, 40, 2, 42},
      {{"c.nop", rv::c_nop(), rv::nop(), true, true}, a0, 9, 0, 9},
  };
  for (const CCase& k : cases) both_forms(c, k.p, k.rd, k.x, k.y, k.want, __LINE__);
  if (rv64()) {
    const std::vector<CCase> c64 = {
        {{"c.addiw a0, 1", rv::c_addiw(a0, 1), rv::addiw(a0, a0, 1), false, true}, a0, 0x7fffffff, 0, 0xffffffff80000000ull},
        {{"c.addiw a0, 0 (sext.w)", rv::c_addiw(a0, 0), rv::addiw(a0, a0, 0), false, true}, a0, 0x1ffffffffull, 0, ~0ull},
        {{"c.addiw ra, -32", rv::c_addiw(ra, -32), rv::addiw(ra, ra, -32), false, true}, ra, 0x100000000ull, 0, ~31ull},
        {{"c.srli a0, 63", rv::c_srli(a0, 63), rv::srli(a0, a0, 63), false, true}, a0, MIN, 0, 1},
        {{"c.srai a0, 32", rv::c_srai(a0, 32), rv::srai(a0, a0, 32), false, true}, a0, MIN, 0, 0xffffffff80000000ull},
        {{"c.slli a0, 63", rv::c_slli(a0, 63), rv::slli(a0, a0, 63), false, true}, a0, 3, 0, MIN},
        {{"c.subw a0, a1", rv::c_subw(a0, a1), rv::subw(a0, a0, a1), false, true}, a0, 0x80000000, 1, 0x7fffffff},
        {{"c.addw a0, a1", rv::c_addw(a0, a1), rv::addw(a0, a0, a1), false, true}, a0, 0x7fffffff, 1, 0xffffffff80000000ull},
    };
    for (const CCase& k : c64) both_forms(c, k.p, k.rd, k.x, k.y, k.want, __LINE__);
  }
  c.check();
}

TEST_P(Isa, CompressedStackAdjust) {
  Cases c(X);
  for (int32_t imm : {-512, -16, 16, 496, 80, 384}) {
    const CPair p{"c.addi16sp", rv::c_addi16sp(imm), rv::addi(sp, sp, imm), true, true};
    both_forms(c, p, sp, 0, 0, kDataBase + 256 + imm, __LINE__);
  }
  c.check();
}

TEST_P(Isa, CompressedLoadsAndStores) {
  Cases c(X);
  c.g.data = pattern(1024);
  const auto& d = c.g.data;
  // s0 = data+64, sp = data+256 (both_forms).
  for (uint32_t off : {0u, 4u, 64u, 124u}) {
    const CPair p{"c.lw a0, off(s0)", rv::c_lw(a0, s0, off), rv::lw(a0, s0, int32_t(off)), true, true};
    both_forms(c, p, a0, 0, 0, m(sext(le(d, 64 + off, 4), 32)), __LINE__);
  }
  for (uint32_t off : {0u, 4u, 64u, 252u}) {
    const CPair p{"c.lwsp a0, off(sp)", rv::c_lwsp(a0, off), rv::lw(a0, sp, int32_t(off)), true, true};
    both_forms(c, p, a0, 0, 0, m(sext(le(d, 256 + off, 4), 32)), __LINE__);
  }
  if (rv64()) {
    for (uint32_t off : {0u, 8u, 128u, 248u}) {
      const CPair p{"c.ld a1, off(s0)", rv::c_ld(a1, s0, off), rv::ld(a1, s0, int32_t(off)), false, true};
      both_forms(c, p, a1, 0, 0, le(d, 64 + off, 8), __LINE__);
    }
    for (uint32_t off : {0u, 8u, 64u, 504u}) {
      const CPair p{"c.ldsp ra, off(sp)", rv::c_ldsp(ra, off), rv::ld(ra, sp, int32_t(off)), false, true};
      both_forms(c, p, ra, 0, 0, le(d, 256 + off, 8), __LINE__);
    }
  }
  // Stores: write a1 with the compressed form, read back with a plain load.
  // Each store gets its own zeroed area (s0 and sp move on by 1 KiB per case).
  uint64_t area = kDataBase + 0x1000;
  auto store = [&](const char* name, uint16_t cins, Reg base, uint32_t off, unsigned n, int line) {
    c.begin(name + std::string(" +") + std::to_string(off), line);
    const uint64_t v = 0x8877665544332211ull;
    c.a().li(a1, v).li(s0, area).li(sp, area).emit16(cins);
    area += 0x400;
    c.a().emit(n == 8 ? rv::ld(t2, base, int32_t(off)) : rv::lw(t2, base, int32_t(off)));
    c.want(t2, n == 8 ? v : m(sext32(v)));
    if (off >= 4) {  // the bytes below are untouched
      c.a().emit(rv::lw(t2, base, int32_t(off) - 4));
      c.want(t2, 0);
    }
  };
  for (uint32_t off : {0u, 4u, 64u, 124u}) store("c.sw a1, off(s0)", rv::c_sw(a1, s0, off), s0, off, 4, __LINE__);
  for (uint32_t off : {0u, 4u, 64u, 252u}) store("c.swsp a1, off(sp)", rv::c_swsp(a1, off), sp, off, 4, __LINE__);
  if (rv64()) {
    for (uint32_t off : {8u, 128u, 248u}) store("c.sd a1, off(s0)", rv::c_sd(a1, s0, off), s0, off, 8, __LINE__);
    for (uint32_t off : {8u, 64u, 504u}) store("c.sdsp a1, off(sp)", rv::c_sdsp(a1, off), sp, off, 8, __LINE__);
  }
  c.check();
}

TEST_P(Isa, CompressedControlFlow) {
  Cases c(X);
  CASE("c.j forward and backward");
  {
    Label fwd = c.a().label(), back = c.a().label(), done = c.a().label();
    c.a().li(t2, 0).c_j(fwd).li(t2, 100).bind(back).emit(rv::addi(t2, t2, 1)).j(done);
    c.a().bind(fwd).emit(rv::addi(t2, t2, 10)).c_j(back).bind(done);
    c.want(t2, 11);
  }
  CASE("c.beqz / c.bnez taken and not taken");
  {
    Label l1 = c.a().label(), l2 = c.a().label(), l3 = c.a().label(), l4 = c.a().label();
    c.a().li(t2, 0).li(a0, 0).li(a1, Ref{X}.smin());
    c.a().c_beqz(a0, l1).emit(rv::addi(t2, t2, 1)).bind(l1);    // taken
    c.a().c_beqz(a1, l2).emit(rv::addi(t2, t2, 2)).bind(l2);    // not taken
    c.a().c_bnez(a1, l3).emit(rv::addi(t2, t2, 4)).bind(l3);    // taken
    c.a().c_bnez(a0, l4).emit(rv::addi(t2, t2, 8)).bind(l4);    // not taken
    c.want(t2, 10);
  }
  CASE("c.jr");
  {
    Label l = c.a().label();
    c.a().li(t2, 1).la(a0, l).emit16(rv::c_jr(a0)).li(t2, 0).bind(l);
    c.want(t2, 1);
  }
  CASE("c.jalr links pc+2");
  {
    Label l = c.a().label();
    c.a().li(t2, 1).la(a0, l);
    const uint64_t at = c.a().here();
    c.a().emit16(rv::c_jalr(a0)).li(t2, 0).bind(l);
    c.want(ra, at + 2);
    c.want(t2, 1);
  }
  CASE("c.jalr with rs1 = ra uses the old ra");
  {
    Label l = c.a().label();
    c.a().li(t2, 1).la(ra, l);
    const uint64_t at = c.a().here();
    c.a().emit16(rv::c_jalr(ra)).li(t2, 0).bind(l);
    c.want(ra, at + 2);
    c.want(t2, 1);
  }
  CASE("c.jr clears bit 0 like jalr");
  {
    Label l = c.a().label();
    c.a().li(t2, 1).la(a0, l).emit(rv::addi(a0, a0, 1)).emit16(rv::c_jr(a0)).li(t2, 0).bind(l);
    c.want(t2, 1);
  }
  CASE("call and return with compressed jumps");
  {
    Label fn = c.a().label(), after = c.a().label();
    c.a().li(t2, 0).la(a0, fn).emit16(rv::c_jalr(a0)).j(after);
    c.a().bind(fn).emit(rv::addi(t2, t2, 3)).emit16(rv::c_jr(ra)).bind(after);
    c.want(t2, 3);
  }
  if (X == 32) {
    CASE("c.jal links pc+2 (rv32)");
    Label l = c.a().label();
    c.a().li(t2, 1);
    const uint64_t at = c.a().here();
    c.a().c_jal(l).li(t2, 0).bind(l);
    c.want(ra, at + 2);
    c.want(t2, 1);
  }
  c.check();
}

TEST_P(Isa, CompressedEbreakStops) {
  Guest g(X);
  g.a.emit16(rv::c_nop());
  const uint64_t pc = g.a.here();
  g.a.emit16(rv::c_ebreak());
  g.exit(0);
  expect_stop(g, Status::ebreak, pc);
}

TEST_P(Isa, EbreakStops) {
  Guest g(X);
  g.a.emit(rv::addi(t0, x0, 1));
  const uint64_t pc = g.a.here();
  g.a.emit(rv::ebreak());
  g.exit(0);
  expect_stop(g, Status::ebreak, pc);
}

// ---------------------------------------------------------------------------------------------
// Illegal instructions stop with illegal_instruction at their own pc.

struct Bad {
  const char* name;
  uint32_t bits;
  bool is16;
};

void expect_illegal(unsigned xlen, const Bad& b) {
  SCOPED_TRACE(std::string(b.name) + " " + hex(b.bits) + " on rv" + std::to_string(xlen));
  Guest g(xlen);
  g.a.emit(rv::addi(t0, x0, 1)).emit16(rv::c_nop());  // the bad instruction is not first and is 2 mod 4
  const uint64_t pc = g.a.here();
  if (b.is16) g.a.emit16(uint16_t(b.bits)).emit16(rv::c_nop());
  else g.a.emit(b.bits);
  g.exit(0);
  expect_stop(g, Status::illegal_instruction, pc);
}

TEST_P(Isa, IllegalEncodingsTrapAtTheirPc) {
  std::vector<Bad> bad = {
      {"all-zero halfword", 0x0000, true},
      {"all-ones word", 0xffffffff, false},
      {"longer-than-32-bit form", 0x0000003f, false},
      {"c.addi4spn with 0", rv::c_addi4spn(a0, 0), true},
      {"c.lwsp x0", rv::c_lwsp(x0, 4), true},
      {"c.jr x0", rv::c_jr(x0), true},
      {"c.addi16sp 0", rv::c_addi16sp(0), true},
      {"c.lui with 0", rv::c_lui(a0, 0), true},
      {"quadrant 0, funct3 100", 0x8000 | (rv::c_lw(a0, s0, 0) & 0x1fff), true},
      {"c.fld", rv::c_fld(a0, s0, 8), true},
      {"c.fsd", rv::c_fsd(a0, s0, 8), true},
      {"c.fldsp", rv::c_fldsp(a0, 8), true},
      {"c.fsdsp", rv::c_fsdsp(a0, 8), true},
      {"reserved CA funct (bit12=1, 10)", rv::cdetail::ca(1, 2, a0, a1), true},
      {"reserved CA funct (bit12=1, 11)", rv::cdetail::ca(1, 3, a0, a1), true},
      {"flw", rv::i_type(0x07, a0, 2, s0, 0), false},
      {"fld", rv::i_type(0x07, a0, 3, s0, 0), false},
      {"fsw", rv::s_type(0x27, 2, s0, a0, 0), false},
      {"fadd.s", rv::r_type(0x53, a0, 0, a1, a2, 0), false},
      {"fmadd.s", rv::r_type(0x43, a0, 0, a1, a2, 0), false},
      {"load funct3 7", rv::i_type(op::LOAD, a0, 7, s0, 0), false},
      {"store funct3 4", rv::s_type(op::STORE, 4, s0, a0, 0), false},
      {"branch funct3 2", rv::b_type(op::BRANCH, 2, a0, a1, 8), false},
      {"branch funct3 3", rv::b_type(op::BRANCH, 3, a0, a1, 8), false},
      {"jalr funct3 1", rv::i_type(op::JALR, a0, 1, a1, 0), false},
      {"OP funct7 0x02", rv::r_type(op::OP, a0, 0, a1, a2, 0x02), false},
      {"OP funct7 0x40", rv::r_type(op::OP, a0, 0, a1, a2, 0x40), false},
      {"sub with funct3 1 (sll funct7 0x20)", rv::r_type(op::OP, a0, 1, a1, a2, 0x20), false},
      {"slli with imm[8] set", rv::i_type(op::OP_IMM, a0, 1, a1, 0x100 | 3), false},
      {"srli with imm[11] set", rv::i_type(op::OP_IMM, a0, 5, a1, 0x800 | 3), false},
      {"Zbs bset (not implemented)", rv::r_type(op::OP, a0, 1, a1, a2, 0x14), false},
      {"Zbc clmul (not implemented)", rv::r_type(op::OP, a0, 1, a1, a2, 0x05), false},
      {"amo funct3 0 (byte)", rv::amo(amo5::ADD, 0, a0, a1, a2), false},
      {"amo funct3 4", rv::amo(amo5::ADD, 4, a0, a1, a2), false},
      {"amo funct5 0x05", rv::amo(0x05, 2, a0, a1, a2), false},
      {"lr.w with rs2 != 0", rv::amo(amo5::LR, 2, a0, a1, a2), false},
      {"misc-mem funct3 7", rv::i_type(op::MISC_MEM, 0, 7, 0, 0), false},
      {"mret", 0x30200073, false},
      {"sret", 0x10200073, false},
      {"wfi", 0x10500073, false},
      {"ecall with rd set", 0x000000f3, false},
      {"csrrw to cycle", rv::csrrw(x0, csr::cycle, t0), false},
      {"csrrw a0, instret, x0", rv::csrrw(a0, csr::instret, x0), false},
      {"csrrs cycle with rs1 != x0", rv::csrrs(a0, csr::cycle, t0), false},
      {"csrrc time with rs1 != x0", rv::csrrc(a0, csr::time, t0), false},
      {"csrrwi cycle", rv::csrrwi(a0, csr::cycle, 0), false},
      {"csrrsi cycle with 1", rv::csrrsi(a0, csr::cycle, 1), false},
      {"unknown CSR 0x7c0", rv::csrrs(a0, 0x7c0, x0), false},
      {"mstatus", rv::csrrs(a0, 0x300, x0), false},
      {"fflags (no F)", rv::csrrs(a0, 0x001, x0), false},
      {"SYSTEM funct3 4", rv::i_type(op::SYSTEM, a0, 4, 0, 0xc00), false},
      {"opcode 0x0b (custom-0)", 0x0000000b, false},
      {"opcode 0x57 (vector)", 0x00000057, false},
  };
  if (rv64()) {
    bad.insert(bad.end(), {
        {"c.ldsp x0", rv::c_ldsp(x0, 8), true},
        {"c.addiw x0", rv::c_addiw(x0, 1), true},
        {"slli.uw with imm[11] set", rv::i_type(op::OP_IMM_32, a0, 1, a1, 0x880 | 1), false},
        {"slliw shamt[5] set", rv::i_type(op::OP_IMM_32, a0, 1, a1, 32), false},
        {"srliw shamt[5] set", rv::i_type(op::OP_IMM_32, a0, 5, a1, 32), false},
        {"sraiw shamt[5] set", rv::i_type(op::OP_IMM_32, a0, 5, a1, 0x400 | 32), false},
        {"roriw shamt[5] set", rv::i_type(op::OP_IMM_32, a0, 5, a1, 0x600 | 32), false},
        {"OP-32 funct3 2 funct7 0", rv::r_type(op::OP_32, a0, 2, a1, a2, 0), false},
        {"rdcycleh (rv32 only)", rv::rdcycleh(a0), false},
        {"rdinstreth (rv32 only)", rv::rdinstreth(a0), false},
    });
  } else {
    bad.insert(bad.end(), {
        {"ld", rv::ld(a0, s0, 0), false},
        {"lwu", rv::lwu(a0, s0, 0), false},
        {"sd", rv::sd(a0, s0, 0), false},
        {"addiw", rv::addiw(a0, a0, 1), false},
        {"slliw", rv::slliw(a0, a0, 1), false},
        {"srliw", rv::srliw(a0, a0, 1), false},
        {"sraiw", rv::sraiw(a0, a0, 1), false},
        {"addw", rv::addw(a0, a0, a1), false},
        {"subw", rv::subw(a0, a0, a1), false},
        {"sllw", rv::sllw(a0, a0, a1), false},
        {"srlw", rv::srlw(a0, a0, a1), false},
        {"sraw", rv::sraw(a0, a0, a1), false},
        {"mulw", rv::mulw(a0, a0, a1), false},
        {"divw", rv::divw(a0, a0, a1), false},
        {"divuw", rv::divuw(a0, a0, a1), false},
        {"remw", rv::remw(a0, a0, a1), false},
        {"remuw", rv::remuw(a0, a0, a1), false},
        {"lr.d", rv::lr_d(a0, a1), false},
        {"sc.d", rv::sc_d(a0, a2, a1), false},
        {"amoadd.d", rv::amoadd_d(a0, a2, a1), false},
        {"amoswap.d", rv::amoswap_d(a0, a2, a1), false},
        {"add.uw", rv::add_uw(a0, a1, a2), false},
        {"sh1add.uw", rv::sh1add_uw(a0, a1, a2), false},
        {"sh2add.uw", rv::sh2add_uw(a0, a1, a2), false},
        {"sh3add.uw", rv::sh3add_uw(a0, a1, a2), false},
        {"slli.uw", rv::slli_uw(a0, a1, 3), false},
        {"clzw", rv::clzw(a0, a1), false},
        {"ctzw", rv::ctzw(a0, a1), false},
        {"cpopw", rv::cpopw(a0, a1), false},
        {"rolw", rv::rolw(a0, a1, a2), false},
        {"rorw", rv::rorw(a0, a1, a2), false},
        {"roriw", rv::roriw(a0, a1, 3), false},
        {"zext.h with the rv64 encoding", rv::zext_h(64, a0, a1), false},
        {"rev8 with the rv64 encoding", rv::rev8(64, a0, a1), false},
        {"slli shamt 32", rv::slli(a0, a1, 32), false},
        {"srli shamt 33", rv::srli(a0, a1, 33), false},
        {"srai shamt 63", rv::srai(a0, a1, 63), false},
        {"rori shamt 32", rv::rori(a0, a1, 32), false},
        {"c.flw (c.ld's slot)", rv::c_flw(a0, s0, 4), true},
        {"c.fsw (c.sd's slot)", rv::c_fsw(a0, s0, 4), true},
        {"c.flwsp (c.ldsp's slot)", rv::c_flwsp(a0, 4), true},
        {"c.fswsp (c.sdsp's slot)", rv::c_fswsp(a0, 4), true},
        {"c.subw (rv64 only)", rv::c_subw(a0, a1), true},
        {"c.addw (rv64 only)", rv::c_addw(a0, a1), true},
        {"c.slli shamt 32", rv::c_slli(a0, 32), true},
        {"c.srli shamt 32", rv::c_srli(a0, 32), true},
        {"c.srai shamt 33", rv::c_srai(a0, 33), true},
    });
  }
  for (const Bad& b : bad) expect_illegal(X, b);
}

TEST_P(Isa, IllegalBytesThatAreNeverExecutedAreHarmless) {
  Guest g(X);
  Label over = g.a.label();
  g.a.j(over).emit(0xffffffff).emit16(0x0000).emit(rv::i_type(0x07, a0, 2, s0, 0)).bind(over);
  g.exit(5);
  Result r = g.run();
  EXPECT_EQ(r.status, Status::exited) << summary(r);
  EXPECT_EQ(r.exit_code, 5);
}

TEST_P(Isa, SameProgramSameResult) {
  Cases c(X);
  std::mt19937_64 rng(test_seed());
  for (int i = 0; i < 50; ++i) RR(mulhsu, operand(rng), operand(rng), 0);  // values unchecked here
  c.g.finish();
  const Result r1 = c.g.run(), r2 = c.g.run();
  EXPECT_EQ(r1.status, Status::exited) << summary(r1);
  EXPECT_EQ(r1.output, r2.output);
  EXPECT_EQ(r1.gas_used, r2.gas_used);
  EXPECT_EQ(r1.instructions, r2.instructions);
  EXPECT_EQ(r1.pc, r2.pc);
}

INSTANTIATE_TEST_SUITE_P(Xlen, Isa, ::testing::Values(32u, 64u),
                         [](const ::testing::TestParamInfo<unsigned>& i) { return "rv" + std::to_string(i.param); });

}  // namespace
