// tests/support/rv_asm.h: a tiny RISC-V assembler for VM tests, and a harness that runs the code
// it builds through the public API.
//
// Three layers, each usable alone:
//  1. Encoders: one function per instruction the VM implements (RV32I/RV64I, M, A, Zicsr counter
//     reads, Zba, Zbb), returning the 32-bit encoding, and c_* functions returning the 16-bit
//     compressed encodings.  Format helpers (r_type, i_type, ...) build anything else, including
//     deliberately illegal encodings.  Encoders do not validate their operands beyond masking
//     fields, so tests can build reserved forms on purpose.
//  2. Asm: collects a mix of 16- and 32-bit instructions at a base address, with labels and
//     fixups for branches and jumps, li for any constant and la for a label's address.
//  3. Guest: an Asm plus a data segment, packaged as a static ELF, run in a Machine.  save(reg)
//     stores a register into the next result slot; the epilogue hands all slots to the host with
//     the `output` call and exits, so Result::output holds them.  x31 (t6) belongs to the harness
//     while results are being saved.
//
// Encodings follow the RISC-V unprivileged ISA manual (and were checked against llvm-mc).  The
// encoders know nothing of the VM; the harness knows the VM only through include/tandem.
#pragma once
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <initializer_list>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "elf_builder.h"
#include "tandem/tandem.h"

namespace tandem::test::rv {

// ---------------------------------------------------------------------------------------------
// Registers
enum Reg : uint8_t {
  x0, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11, x12, x13, x14, x15,
  x16, x17, x18, x19, x20, x21, x22, x23, x24, x25, x26, x27, x28, x29, x30, x31,
};
inline constexpr Reg zero = x0, ra = x1, sp = x2, gp = x3, tp = x4;
inline constexpr Reg t0 = x5, t1 = x6, t2 = x7, t3 = x28, t4 = x29, t5 = x30, t6 = x31;
inline constexpr Reg s0 = x8, fp = x8, s1 = x9, s2 = x18, s3 = x19, s4 = x20, s5 = x21, s6 = x22,
                     s7 = x23, s8 = x24, s9 = x25, s10 = x26, s11 = x27;
inline constexpr Reg a0 = x10, a1 = x11, a2 = x12, a3 = x13, a4 = x14, a5 = x15, a6 = x16, a7 = x17;

// ---------------------------------------------------------------------------------------------
// Formats
namespace op {
inline constexpr uint32_t LOAD = 0x03, MISC_MEM = 0x0f, OP_IMM = 0x13, AUIPC = 0x17, OP_IMM_32 = 0x1b,
                          STORE = 0x23, AMO = 0x2f, OP = 0x33, LUI = 0x37, OP_32 = 0x3b,
                          BRANCH = 0x63, JALR = 0x67, JAL = 0x6f, SYSTEM = 0x73;
}  // namespace op

constexpr uint32_t r_type(uint32_t opc, unsigned rd, unsigned f3, unsigned rs1, unsigned rs2, unsigned f7) {
  return (f7 & 0x7f) << 25 | (rs2 & 31) << 20 | (rs1 & 31) << 15 | (f3 & 7) << 12 | (rd & 31) << 7 | (opc & 0x7f);
}
constexpr uint32_t i_type(uint32_t opc, unsigned rd, unsigned f3, unsigned rs1, int32_t imm) {
  return (uint32_t(imm) & 0xfff) << 20 | (rs1 & 31) << 15 | (f3 & 7) << 12 | (rd & 31) << 7 | (opc & 0x7f);
}
constexpr uint32_t s_type(uint32_t opc, unsigned f3, unsigned rs1, unsigned rs2, int32_t imm) {
  const uint32_t u = uint32_t(imm);
  return ((u >> 5) & 0x7f) << 25 | (rs2 & 31) << 20 | (rs1 & 31) << 15 | (f3 & 7) << 12 | (u & 31) << 7 |
         (opc & 0x7f);
}
// imm is the byte offset (even, -4096..4094).
constexpr uint32_t b_type(uint32_t opc, unsigned f3, unsigned rs1, unsigned rs2, int32_t imm) {
  const uint32_t u = uint32_t(imm);
  return ((u >> 12) & 1) << 31 | ((u >> 5) & 0x3f) << 25 | (rs2 & 31) << 20 | (rs1 & 31) << 15 |
         (f3 & 7) << 12 | ((u >> 1) & 0xf) << 8 | ((u >> 11) & 1) << 7 | (opc & 0x7f);
}
// imm20 is the value of the upper 20 bits (instruction bits 31:12).
constexpr uint32_t u_type(uint32_t opc, unsigned rd, uint32_t imm20) {
  return (imm20 & 0xfffff) << 12 | (rd & 31) << 7 | (opc & 0x7f);
}
// imm is the byte offset (even, -2^20..2^20-2).
constexpr uint32_t j_type(uint32_t opc, unsigned rd, int32_t imm) {
  const uint32_t u = uint32_t(imm);
  return ((u >> 20) & 1) << 31 | ((u >> 1) & 0x3ff) << 21 | ((u >> 11) & 1) << 20 | ((u >> 12) & 0xff) << 12 |
         (rd & 31) << 7 | (opc & 0x7f);
}

// Function-pointer shapes, so tests can pass instructions around (rv::add, rv::clz, ...).
using RType = uint32_t (*)(Reg rd, Reg rs1, Reg rs2);
using IType = uint32_t (*)(Reg rd, Reg rs1, int32_t imm);
using UnaryType = uint32_t (*)(Reg rd, Reg rs1);
// Some Zbb encodings differ between RV32 and RV64 (zext.h, rev8, rori's shamt field).
using UnaryXType = uint32_t (*)(unsigned xlen, Reg rd, Reg rs1);

// ---------------------------------------------------------------------------------------------
// RV32I / RV64I
constexpr uint32_t lui(Reg rd, uint32_t imm20) { return u_type(op::LUI, rd, imm20); }
constexpr uint32_t auipc(Reg rd, uint32_t imm20) { return u_type(op::AUIPC, rd, imm20); }
constexpr uint32_t jal(Reg rd, int32_t off) { return j_type(op::JAL, rd, off); }
constexpr uint32_t jalr(Reg rd, Reg rs1, int32_t imm) { return i_type(op::JALR, rd, 0, rs1, imm); }

constexpr uint32_t beq(Reg a, Reg b, int32_t off) { return b_type(op::BRANCH, 0, a, b, off); }
constexpr uint32_t bne(Reg a, Reg b, int32_t off) { return b_type(op::BRANCH, 1, a, b, off); }
constexpr uint32_t blt(Reg a, Reg b, int32_t off) { return b_type(op::BRANCH, 4, a, b, off); }
constexpr uint32_t bge(Reg a, Reg b, int32_t off) { return b_type(op::BRANCH, 5, a, b, off); }
constexpr uint32_t bltu(Reg a, Reg b, int32_t off) { return b_type(op::BRANCH, 6, a, b, off); }
constexpr uint32_t bgeu(Reg a, Reg b, int32_t off) { return b_type(op::BRANCH, 7, a, b, off); }

constexpr uint32_t lb(Reg rd, Reg rs1, int32_t imm) { return i_type(op::LOAD, rd, 0, rs1, imm); }
constexpr uint32_t lh(Reg rd, Reg rs1, int32_t imm) { return i_type(op::LOAD, rd, 1, rs1, imm); }
constexpr uint32_t lw(Reg rd, Reg rs1, int32_t imm) { return i_type(op::LOAD, rd, 2, rs1, imm); }
constexpr uint32_t ld(Reg rd, Reg rs1, int32_t imm) { return i_type(op::LOAD, rd, 3, rs1, imm); }
constexpr uint32_t lbu(Reg rd, Reg rs1, int32_t imm) { return i_type(op::LOAD, rd, 4, rs1, imm); }
constexpr uint32_t lhu(Reg rd, Reg rs1, int32_t imm) { return i_type(op::LOAD, rd, 5, rs1, imm); }
constexpr uint32_t lwu(Reg rd, Reg rs1, int32_t imm) { return i_type(op::LOAD, rd, 6, rs1, imm); }
// Stores: value register first, as in assembly (sw rs2, imm(rs1)).
constexpr uint32_t sb(Reg rs2, Reg rs1, int32_t imm) { return s_type(op::STORE, 0, rs1, rs2, imm); }
constexpr uint32_t sh(Reg rs2, Reg rs1, int32_t imm) { return s_type(op::STORE, 1, rs1, rs2, imm); }
constexpr uint32_t sw(Reg rs2, Reg rs1, int32_t imm) { return s_type(op::STORE, 2, rs1, rs2, imm); }
constexpr uint32_t sd(Reg rs2, Reg rs1, int32_t imm) { return s_type(op::STORE, 3, rs1, rs2, imm); }

constexpr uint32_t addi(Reg rd, Reg rs1, int32_t imm) { return i_type(op::OP_IMM, rd, 0, rs1, imm); }
constexpr uint32_t slti(Reg rd, Reg rs1, int32_t imm) { return i_type(op::OP_IMM, rd, 2, rs1, imm); }
constexpr uint32_t sltiu(Reg rd, Reg rs1, int32_t imm) { return i_type(op::OP_IMM, rd, 3, rs1, imm); }
constexpr uint32_t xori(Reg rd, Reg rs1, int32_t imm) { return i_type(op::OP_IMM, rd, 4, rs1, imm); }
constexpr uint32_t ori(Reg rd, Reg rs1, int32_t imm) { return i_type(op::OP_IMM, rd, 6, rs1, imm); }
constexpr uint32_t andi(Reg rd, Reg rs1, int32_t imm) { return i_type(op::OP_IMM, rd, 7, rs1, imm); }
// Shift immediates take the shamt (0..63; on RV32 only 0..31 is legal).
constexpr uint32_t slli(Reg rd, Reg rs1, int32_t sh) { return i_type(op::OP_IMM, rd, 1, rs1, sh & 63); }
constexpr uint32_t srli(Reg rd, Reg rs1, int32_t sh) { return i_type(op::OP_IMM, rd, 5, rs1, sh & 63); }
constexpr uint32_t srai(Reg rd, Reg rs1, int32_t sh) { return i_type(op::OP_IMM, rd, 5, rs1, 0x400 | (sh & 63)); }
constexpr uint32_t addiw(Reg rd, Reg rs1, int32_t imm) { return i_type(op::OP_IMM_32, rd, 0, rs1, imm); }
constexpr uint32_t slliw(Reg rd, Reg rs1, int32_t sh) { return i_type(op::OP_IMM_32, rd, 1, rs1, sh & 31); }
constexpr uint32_t srliw(Reg rd, Reg rs1, int32_t sh) { return i_type(op::OP_IMM_32, rd, 5, rs1, sh & 31); }
constexpr uint32_t sraiw(Reg rd, Reg rs1, int32_t sh) { return i_type(op::OP_IMM_32, rd, 5, rs1, 0x400 | (sh & 31)); }

constexpr uint32_t add(Reg rd, Reg a, Reg b) { return r_type(op::OP, rd, 0, a, b, 0); }
constexpr uint32_t sub(Reg rd, Reg a, Reg b) { return r_type(op::OP, rd, 0, a, b, 0x20); }
constexpr uint32_t sll(Reg rd, Reg a, Reg b) { return r_type(op::OP, rd, 1, a, b, 0); }
constexpr uint32_t slt(Reg rd, Reg a, Reg b) { return r_type(op::OP, rd, 2, a, b, 0); }
constexpr uint32_t sltu(Reg rd, Reg a, Reg b) { return r_type(op::OP, rd, 3, a, b, 0); }
constexpr uint32_t xor_(Reg rd, Reg a, Reg b) { return r_type(op::OP, rd, 4, a, b, 0); }
constexpr uint32_t srl(Reg rd, Reg a, Reg b) { return r_type(op::OP, rd, 5, a, b, 0); }
constexpr uint32_t sra(Reg rd, Reg a, Reg b) { return r_type(op::OP, rd, 5, a, b, 0x20); }
constexpr uint32_t or_(Reg rd, Reg a, Reg b) { return r_type(op::OP, rd, 6, a, b, 0); }
constexpr uint32_t and_(Reg rd, Reg a, Reg b) { return r_type(op::OP, rd, 7, a, b, 0); }
constexpr uint32_t addw(Reg rd, Reg a, Reg b) { return r_type(op::OP_32, rd, 0, a, b, 0); }
constexpr uint32_t subw(Reg rd, Reg a, Reg b) { return r_type(op::OP_32, rd, 0, a, b, 0x20); }
constexpr uint32_t sllw(Reg rd, Reg a, Reg b) { return r_type(op::OP_32, rd, 1, a, b, 0); }
constexpr uint32_t srlw(Reg rd, Reg a, Reg b) { return r_type(op::OP_32, rd, 5, a, b, 0); }
constexpr uint32_t sraw(Reg rd, Reg a, Reg b) { return r_type(op::OP_32, rd, 5, a, b, 0x20); }

constexpr uint32_t fence() { return 0x0ff0000f; }    // fence iorw, iorw
constexpr uint32_t fence_i() { return 0x0000100f; }  // Zifencei
constexpr uint32_t ecall() { return 0x00000073; }
constexpr uint32_t ebreak() { return 0x00100073; }
constexpr uint32_t nop() { return addi(x0, x0, 0); }

// ---------------------------------------------------------------------------------------------
// M
constexpr uint32_t mul(Reg rd, Reg a, Reg b) { return r_type(op::OP, rd, 0, a, b, 1); }
constexpr uint32_t mulh(Reg rd, Reg a, Reg b) { return r_type(op::OP, rd, 1, a, b, 1); }
constexpr uint32_t mulhsu(Reg rd, Reg a, Reg b) { return r_type(op::OP, rd, 2, a, b, 1); }
constexpr uint32_t mulhu(Reg rd, Reg a, Reg b) { return r_type(op::OP, rd, 3, a, b, 1); }
constexpr uint32_t div(Reg rd, Reg a, Reg b) { return r_type(op::OP, rd, 4, a, b, 1); }
constexpr uint32_t divu(Reg rd, Reg a, Reg b) { return r_type(op::OP, rd, 5, a, b, 1); }
constexpr uint32_t rem(Reg rd, Reg a, Reg b) { return r_type(op::OP, rd, 6, a, b, 1); }
constexpr uint32_t remu(Reg rd, Reg a, Reg b) { return r_type(op::OP, rd, 7, a, b, 1); }
constexpr uint32_t mulw(Reg rd, Reg a, Reg b) { return r_type(op::OP_32, rd, 0, a, b, 1); }
constexpr uint32_t divw(Reg rd, Reg a, Reg b) { return r_type(op::OP_32, rd, 4, a, b, 1); }
constexpr uint32_t divuw(Reg rd, Reg a, Reg b) { return r_type(op::OP_32, rd, 5, a, b, 1); }
constexpr uint32_t remw(Reg rd, Reg a, Reg b) { return r_type(op::OP_32, rd, 6, a, b, 1); }
constexpr uint32_t remuw(Reg rd, Reg a, Reg b) { return r_type(op::OP_32, rd, 7, a, b, 1); }

// ---------------------------------------------------------------------------------------------
// A.  amo(funct5, width) with width 2 (.w) or 3 (.d); aq/rl are accepted and meaningless on one hart.
constexpr uint32_t amo(unsigned funct5, unsigned f3, Reg rd, Reg rs1, Reg rs2, bool aq = false, bool rl = false) {
  return r_type(op::AMO, rd, f3, rs1, rs2, (funct5 << 2) | (aq ? 2u : 0u) | (rl ? 1u : 0u));
}
namespace amo5 {
inline constexpr unsigned ADD = 0x00, SWAP = 0x01, LR = 0x02, SC = 0x03, XOR = 0x04, OR = 0x08, AND = 0x0c,
                          MIN = 0x10, MAX = 0x14, MINU = 0x18, MAXU = 0x1c;
}
// Operand order as in assembly: amoadd.w rd, rs2, (rs1).
constexpr uint32_t lr_w(Reg rd, Reg rs1) { return amo(amo5::LR, 2, rd, rs1, x0); }
constexpr uint32_t sc_w(Reg rd, Reg rs2, Reg rs1) { return amo(amo5::SC, 2, rd, rs1, rs2); }
constexpr uint32_t lr_d(Reg rd, Reg rs1) { return amo(amo5::LR, 3, rd, rs1, x0); }
constexpr uint32_t sc_d(Reg rd, Reg rs2, Reg rs1) { return amo(amo5::SC, 3, rd, rs1, rs2); }
#define TANDEM_RV_AMO(name, f5)                                                                   \
  constexpr uint32_t name##_w(Reg rd, Reg rs2, Reg rs1) { return amo(f5, 2, rd, rs1, rs2); }     \
  constexpr uint32_t name##_d(Reg rd, Reg rs2, Reg rs1) { return amo(f5, 3, rd, rs1, rs2); }
TANDEM_RV_AMO(amoswap, amo5::SWAP)
TANDEM_RV_AMO(amoadd, amo5::ADD)
TANDEM_RV_AMO(amoxor, amo5::XOR)
TANDEM_RV_AMO(amoand, amo5::AND)
TANDEM_RV_AMO(amoor, amo5::OR)
TANDEM_RV_AMO(amomin, amo5::MIN)
TANDEM_RV_AMO(amomax, amo5::MAX)
TANDEM_RV_AMO(amominu, amo5::MINU)
TANDEM_RV_AMO(amomaxu, amo5::MAXU)
#undef TANDEM_RV_AMO
// Shape of the amo helpers above: (rd, rs2, rs1).
using AmoType = uint32_t (*)(Reg rd, Reg rs2, Reg rs1);

// ---------------------------------------------------------------------------------------------
// Zicsr: the counters are read-only; the VM accepts reads only.
namespace csr {
inline constexpr uint32_t cycle = 0xc00, time = 0xc01, instret = 0xc02, cycleh = 0xc80, timeh = 0xc81,
                          instreth = 0xc82;
}
constexpr uint32_t csrrw(Reg rd, uint32_t c, Reg rs1) { return i_type(op::SYSTEM, rd, 1, rs1, int32_t(c)); }
constexpr uint32_t csrrs(Reg rd, uint32_t c, Reg rs1) { return i_type(op::SYSTEM, rd, 2, rs1, int32_t(c)); }
constexpr uint32_t csrrc(Reg rd, uint32_t c, Reg rs1) { return i_type(op::SYSTEM, rd, 3, rs1, int32_t(c)); }
constexpr uint32_t csrrwi(Reg rd, uint32_t c, unsigned z) { return i_type(op::SYSTEM, rd, 5, z, int32_t(c)); }
constexpr uint32_t csrrsi(Reg rd, uint32_t c, unsigned z) { return i_type(op::SYSTEM, rd, 6, z, int32_t(c)); }
constexpr uint32_t csrrci(Reg rd, uint32_t c, unsigned z) { return i_type(op::SYSTEM, rd, 7, z, int32_t(c)); }
constexpr uint32_t rdcycle(Reg rd) { return csrrs(rd, csr::cycle, x0); }
constexpr uint32_t rdtime(Reg rd) { return csrrs(rd, csr::time, x0); }
constexpr uint32_t rdinstret(Reg rd) { return csrrs(rd, csr::instret, x0); }
constexpr uint32_t rdcycleh(Reg rd) { return csrrs(rd, csr::cycleh, x0); }
constexpr uint32_t rdtimeh(Reg rd) { return csrrs(rd, csr::timeh, x0); }
constexpr uint32_t rdinstreth(Reg rd) { return csrrs(rd, csr::instreth, x0); }

// ---------------------------------------------------------------------------------------------
// Zba
constexpr uint32_t sh1add(Reg rd, Reg a, Reg b) { return r_type(op::OP, rd, 2, a, b, 0x10); }
constexpr uint32_t sh2add(Reg rd, Reg a, Reg b) { return r_type(op::OP, rd, 4, a, b, 0x10); }
constexpr uint32_t sh3add(Reg rd, Reg a, Reg b) { return r_type(op::OP, rd, 6, a, b, 0x10); }
constexpr uint32_t add_uw(Reg rd, Reg a, Reg b) { return r_type(op::OP_32, rd, 0, a, b, 0x04); }
constexpr uint32_t sh1add_uw(Reg rd, Reg a, Reg b) { return r_type(op::OP_32, rd, 2, a, b, 0x10); }
constexpr uint32_t sh2add_uw(Reg rd, Reg a, Reg b) { return r_type(op::OP_32, rd, 4, a, b, 0x10); }
constexpr uint32_t sh3add_uw(Reg rd, Reg a, Reg b) { return r_type(op::OP_32, rd, 6, a, b, 0x10); }
constexpr uint32_t slli_uw(Reg rd, Reg rs1, int32_t sh) { return i_type(op::OP_IMM_32, rd, 1, rs1, 0x080 | (sh & 63)); }
constexpr uint32_t zext_w(Reg rd, Reg rs1) { return add_uw(rd, rs1, x0); }

// ---------------------------------------------------------------------------------------------
// Zbb
constexpr uint32_t andn(Reg rd, Reg a, Reg b) { return r_type(op::OP, rd, 7, a, b, 0x20); }
constexpr uint32_t orn(Reg rd, Reg a, Reg b) { return r_type(op::OP, rd, 6, a, b, 0x20); }
constexpr uint32_t xnor(Reg rd, Reg a, Reg b) { return r_type(op::OP, rd, 4, a, b, 0x20); }
constexpr uint32_t min(Reg rd, Reg a, Reg b) { return r_type(op::OP, rd, 4, a, b, 0x05); }
constexpr uint32_t minu(Reg rd, Reg a, Reg b) { return r_type(op::OP, rd, 5, a, b, 0x05); }
constexpr uint32_t max(Reg rd, Reg a, Reg b) { return r_type(op::OP, rd, 6, a, b, 0x05); }
constexpr uint32_t maxu(Reg rd, Reg a, Reg b) { return r_type(op::OP, rd, 7, a, b, 0x05); }
constexpr uint32_t rol(Reg rd, Reg a, Reg b) { return r_type(op::OP, rd, 1, a, b, 0x30); }
constexpr uint32_t ror(Reg rd, Reg a, Reg b) { return r_type(op::OP, rd, 5, a, b, 0x30); }
constexpr uint32_t rolw(Reg rd, Reg a, Reg b) { return r_type(op::OP_32, rd, 1, a, b, 0x30); }
constexpr uint32_t rorw(Reg rd, Reg a, Reg b) { return r_type(op::OP_32, rd, 5, a, b, 0x30); }
constexpr uint32_t rori(Reg rd, Reg rs1, int32_t sh) { return i_type(op::OP_IMM, rd, 5, rs1, 0x600 | (sh & 63)); }
constexpr uint32_t roriw(Reg rd, Reg rs1, int32_t sh) { return i_type(op::OP_IMM_32, rd, 5, rs1, 0x600 | (sh & 31)); }
constexpr uint32_t clz(Reg rd, Reg rs1) { return i_type(op::OP_IMM, rd, 1, rs1, 0x600); }
constexpr uint32_t ctz(Reg rd, Reg rs1) { return i_type(op::OP_IMM, rd, 1, rs1, 0x601); }
constexpr uint32_t cpop(Reg rd, Reg rs1) { return i_type(op::OP_IMM, rd, 1, rs1, 0x602); }
constexpr uint32_t sext_b(Reg rd, Reg rs1) { return i_type(op::OP_IMM, rd, 1, rs1, 0x604); }
constexpr uint32_t sext_h(Reg rd, Reg rs1) { return i_type(op::OP_IMM, rd, 1, rs1, 0x605); }
constexpr uint32_t clzw(Reg rd, Reg rs1) { return i_type(op::OP_IMM_32, rd, 1, rs1, 0x600); }
constexpr uint32_t ctzw(Reg rd, Reg rs1) { return i_type(op::OP_IMM_32, rd, 1, rs1, 0x601); }
constexpr uint32_t cpopw(Reg rd, Reg rs1) { return i_type(op::OP_IMM_32, rd, 1, rs1, 0x602); }
constexpr uint32_t orc_b(Reg rd, Reg rs1) { return i_type(op::OP_IMM, rd, 5, rs1, 0x287); }
// zext.h is pack rd, rs1, x0: OP on RV32, OP-32 on RV64.  rev8's shamt field is XLEN-8.
constexpr uint32_t zext_h(unsigned xlen, Reg rd, Reg rs1) {
  return r_type(xlen == 64 ? op::OP_32 : op::OP, rd, 4, rs1, 0, 0x04);
}
constexpr uint32_t rev8(unsigned xlen, Reg rd, Reg rs1) {
  return i_type(op::OP_IMM, rd, 5, rs1, xlen == 64 ? 0x6b8 : 0x698);
}

// ---------------------------------------------------------------------------------------------
// C (16-bit).  Registers written r' must be x8..x15.  Immediates are the architectural values
// (byte offsets, sign-extended constants); the encoders scatter their bits.
namespace cdetail {
constexpr uint16_t bit(uint32_t v, unsigned from, unsigned to) { return uint16_t(((v >> from) & 1u) << to); }
constexpr uint16_t rp(Reg r) { return uint16_t((unsigned(r) - 8) & 7); }
// CI-format 6-bit immediate: imm[5] at bit 12, imm[4:0] at bits 6:2.
constexpr uint16_t ci(unsigned f3, unsigned rd, int32_t imm, unsigned q) {
  return uint16_t(f3 << 13 | bit(uint32_t(imm), 5, 12) | (rd & 31) << 7 | (uint32_t(imm) & 31) << 2 | q);
}
// CJ offset: inst[12:2] = off[11|4|9:8|10|6|7|3:1|5].
constexpr uint16_t cj(unsigned f3, int32_t off) {
  const uint32_t u = uint32_t(off);
  return uint16_t(f3 << 13 | bit(u, 11, 12) | bit(u, 4, 11) | bit(u, 9, 10) | bit(u, 8, 9) | bit(u, 10, 8) |
                  bit(u, 6, 7) | bit(u, 7, 6) | bit(u, 3, 5) | bit(u, 2, 4) | bit(u, 1, 3) | bit(u, 5, 2) | 1);
}
// CB branch offset: inst[12:10] = off[8|4:3], inst[6:2] = off[7:6|2:1|5].
constexpr uint16_t cb(unsigned f3, Reg rs1, int32_t off) {
  const uint32_t u = uint32_t(off);
  return uint16_t(f3 << 13 | bit(u, 8, 12) | bit(u, 4, 11) | bit(u, 3, 10) | rp(rs1) << 7 | bit(u, 7, 6) |
                  bit(u, 6, 5) | bit(u, 2, 4) | bit(u, 1, 3) | bit(u, 5, 2) | 1);
}
// CL/CS word: uimm[5:3] at 12:10, uimm[2] at 6, uimm[6] at 5.
constexpr uint16_t clsw(unsigned f3, Reg r1, Reg r2, uint32_t uimm) {
  return uint16_t(f3 << 13 | ((uimm >> 3) & 7) << 10 | rp(r1) << 7 | bit(uimm, 2, 6) | bit(uimm, 6, 5) | rp(r2) << 2);
}
// CL/CS double: uimm[5:3] at 12:10, uimm[7:6] at 6:5.
constexpr uint16_t clsd(unsigned f3, Reg r1, Reg r2, uint32_t uimm) {
  return uint16_t(f3 << 13 | ((uimm >> 3) & 7) << 10 | rp(r1) << 7 | ((uimm >> 6) & 3) << 5 | rp(r2) << 2);
}
}  // namespace cdetail

// Quadrant 0
constexpr uint16_t c_addi4spn(Reg rd, uint32_t nzuimm) {  // rd' = sp + nzuimm (multiple of 4, 4..1020)
  using cdetail::bit;
  return uint16_t(((nzuimm >> 4) & 3) << 11 | ((nzuimm >> 6) & 15) << 7 | bit(nzuimm, 2, 6) | bit(nzuimm, 3, 5) |
                  cdetail::rp(rd) << 2);
}
constexpr uint16_t c_lw(Reg rd, Reg rs1, uint32_t uimm) { return cdetail::clsw(2, rs1, rd, uimm); }
constexpr uint16_t c_ld(Reg rd, Reg rs1, uint32_t uimm) { return cdetail::clsd(3, rs1, rd, uimm); }   // RV64
constexpr uint16_t c_sw(Reg rs2, Reg rs1, uint32_t uimm) { return cdetail::clsw(6, rs1, rs2, uimm); }
constexpr uint16_t c_sd(Reg rs2, Reg rs1, uint32_t uimm) { return cdetail::clsd(7, rs1, rs2, uimm); }  // RV64
// Floating-point forms: always illegal in this VM (no F/D).
constexpr uint16_t c_fld(Reg rd, Reg rs1, uint32_t uimm) { return cdetail::clsd(1, rs1, rd, uimm); }
constexpr uint16_t c_fsd(Reg rs2, Reg rs1, uint32_t uimm) { return cdetail::clsd(5, rs1, rs2, uimm); }
constexpr uint16_t c_flw(Reg rd, Reg rs1, uint32_t uimm) { return cdetail::clsw(3, rs1, rd, uimm); }   // RV32 = c.ld
constexpr uint16_t c_fsw(Reg rs2, Reg rs1, uint32_t uimm) { return cdetail::clsw(7, rs1, rs2, uimm); }  // RV32 = c.sd

// Quadrant 1
constexpr uint16_t c_nop() { return 0x0001; }
constexpr uint16_t c_addi(Reg rd, int32_t imm) { return cdetail::ci(0, rd, imm, 1); }
constexpr uint16_t c_jal(int32_t off) { return cdetail::cj(1, off); }  // RV32 only
constexpr uint16_t c_addiw(Reg rd, int32_t imm) { return cdetail::ci(1, rd, imm, 1); }  // RV64 only
constexpr uint16_t c_li(Reg rd, int32_t imm) { return cdetail::ci(2, rd, imm, 1); }
constexpr uint16_t c_addi16sp(int32_t nzimm) {  // sp += nzimm (multiple of 16, -512..496)
  using cdetail::bit;
  const uint32_t u = uint32_t(nzimm);
  return uint16_t(3u << 13 | bit(u, 9, 12) | 2u << 7 | bit(u, 4, 6) | bit(u, 6, 5) | bit(u, 8, 4) | bit(u, 7, 3) |
                  bit(u, 5, 2) | 1);
}
constexpr uint16_t c_lui(Reg rd, int32_t imm6) { return cdetail::ci(3, rd, imm6, 1); }  // rd = sext(imm6) << 12
constexpr uint16_t c_srli(Reg rd, unsigned sh) { return uint16_t(4u << 13 | ((sh >> 5) & 1) << 12 | 0u << 10 | cdetail::rp(rd) << 7 | (sh & 31) << 2 | 1); }
constexpr uint16_t c_srai(Reg rd, unsigned sh) { return uint16_t(4u << 13 | ((sh >> 5) & 1) << 12 | 1u << 10 | cdetail::rp(rd) << 7 | (sh & 31) << 2 | 1); }
constexpr uint16_t c_andi(Reg rd, int32_t imm) {
  return uint16_t(4u << 13 | cdetail::bit(uint32_t(imm), 5, 12) | 2u << 10 | cdetail::rp(rd) << 7 | (uint32_t(imm) & 31) << 2 | 1);
}
namespace cdetail {
constexpr uint16_t ca(unsigned b12, unsigned f2, Reg rd, Reg rs2) {
  return uint16_t(4u << 13 | b12 << 12 | 3u << 10 | rp(rd) << 7 | f2 << 5 | rp(rs2) << 2 | 1);
}
}  // namespace cdetail
constexpr uint16_t c_sub(Reg rd, Reg rs2) { return cdetail::ca(0, 0, rd, rs2); }
constexpr uint16_t c_xor(Reg rd, Reg rs2) { return cdetail::ca(0, 1, rd, rs2); }
constexpr uint16_t c_or(Reg rd, Reg rs2) { return cdetail::ca(0, 2, rd, rs2); }
constexpr uint16_t c_and(Reg rd, Reg rs2) { return cdetail::ca(0, 3, rd, rs2); }
constexpr uint16_t c_subw(Reg rd, Reg rs2) { return cdetail::ca(1, 0, rd, rs2); }  // RV64 only
constexpr uint16_t c_addw(Reg rd, Reg rs2) { return cdetail::ca(1, 1, rd, rs2); }  // RV64 only
constexpr uint16_t c_j(int32_t off) { return cdetail::cj(5, off); }
constexpr uint16_t c_beqz(Reg rs1, int32_t off) { return cdetail::cb(6, rs1, off); }
constexpr uint16_t c_bnez(Reg rs1, int32_t off) { return cdetail::cb(7, rs1, off); }

// Quadrant 2
constexpr uint16_t c_slli(Reg rd, unsigned sh) { return uint16_t(((sh >> 5) & 1) << 12 | (rd & 31) << 7 | (sh & 31) << 2 | 2); }
constexpr uint16_t c_lwsp(Reg rd, uint32_t uimm) {  // uimm multiple of 4, 0..252
  return uint16_t(2u << 13 | cdetail::bit(uimm, 5, 12) | (rd & 31) << 7 | ((uimm >> 2) & 7) << 4 | ((uimm >> 6) & 3) << 2 | 2);
}
constexpr uint16_t c_ldsp(Reg rd, uint32_t uimm) {  // RV64; uimm multiple of 8, 0..504
  return uint16_t(3u << 13 | cdetail::bit(uimm, 5, 12) | (rd & 31) << 7 | ((uimm >> 3) & 3) << 5 | ((uimm >> 6) & 7) << 2 | 2);
}
// Floating-point forms: always illegal in this VM.  c.flwsp is RV32's use of c.ldsp's slot.
constexpr uint16_t c_fldsp(Reg rd, uint32_t uimm) { return uint16_t((c_ldsp(rd, uimm) & ~(7u << 13)) | 1u << 13); }
constexpr uint16_t c_flwsp(Reg rd, uint32_t uimm) { return uint16_t((c_lwsp(rd, uimm) & ~(7u << 13)) | 3u << 13); }
constexpr uint16_t c_jr(Reg rs1) { return uint16_t(4u << 13 | (rs1 & 31) << 7 | 2); }
constexpr uint16_t c_mv(Reg rd, Reg rs2) { return uint16_t(4u << 13 | (rd & 31) << 7 | (rs2 & 31) << 2 | 2); }
constexpr uint16_t c_ebreak() { return 0x9002; }
constexpr uint16_t c_jalr(Reg rs1) { return uint16_t(4u << 13 | 1u << 12 | (rs1 & 31) << 7 | 2); }
constexpr uint16_t c_add(Reg rd, Reg rs2) { return uint16_t(4u << 13 | 1u << 12 | (rd & 31) << 7 | (rs2 & 31) << 2 | 2); }
constexpr uint16_t c_swsp(Reg rs2, uint32_t uimm) {  // uimm multiple of 4, 0..252
  return uint16_t(6u << 13 | ((uimm >> 2) & 15) << 9 | ((uimm >> 6) & 3) << 7 | (rs2 & 31) << 2 | 2);
}
constexpr uint16_t c_sdsp(Reg rs2, uint32_t uimm) {  // RV64; uimm multiple of 8, 0..504
  return uint16_t(7u << 13 | ((uimm >> 3) & 7) << 10 | ((uimm >> 6) & 7) << 7 | (rs2 & 31) << 2 | 2);
}
constexpr uint16_t c_fsdsp(Reg rs2, uint32_t uimm) { return uint16_t((c_sdsp(rs2, uimm) & ~(7u << 13)) | 5u << 13); }
constexpr uint16_t c_fswsp(Reg rs2, uint32_t uimm) { return uint16_t((c_swsp(rs2, uimm) & ~(7u << 13)) | 7u << 13); }  // RV32

// ---------------------------------------------------------------------------------------------
// Asm: code at a base address, with labels.
inline constexpr uint64_t kCodeBase = 0x10000;

struct Label {
  int id = -1;
};

class Asm {
 public:
  explicit Asm(unsigned xlen = 64, uint64_t base = kCodeBase) : xlen_(xlen), base_(base) {}

  unsigned xlen() const { return xlen_; }
  uint64_t base() const { return base_; }
  uint64_t here() const { return base_ + bytes_.size(); }
  size_t size() const { return bytes_.size(); }

  Asm& emit(uint32_t insn) { put(insn, 4); return *this; }
  Asm& emit16(uint16_t insn) { put(insn, 2); return *this; }
  Asm& raw(const std::vector<uint8_t>& b) { bytes_.insert(bytes_.end(), b.begin(), b.end()); return *this; }
  // Several instructions at once: a({rv::addi(...), rv::add(...)}).
  Asm& operator()(std::initializer_list<uint32_t> insns) { for (uint32_t i : insns) emit(i); return *this; }

  Label label() { labels_.push_back(UINT64_MAX); return Label{int(labels_.size() - 1)}; }
  Asm& bind(Label l) {
    if (labels_.at(size_t(l.id)) != UINT64_MAX) throw std::logic_error("label bound twice");
    labels_[size_t(l.id)] = here();
    return *this;
  }
  Label here_label() { Label l = label(); bind(l); return l; }
  uint64_t address(Label l) const {
    uint64_t a = labels_.at(size_t(l.id));
    if (a == UINT64_MAX) throw std::logic_error("label not bound");
    return a;
  }

  // Control flow to labels (resolved by finish()).
  Asm& branch(uint32_t (*enc)(Reg, Reg, int32_t), Reg a, Reg b, Label l) {
    fix(Fix::B, l, enc(a, b, 0), 4);
    return *this;
  }
  Asm& beq(Reg a, Reg b, Label l) { return branch(rv::beq, a, b, l); }
  Asm& bne(Reg a, Reg b, Label l) { return branch(rv::bne, a, b, l); }
  Asm& blt(Reg a, Reg b, Label l) { return branch(rv::blt, a, b, l); }
  Asm& bge(Reg a, Reg b, Label l) { return branch(rv::bge, a, b, l); }
  Asm& bltu(Reg a, Reg b, Label l) { return branch(rv::bltu, a, b, l); }
  Asm& bgeu(Reg a, Reg b, Label l) { return branch(rv::bgeu, a, b, l); }
  Asm& jal(Reg rd, Label l) { fix(Fix::J, l, rv::jal(rd, 0), 4); return *this; }
  Asm& j(Label l) { return jal(x0, l); }
  Asm& c_j(Label l) { fix(Fix::CJ, l, rv::c_j(0), 2); return *this; }
  Asm& c_jal(Label l) { fix(Fix::CJ, l, rv::c_jal(0), 2); return *this; }
  Asm& c_beqz(Reg r, Label l) { fix(Fix::CB, l, rv::c_beqz(r, 0), 2); return *this; }
  Asm& c_bnez(Reg r, Label l) { fix(Fix::CB, l, rv::c_bnez(r, 0), 2); return *this; }
  // rd = address of l (auipc + addi; always two instructions).
  Asm& la(Reg rd, Label l) {
    fix(Fix::PCREL, l, rv::auipc(rd, 0), 4);
    emit(rv::addi(rd, rd, 0));
    return *this;
  }

  // rd = v (on RV32, the low 32 bits of v).  Uses lui/addi(w)/slli only, the shortest simple
  // sequence: 1 instruction for 12-bit values, 2 for 32-bit ones, up to 8 on RV64.
  Asm& li(Reg rd, uint64_t v) {
    if (xlen_ == 32) v = uint64_t(int64_t(int32_t(uint32_t(v))));
    li_rec(rd, int64_t(v));
    return *this;
  }
  // Number of instructions li(rd, v) emits, for gas arithmetic.
  static unsigned li_count(unsigned xlen, uint64_t v) {
    Asm t(xlen);
    t.li(x1, v);
    return unsigned(t.size() / 4);
  }
  Asm& mv(Reg rd, Reg rs) { return emit(rv::addi(rd, rs, 0)); }

  // Resolves fixups; throws std::logic_error for an unbound label or an offset out of range.
  std::vector<uint8_t> finish() const {
    std::vector<uint8_t> out = bytes_;
    for (const Fix& f : fixes_) {
      const int64_t target = int64_t(address(f.label));
      const int64_t pc = int64_t(base_ + f.at);
      const int64_t off = target - pc;
      uint32_t insn = 0;
      for (unsigned i = 0; i < f.len; ++i) insn |= uint32_t(out[f.at + i]) << (8 * i);
      auto need = [&](int64_t lo, int64_t hi) {
        if (off < lo || off > hi || (off & 1)) throw std::logic_error("branch/jump offset out of range");
      };
      switch (f.kind) {
        case Fix::B: need(-4096, 4094); insn |= b_type(0, 0, 0, 0, int32_t(off)); break;
        case Fix::J: need(-(1 << 20), (1 << 20) - 2); insn |= j_type(0, 0, int32_t(off)); break;
        case Fix::CJ: need(-2048, 2046); insn |= cdetail::cj(0, int32_t(off)) & ~1u; break;
        case Fix::CB: need(-256, 254); insn |= cdetail::cb(0, x8, int32_t(off)) & ~1u; break;
        case Fix::PCREL: {
          const int64_t lo = int64_t(int32_t(uint32_t(off) << 20) >> 20);
          const uint32_t hi = uint32_t((off - lo) >> 12) & 0xfffff;
          insn |= hi << 12;
          uint32_t next = 0;
          for (unsigned i = 0; i < 4; ++i) next |= uint32_t(out[f.at + 4 + i]) << (8 * i);
          next |= (uint32_t(lo) & 0xfff) << 20;
          for (unsigned i = 0; i < 4; ++i) out[f.at + 4 + i] = uint8_t(next >> (8 * i));
          break;
        }
      }
      for (unsigned i = 0; i < f.len; ++i) out[f.at + i] = uint8_t(insn >> (8 * i));
    }
    return out;
  }

 private:
  struct Fix {
    enum Kind { B, J, CJ, CB, PCREL } kind;
    size_t at;
    unsigned len;
    Label label;
  };
  void put(uint32_t v, unsigned n) {
    for (unsigned i = 0; i < n; ++i) bytes_.push_back(uint8_t(v >> (8 * i)));
  }
  void fix(Fix::Kind k, Label l, uint32_t insn, unsigned len) {
    fixes_.push_back(Fix{k, bytes_.size(), len, l});
    put(insn, len);
  }
  void li_rec(Reg rd, int64_t v) {
    const int64_t lo12 = int64_t(uint64_t(v) << 52) >> 52;
    if (v >= -2048 && v < 2048) {
      emit(rv::addi(rd, x0, int32_t(v)));
    } else if (v >= INT32_MIN && v <= INT32_MAX) {
      const uint32_t hi20 = uint32_t((uint64_t(v) - uint64_t(lo12)) >> 12) & 0xfffff;
      emit(rv::lui(rd, hi20));
      // On RV64 lui sign-extends bit 31; addiw keeps the sum a 32-bit value (0x7ffff800..0x7fffffff).
      if (lo12 != 0) emit(xlen_ == 64 ? rv::addiw(rd, rd, int32_t(lo12)) : rv::addi(rd, rd, int32_t(lo12)));
    } else {
      // Upper part first, then shift in the low 12 bits.  Arithmetic shift of the wrapped
      // difference keeps the recursion exact modulo 2^64.
      int64_t hi = int64_t(uint64_t(v) - uint64_t(lo12)) >> 12;
      unsigned shift = 12;
      while (hi != 0 && (hi & 1) == 0) { hi >>= 1; ++shift; }
      li_rec(rd, hi);
      emit(rv::slli(rd, rd, int32_t(shift)));
      if (lo12 != 0) emit(rv::addi(rd, rd, int32_t(lo12)));
    }
  }

  unsigned xlen_;
  uint64_t base_;
  std::vector<uint8_t> bytes_;
  std::vector<uint64_t> labels_;
  std::vector<Fix> fixes_;
};

// ---------------------------------------------------------------------------------------------
// Guest: code + data packaged as an ELF, run through the public API.
inline constexpr uint64_t kDataBase = 0x100000;   // data segment (R|W)
inline constexpr uint64_t kDataSize = 0x10000;    // its memsz
inline constexpr uint64_t kResultBase = kDataBase + 0x8000;  // result slots live in the upper half
inline constexpr uint64_t kMaxSlots = (kDataSize - 0x8000) / 8;
inline constexpr uint32_t kSysOutput = 0x1002, kSysExit = 93;

// Options small enough to make machines cheap: 4 MiB arena, 256 KiB stack.
inline MachineOptions small_options() {
  MachineOptions o;
  o.memory = 4ull << 20;
  o.stack = 256ull << 10;
  return o;
}

class Guest {
 public:
  explicit Guest(unsigned xlen) : a(xlen), xlen_(xlen) {}

  Asm a;                       // the code, at kCodeBase; execution starts at its first byte
  std::vector<uint8_t> data;   // initial bytes of the data segment (the rest of it is zero)
  uint64_t data_memsz = kDataSize;   // 0: no data segment
  uint64_t code_memsz = 0;           // 0: exactly the code; more: a zero-filled tail
  uint32_t e_flags = 1;              // EF_RISCV_RVC; 0 builds a program without C
  std::vector<SegSpec> extra;        // more segments (e.g. read-only data), loaded as given

  unsigned xlen() const { return xlen_; }
  unsigned word() const { return xlen_ / 8; }

  // Stores r into the next result slot (x31 is the slot pointer; r must not be x31).
  // Returns the slot index.
  size_t save(Reg r) {
    if (r == x31) throw std::logic_error("save(x31): x31 is the harness's slot pointer");
    if (slots_ >= kMaxSlots) throw std::logic_error("too many result slots");
    if (!base_loaded_ || slot_off_ + word() > 2047) {
      a.li(x31, kResultBase + slots_ * word());
      base_loaded_ = true;
      slot_off_ = 0;
    }
    a.emit(xlen_ == 64 ? rv::sd(r, x31, int32_t(slot_off_)) : rv::sw(r, x31, int32_t(slot_off_)));
    slot_off_ += word();
    return slots_++;
  }
  // Forces the next save() to reload x31 (call after code that may have clobbered it).
  void clobbered_x31() { base_loaded_ = false; }
  size_t slots() const { return slots_; }

  // Hands the slots to the host (the `output` call) and exits with `code`.
  void finish(int64_t code = 0) {
    if (slots_) {
      a.li(a0, kResultBase);
      a.li(a1, slots_ * word());
      a.li(a7, kSysOutput);
      a.emit(rv::ecall());
    }
    exit(code);
  }
  // Just the exit call.
  void exit(int64_t code = 0) {
    a.li(a0, uint64_t(code));
    a.li(a7, kSysExit);
    a.emit(rv::ecall());
  }

  std::vector<uint8_t> elf() const {
    ElfSpec s;
    s.xlen = xlen_;
    s.entry = a.base();
    s.e_flags = e_flags;
    s.segs.push_back(SegSpec{a.base(), a.finish(), code_memsz, 5});
    if (data_memsz) s.segs.push_back(SegSpec{kDataBase, data, data_memsz, 6});
    s.segs.insert(s.segs.end(), extra.begin(), extra.end());
    return build_elf(s);
  }

  Expected<Program> program() const {
    auto elf_bytes = elf();
    return Program::from_bytes(elf_bytes);
  }

  // Loads and runs; a load or machine-creation error comes back as a Result with status
  // syscall_error and the error text in message (tests then fail with a readable reason).
  Result run(MachineOptions o = small_options()) const {
    auto elf_bytes = elf();
    auto prog = Program::from_bytes(elf_bytes);
    if (!prog) return error_result("load: " + prog.error());
    auto m = Machine::create(*prog, std::move(o));
    if (!m) return error_result("create: " + m.error());
    return m->run();
  }

  // The slots from a run's output, zero-extended from XLEN bits.
  std::vector<uint64_t> values(const Result& r) const {
    std::vector<uint64_t> v(r.output.size() / word());
    for (size_t i = 0; i < v.size(); ++i) {
      uint64_t x = 0;
      std::memcpy(&x, r.output.data() + i * word(), word());
      v[i] = x;
    }
    return v;
  }

 private:
  static Result error_result(std::string msg) {
    Result r;
    r.status = Status::syscall_error;
    r.message = std::move(msg);
    return r;
  }
  unsigned xlen_;
  size_t slots_ = 0;
  uint32_t slot_off_ = 0;
  bool base_loaded_ = false;
};

// A one-line description of a result, for failure messages.
inline std::string summary(const Result& r) {
  char buf[256];
  std::snprintf(buf, sizeof buf, "status=%s exit=%lld pc=0x%llx fault=0x%llx gas=%llu insns=%llu",
                std::string(to_string(r.status)).c_str(), (long long)r.exit_code, (unsigned long long)r.pc,
                (unsigned long long)r.fault_address, (unsigned long long)r.gas_used,
                (unsigned long long)r.instructions);
  return std::string(buf) + (r.message.empty() ? "" : " (" + r.message + ")");
}

}  // namespace tandem::test::rv
