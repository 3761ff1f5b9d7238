// vm/interp.cpp: the glue interpreter.  Threaded dispatch (computed goto) over pre-decoded ops,
// one handler per op and encoding length, gas charged per basic block on entry, exact
// accounting at traps.  Must never touch host memory outside the arena: every guest load and
// store goes through the range checks below; every jump target is checked against the text.
#include <algorithm>
#include <bit>
#include <limits>
#include <cstring>
#include <type_traits>

#include "vm/cpu.h"

#define TANDEM_LIKELY(x) __builtin_expect(!!(x), 1)
#define TANDEM_UNLIKELY(x) __builtin_expect(!!(x), 0)

namespace tandem::vm {

uint64_t Cpu::set_brk(uint64_t want) noexcept {
  if (want < mem.brk_min || want > mem.brk_max) return mem.brk;
  if (want < mem.brk) std::memset(mem.base + want, 0, mem.brk - want);  // regrowth reads zeros
  mem.brk = want;
  return mem.brk;
}

namespace {

using i128 = __int128;
using u128 = unsigned __int128;

// Fast-path span: accesses of up to 8 bytes at [lo, lo + span) are certainly inside [lo, hi).
inline uint64_t fast_span(uint64_t lo, uint64_t hi) { return hi - lo >= 8 ? hi - lo - 7 : 0; }

template <bool RV64>
void run_impl(Cpu& cpu) noexcept {
  using UX = std::conditional_t<RV64, uint64_t, uint32_t>;
  using SX = std::make_signed_t<UX>;
  constexpr unsigned kXlen = RV64 ? 64 : 32;

  static const void* const kLabels[] = {
#define TANDEM_X(name, cls, term) &&L_##name##_4, &&L_##name##_2,
      TANDEM_OPS(TANDEM_X)
#undef TANDEM_X
  };

  uint64_t* const x = cpu.x;
  const DecodedOp* const ops = cpu.text->ops.data();
  const uint64_t text_base = cpu.text->base, text_size = cpu.text->size;
  uint8_t* const mem = cpu.mem.base;
  uint64_t rd_lo = 0, rd_span = 0, wr_lo = 0, wr_span = 0, st_lo = 0, st_span = 0, bounds_brk = 0;
  // Of the bounds only the break moves (a system call may set it).
  auto reload_bounds = [&]() {
    bounds_brk = cpu.mem.brk;
    rd_lo = cpu.mem.image_lo, rd_span = fast_span(cpu.mem.image_lo, cpu.mem.brk);
    wr_lo = cpu.mem.data_lo, wr_span = fast_span(cpu.mem.data_lo, cpu.mem.brk);
    st_lo = cpu.mem.stack_lo, st_span = fast_span(cpu.mem.stack_lo, cpu.mem.size);
  };
  reload_bounds();
  // The interpreter works on a slice of the gas; the rest waits in `reserve`.  When a slice runs
  // out the slow path refills it and looks for an interrupt, so the block-entry check stays one
  // compare.  Results do not depend on the slice size.
  uint64_t gas = 0, reserve = 0, icount = cpu.instret;
  auto split = [&](uint64_t total) {
    gas = std::min(total, Cpu::kGasSlice);
    reserve = total - gas;
  };
  split(cpu.gas);
  const DecodedOp* op = ops + ((cpu.pc - text_base) >> 1);

  Status t_status = Status::exited;
  uint64_t t_addr = 0;
  const DecodedOp* t_next = nullptr;

#define PC() (text_base + uint64_t(op - ops) * 2)
#define R(r) (UX(x[r]))
#define RS(r) (SX(UX(x[r])))
#define WR(r, v) (x[r] = uint64_t(UX(v)))
#define DISPATCH() goto* kLabels[op->handler]
#define ENTER(target)                                        \
  do {                                                       \
    op = (target);                                           \
    if (TANDEM_UNLIKELY(gas < op->gas)) goto out_of_gas;     \
    gas -= op->gas;                                          \
    icount += op->count;                                     \
    DISPATCH();                                              \
  } while (0)
#define TRAP_SEQ(st, addr) \
  do {                     \
    t_status = (st);       \
    t_addr = (addr);       \
    t_next = op + STEP;    \
    goto trap;             \
  } while (0)
#define TRAP_TERM(st, addr) \
  do {                      \
    t_status = (st);        \
    t_addr = (addr);        \
    t_next = nullptr;       \
    goto trap;              \
  } while (0)
#define LOAD(T, addr_expr, dst)                                                                    \
  do {                                                                                             \
    const uint64_t ma_ = UX(addr_expr);                                                             \
    T mv_;                                                                                          \
    if (TANDEM_LIKELY(ma_ - rd_lo < rd_span || ma_ - st_lo < st_span) || cpu.mem.can_read(ma_, sizeof(T))) \
      std::memcpy(&mv_, mem + ma_, sizeof(T));                                                       \
    else                                                                                           \
      TRAP_SEQ(Status::load_fault, ma_);                                                            \
    dst = mv_;                                                                                      \
  } while (0)
#define STORE(T, addr_expr, val)                                                                   \
  do {                                                                                             \
    const uint64_t ma_ = UX(addr_expr);                                                             \
    const T mv_ = T(val);                                                                           \
    if (TANDEM_LIKELY(ma_ - wr_lo < wr_span || ma_ - st_lo < st_span) || cpu.mem.can_write(ma_, sizeof(T))) \
      std::memcpy(mem + ma_, &mv_, sizeof(T));                                                       \
    else                                                                                           \
      TRAP_SEQ(Status::store_fault, ma_);                                                           \
  } while (0)
// A sequential op: body, then fall through to the next slot (2 slots for 4 bytes, 1 for 2).
#define SEQ(NAME, ...)                 \
  L_##NAME##_4 : {                     \
    [[maybe_unused]] constexpr int STEP = 2; \
    __VA_ARGS__;                       \
    op += 2;                           \
    DISPATCH();                        \
  }                                    \
  L_##NAME##_2 : {                     \
    [[maybe_unused]] constexpr int STEP = 1; \
    __VA_ARGS__;                       \
    op += 1;                           \
    DISPATCH();                        \
  }
// A control op: the body must leave through ENTER or a trap.
#define CTRL(NAME, ...)                \
  L_##NAME##_4 : {                     \
    [[maybe_unused]] constexpr int STEP = 2; \
    __VA_ARGS__;                       \
  }                                    \
  L_##NAME##_2 : {                     \
    [[maybe_unused]] constexpr int STEP = 1; \
    __VA_ARGS__;                       \
  }
#define BRANCH(NAME, cond) CTRL(NAME, if (cond) ENTER(op + (op->imm >> 1)); ENTER(op + STEP))

  // The entry point can lie in an executable segment's zero fill, which is not code.
  if (TANDEM_UNLIKELY(cpu.pc - text_base >= text_size)) {
    cpu.gas = gas + reserve;
    cpu.stop(Status::fetch_fault, cpu.pc);
    return;
  }
  ENTER(op);

  SEQ(NOP, )
  SEQ(LI, WR(op->rd, SX(op->imm)))
  SEQ(MV, x[op->rd] = x[op->rs1])
  SEQ(LUI, WR(op->rd, SX(op->imm)))
  SEQ(AUIPC, WR(op->rd, PC() + uint64_t(int64_t(op->imm))))
  SEQ(ADDI, WR(op->rd, R(op->rs1) + UX(SX(op->imm))))
  SEQ(SLTI, WR(op->rd, RS(op->rs1) < SX(op->imm)))
  SEQ(SLTIU, WR(op->rd, R(op->rs1) < UX(SX(op->imm))))
  SEQ(XORI, WR(op->rd, R(op->rs1) ^ UX(SX(op->imm))))
  SEQ(ORI, WR(op->rd, R(op->rs1) | UX(SX(op->imm))))
  SEQ(ANDI, WR(op->rd, R(op->rs1) & UX(SX(op->imm))))
  SEQ(SLLI, WR(op->rd, R(op->rs1) << op->imm))
  SEQ(SRLI, WR(op->rd, R(op->rs1) >> op->imm))
  SEQ(SRAI, WR(op->rd, RS(op->rs1) >> op->imm))
  SEQ(ADDIW, x[op->rd] = uint64_t(int64_t(int32_t(uint32_t(x[op->rs1]) + uint32_t(op->imm)))))
  SEQ(SLLIW, x[op->rd] = uint64_t(int64_t(int32_t(uint32_t(x[op->rs1]) << op->imm))))
  SEQ(SRLIW, x[op->rd] = uint64_t(int64_t(int32_t(uint32_t(x[op->rs1]) >> op->imm))))
  SEQ(SRAIW, x[op->rd] = uint64_t(int64_t(int32_t(x[op->rs1]) >> op->imm)))
  SEQ(ADD, WR(op->rd, R(op->rs1) + R(op->rs2)))
  SEQ(SUB, WR(op->rd, R(op->rs1) - R(op->rs2)))
  SEQ(SLL, WR(op->rd, R(op->rs1) << (R(op->rs2) & (kXlen - 1))))
  SEQ(SLT, WR(op->rd, RS(op->rs1) < RS(op->rs2)))
  SEQ(SLTU, WR(op->rd, R(op->rs1) < R(op->rs2)))
  SEQ(XOR, WR(op->rd, R(op->rs1) ^ R(op->rs2)))
  SEQ(SRL, WR(op->rd, R(op->rs1) >> (R(op->rs2) & (kXlen - 1))))
  SEQ(SRA, WR(op->rd, RS(op->rs1) >> (R(op->rs2) & (kXlen - 1))))
  SEQ(OR, WR(op->rd, R(op->rs1) | R(op->rs2)))
  SEQ(AND, WR(op->rd, R(op->rs1) & R(op->rs2)))
  SEQ(ADDW, x[op->rd] = uint64_t(int64_t(int32_t(uint32_t(x[op->rs1]) + uint32_t(x[op->rs2])))))
  SEQ(SUBW, x[op->rd] = uint64_t(int64_t(int32_t(uint32_t(x[op->rs1]) - uint32_t(x[op->rs2])))))
  SEQ(SLLW, x[op->rd] = uint64_t(int64_t(int32_t(uint32_t(x[op->rs1]) << (x[op->rs2] & 31)))))
  SEQ(SRLW, x[op->rd] = uint64_t(int64_t(int32_t(uint32_t(x[op->rs1]) >> (x[op->rs2] & 31)))))
  SEQ(SRAW, x[op->rd] = uint64_t(int64_t(int32_t(x[op->rs1]) >> (x[op->rs2] & 31))))

  SEQ(LB, int8_t v; LOAD(int8_t, R(op->rs1) + UX(SX(op->imm)), v); WR(op->rd, SX(v)))
  SEQ(LH, int16_t v; LOAD(int16_t, R(op->rs1) + UX(SX(op->imm)), v); WR(op->rd, SX(v)))
  SEQ(LW, int32_t v; LOAD(int32_t, R(op->rs1) + UX(SX(op->imm)), v); WR(op->rd, SX(v)))
  SEQ(LD, uint64_t v; LOAD(uint64_t, R(op->rs1) + UX(SX(op->imm)), v); WR(op->rd, v))
  SEQ(LBU, uint8_t v; LOAD(uint8_t, R(op->rs1) + UX(SX(op->imm)), v); WR(op->rd, v))
  SEQ(LHU, uint16_t v; LOAD(uint16_t, R(op->rs1) + UX(SX(op->imm)), v); WR(op->rd, v))
  SEQ(LWU, uint32_t v; LOAD(uint32_t, R(op->rs1) + UX(SX(op->imm)), v); WR(op->rd, v))
  SEQ(SB, STORE(uint8_t, R(op->rs1) + UX(SX(op->imm)), x[op->rs2]))
  SEQ(SH, STORE(uint16_t, R(op->rs1) + UX(SX(op->imm)), x[op->rs2]))
  SEQ(SW, STORE(uint32_t, R(op->rs1) + UX(SX(op->imm)), x[op->rs2]))
  SEQ(SD, STORE(uint64_t, R(op->rs1) + UX(SX(op->imm)), x[op->rs2]))
  SEQ(FENCE, )

  SEQ(MUL, WR(op->rd, R(op->rs1) * R(op->rs2)))
  SEQ(MULH, if constexpr (RV64) {
    WR(op->rd, uint64_t((i128(int64_t(x[op->rs1])) * i128(int64_t(x[op->rs2]))) >> 64));
  } else {
    WR(op->rd, uint64_t((int64_t(RS(op->rs1)) * int64_t(RS(op->rs2))) >> 32));
  })
  SEQ(MULHSU, if constexpr (RV64) {
    WR(op->rd, uint64_t((i128(int64_t(x[op->rs1])) * i128(u128(x[op->rs2]))) >> 64));
  } else {
    WR(op->rd, uint64_t((int64_t(RS(op->rs1)) * int64_t(uint64_t(R(op->rs2)))) >> 32));
  })
  SEQ(MULHU, if constexpr (RV64) {
    WR(op->rd, uint64_t((u128(x[op->rs1]) * u128(x[op->rs2])) >> 64));
  } else {
    WR(op->rd, (uint64_t(R(op->rs1)) * uint64_t(R(op->rs2))) >> 32);
  })
  SEQ(MULW, x[op->rd] = uint64_t(int64_t(int32_t(uint32_t(x[op->rs1]) * uint32_t(x[op->rs2])))))
  SEQ(DIV, {
    const SX a = RS(op->rs1), b = RS(op->rs2);
    if (b == 0) WR(op->rd, UX(-1));
    else if (b == -1 && a == std::numeric_limits<SX>::min()) WR(op->rd, a);
    else WR(op->rd, a / b);
  })
  SEQ(DIVU, {
    const UX a = R(op->rs1), b = R(op->rs2);
    WR(op->rd, b == 0 ? UX(-1) : a / b);
  })
  SEQ(REM, {
    const SX a = RS(op->rs1), b = RS(op->rs2);
    if (b == 0) WR(op->rd, a);
    else if (b == -1) WR(op->rd, 0);
    else WR(op->rd, a % b);
  })
  SEQ(REMU, {
    const UX a = R(op->rs1), b = R(op->rs2);
    WR(op->rd, b == 0 ? a : a % b);
  })
  SEQ(DIVW, {
    const int32_t a = int32_t(x[op->rs1]), b = int32_t(x[op->rs2]);
    int32_t r = b == 0 ? -1 : (b == -1 && a == INT32_MIN) ? a : a / b;
    x[op->rd] = uint64_t(int64_t(r));
  })
  SEQ(DIVUW, {
    const uint32_t a = uint32_t(x[op->rs1]), b = uint32_t(x[op->rs2]);
    x[op->rd] = uint64_t(int64_t(int32_t(b == 0 ? 0xffffffffu : a / b)));
  })
  SEQ(REMW, {
    const int32_t a = int32_t(x[op->rs1]), b = int32_t(x[op->rs2]);
    int32_t r = b == 0 ? a : b == -1 ? 0 : a % b;
    x[op->rd] = uint64_t(int64_t(r));
  })
  SEQ(REMUW, {
    const uint32_t a = uint32_t(x[op->rs1]), b = uint32_t(x[op->rs2]);
    x[op->rd] = uint64_t(int64_t(int32_t(b == 0 ? a : a % b)));
  })

#define AMO_ADDR(T)                                                            \
  const uint64_t a_ = R(op->rs1);                                              \
  if (a_ & (sizeof(T) - 1)) TRAP_SEQ(Status::misaligned_atomic, a_);
  SEQ(LR_W, {
    AMO_ADDR(int32_t);
    int32_t v;
    LOAD(int32_t, a_, v);
    WR(op->rd, SX(v));
    cpu.reservation = a_;
  })
  SEQ(LR_D, {
    AMO_ADDR(int64_t);
    int64_t v;
    LOAD(int64_t, a_, v);
    WR(op->rd, v);
    cpu.reservation = a_;
  })
  SEQ(SC_W, {
    AMO_ADDR(int32_t);
    if (!cpu.mem.can_write(a_, 4)) TRAP_SEQ(Status::store_fault, a_);
    const bool ok = cpu.reservation == a_;
    if (ok) STORE(uint32_t, a_, x[op->rs2]);
    cpu.reservation = ~0ull;
    WR(op->rd, ok ? 0 : 1);
  })
  SEQ(SC_D, {
    AMO_ADDR(int64_t);
    if (!cpu.mem.can_write(a_, 8)) TRAP_SEQ(Status::store_fault, a_);
    const bool ok = cpu.reservation == a_;
    if (ok) STORE(uint64_t, a_, x[op->rs2]);
    cpu.reservation = ~0ull;
    WR(op->rd, ok ? 0 : 1);
  })
#define AMO_BODY(T, ST)                                                            \
  {                                                                                \
    AMO_ADDR(T);                                                                   \
    if (!cpu.mem.can_write(a_, sizeof(T))) TRAP_SEQ(Status::store_fault, a_);      \
    T old;                                                                         \
    std::memcpy(&old, mem + a_, sizeof(T));                                        \
    const T src = T(x[op->rs2]);                                                   \
    T nv = src;                                                                    \
    using UT = std::make_unsigned_t<T>;                                            \
    switch (op->imm) {                                                             \
      case 0x00: nv = T(UT(old) + UT(src)); break;                                 \
      case 0x01: nv = src; break;                                                  \
      case 0x04: nv = old ^ src; break;                                            \
      case 0x08: nv = old | src; break;                                            \
      case 0x0c: nv = old & src; break;                                            \
      case 0x10: nv = old < src ? old : src; break;                                \
      case 0x14: nv = old > src ? old : src; break;                                \
      case 0x18: nv = UT(old) < UT(src) ? old : src; break;                        \
      case 0x1c: nv = UT(old) > UT(src) ? old : src; break;                        \
    }                                                                              \
    std::memcpy(mem + a_, &nv, sizeof(T));                                         \
    WR(op->rd, SX(old));                                                           \
  }
  SEQ(AMO_W, AMO_BODY(int32_t, uint32_t))
  SEQ(AMO_D, AMO_BODY(int64_t, uint64_t))

  SEQ(CSRR, {
    // cycle, time and instret all read instructions retired before this one: deterministic.
    const uint64_t n = icount - op->count;
    WR(op->rd, op->imm >= 0xC80 ? (n >> 32) : n);
  })

  SEQ(SH1ADD, WR(op->rd, (R(op->rs1) << 1) + R(op->rs2)))
  SEQ(SH2ADD, WR(op->rd, (R(op->rs1) << 2) + R(op->rs2)))
  SEQ(SH3ADD, WR(op->rd, (R(op->rs1) << 3) + R(op->rs2)))
  SEQ(ADD_UW, WR(op->rd, uint64_t(uint32_t(x[op->rs1])) + x[op->rs2]))
  SEQ(SH1ADD_UW, WR(op->rd, (uint64_t(uint32_t(x[op->rs1])) << 1) + x[op->rs2]))
  SEQ(SH2ADD_UW, WR(op->rd, (uint64_t(uint32_t(x[op->rs1])) << 2) + x[op->rs2]))
  SEQ(SH3ADD_UW, WR(op->rd, (uint64_t(uint32_t(x[op->rs1])) << 3) + x[op->rs2]))
  SEQ(SLLI_UW, WR(op->rd, uint64_t(uint32_t(x[op->rs1])) << op->imm))

  SEQ(ANDN, WR(op->rd, R(op->rs1) & ~R(op->rs2)))
  SEQ(ORN, WR(op->rd, R(op->rs1) | ~R(op->rs2)))
  SEQ(XNOR, WR(op->rd, ~(R(op->rs1) ^ R(op->rs2))))
  SEQ(CLZ, WR(op->rd, std::countl_zero(R(op->rs1))))
  SEQ(CTZ, WR(op->rd, std::countr_zero(R(op->rs1))))
  SEQ(CPOP, WR(op->rd, std::popcount(R(op->rs1))))
  SEQ(CLZW, WR(op->rd, std::countl_zero(uint32_t(x[op->rs1]))))
  SEQ(CTZW, WR(op->rd, std::countr_zero(uint32_t(x[op->rs1]))))
  SEQ(CPOPW, WR(op->rd, std::popcount(uint32_t(x[op->rs1]))))
  SEQ(MAX, WR(op->rd, std::max(RS(op->rs1), RS(op->rs2))))
  SEQ(MAXU, WR(op->rd, std::max(R(op->rs1), R(op->rs2))))
  SEQ(MIN, WR(op->rd, std::min(RS(op->rs1), RS(op->rs2))))
  SEQ(MINU, WR(op->rd, std::min(R(op->rs1), R(op->rs2))))
  SEQ(SEXT_B, WR(op->rd, SX(int8_t(x[op->rs1]))))
  SEQ(SEXT_H, WR(op->rd, SX(int16_t(x[op->rs1]))))
  SEQ(ZEXT_H, WR(op->rd, uint16_t(x[op->rs1])))
  SEQ(ROL, WR(op->rd, std::rotl(R(op->rs1), int(R(op->rs2) & (kXlen - 1)))))
  SEQ(ROR, WR(op->rd, std::rotr(R(op->rs1), int(R(op->rs2) & (kXlen - 1)))))
  SEQ(RORI, WR(op->rd, std::rotr(R(op->rs1), op->imm)))
  SEQ(ROLW, x[op->rd] = uint64_t(int64_t(int32_t(std::rotl(uint32_t(x[op->rs1]), int(x[op->rs2] & 31))))))
  SEQ(RORW, x[op->rd] = uint64_t(int64_t(int32_t(std::rotr(uint32_t(x[op->rs1]), int(x[op->rs2] & 31))))))
  SEQ(RORIW, x[op->rd] = uint64_t(int64_t(int32_t(std::rotr(uint32_t(x[op->rs1]), op->imm)))))
  SEQ(ORC_B, {
    UX v = R(op->rs1), r = 0;
    for (unsigned i = 0; i < sizeof(UX); ++i)
      if ((v >> (8 * i)) & 0xff) r |= UX(0xff) << (8 * i);
    WR(op->rd, r);
  })
  SEQ(REV8, {
    if constexpr (RV64) WR(op->rd, __builtin_bswap64(x[op->rs1]));
    else WR(op->rd, __builtin_bswap32(uint32_t(x[op->rs1])));
  })

  CTRL(JAL, {
    WR(op->rd, PC() + 2 * STEP);
    ENTER(op + (op->imm >> 1));
  })
  CTRL(JALR, {
    const uint64_t target = UX(R(op->rs1) + UX(SX(op->imm))) & ~uint64_t(1);
    const uint64_t off = target - text_base;
    if (TANDEM_UNLIKELY(off >= text_size)) TRAP_TERM(Status::fetch_fault, target);
    WR(op->rd, PC() + 2 * STEP);
    ENTER(ops + (off >> 1));
  })
  BRANCH(BEQ, R(op->rs1) == R(op->rs2))
  BRANCH(BNE, R(op->rs1) != R(op->rs2))
  BRANCH(BLT, RS(op->rs1) < RS(op->rs2))
  BRANCH(BGE, RS(op->rs1) >= RS(op->rs2))
  BRANCH(BLTU, R(op->rs1) < R(op->rs2))
  BRANCH(BGEU, R(op->rs1) >= R(op->rs2))
  CTRL(BRANCH_OUT, {
    bool taken;
    switch (op->rd) {
      case 0: taken = R(op->rs1) == R(op->rs2); break;
      case 1: taken = R(op->rs1) != R(op->rs2); break;
      case 4: taken = RS(op->rs1) < RS(op->rs2); break;
      case 5: taken = RS(op->rs1) >= RS(op->rs2); break;
      case 6: taken = R(op->rs1) < R(op->rs2); break;
      case 7: taken = R(op->rs1) >= R(op->rs2); break;
      default: taken = true; break;
    }
    if (taken) TRAP_TERM(Status::fetch_fault, UX(PC() + uint64_t(int64_t(op->imm))));
    ENTER(op + STEP);
  })
  CTRL(ECALL, {
    cpu.gas = gas + reserve, cpu.instret = icount, cpu.pc = PC();
    const SyscallEntry& e = cpu.syscalls->lookup(R(17));
    if (e.fn) e.fn(cpu, e.user);
    else cpu.stop(Status::unknown_syscall);
    split(cpu.gas);
    if (TANDEM_UNLIKELY(cpu.interrupt.load(std::memory_order_relaxed))) cpu.stop(Status::interrupted);
    if (cpu.stopped()) {
      // An ecall that ends the run other than by exiting (no gas for the call, a trap policy, a
      // limit) did not complete: like any trapping instruction it is charged, not retired.
      if (cpu.status() != Status::exited) cpu.instret -= 1;
      goto out_synced;
    }
    if (TANDEM_UNLIKELY(cpu.mem.brk != bounds_brk)) reload_bounds();
    ENTER(op + 2);
  })
  // The first instruction of a fused sequential pair is 4 bytes: 2 slots, plus the second's.
  SEQ(LI_N, WR(op->rd, SX(op->imm)); op += 2)
  CTRL(CALL, {
    WR(op->rd, PC() + 8);
    ENTER(op + (op->imm >> 1));
  })
#define ADDI_BRANCH(NAME, cond)                                         \
  CTRL(NAME, {                                                          \
    const UX v_ = R(op->rd) + UX(SX(int32_t(uint32_t(op->imm) << 20) >> 20)); \
    WR(op->rd, v_);                                                     \
    if (cond) ENTER(op + (op->imm >> 12));                              \
    ENTER(op + op->rs1);                                                \
  })
  ADDI_BRANCH(ADDI_BEQ, v_ == R(op->rs2))
  ADDI_BRANCH(ADDI_BNE, v_ != R(op->rs2))
  ADDI_BRANCH(ADDI_BLT, SX(v_) < RS(op->rs2))
  ADDI_BRANCH(ADDI_BGE, SX(v_) >= RS(op->rs2))
  ADDI_BRANCH(ADDI_BLTU, v_ < R(op->rs2))
  ADDI_BRANCH(ADDI_BGEU, v_ >= R(op->rs2))
#undef ADDI_BRANCH
  // add + load through the sum.  The fast path does both; anything unusual (the address not
  // certainly mapped) does the add and hands the load to its own slot, which traps exactly.
#define ADD_LOAD(NAME, T)                                                              \
  SEQ(NAME, {                                                                          \
    const UX sum_ = R(op->rs1) + R(op->rs2);                                           \
    const uint64_t ma_ = UX(sum_ + UX(SX(int32_t(uint32_t(op->imm) << 20) >> 20)));   \
    WR(op->rd, sum_);                                                                  \
    if (TANDEM_UNLIKELY(!(ma_ - rd_lo < rd_span || ma_ - st_lo < st_span))) {          \
      op += 2;                                                                         \
      DISPATCH();                                                                      \
    }                                                                                  \
    T v_;                                                                              \
    std::memcpy(&v_, mem + ma_, sizeof(T));                                            \
    WR((op->imm >> 12) & 63, SX(v_));                                                  \
    op += 2;                                                                           \
  })
  ADD_LOAD(ADD_LB, int8_t)
  ADD_LOAD(ADD_LH, int16_t)
  ADD_LOAD(ADD_LW, int32_t)
  ADD_LOAD(ADD_LD, int64_t)
  ADD_LOAD(ADD_LBU, uint8_t)
  ADD_LOAD(ADD_LHU, uint16_t)
  ADD_LOAD(ADD_LWU, uint32_t)
#undef ADD_LOAD
  CTRL(EBREAK, TRAP_TERM(Status::ebreak, PC()))
  CTRL(ILLEGAL, TRAP_TERM(Status::illegal_instruction, PC()))
  CTRL(NOT_CODE, TRAP_TERM(Status::fetch_fault, PC()))
  CTRL(MISALIGNED, TRAP_TERM(Status::misaligned_fetch, PC()))

trap:
  // The trapping op was charged with the rest of its block; give back what comes after it.
  if (t_next) gas += t_next->gas;
  icount -= op->count;
  cpu.gas = gas + reserve, cpu.instret = icount, cpu.pc = PC();
  cpu.stop(t_status, t_addr);
  return;
out_of_gas:
  if (reserve) {  // only the slice ran out
    cpu.gas = gas + reserve, cpu.instret = icount, cpu.pc = PC();
    if (cpu.interrupt.load(std::memory_order_relaxed)) {
      cpu.stop(Status::interrupted);
      return;
    }
    split(gas + reserve);
    ENTER(op);
  }
  cpu.gas = gas, cpu.instret = icount, cpu.pc = PC();
  cpu.stop(Status::out_of_gas);
  return;
out_synced:
  return;

#undef PC
#undef R
#undef RS
#undef WR
#undef DISPATCH
#undef ENTER
#undef TRAP_SEQ
#undef TRAP_TERM
#undef LOAD
#undef STORE
#undef SEQ
#undef CTRL
#undef BRANCH
#undef AMO_ADDR
#undef AMO_BODY
}

}  // namespace

void run(Cpu& cpu) noexcept {
  if (cpu.stopped()) return;
  if (cpu.xlen == 64) run_impl<true>(cpu);
  else run_impl<false>(cpu);
}

}  // namespace tandem::vm
