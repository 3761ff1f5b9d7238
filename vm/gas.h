// vm/gas.h: the glue's gas schedule by instruction class (docs/gas.md is generated from the same
// numbers by hand; a test checks the doc against this table).  One gas is about one simple
// instruction on the reference interpreter.  Compressed forms cost the same as their expansion.
#pragma once
#include <cstdint>

namespace tandem::vm {

#define TANDEM_GAS_CLASSES(X)                                                                       \
  X(alu, 1, "integer ALU, immediates, lui, auipc, Zba, Zbb")                                      \
  X(branch, 1, "conditional branches (taken or not)")                                              \
  X(jump, 2, "jal, jalr")                                                                          \
  X(load, 2, "loads of any width")                                                                 \
  X(store, 2, "stores of any width")                                                               \
  X(mul, 2, "mul, mulh*, mulw")                                                                    \
  X(div, 8, "div*, rem* (any width)")                                                              \
  X(atomic, 4, "lr, sc, amo*")                                                                     \
  X(system, 10, "ecall and ebreak, before what the system call itself charges")                   \
  X(csr, 2, "reads of the cycle, time and instret counters")                                      \
  X(fence, 1, "fence, fence.i")

enum class GasClass : uint8_t {
#define TANDEM_X(name, cost, text) name,
  TANDEM_GAS_CLASSES(TANDEM_X)
#undef TANDEM_X
};

inline constexpr uint32_t kGasCost[] = {
#define TANDEM_X(name, cost, text) cost,
    TANDEM_GAS_CLASSES(TANDEM_X)
#undef TANDEM_X
};

constexpr uint32_t gas_cost(GasClass c) { return kGasCost[static_cast<unsigned>(c)]; }

// System call charges on top of the `system` class (see docs/abi.md).
inline constexpr uint64_t kGasPerIoByteShift = 3;   // read/write/output: 1 gas per 8 bytes moved
inline constexpr uint64_t kGasBrkPerPage = 4;       // brk growth: per 4 KiB page added

}  // namespace tandem::vm
