// vm/decode.cpp: RISC-V decoder (RV32/RV64 I, M, A, C, Zba, Zbb, counter CSRs) into DecodedOp.
// Compressed instructions decode to the op of their 32-bit expansion with the compressed
// handler variant; fields and immediates are extracted here once so the interpreter never
// looks at instruction bits.  Anything not explicitly recognised is ILLEGAL.
#include "vm/decode.h"

#include <algorithm>
#include <climits>
#include <cstring>

#include "vm/elf.h"

namespace tandem::vm {
namespace {

constexpr bool kTerminator[] = {
#define TANDEM_X(name, cls, term) term != 0,
    TANDEM_OPS(TANDEM_X)
#undef TANDEM_X
};
constexpr GasClass kClass[] = {
#define TANDEM_X(name, cls, term) GasClass::cls,
    TANDEM_OPS(TANDEM_X)
#undef TANDEM_X
};

inline int32_t sext(uint32_t v, unsigned bits) { return int32_t(v << (32 - bits)) >> (32 - bits); }
inline uint32_t bit(uint32_t v, unsigned i) { return (v >> i) & 1; }
inline uint32_t bits(uint32_t v, unsigned hi, unsigned lo) { return (v >> lo) & ((1u << (hi - lo + 1)) - 1); }

DecodedOp mk(Op op, unsigned rd, unsigned rs1, unsigned rs2, int32_t imm) {
  DecodedOp d{};
  d.handler = uint8_t(unsigned(op) * 2);
  d.rd = uint8_t(rd), d.rs1 = uint8_t(rs1), d.rs2 = uint8_t(rs2), d.imm = imm;
  return d;
}
const DecodedOp kIllegal = mk(Op::ILLEGAL, 0, 0, 0, 0);

// Ops that only write rd and have no other effect become NOP when rd is x0.
bool pure_alu(Op op) {
  switch (kClass[unsigned(op)]) {
    case GasClass::alu:
    case GasClass::mul:
    case GasClass::div:
    case GasClass::csr: return true;
    default: return false;
  }
}

DecodedOp decode32(uint32_t b, bool rv64) {
  const unsigned opc = b & 0x7f, rd = bits(b, 11, 7), f3 = bits(b, 14, 12), rs1 = bits(b, 19, 15),
                 rs2 = bits(b, 24, 20), f7 = b >> 25;
  const int32_t imm_i = int32_t(b) >> 20;
  const int32_t imm_s = ((int32_t(b) >> 25) << 5) | int32_t(bits(b, 11, 7));
  const int32_t imm_b = sext((bit(b, 31) << 12) | (bit(b, 7) << 11) | (bits(b, 30, 25) << 5) | (bits(b, 11, 8) << 1), 13);
  const int32_t imm_u = int32_t(b & 0xfffff000u);
  const int32_t imm_j = sext((bit(b, 31) << 20) | (bits(b, 19, 12) << 12) | (bit(b, 20) << 11) | (bits(b, 30, 21) << 1), 21);
  const unsigned shmask = rv64 ? 63 : 31;
  auto R = [&](Op op) { return mk(op, rd, rs1, rs2, 0); };
  auto I = [&](Op op) { return mk(op, rd, rs1, 0, imm_i); };
  switch (opc) {
    case 0x37: return mk(Op::LUI, rd, 0, 0, imm_u);
    case 0x17: return mk(Op::AUIPC, rd, 0, 0, imm_u);
    case 0x6f: return mk(Op::JAL, rd, 0, 0, imm_j);
    case 0x67: return f3 == 0 ? I(Op::JALR) : kIllegal;
    case 0x63: {
      static constexpr Op ops[8] = {Op::BEQ, Op::BNE, Op::ILLEGAL, Op::ILLEGAL, Op::BLT, Op::BGE, Op::BLTU, Op::BGEU};
      if (ops[f3] == Op::ILLEGAL) return kIllegal;
      return mk(ops[f3], 0, rs1, rs2, imm_b);
    }
    case 0x03: {
      static constexpr Op ops[8] = {Op::LB, Op::LH, Op::LW, Op::LD, Op::LBU, Op::LHU, Op::LWU, Op::ILLEGAL};
      Op op = ops[f3];
      if (op == Op::ILLEGAL || (!rv64 && (op == Op::LD || op == Op::LWU))) return kIllegal;
      return I(op);
    }
    case 0x23: {
      static constexpr Op ops[8] = {Op::SB, Op::SH, Op::SW, Op::SD, Op::ILLEGAL, Op::ILLEGAL, Op::ILLEGAL, Op::ILLEGAL};
      Op op = ops[f3];
      if (op == Op::ILLEGAL || (!rv64 && op == Op::SD)) return kIllegal;
      return mk(op, 0, rs1, rs2, imm_s);
    }
    case 0x13: {
      const unsigned imm12 = b >> 20, f6 = b >> 26, sh = bits(b, 25, 20);
      switch (f3) {
        case 0: return I(Op::ADDI);
        case 2: return I(Op::SLTI);
        case 3: return I(Op::SLTIU);
        case 4: return I(Op::XORI);
        case 6: return I(Op::ORI);
        case 7: return I(Op::ANDI);
        case 1:
          if (f7 == 0x30) {
            switch (rs2) {
              case 0: return R(Op::CLZ);
              case 1: return R(Op::CTZ);
              case 2: return R(Op::CPOP);
              case 4: return R(Op::SEXT_B);
              case 5: return R(Op::SEXT_H);
              default: return kIllegal;
            }
          }
          if (rv64 ? f6 == 0 : f7 == 0) return mk(Op::SLLI, rd, rs1, 0, int32_t(sh & shmask));
          return kIllegal;
        case 5:
          if (imm12 == 0x287) return R(Op::ORC_B);
          if (imm12 == (rv64 ? 0x6b8u : 0x698u)) return R(Op::REV8);
          if (rv64 ? f6 == 0 : f7 == 0) return mk(Op::SRLI, rd, rs1, 0, int32_t(sh & shmask));
          if (rv64 ? f6 == 0x10 : f7 == 0x20) return mk(Op::SRAI, rd, rs1, 0, int32_t(sh & shmask));
          if (rv64 ? f6 == 0x18 : f7 == 0x30) return mk(Op::RORI, rd, rs1, 0, int32_t(sh & shmask));
          return kIllegal;
      }
      return kIllegal;
    }
    case 0x1b: {
      if (!rv64) return kIllegal;
      const unsigned f6 = b >> 26;
      switch (f3) {
        case 0: return I(Op::ADDIW);
        case 1:
          if (f7 == 0) return mk(Op::SLLIW, rd, rs1, 0, int32_t(rs2));
          if (f6 == 0x02) return mk(Op::SLLI_UW, rd, rs1, 0, int32_t(bits(b, 25, 20)));
          if (f7 == 0x30) {
            switch (rs2) {
              case 0: return R(Op::CLZW);
              case 1: return R(Op::CTZW);
              case 2: return R(Op::CPOPW);
              default: return kIllegal;
            }
          }
          return kIllegal;
        case 5:
          if (f7 == 0) return mk(Op::SRLIW, rd, rs1, 0, int32_t(rs2));
          if (f7 == 0x20) return mk(Op::SRAIW, rd, rs1, 0, int32_t(rs2));
          if (f7 == 0x30) return mk(Op::RORIW, rd, rs1, 0, int32_t(rs2));
          return kIllegal;
      }
      return kIllegal;
    }
    case 0x33: {
      switch (f7) {
        case 0x00: {
          static constexpr Op ops[8] = {Op::ADD, Op::SLL, Op::SLT, Op::SLTU, Op::XOR, Op::SRL, Op::OR, Op::AND};
          return R(ops[f3]);
        }
        case 0x20:
          switch (f3) {
            case 0: return R(Op::SUB);
            case 5: return R(Op::SRA);
            case 4: return R(Op::XNOR);
            case 6: return R(Op::ORN);
            case 7: return R(Op::ANDN);
          }
          return kIllegal;
        case 0x01: {
          static constexpr Op ops[8] = {Op::MUL, Op::MULH, Op::MULHSU, Op::MULHU, Op::DIV, Op::DIVU, Op::REM, Op::REMU};
          return R(ops[f3]);
        }
        case 0x10:
          if (f3 == 2) return R(Op::SH1ADD);
          if (f3 == 4) return R(Op::SH2ADD);
          if (f3 == 6) return R(Op::SH3ADD);
          return kIllegal;
        case 0x05:
          if (f3 == 4) return R(Op::MIN);
          if (f3 == 5) return R(Op::MINU);
          if (f3 == 6) return R(Op::MAX);
          if (f3 == 7) return R(Op::MAXU);
          return kIllegal;
        case 0x30:
          if (f3 == 1) return R(Op::ROL);
          if (f3 == 5) return R(Op::ROR);
          return kIllegal;
        case 0x04:
          if (!rv64 && f3 == 4 && rs2 == 0) return R(Op::ZEXT_H);
          return kIllegal;
      }
      return kIllegal;
    }
    case 0x3b: {
      if (!rv64) return kIllegal;
      switch (f7) {
        case 0x00:
          if (f3 == 0) return R(Op::ADDW);
          if (f3 == 1) return R(Op::SLLW);
          if (f3 == 5) return R(Op::SRLW);
          return kIllegal;
        case 0x20:
          if (f3 == 0) return R(Op::SUBW);
          if (f3 == 5) return R(Op::SRAW);
          return kIllegal;
        case 0x01: {
          static constexpr Op ops[8] = {Op::MULW, Op::ILLEGAL, Op::ILLEGAL, Op::ILLEGAL, Op::DIVW, Op::DIVUW, Op::REMW, Op::REMUW};
          return ops[f3] == Op::ILLEGAL ? kIllegal : R(ops[f3]);
        }
        case 0x04:
          if (f3 == 0) return R(Op::ADD_UW);
          if (f3 == 4 && rs2 == 0) return R(Op::ZEXT_H);
          return kIllegal;
        case 0x10:
          if (f3 == 2) return R(Op::SH1ADD_UW);
          if (f3 == 4) return R(Op::SH2ADD_UW);
          if (f3 == 6) return R(Op::SH3ADD_UW);
          return kIllegal;
        case 0x30:
          if (f3 == 1) return R(Op::ROLW);
          if (f3 == 5) return R(Op::RORW);
          return kIllegal;
      }
      return kIllegal;
    }
    case 0x0f:
      if (f3 == 0 || f3 == 1) return mk(Op::FENCE, 0, 0, 0, 0);
      return kIllegal;
    case 0x73: {
      if (b == 0x00000073) return mk(Op::ECALL, 0, 0, 0, 0);
      if (b == 0x00100073) return mk(Op::EBREAK, 0, 0, 0, 0);
      const unsigned csr = b >> 20;
      // Only reads: csrrs/csrrc with rs1 = x0, csrrsi/csrrci with uimm = 0.
      if (!((f3 == 2 || f3 == 3 || f3 == 6 || f3 == 7) && rs1 == 0)) return kIllegal;
      const bool ok = csr == 0xC00 || csr == 0xC01 || csr == 0xC02 ||
                      (!rv64 && (csr == 0xC80 || csr == 0xC81 || csr == 0xC82));
      return ok ? mk(Op::CSRR, rd, 0, 0, int32_t(csr)) : kIllegal;
    }
    case 0x2f: {
      const unsigned f5 = b >> 27;
      if (f3 != 2 && !(f3 == 3 && rv64)) return kIllegal;
      const bool d = f3 == 3;
      if (f5 == 0x02) return rs2 == 0 ? mk(d ? Op::LR_D : Op::LR_W, rd, rs1, 0, 0) : kIllegal;
      if (f5 == 0x03) return mk(d ? Op::SC_D : Op::SC_W, rd, rs1, rs2, 0);
      switch (f5) {
        case 0x00: case 0x01: case 0x04: case 0x08: case 0x0c:
        case 0x10: case 0x14: case 0x18: case 0x1c:
          return mk(d ? Op::AMO_D : Op::AMO_W, rd, rs1, rs2, int32_t(f5));
      }
      return kIllegal;
    }
  }
  return kIllegal;
}

DecodedOp decode16(uint32_t c, bool rv64) {
  const unsigned q = c & 3, f3 = bits(c, 15, 13);
  const unsigned rdp = 8 + bits(c, 4, 2), rs1p = 8 + bits(c, 9, 7);
  const unsigned rd = bits(c, 11, 7), rs2 = bits(c, 6, 2);
  const int32_t imm6 = sext((bit(c, 12) << 5) | bits(c, 6, 2), 6);
  const unsigned sh = (bit(c, 12) << 5) | bits(c, 6, 2);
  DecodedOp d = kIllegal;
  auto C = [](DecodedOp x) { x.handler |= 1; return x; };
  switch (q) {
    case 0: {
      const uint32_t lw_off = (bits(c, 12, 10) << 3) | (bit(c, 6) << 2) | (bit(c, 5) << 6);
      const uint32_t ld_off = (bits(c, 12, 10) << 3) | (bits(c, 6, 5) << 6);
      switch (f3) {
        case 0: {
          const uint32_t nz = (bits(c, 12, 11) << 4) | (bits(c, 10, 7) << 6) | (bit(c, 6) << 2) | (bit(c, 5) << 3);
          if (nz == 0) return kIllegal;  // includes the all-zero halfword
          return C(mk(Op::ADDI, rdp, 2, 0, int32_t(nz)));
        }
        case 2: return C(mk(Op::LW, rdp, rs1p, 0, int32_t(lw_off)));
        case 3: return rv64 ? C(mk(Op::LD, rdp, rs1p, 0, int32_t(ld_off))) : kIllegal;
        case 6: return C(mk(Op::SW, 0, rs1p, rdp, int32_t(lw_off)));
        case 7: return rv64 ? C(mk(Op::SD, 0, rs1p, rdp, int32_t(ld_off))) : kIllegal;
      }
      return kIllegal;  // c.fld, c.fsd, reserved, c.flw/c.fsw on rv32
    }
    case 1: {
      const int32_t jimm = sext((bit(c, 12) << 11) | (bit(c, 11) << 4) | (bits(c, 10, 9) << 8) | (bit(c, 8) << 10) |
                                    (bit(c, 7) << 6) | (bit(c, 6) << 7) | (bits(c, 5, 3) << 1) | (bit(c, 2) << 5), 12);
      const int32_t bimm = sext((bit(c, 12) << 8) | (bits(c, 11, 10) << 3) | (bits(c, 6, 5) << 6) | (bits(c, 4, 3) << 1) |
                                    (bit(c, 2) << 5), 9);
      switch (f3) {
        case 0: return C(mk(Op::ADDI, rd, rd, 0, imm6));
        case 1:
          if (!rv64) return C(mk(Op::JAL, 1, 0, 0, jimm));
          return rd ? C(mk(Op::ADDIW, rd, rd, 0, imm6)) : kIllegal;
        case 2: return C(mk(Op::ADDI, rd, 0, 0, imm6));
        case 3:
          if (rd == 2) {
            const int32_t nz = sext((bit(c, 12) << 9) | (bit(c, 6) << 4) | (bit(c, 5) << 6) | (bits(c, 4, 3) << 7) |
                                        (bit(c, 2) << 5), 10);
            return nz ? C(mk(Op::ADDI, 2, 2, 0, nz)) : kIllegal;
          } else {
            const int32_t nz = sext((bit(c, 12) << 17) | (bits(c, 6, 2) << 12), 18);
            return nz ? C(mk(Op::LUI, rd, 0, 0, nz)) : kIllegal;
          }
        case 4:
          switch (bits(c, 11, 10)) {
            case 0: return (!rv64 && bit(c, 12)) ? kIllegal : C(mk(Op::SRLI, rs1p, rs1p, 0, int32_t(sh)));
            case 1: return (!rv64 && bit(c, 12)) ? kIllegal : C(mk(Op::SRAI, rs1p, rs1p, 0, int32_t(sh)));
            case 2: return C(mk(Op::ANDI, rs1p, rs1p, 0, imm6));
            case 3: {
              static constexpr Op lo[4] = {Op::SUB, Op::XOR, Op::OR, Op::AND};
              if (!bit(c, 12)) return C(mk(lo[bits(c, 6, 5)], rs1p, rs1p, rdp, 0));
              if (!rv64) return kIllegal;
              if (bits(c, 6, 5) == 0) return C(mk(Op::SUBW, rs1p, rs1p, rdp, 0));
              if (bits(c, 6, 5) == 1) return C(mk(Op::ADDW, rs1p, rs1p, rdp, 0));
              return kIllegal;
            }
          }
          return kIllegal;
        case 5: return C(mk(Op::JAL, 0, 0, 0, jimm));
        case 6: return C(mk(Op::BEQ, 0, rs1p, 0, bimm));
        case 7: return C(mk(Op::BNE, 0, rs1p, 0, bimm));
      }
      return kIllegal;
    }
    case 2: {
      switch (f3) {
        case 0: return (!rv64 && bit(c, 12)) ? kIllegal : C(mk(Op::SLLI, rd, rd, 0, int32_t(sh)));
        case 2: {
          const uint32_t off = (bit(c, 12) << 5) | (bits(c, 6, 4) << 2) | (bits(c, 3, 2) << 6);
          return rd ? C(mk(Op::LW, rd, 2, 0, int32_t(off))) : kIllegal;
        }
        case 3: {
          if (!rv64) return kIllegal;
          const uint32_t off = (bit(c, 12) << 5) | (bits(c, 6, 5) << 3) | (bits(c, 4, 2) << 6);
          return rd ? C(mk(Op::LD, rd, 2, 0, int32_t(off))) : kIllegal;
        }
        case 4:
          if (!bit(c, 12)) {
            if (rs2 == 0) return rd ? C(mk(Op::JALR, 0, rd, 0, 0)) : kIllegal;
            return C(mk(Op::ADD, rd, 0, rs2, 0));  // c.mv
          }
          if (rd == 0 && rs2 == 0) return C(mk(Op::EBREAK, 0, 0, 0, 0));
          if (rs2 == 0) return C(mk(Op::JALR, 1, rd, 0, 0));
          return C(mk(Op::ADD, rd, rd, rs2, 0));
        case 6: {
          const uint32_t off = (bits(c, 12, 9) << 2) | (bits(c, 8, 7) << 6);
          return C(mk(Op::SW, 0, 2, rs2, int32_t(off)));
        }
        case 7: {
          if (!rv64) return kIllegal;
          const uint32_t off = (bits(c, 12, 10) << 3) | (bits(c, 9, 7) << 6);
          return C(mk(Op::SD, 0, 2, rs2, int32_t(off)));
        }
      }
      return kIllegal;  // c.fldsp, c.fsdsp, c.flwsp, c.fswsp
    }
  }
  return d;
}

// Specialise and normalise: x0 destinations, li/mv/nop forms.
DecodedOp finish(DecodedOp d) {
  const Op op = op_of(d);
  const unsigned c = d.handler & 1;
  auto set = [&](Op o) { d.handler = uint8_t(unsigned(o) * 2 + c); };
  if (d.rd == 0 && pure_alu(op)) {
    set(Op::NOP);
    return d;
  }
  if (op == Op::ADDI && d.rs1 == 0) set(Op::LI);
  else if (op == Op::ADDI && d.imm == 0) set(Op::MV);
  else if (op == Op::ADD && d.rs1 == 0) { set(Op::MV); d.rs1 = d.rs2; }
  else if (op == Op::ADD && d.rs2 == 0) set(Op::MV);
  if (d.rd == 0) d.rd = 32;
  return d;
}


// Superinstructions: common adjacent pairs become one op, so the pair costs one dispatch and its
// intermediate value never goes through the register file.  Only pairs that cannot trap are
// fused; the second instruction's own slot keeps its plain decoding for jumps that land on it.
// Gas and instruction counts are those of the two instructions.
void fuse(DecodedText& t, unsigned xlen, std::vector<uint32_t>& own_gas, std::vector<uint32_t>& own_count,
          std::vector<int64_t>& next) {
  const size_t n = t.size / 2;
  const std::vector<DecodedOp> single = t.ops;
  auto step = [](const DecodedOp& d) -> size_t { return is_compressed(d) ? 1 : 2; };
  auto fits32 = [](int64_t v) { return v >= INT32_MIN && v <= INT32_MAX; };
  auto wrap = [xlen](int64_t v) { return xlen == 32 ? int64_t(int32_t(uint32_t(v))) : v; };
  for (size_t i = 0; i < n; ++i) {
    const DecodedOp& a = single[i];
    const Op oa = op_of(a);
    if (next[i] < 0) continue;
    const size_t j = size_t(next[i]);
    if (j >= n || own_count[j] == 0) continue;
    const DecodedOp& b = single[j];
    const Op ob = op_of(b);
    const int64_t pc = int64_t(t.base + 2 * i);
    const uint32_t pair_gas = own_gas[i] + own_gas[j];
    // Fused sequential ops advance by a constant per handler variant (a step read from the op
    // would put a load on the dispatch chain): the first instruction is a 4-byte one and the
    // variant bit is the second's.
    if ((oa == Op::LUI || oa == Op::AUIPC) && !is_compressed(a) && a.rd != 32 && b.rd == a.rd && b.rs1 == a.rd &&
        (ob == Op::ADDI || ob == Op::ADDIW)) {
      const int64_t base = wrap(oa == Op::LUI ? int64_t(a.imm) : pc + a.imm);
      const int64_t v = ob == Op::ADDI ? wrap(base + b.imm) : int64_t(int32_t(uint32_t(base) + uint32_t(b.imm)));
      if (!fits32(v)) continue;
      const size_t slots = step(a) + step(b);
      t.ops[i] = mk(Op::LI_N, a.rd, 0, 0, int32_t(v));
      t.ops[i].handler |= b.handler & 1;
      own_gas[i] = pair_gas, own_count[i] = 2, next[i] = int64_t(i + slots);
    } else if (oa == Op::AUIPC && a.rd != 32 && ob == Op::JALR && !is_compressed(b) && b.rd == a.rd &&
               b.rs1 == a.rd) {
      const int64_t target = wrap(pc + a.imm + b.imm) & ~int64_t(1);
      const int64_t rel = target - int64_t(t.base);
      if (rel < 0 || uint64_t(rel) >= t.size || !fits32(target - pc)) continue;
      t.ops[i] = mk(Op::CALL, a.rd, 0, 0, int32_t(target - pc));
      own_gas[i] = pair_gas, own_count[i] = 2, next[i] = -1;
    } else if (oa == Op::ADD && !is_compressed(a) && a.rd != 32 && ob >= Op::LB && ob <= Op::LWU && b.rs1 == a.rd && b.imm >= -2048 && b.imm < 2048) {
      static constexpr Op fused[] = {Op::ADD_LB, Op::ADD_LH, Op::ADD_LW, Op::ADD_LD, Op::ADD_LBU, Op::ADD_LHU, Op::ADD_LWU};
      const Op f = fused[unsigned(ob) - unsigned(Op::LB)];
      DecodedOp d = mk(f, a.rd, a.rs1, a.rs2, int32_t((uint32_t(b.imm) & 0xfff) | (uint32_t(b.rd) << 12)));
      d.handler |= b.handler & 1;
      t.ops[i] = d;
      own_gas[i] = pair_gas, own_count[i] = 2, next[i] = int64_t(i + step(a) + step(b));
    } else if (oa == Op::ADDI && a.rd != 32 && a.rs1 == a.rd && ob >= Op::BEQ && ob <= Op::BGEU) {
      unsigned other;
      if (b.rs1 == a.rd) other = b.rs2;
      else if (b.rs2 == a.rd && (ob == Op::BEQ || ob == Op::BNE)) other = b.rs1;
      else continue;
      const int64_t rel = int64_t(j - i) + (b.imm >> 1);  // target, in slots from this op
      if (rel < -(int64_t(1) << 19) || rel >= (int64_t(1) << 19)) continue;
      const size_t slots = step(a) + step(b);
      const Op f = Op(unsigned(Op::ADDI_BEQ) + (unsigned(ob) - unsigned(Op::BEQ)));
      t.ops[i] = mk(f, a.rd, unsigned(slots), other, int32_t(uint32_t(rel) << 12 | (uint32_t(a.imm) & 0xfff)));
      own_gas[i] = pair_gas, own_count[i] = 2, next[i] = -1;
    }
  }
}

}  // namespace

std::string_view op_name(Op op) noexcept {
  static constexpr std::string_view names[] = {
#define TANDEM_X(name, cls, term) #name,
      TANDEM_OPS(TANDEM_X)
#undef TANDEM_X
  };
  return unsigned(op) < unsigned(Op::kCount) ? names[unsigned(op)] : "?";
}

DecodedOp decode_one(uint32_t b, unsigned xlen, bool rvc) noexcept {
  const bool rv64 = xlen == 64;
  if ((b & 3) != 3) return rvc ? finish(decode16(b & 0xffff, rv64)) : kIllegal;
  if ((b & 0x1f) == 0x1f) return kIllegal;  // 48-bit and longer encodings
  return finish(decode32(b, rv64));
}

DecodedText decode_text(const ElfImage& image) {
  DecodedText t;
  // The slot grid is 2-byte aligned in guest addresses whatever the segments' alignment: a slot
  // is code only when both its bytes lie in an executable segment.
  // Only bytes the file provides are code: an executable segment's zero fill (memsz beyond
  // filesz) would decode to illegal instructions anyway, and decoding it would let a tiny file
  // claim gigabytes of decoder memory.  Jumping there is a fetch fault.
  uint64_t code_end = image.text_begin;
  for (const auto& s : image.segments)
    if (s.flags & kPF_X) code_end = std::max(code_end, s.vaddr + std::min(s.filesz, s.memsz));
  t.base = image.text_begin & ~uint64_t(1);
  t.size = ((code_end + 1) & ~uint64_t(1)) - t.base;
  const size_t n = t.size / 2;
  // Code bytes and an executable mask over the span (gaps and non-executable parts: not code).
  std::vector<uint8_t> code(t.size + 4, 0);
  std::vector<uint8_t> exec(n + DecodedText::kPadding, 0);
  for (const auto& s : image.segments) {
    if (!(s.flags & kPF_X)) continue;
    const uint64_t off = s.vaddr - t.base, bytes = std::min(s.filesz, s.memsz);
    std::memcpy(code.data() + off, image.bytes.data() + s.offset, bytes);
    for (uint64_t slot = (off + 1) / 2; slot < (off + bytes) / 2 && slot < n; ++slot) exec[slot] = 1;
  }
  t.ops.assign(n + DecodedText::kPadding, mk(Op::NOT_CODE, 0, 0, 0, 0));
  // A program built without C (no EF_RISCV_RVC) has IALIGN = 32: reaching a 2-mod-4 address is a
  // misaligned fetch, and compressed encodings are illegal.
  const bool rvc = image.e_flags & kEF_RISCV_RVC;
  for (size_t i = 0; i < n; ++i) {
    if (!exec[i]) continue;
    if (!rvc && ((t.base + 2 * i) & 2)) {
      t.ops[i] = mk(Op::MISALIGNED, 0, 0, 0, 0);
      continue;
    }
    uint32_t bitsv;
    std::memcpy(&bitsv, code.data() + 2 * i, 4);
    if ((bitsv & 3) == 3 && !exec[i + 1]) {
      t.ops[i] = kIllegal;  // a 4-byte instruction cut off by the end of code
      continue;
    }
    DecodedOp d = decode_one(bitsv, image.xlen, rvc);
    const Op op = op_of(d);
    if (op == Op::JAL || (op >= Op::BEQ && op <= Op::BGEU)) {
      const int64_t target = int64_t(2 * i) + d.imm;
      if (target < 0 || uint64_t(target) >= t.size) {
        // Keep the compare in rd: funct3 of the branch, or 8 for an unconditional jump.
        static constexpr uint8_t cond[] = {0, 1, 4, 5, 6, 7};
        const uint8_t kind = op == Op::JAL ? 8 : cond[unsigned(op) - unsigned(Op::BEQ)];
        d.handler = uint8_t(unsigned(Op::BRANCH_OUT) * 2 + (d.handler & 1));
        d.rd = kind;
      }
    }
    t.ops[i] = d;
  }
  // Per-slot cost, count and fall-through slot (-1: ends a block), before and after fusion.
  const size_t total = t.ops.size();
  std::vector<uint32_t> own_gas(total, 0), own_count(total, 0);
  std::vector<int64_t> next(total, -1);
  for (size_t i = 0; i < total; ++i) {
    const DecodedOp& d = t.ops[i];
    const Op op = op_of(d);
    if (op == Op::ILLEGAL || op == Op::NOT_CODE || op == Op::MISALIGNED) continue;
    own_gas[i] = gas_cost(kClass[unsigned(op)]);
    own_count[i] = 1;
    if (!kTerminator[unsigned(op)]) next[i] = int64_t(i + (is_compressed(d) ? 1 : 2));
  }
  fuse(t, image.xlen, own_gas, own_count, next);
  // Gas and instruction counts from each slot to the end of its block, back to front.
  for (size_t i = total; i-- > 0;) {
    DecodedOp& d = t.ops[i];
    d.gas = own_gas[i], d.count = own_count[i];
    if (next[i] >= 0) {
      const DecodedOp& nx = t.ops[std::min(size_t(next[i]), total - 1)];
      d.gas += nx.gas, d.count += nx.count;
    }
  }
  return t;
}

}  // namespace tandem::vm
