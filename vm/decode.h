// vm/decode.h: the instruction list and the pre-decoded form of a program's text.
//
// The text is decoded once, when a Program is loaded, into one DecodedOp per 2 bytes of code
// (every halfword is a possible instruction start, since jumps may land anywhere 2-aligned).
// The list below drives the decoder, the interpreter's handler table, disassembly names and gas
// classes, so they cannot drift apart.
#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

#include "vm/gas.h"

namespace tandem::vm {

// X(NAME, gas class, terminator).  A terminator ends a basic block: the interpreter charges gas
// for the next block when it leaves one.  Each op has two handlers, for 4-byte and 2-byte
// encodings (compressed forms get their own fast handlers, not a slow generic path).
#define TANDEM_OPS(X)                                                                              \
  /* specialisations */                                                                            \
  X(NOP, alu, 0) X(LI, alu, 0) X(MV, alu, 0)                                                       \
  /* RV32I / RV64I */                                                                              \
  X(LUI, alu, 0) X(AUIPC, alu, 0)                                                                  \
  X(ADDI, alu, 0) X(SLTI, alu, 0) X(SLTIU, alu, 0) X(XORI, alu, 0) X(ORI, alu, 0) X(ANDI, alu, 0)  \
  X(SLLI, alu, 0) X(SRLI, alu, 0) X(SRAI, alu, 0)                                                  \
  X(ADDIW, alu, 0) X(SLLIW, alu, 0) X(SRLIW, alu, 0) X(SRAIW, alu, 0)                              \
  X(ADD, alu, 0) X(SUB, alu, 0) X(SLL, alu, 0) X(SLT, alu, 0) X(SLTU, alu, 0) X(XOR, alu, 0)       \
  X(SRL, alu, 0) X(SRA, alu, 0) X(OR, alu, 0) X(AND, alu, 0)                                       \
  X(ADDW, alu, 0) X(SUBW, alu, 0) X(SLLW, alu, 0) X(SRLW, alu, 0) X(SRAW, alu, 0)                  \
  X(LB, load, 0) X(LH, load, 0) X(LW, load, 0) X(LD, load, 0) X(LBU, load, 0) X(LHU, load, 0)      \
  X(LWU, load, 0)                                                                                  \
  X(SB, store, 0) X(SH, store, 0) X(SW, store, 0) X(SD, store, 0)                                  \
  X(FENCE, fence, 0)                                                                               \
  /* M */                                                                                          \
  X(MUL, mul, 0) X(MULH, mul, 0) X(MULHSU, mul, 0) X(MULHU, mul, 0) X(MULW, mul, 0)                \
  X(DIV, div, 0) X(DIVU, div, 0) X(REM, div, 0) X(REMU, div, 0)                                    \
  X(DIVW, div, 0) X(DIVUW, div, 0) X(REMW, div, 0) X(REMUW, div, 0)                                \
  /* A: imm holds funct5 for AMOs */                                                               \
  X(LR_W, atomic, 0) X(LR_D, atomic, 0) X(SC_W, atomic, 0) X(SC_D, atomic, 0)                      \
  X(AMO_W, atomic, 0) X(AMO_D, atomic, 0)                                                          \
  /* Zicsr: read-only counters, imm = csr number */                                                \
  X(CSRR, csr, 0)                                                                                  \
  /* Zba */                                                                                        \
  X(SH1ADD, alu, 0) X(SH2ADD, alu, 0) X(SH3ADD, alu, 0) X(ADD_UW, alu, 0)                          \
  X(SH1ADD_UW, alu, 0) X(SH2ADD_UW, alu, 0) X(SH3ADD_UW, alu, 0) X(SLLI_UW, alu, 0)                \
  /* Zbb */                                                                                        \
  X(ANDN, alu, 0) X(ORN, alu, 0) X(XNOR, alu, 0) X(CLZ, alu, 0) X(CTZ, alu, 0) X(CPOP, alu, 0)     \
  X(CLZW, alu, 0) X(CTZW, alu, 0) X(CPOPW, alu, 0) X(MAX, alu, 0) X(MAXU, alu, 0) X(MIN, alu, 0)   \
  X(MINU, alu, 0) X(SEXT_B, alu, 0) X(SEXT_H, alu, 0) X(ZEXT_H, alu, 0) X(ROL, alu, 0)             \
  X(ROR, alu, 0) X(RORI, alu, 0) X(ROLW, alu, 0) X(RORW, alu, 0) X(RORIW, alu, 0) X(ORC_B, alu, 0) \
  X(REV8, alu, 0)                                                                                  \
  /* control flow (terminators) */                                                                 \
  X(JAL, jump, 1) X(JALR, jump, 1)                                                                 \
  X(BEQ, branch, 1) X(BNE, branch, 1) X(BLT, branch, 1) X(BGE, branch, 1) X(BLTU, branch, 1)       \
  X(BGEU, branch, 1)                                                                               \
  /* a branch or jal whose target is outside the text: rd = funct3 (8: jal), traps when taken */  \
  X(BRANCH_OUT, branch, 1)                                                                         \
  X(ECALL, system, 1) X(EBREAK, system, 1)                                                         \
  /* fused pairs (superinstructions), made by decode_text; each counts and costs as its parts */  \
  X(LI_N, alu, 0)     /* lui/auipc + addi/addiw into one constant; variant bit: the addi's */   \
  X(CALL, jump, 1)    /* auipc ra + jalr ra: direct call; imm = target - pc */                     \
  X(ADDI_BEQ, branch, 1) X(ADDI_BNE, branch, 1) X(ADDI_BLT, branch, 1) X(ADDI_BGE, branch, 1)     \
  X(ADDI_BLTU, branch, 1) X(ADDI_BGEU, branch, 1)                                                  \
  /* addi rd,rd,i + branch on rd: imm = (target slot offset << 12) | i, rs1 = slots to next */  \
  X(ADD_LB, load, 0) X(ADD_LH, load, 0) X(ADD_LW, load, 0) X(ADD_LD, load, 0) X(ADD_LBU, load, 0) \
  X(ADD_LHU, load, 0) X(ADD_LWU, load, 0)                                                          \
  /* add t,a,b (4 bytes) + load from t: rd,rs1,rs2 = the add; imm = offset | load rd << 12;  */ \
  /* the compressed bit is the load's */                                                           \
  X(ILLEGAL, fence, 1) /* cost is ignored: an illegal instruction is charged nothing */            \
  X(NOT_CODE, fence, 1) /* a slot outside every executable segment, or past the text's end */ \
  X(MISALIGNED, fence, 1) /* a 2-mod-4 slot of a program built without C (IALIGN = 32) */

enum class Op : uint8_t {
#define TANDEM_X(name, cls, term) name,
  TANDEM_OPS(TANDEM_X)
#undef TANDEM_X
      kCount
};

// Handler indices (2 per op) must fit DecodedOp::handler; widen it before adding past 128 ops.
static_assert(unsigned(Op::kCount) * 2 <= 256, "too many ops for an 8-bit handler index");

std::string_view op_name(Op op) noexcept;

// One pre-decoded instruction slot: 16 bytes.
struct DecodedOp {
  uint8_t handler;   // 2 * Op + (compressed ? 1 : 0)
  uint8_t rd;        // destination; 0 is rewritten to 32 (the discard slot)
  uint8_t rs1, rs2;
  int32_t imm;       // immediate, pre-extracted and sign-extended; branch/jal: byte offset
  uint32_t gas;      // gas from this op to the end of its block, inclusive
  uint32_t count;    // instructions from this op to the end of its block, inclusive
};
static_assert(sizeof(DecodedOp) == 16);

struct DecodedText {
  uint64_t base = 0;   // guest address of ops[0]
  uint64_t size = 0;   // bytes covered; ops.size() == size / 2 + kPadding
  std::vector<DecodedOp> ops;
  static constexpr size_t kPadding = 2;  // NOT_CODE slots after the end
};

struct ElfImage;
// Decodes the executable span of an image.  xlen selects RV32 or RV64 semantics.
DecodedText decode_text(const ElfImage& image);

// Decodes one instruction (for tests and disassembly).  `bits` holds 4 bytes of code (the upper
// half ignored for a compressed instruction).  Without `rvc`, compressed encodings are illegal.
DecodedOp decode_one(uint32_t bits, unsigned xlen, bool rvc = true) noexcept;

inline Op op_of(const DecodedOp& d) noexcept { return static_cast<Op>(d.handler >> 1); }
inline bool is_compressed(const DecodedOp& d) noexcept { return d.handler & 1; }

}  // namespace tandem::vm
