// coproc/ntt/ops.h: the NTT family on the bus: one-shot transforms, and plans kept resident
// behind a handle so repeated transforms of one size reuse their twiddles (docs/coprocessors.md).
// The arithmetic is ntt.h's; this is only the table that offers it to guests.
#pragma once
#include <vector>

#include "tandem/coprocessor.h"

namespace tandem::coproc::ntt {

inline constexpr uint32_t kOpTransform = 0x2600;      // (value field|log_n, inout data, value kind)
inline constexpr uint32_t kOpPlan = 0x2601;           // (value field|log_n) -> handle
inline constexpr uint32_t kOpPlanTransform = 0x2602;  // (value handle|kind, inout data)
inline constexpr uint32_t kResidentPlan = 0x2601;

// What a transform computes (ntt.h has the formulas).
enum Kind : uint64_t { kForward = 0, kInverse = 1, kCosetForward = 2, kCosetInverse = 3 };

std::vector<CoprocessorOp> ops();
void register_ops(CoprocessorSet& set);

}  // namespace tandem::coproc::ntt
