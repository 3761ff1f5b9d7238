// tests/runtime/machine_test.cpp: the embedding API (Machine options, results, limits, sinks,
// input, arguments, determinism) and the decoder's fused pairs, which must behave exactly like
// the instructions they replace, including gas and instruction counts.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "rv_asm.h"
#include "tandem/tandem.h"

namespace {

using namespace tandem;
using namespace tandem::test;
using namespace tandem::test::rv;

Expected<Program> load(const Guest& g) { return Program::from_bytes(g.elf()); }

TEST(ParseSize, AcceptsBytesAndSuffixes) {
  EXPECT_EQ(*parse_size("4096"), 4096u);
  EXPECT_EQ(*parse_size("64K"), 64u << 10);
  EXPECT_EQ(*parse_size("64k"), 64u << 10);
  EXPECT_EQ(*parse_size("3M"), 3u << 20);
  EXPECT_EQ(*parse_size("2G"), 2ull << 30);
  EXPECT_EQ(*parse_size("16MiB"), 16u << 20);
}

TEST(ParseSize, RejectsGarbage) {
  for (const char* bad : {"", "M", "-1", "1.5M", "12X", "99999999999999999999", "17179869184G"}) {
    auto r = parse_size(bad);
    EXPECT_FALSE(r.has_value()) << bad;
    if (!r) {
      EXPECT_FALSE(r.error().empty());
    }
  }
}

TEST(Machine, RejectsBadOptions) {
  Guest g(64);
  g.exit(0);
  auto p = load(g);
  ASSERT_TRUE(p) << p.error();
  MachineOptions o;
  o.memory = 1000;
  EXPECT_FALSE(Machine::create(*p, o));
  o.memory = (64ull << 20) + 1;
  EXPECT_FALSE(Machine::create(*p, o));
  o = {};
  o.stack = 100;
  EXPECT_FALSE(Machine::create(*p, o));
  o = {};
  o.stack = o.memory;
  EXPECT_FALSE(Machine::create(*p, o));
}

TEST(Machine, Rv32MemoryIsAtMost4G) {
  Guest g(32);
  g.exit(0);
  auto p = load(g);
  ASSERT_TRUE(p) << p.error();
  MachineOptions o;
  o.memory = 8ull << 30;
  EXPECT_FALSE(Machine::create(*p, o));
  o.memory = 4ull << 30;  // the whole rv32 address space: reserved, not committed
  auto m = Machine::create(*p, o);
  ASSERT_TRUE(m) << m.error();
  EXPECT_EQ(m->run().status, Status::exited);
}

TEST(Machine, ProgramThatDoesNotFitIsOutOfMemory) {
  Guest g(64);
  g.exit(0);
  g.data_memsz = 3ull << 20;  // data up to ~4 MiB; with a 1 MiB stack in 4 MiB it cannot fit
  auto p = load(g);
  ASSERT_TRUE(p) << p.error();
  MachineOptions o;
  o.memory = 4ull << 20;
  auto m = Machine::create(*p, o);
  ASSERT_TRUE(m) << m.error();
  auto r = m->run();
  EXPECT_EQ(r.status, Status::out_of_memory);
  EXPECT_NE(r.message.find("more memory"), std::string::npos) << r.message;
  EXPECT_EQ(r.instructions, 0u);
}

TEST(Machine, RunTwiceReturnsTheFirstResult) {
  Guest g(64);
  g.a.li(a0, 1).li(a1, 2).emit(add(a2, a0, a1));
  g.save(a2);
  g.finish(7);
  auto p = load(g);
  auto m = Machine::create(*p, small_options());
  auto r1 = m->run();
  auto r2 = m->run();
  EXPECT_EQ(r1.status, Status::exited);
  EXPECT_EQ(r1.exit_code, 7);
  EXPECT_EQ(r1.output, r2.output);
  EXPECT_EQ(r1.gas_used, r2.gas_used);
  EXPECT_EQ(r1.instructions, r2.instructions);
}

TEST(Machine, SameProgramAndInputGiveTheSameResult) {
  // Reads the input through read(0), sums the bytes, writes them back to stdout.
  Guest g(64);
  Label loop = g.a.label(), done = g.a.label();
  g.a.li(s0, 0).li(s1, kDataBase);
  g.a.bind(loop);
  g.a.li(a0, 0).mv(a1, s1).li(a2, 64).li(a7, 63).emit(ecall());
  g.a.beq(a0, x0, done);
  g.a.emit(add(s0, s0, a0)).mv(a2, a0).li(a0, 1).mv(a1, s1).li(a7, 64).emit(ecall());
  g.a.j(loop);
  g.a.bind(done);
  g.save(s0);
  g.finish(0);
  auto p = load(g);
  ASSERT_TRUE(p) << p.error();
  MachineOptions o = small_options();
  o.input = std::string(1000, 'x') + "tail";
  auto a = Machine::create(*p, o)->run();
  auto b = Machine::create(*p, o)->run();
  ASSERT_EQ(a.status, Status::exited) << summary(a);
  EXPECT_EQ(a.stdout_data, o.input);
  EXPECT_EQ(g.values(a).at(0), o.input.size());
  EXPECT_EQ(a.stdout_data, b.stdout_data);
  EXPECT_EQ(a.gas_used, b.gas_used);
  EXPECT_EQ(a.instructions, b.instructions);
  EXPECT_EQ(a.output, b.output);
}

TEST(Machine, SinksReceiveOutputInsteadOfResult) {
  Guest g(64);
  g.data = {'h', 'i', '\n'};
  g.a.li(a0, 1).li(a1, kDataBase).li(a2, 3).li(a7, 64).emit(ecall());
  g.a.li(a0, 2).li(a1, kDataBase).li(a2, 2).li(a7, 64).emit(ecall());
  g.exit(0);
  auto p = load(g);
  MachineOptions o = small_options();
  std::string out, err;
  o.on_stdout = [&](std::string_view s) { out += s; };
  o.on_stderr = [&](std::string_view s) { err += s; };
  auto r = Machine::create(*p, o)->run();
  EXPECT_EQ(r.status, Status::exited);
  EXPECT_EQ(out, "hi\n");
  EXPECT_EQ(err, "hi");
  EXPECT_TRUE(r.stdout_data.empty());
  EXPECT_TRUE(r.stderr_data.empty());
}

TEST(Machine, OutputLimitStopsTheGuest) {
  Guest g(64);
  Label loop = g.a.here_label();
  g.a.li(a0, 1).li(a1, kDataBase).li(a2, 100).li(a7, 64).emit(ecall());
  g.a.j(loop);
  auto p = load(g);
  MachineOptions o = small_options();
  o.max_output = 1000;
  auto r = Machine::create(*p, o)->run();
  EXPECT_EQ(r.status, Status::output_limit) << summary(r);
  EXPECT_EQ(r.stdout_data.size(), 1000u);
  EXPECT_NE(r.message.find("1000"), std::string::npos);
}

TEST(Machine, ArgumentsAreOnTheInitialStack) {
  for (unsigned xlen : {32u, 64u}) {
    Guest g(xlen);
    const unsigned w = xlen / 8;
    // argc, argv[1][0], argv[2] == NULL, envp[0] == NULL, sp alignment
    g.a.emit(xlen == 64 ? ld(s0, sp, 0) : lw(s0, sp, 0));
    g.a.emit(xlen == 64 ? ld(s1, sp, int32_t(2 * w)) : lw(s1, sp, int32_t(2 * w)));
    g.a.emit(lbu(s1, s1, 0));
    g.a.emit(xlen == 64 ? ld(s2, sp, int32_t(3 * w)) : lw(s2, sp, int32_t(3 * w)));
    g.a.emit(xlen == 64 ? ld(s3, sp, int32_t(4 * w)) : lw(s3, sp, int32_t(4 * w)));
    g.a.emit(andi(s4, sp, 15));
    for (Reg r : {s0, s1, s2, s3, s4}) g.save(r);
    g.finish(0);
    MachineOptions o = small_options();
    o.args = {"prog", "Zed"};
    auto r = g.run(o);
    ASSERT_EQ(r.status, Status::exited) << summary(r);
    auto v = g.values(r);
    EXPECT_EQ(v.at(0), 2u);
    EXPECT_EQ(v.at(1), uint64_t('Z'));
    EXPECT_EQ(v.at(2), 0u);
    EXPECT_EQ(v.at(3), 0u);
    EXPECT_EQ(v.at(4), 0u);
  }
}

TEST(Machine, GasLeftIsExact) {
  Guest g(64);
  g.a.li(a7, 0x1003).emit(ecall());
  g.save(a1);
  g.finish(0);
  MachineOptions o = small_options();
  o.gas_limit = 1000;
  auto r = g.run(o);
  ASSERT_EQ(r.status, Status::exited) << summary(r);
  // li a7 (lui+addi: 2 alu) + ecall (10) were charged when gas_left was read.
  EXPECT_EQ(g.values(r).at(0), 1000u - 2 - 10);
}

// --- fused pairs -----------------------------------------------------------------------------

// lui+addiw, lui+addi (rv32), auipc+addi: constants and addresses.
TEST(Fusion, ConstantsMatchTheirParts) {
  for (unsigned xlen : {32u, 64u}) {
    Guest g(xlen);
    g.a.li(a0, 0x12345678);                      // lui + addi(w)
    g.a.li(a1, 0x7ffff800);                      // addiw with negative low part
    g.a.emit(lui(a2, 0x80000)).emit(addi(a2, a2, -1));  // rv64: 0xffffffff7fffffff, not fusable as int32
    Label here = g.a.here_label();
    g.a.la(a3, here);                            // auipc + addi
    g.a.emit(lui(a4, 1)).emit(addi(a5, a4, 1));  // different rd: not fused
    for (Reg r : {a0, a1, a2, a3, a4, a5}) g.save(r);
    g.finish(0);
    auto r = g.run();
    ASSERT_EQ(r.status, Status::exited) << summary(r);
    auto v = g.values(r);
    const uint64_t mask = xlen == 64 ? ~0ull : 0xffffffffull;
    EXPECT_EQ(v.at(0), 0x12345678u);
    EXPECT_EQ(v.at(1), 0x7ffff800u);
    EXPECT_EQ(v.at(2), 0xffffffff7fffffffull & mask);
    EXPECT_EQ(v.at(3), g.a.address(here));
    EXPECT_EQ(v.at(4), 0x1000u);
    EXPECT_EQ(v.at(5), 0x1001u);
  }
}

TEST(Fusion, CallLinksAndJumps) {
  Guest g(64);
  Label fn = g.a.label(), after = g.a.label();
  // auipc ra, 0 ; jalr ra, off(ra)  -> call fn
  const uint64_t call_at = g.a.here();
  g.a.emit(auipc(ra, 0));
  g.a.emit(jalr(ra, ra, 16));  // fn is 16 bytes after the auipc
  g.a.j(after);                // 4 bytes (jal)
  g.a.emit(addi(x0, x0, 0));   // padding to 16
  g.a.bind(fn);
  EXPECT_EQ(g.a.address(fn), call_at + 16);
  g.a.li(s0, 42);
  g.a.emit(jalr(x0, ra, 0));
  g.a.bind(after);
  g.save(s0);
  g.save(ra);
  g.finish(0);
  auto r = g.run();
  ASSERT_EQ(r.status, Status::exited) << summary(r);
  auto v = g.values(r);
  EXPECT_EQ(v.at(0), 42u);
  EXPECT_EQ(v.at(1), call_at + 8);
}

TEST(Fusion, AddiBranchLoopCountsEveryInstruction) {
  for (unsigned xlen : {32u, 64u}) {
    Guest g(xlen);
    g.a.li(a0, 0).li(a1, 100).li(a2, 0);
    Label loop = g.a.here_label();
    g.a.emit(add(a2, a2, a0));
    g.a.emit(addi(a0, a0, 1));
    g.a.bne(a0, a1, loop);  // fused with the addi
    g.save(a0);
    g.save(a2);
    g.finish(0);
    auto r = g.run();
    ASSERT_EQ(r.status, Status::exited) << summary(r);
    auto v = g.values(r);
    EXPECT_EQ(v.at(0), 100u);
    EXPECT_EQ(v.at(1), 4950u);
    // Same program with a nop between addi and bne (not fused) runs 100 more instructions.
    Guest h(xlen);
    h.a.li(a0, 0).li(a1, 100).li(a2, 0);
    Label loop2 = h.a.here_label();
    h.a.emit(add(a2, a2, a0));
    h.a.emit(addi(a0, a0, 1));
    h.a.emit(addi(x0, x0, 0));
    h.a.bne(a0, a1, loop2);
    h.save(a0);
    h.save(a2);
    h.finish(0);
    auto r2 = h.run();
    ASSERT_EQ(r2.status, Status::exited) << summary(r2);
    EXPECT_EQ(r2.instructions, r.instructions + 100);
    EXPECT_EQ(r2.gas_used, r.gas_used + 100);
  }
}

TEST(Fusion, SignedAndUnsignedLoopBranches) {
  Guest g(64);
  g.a.li(a0, -5).li(a1, 0).li(s0, 0);
  Label l1 = g.a.here_label();
  g.a.emit(addi(s0, s0, 1));
  g.a.emit(addi(a0, a0, 1));
  g.a.blt(a0, a1, l1);  // signed: runs 5 times
  g.a.li(a2, 3).li(s1, 0);
  Label l2 = g.a.here_label();
  g.a.emit(addi(s1, s1, 1));
  g.a.emit(addi(a2, a2, -1));
  g.a.bgeu(a2, a1, l2);  // unsigned a2 >= 0 holds for every value: the loop never ends
  g.save(s0);
  g.finish(0);
  MachineOptions o = small_options();
  o.gas_limit = 100000;
  auto r = g.run(o);
  // The second loop never ends (unsigned >= 0 is always true): gas stops it.
  EXPECT_EQ(r.status, Status::out_of_gas) << summary(r);
  EXPECT_EQ(r.gas_used, 100000u);

  Guest h(64);
  h.a.li(a0, -5).li(a1, 0).li(s0, 0);
  Label m1 = h.a.here_label();
  h.a.emit(addi(s0, s0, 1));
  h.a.emit(addi(a0, a0, 1));
  h.a.blt(a0, a1, m1);
  h.a.li(a2, 3).li(s1, 0).li(a3, 10);
  Label m2 = h.a.here_label();
  h.a.emit(addi(s1, s1, 1));
  h.a.emit(addi(a2, a2, 2));
  h.a.bltu(a2, a3, m2);  // 3,5,7,9 -> 5,7,9,11: 4 iterations
  h.save(s0);
  h.save(s1);
  h.finish(0);
  auto r2 = h.run();
  ASSERT_EQ(r2.status, Status::exited) << summary(r2);
  EXPECT_EQ(h.values(r2).at(0), 5u);
  EXPECT_EQ(h.values(r2).at(1), 4u);
}

TEST(Fusion, JumpIntoTheSecondHalfOfAPair) {
  Guest g(64);
  Label second = g.a.label(), skip = g.a.label();
  g.a.li(a0, 5);
  g.a.j(second);
  g.a.bind(skip);
  g.a.emit(lui(a0, 0x10));       // lui+addi would be fused; we jump past the lui
  g.a.bind(second);
  g.a.emit(addi(a0, a0, 1));     // executed alone: 5 + 1
  g.save(a0);
  g.finish(0);
  auto r = g.run();
  ASSERT_EQ(r.status, Status::exited) << summary(r);
  EXPECT_EQ(g.values(r).at(0), 6u);
}

}  // namespace

namespace {

TEST(Machine, InterruptStopsAnEndlessGuest) {
  using namespace tandem::test::rv;
  Guest g(64);
  Label loop = g.a.here_label();
  g.a.emit(addi(a0, a0, 1));
  g.a.j(loop);
  auto p = tandem::Program::from_bytes(g.elf());
  ASSERT_TRUE(p) << p.error();
  auto m = tandem::Machine::create(*p, small_options());
  ASSERT_TRUE(m) << m.error();
  std::thread t([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    m->interrupt();
  });
  auto r = m->run();
  t.join();
  EXPECT_EQ(r.status, tandem::Status::interrupted) << r.message;
  EXPECT_GT(r.instructions, 0u);
  EXPECT_EQ(r.gas_used, r.instructions / 2 * 3 + (r.instructions % 2));  // addi 1 + jal 2
}

TEST(Machine, GasSlicesDoNotChangeResults) {
  // A loop long enough to cross several gas slices gives exact, limit-independent counts.
  using namespace tandem::test::rv;
  Guest g(64);
  g.a.li(a0, 0).li(a1, 20'000'000);
  Label loop = g.a.here_label();
  g.a.emit(addi(a0, a0, 1));
  g.a.emit(addi(x0, x0, 0));
  g.a.bne(a0, a1, loop);
  g.save(a0);
  g.finish(0);
  auto p = tandem::Program::from_bytes(g.elf());
  tandem::MachineOptions o = small_options();
  auto a = tandem::Machine::create(*p, o)->run();
  ASSERT_EQ(a.status, tandem::Status::exited) << a.message;
  o.gas_limit = a.gas_used;
  auto b = tandem::Machine::create(*p, o)->run();
  EXPECT_EQ(b.status, tandem::Status::exited) << b.message;
  EXPECT_EQ(b.gas_used, a.gas_used);
  o.gas_limit = a.gas_used - 1;
  auto c = tandem::Machine::create(*p, o)->run();
  EXPECT_EQ(c.status, tandem::Status::out_of_gas);
  EXPECT_EQ(c.gas_used, a.gas_used - 1);
  EXPECT_GT(a.gas_used, 3 * (1ull << 24));
}

}  // namespace

namespace {

using namespace tandem::test::rv;

TEST(Fusion, AddThenLoadThroughTheSum) {
  for (unsigned xlen : {32u, 64u}) {
    Guest g(xlen);
    g.data.resize(64);
    for (size_t i = 0; i < g.data.size(); ++i) g.data[i] = uint8_t(0x80 + i);
    g.a.li(s0, kDataBase).li(s1, 16);
    g.a.emit(add(t0, s0, s1)).emit(lw(a0, t0, 4));     // a0 = word at 20, t0 = base + 16
    g.a.emit(add(a1, s0, s1)).emit(lb(a1, a1, -3));    // load rd == add rd: sign-extended byte 13
    g.a.emit(add(a2, s1, s0)).emit(lhu(a3, a2, 0));
    g.a.emit(add(x0, s0, s1));                         // add to x0: not fused (nop) ...
    g.a.emit(lbu(a4, s0, 1));                          // ... then a plain load
    for (Reg r : {a0, t0, a1, a2, a3, a4}) g.save(r);
    g.finish(0);
    auto r = g.run();
    ASSERT_EQ(r.status, tandem::Status::exited) << summary(r);
    auto v = g.values(r);
    const uint64_t mask = xlen == 64 ? ~0ull : 0xffffffffull;
    EXPECT_EQ(v.at(0), uint64_t(int64_t(int32_t(0x97969594u))) & mask);
    EXPECT_EQ(v.at(1), kDataBase + 16);
    EXPECT_EQ(v.at(2), uint64_t(int64_t(int8_t(0x8d))) & mask);
    EXPECT_EQ(v.at(3), kDataBase + 16);
    EXPECT_EQ(v.at(4), 0x9190u);
    EXPECT_EQ(v.at(5), 0x81u);
  }
}

TEST(Fusion, FaultInAFusedLoadIsTheLoadsFault) {
  Guest g(64);
  g.a.li(s0, 0).li(s1, 8);
  const uint64_t add_pc = g.a.here();
  g.a.emit(add(t0, s0, s1)).emit(ld(a0, t0, 0));  // load from address 8: unmapped
  g.finish(0);
  auto r = g.run();
  EXPECT_EQ(r.status, tandem::Status::load_fault) << summary(r);
  EXPECT_EQ(r.pc, add_pc + 4);
  EXPECT_EQ(r.fault_address, 8u);
  // Same program with the add and load separated by a nop: identical counts but for the nop.
  Guest h(64);
  h.a.li(s0, 0).li(s1, 8);
  h.a.emit(add(t0, s0, s1)).emit(addi(x0, x0, 0)).emit(ld(a0, t0, 0));
  h.finish(0);
  auto r2 = h.run();
  EXPECT_EQ(r2.status, tandem::Status::load_fault);
  EXPECT_EQ(r2.instructions, r.instructions + 1);
  EXPECT_EQ(r2.gas_used, r.gas_used + 1);
}

}  // namespace
