// tests/bus/bus_test.cpp: the coprocessor bus: argument checking (ranges, permissions, overflow,
// zero lengths), overlapping inputs and outputs, gas charged before work, refusals and failures
// as values, per-operation counters, user-registered operations, unknown numbers.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <new>
#include <stdexcept>
#include <string>

#include "rv_asm.h"
#include "tandem/tandem.h"

namespace {

using namespace tandem;
using namespace tandem::test;
using namespace tandem::test::rv;

// Emits: a0..a5 = args, a7 = number, ecall; saves a0 and a1.
void call(Guest& g, uint32_t number, std::initializer_list<uint64_t> args) {
  Reg regs[] = {a0, a1, a2, a3, a4, a5};
  size_t i = 0;
  for (uint64_t v : args) g.a.li(regs[i++], v);
  g.a.li(a7, number).emit(ecall());
  g.save(a0);
  g.save(a1);
}

const CoprocessorStats* stats_of(const Result& r, uint32_t number) {
  for (const auto& s : r.coprocessors)
    if (s.number == number) return &s;
  return nullptr;
}

TEST(Bus, NoopRoundTripCostsOnlyTheEcall) {
  for (unsigned xlen : {32u, 64u}) {
    Guest g(xlen);
    g.a.li(a0, 5).li(a1, 6);
    g.a.li(a7, 0x2000).emit(ecall());
    g.save(a0);
    g.save(a1);
    g.finish(0);
    auto r = g.run();
    ASSERT_EQ(r.status, Status::exited) << summary(r);
    auto v = g.values(r);
    EXPECT_EQ(v.at(0), 0u);
    EXPECT_EQ(v.at(1), 0u);
    auto* s = stats_of(r, 0x2000);
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->name, "bus.noop");
    EXPECT_EQ(s->calls, 1u);
    EXPECT_EQ(s->gas, 0u);
  }
}

TEST(Bus, CopyMovesBytesAndCounts) {
  Guest g(64);
  g.data = {'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'};
  call(g, 0x2001, {kDataBase, 8, kDataBase + 64, 100});
  g.a.li(t0, kDataBase + 64).emit(ld(s0, t0, 0));
  g.save(s0);
  g.finish(0);
  auto r = g.run();
  ASSERT_EQ(r.status, Status::exited) << summary(r);
  auto v = g.values(r);
  EXPECT_EQ(v.at(0), 0u);
  EXPECT_EQ(v.at(1), 8u);
  EXPECT_EQ(v.at(2), 0x6867666564636261u);
  auto* s = stats_of(r, 0x2001);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->calls, 1u);
  EXPECT_EQ(s->bytes_in, 8u);
  EXPECT_EQ(s->bytes_out, 100u);
  EXPECT_EQ(s->gas, 1u);
}

TEST(Bus, HostileRangesAreRefusedWithEfault) {
  for (unsigned xlen : {32u, 64u}) {
    Guest g(xlen);
    const uint64_t top = xlen == 64 ? ~0ull : 0xffffffffull;
    call(g, 0x2001, {0, 8, kDataBase, 8});                      // null input
    call(g, 0x2001, {kDataBase, 8, kCodeBase, 8});              // output into code
    call(g, 0x2001, {kDataBase, top - 2, kDataBase, 8});        // length wraps
    call(g, 0x2001, {top - 3, 8, kDataBase, 8});                // pointer near the top
    call(g, 0x2001, {kDataBase, 8, (4ull << 20) - 4, 8});       // output past the arena
    call(g, 0x2001, {0, 0, 0, 0});                              // zero lengths: fine anywhere
    g.finish(0);
    auto r = g.run();
    ASSERT_EQ(r.status, Status::exited) << summary(r);
    auto v = g.values(r);
    const uint64_t efault = uint64_t(int64_t(-14)) & top;
    for (int i = 0; i < 5; ++i) EXPECT_EQ(v.at(2 * i), efault) << "call " << i;
    EXPECT_EQ(v.at(10), 0u);
    auto* s = stats_of(r, 0x2001);
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->refused, 5u);
    EXPECT_EQ(s->calls, 1u);
  }
}

// A user operation whose naive implementation would corrupt its input if it overlapped the
// output: out[i] = in[n-1-i], written front to back.
CoprocessorOp reverse_op(std::atomic<int>* runs = nullptr) {
  CoprocessorOp op;
  op.number = 0x2f00;
  op.name = "test.reverse";
  op.args[0] = Arg::in;
  op.args[1] = Arg::out;
  op.analyze = [](const CoprocArgs& a, uint64_t& gas) -> int64_t {
    if (a.in[0].size() != a.out[1].size()) return coproc_error::invalid;
    gas = 1000 + a.in[0].size();
    return 0;
  };
  op.execute = [runs](const CoprocArgs& a, uint64_t& value) -> int64_t {
    if (runs) ++*runs;
    const size_t n = a.in[0].size();
    for (size_t i = 0; i < n; ++i) a.out[1][i] = a.in[0][n - 1 - i];
    if (n == 3) return coproc_error::failed;  // an input the operation fails on
    value = n;
    return 0;
  };
  return op;
}

std::shared_ptr<const CoprocessorSet> with_reverse(std::atomic<int>* runs = nullptr) {
  auto set = std::make_shared<CoprocessorSet>(*CoprocessorSet::builtin());
  auto added = set->add(reverse_op(runs));
  EXPECT_TRUE(added) << added.error();
  return set;
}

TEST(Bus, OverlappingOutputSeesTheOriginalInput) {
  Guest g(64);
  g.data = {1, 2, 3, 4, 5, 6, 7, 8};
  call(g, 0x2f00, {kDataBase, 8, kDataBase, 8});  // in place
  g.a.li(t0, kDataBase).emit(ld(s0, t0, 0));
  g.save(s0);
  call(g, 0x2f00, {kDataBase, 6, kDataBase + 2, 6});  // shifted overlap
  g.a.li(t0, kDataBase).emit(ld(s0, t0, 0));
  g.save(s0);
  g.finish(0);
  auto o = small_options();
  o.coprocessors = with_reverse();
  auto r = g.run(o);
  ASSERT_EQ(r.status, Status::exited) << summary(r);
  auto v = g.values(r);
  EXPECT_EQ(v.at(2), 0x0102030405060708u);
  // after the first call memory is 8 7 6 5 4 3 2 1; reversing bytes 0..5 into 2..7 gives
  // 8 7 | 3 4 5 6 7 8
  EXPECT_EQ(v.at(5), 0x0807060504030708u);
}

TEST(Bus, GasIsChargedBeforeTheWork) {
  std::atomic<int> runs{0};
  Guest g(64);
  call(g, 0x2f00, {kDataBase, 16, kDataBase + 64, 16});
  g.finish(0);
  auto o = small_options();
  o.coprocessors = with_reverse(&runs);
  auto full = g.run(o);
  ASSERT_EQ(full.status, Status::exited) << summary(full);
  EXPECT_EQ(runs.load(), 1);
  auto* s = stats_of(full, 0x2f00);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->gas, 1016u);
  // Find the smallest limit at which the operation runs: one gas less, it never runs and the
  // run ends out of gas at the ecall, having charged the whole limit.
  uint64_t lo = 0, hi = full.gas_used;  // runs(lo) == 0, runs(hi) == 1
  while (hi - lo > 1) {
    const uint64_t mid = lo + (hi - lo) / 2;
    runs = 0;
    o.gas_limit = mid;
    g.run(o);
    (runs.load() ? hi : lo) = mid;
  }
  runs = 0;
  o.gas_limit = lo;
  auto r = g.run(o);
  EXPECT_EQ(r.status, Status::out_of_gas) << summary(r);
  EXPECT_EQ(runs.load(), 0);
  EXPECT_EQ(r.gas_used, lo);
  runs = 0;
  o.gas_limit = hi;
  auto paid = g.run(o);
  EXPECT_EQ(runs.load(), 1);
  EXPECT_GT(paid.pc, r.pc);  // went past the call
  // The call's own charge is the analyze gas (the ecall's 10 were paid with its block).
  EXPECT_GE(hi, 1016u);
}

TEST(Bus, RefusalsAndFailuresAreValuesForTheGuest) {
  std::atomic<int> runs{0};
  Guest g(64);
  call(g, 0x2f00, {kDataBase, 4, kDataBase + 64, 5});  // analyze refuses: lengths differ
  call(g, 0x2f00, {kDataBase, 3, kDataBase + 64, 3});  // execute fails
  call(g, 0x2f00, {kDataBase, 2, kDataBase + 64, 2});  // fine
  g.finish(0);
  auto o = small_options();
  o.coprocessors = with_reverse(&runs);
  auto r = g.run(o);
  ASSERT_EQ(r.status, Status::exited) << summary(r);
  auto v = g.values(r);
  EXPECT_EQ(int64_t(v.at(0)), -22);
  EXPECT_EQ(int64_t(v.at(2)), -74);
  EXPECT_EQ(v.at(4), 0u);
  EXPECT_EQ(v.at(5), 2u);
  EXPECT_EQ(runs.load(), 2);
  auto* s = stats_of(r, 0x2f00);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->refused, 1u);
  EXPECT_EQ(s->calls, 2u);
  EXPECT_EQ(s->failures, 1u);
  EXPECT_EQ(s->gas, 1003u + 1002u);
}

// An operation that throws does not take the host down: the bus turns the exception into a status.
TEST(Bus, ExceptionsFromOperationsAreStatuses) {
  auto set = std::make_shared<CoprocessorSet>(*CoprocessorSet::builtin());
  CoprocessorOp op;
  op.number = 0x2f01;
  op.name = "test.throws";
  op.args[0] = Arg::value;
  op.analyze = [](const CoprocArgs& a, uint64_t& gas) -> int64_t {
    if (a.value[0][0] == 3) throw std::runtime_error("analyze");
    return gas = 1, 0;
  };
  op.execute = [](const CoprocArgs& a, uint64_t&) -> int64_t {
    if (a.value[0][0] == 1) throw std::bad_alloc();
    if (a.value[0][0] == 2) throw std::runtime_error("execute");
    return 0;
  };
  ASSERT_TRUE(set->add(op));
  Guest g(64);
  call(g, 0x2f01, {1, 0});
  call(g, 0x2f01, {2, 0});
  call(g, 0x2f01, {3, 0});
  call(g, 0x2f01, {0, 0});
  g.finish(0);
  auto o = small_options();
  o.coprocessors = set;
  auto r = g.run(o);
  ASSERT_EQ(r.status, Status::exited) << summary(r);
  auto v = g.values(r);
  EXPECT_EQ(int64_t(v.at(0)), -12);
  EXPECT_EQ(int64_t(v.at(2)), -74);
  EXPECT_EQ(int64_t(v.at(4)), -22);
  EXPECT_EQ(int64_t(v.at(6)), 0);
}

TEST(Bus, UnknownOperationFollowsThePolicy) {
  Guest g(64);
  call(g, 0x2abc, {});
  g.finish(0);
  auto r = g.run();
  ASSERT_EQ(r.status, Status::exited) << summary(r);
  EXPECT_EQ(int64_t(g.values(r).at(0)), -38);
  auto o = small_options();
  o.unknown_syscall = UnknownSyscall::trap;
  auto t = g.run(o);
  EXPECT_EQ(t.status, Status::unknown_syscall);
}

// An operation of value pairs only, registered at `number`: refuses the call if the bus handed it
// any span (spans of pairs that are not memory must be empty, whatever the call before set), and
// returns the first register of pair 0.
CoprocessorOp values_op(uint32_t number) {
  CoprocessorOp op;
  op.number = number;
  op.name = "test.values" + std::to_string(number);
  op.args[0] = Arg::value;
  op.args[1] = Arg::value;
  op.analyze = [](const CoprocArgs& a, uint64_t& gas) -> int64_t {
    for (int i = 0; i < 3; ++i)
      if (!a.in[i].empty() || !a.out[i].empty()) return coproc_error::invalid;
    gas = 1;
    return 0;
  };
  op.execute = [](const CoprocArgs& a, uint64_t& value) -> int64_t {
    value = a.value[0][0];
    return 0;
  };
  return op;
}

TEST(Bus, CallsWithoutMemoryPairsSeeNoSpans) {
  Guest g(64);
  g.data = {1, 2, 3, 4, 5, 6, 7, 8};
  call(g, 0x2f10, {7, 0, 0, 0});
  call(g, 0x2001, {kDataBase, 8, kDataBase + 64, 8});  // copy: sets spans
  call(g, 0x2f10, {8, 0, 0, 0});
  call(g, 0x2f10, {9, 0, 0, 0});
  call(g, 0x2f00, {kDataBase, 8, kDataBase, 8});       // reverse in place: a scratch copy
  call(g, 0x2f10, {10, 0, 0, 0});
  call(g, 0x2001, {kDataBase, 8, kCodeBase, 8});       // refused halfway: output into code
  call(g, 0x2f10, {11, 0, 0, 0});
  g.finish(0);
  auto set = std::make_shared<CoprocessorSet>(*CoprocessorSet::builtin());
  ASSERT_TRUE(set->add(reverse_op()));
  ASSERT_TRUE(set->add(values_op(0x2f10)));
  auto o = small_options();
  o.coprocessors = set;
  auto r = g.run(o);
  ASSERT_EQ(r.status, Status::exited) << summary(r);
  auto v = g.values(r);
  const uint64_t expect[] = {0, 7, 0, 8, 0, 8, 0, 9, 0, 8, 0, 10};
  for (size_t i = 0; i < std::size(expect); ++i) EXPECT_EQ(v.at(i), expect[i]) << "value " << i;
  EXPECT_EQ(int64_t(v.at(12)), -14);
  EXPECT_EQ(v.at(14), 0u);
  EXPECT_EQ(v.at(15), 11u);
}

TEST(Bus, EveryNumberOfTheRangeReachesTheSet) {
  auto set = std::make_shared<CoprocessorSet>(*CoprocessorSet::builtin());
  ASSERT_TRUE(set->add(values_op(0x2fff)));
  Guest g(64);
  call(g, 0x2000, {});          // first number: bus.noop
  call(g, 0x2fff, {5});         // last number: the user operation
  call(g, 0x1fff, {5});         // just below and just above: not coprocessor calls
  call(g, 0x3000, {5});
  g.finish(0);
  auto o = small_options();
  o.coprocessors = set;
  auto r = g.run(o);
  ASSERT_EQ(r.status, Status::exited) << summary(r);
  auto v = g.values(r);
  EXPECT_EQ(v.at(0), 0u);
  EXPECT_EQ(v.at(2), 0u);
  EXPECT_EQ(v.at(3), 5u);
  EXPECT_EQ(int64_t(v.at(4)), -38);
  EXPECT_EQ(int64_t(v.at(6)), -38);
  auto* s = stats_of(r, 0x2fff);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->calls, 1u);
  o.unknown_syscall = UnknownSyscall::trap;
  Guest h(64);
  call(h, 0x2fff, {5});
  call(h, 0x3000, {5});
  h.finish(0);
  auto t = h.run(o);
  EXPECT_EQ(t.status, Status::unknown_syscall);  // at 0x3000, after the 0x2fff call ran
  auto* u = stats_of(t, 0x2fff);
  ASSERT_NE(u, nullptr);
  EXPECT_EQ(u->calls, 1u);
}

TEST(CoprocessorSet, RegistrationIsChecked) {
  CoprocessorSet set;
  auto op = reverse_op();
  EXPECT_TRUE(set.add(op));
  EXPECT_FALSE(set.add(op));  // number taken
  op.number = 0x2f01;
  EXPECT_FALSE(set.add(op));  // name taken
  op.name = "test.other";
  op.number = 0x1fff;
  EXPECT_FALSE(set.add(op));  // out of range
  op.number = 0x3000;
  EXPECT_FALSE(set.add(op));
  op.number = 0x2f02;
  op.execute = nullptr;
  EXPECT_FALSE(set.add(op));  // no execute
  op = reverse_op();
  op.number = 0x2f03;
  op.name = "";
  EXPECT_FALSE(set.add(op));  // no name
  EXPECT_EQ(set.ops().size(), 1u);
  EXPECT_EQ(set.find(0x2f00), 0);
  EXPECT_EQ(set.find(0x2f01), -1);
  EXPECT_EQ(set.find(5), -1);
}

TEST(Bus, TimingCanBeTurnedOff) {
  Guest g(64);
  call(g, 0x2001, {kDataBase, 8, kDataBase + 64, 8});
  g.finish(0);
  auto o = small_options();
  o.time_coprocessors = false;
  auto r = g.run(o);
  auto* s = stats_of(r, 0x2001);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->nanoseconds, 0u);
}

}  // namespace

namespace {

TEST(Bus, TimingMeasuresHostTime) {
  using namespace tandem::test::rv;
  Guest g(64);
  g.data_memsz = 2u << 20;
  for (int i = 0; i < 20; ++i) call(g, 0x2001, {kDataBase, 1u << 20, kDataBase + (1u << 20), 1u << 20});
  g.finish(0);
  auto o = small_options();
  o.memory = 16ull << 20;
  auto r = g.run(o);
  ASSERT_EQ(r.status, tandem::Status::exited) << summary(r);
  auto* s = stats_of(r, 0x2001);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->calls, 20u);
  EXPECT_EQ(s->bytes_in, 20u << 20);
  // 20 MiB copied: certainly more than a microsecond, and less than ten seconds.
  EXPECT_GT(s->nanoseconds, 1000u);
  EXPECT_LT(s->nanoseconds, 10'000'000'000u);
}

}  // namespace
