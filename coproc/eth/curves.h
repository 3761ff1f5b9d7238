// coproc/eth/curves.h: the curve precompiles (0x06-0x08, 0x0a-0x11) inside the Ethereum profile;
// precompiles.cpp dispatches to these for those addresses.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "coproc/eth/eth.h"

namespace tandem::coproc::eth {

// Why Ethereum fails a call to a curve address from its input length alone, or nullptr (also for
// any other address).
const char* curve_failure(uint32_t address, size_t n) noexcept;

// Fills p for a curve address (gas, output size, and the failures decided by the input's length
// alone); false for any other address.
bool curve_plan(uint32_t address, std::span<const uint8_t> input, Plan& p) noexcept;

// Runs a call that curve_plan did not fail.  nullopt when Ethereum fails it (a point not on the
// curve or not in the subgroup, a field element out of range, a proof that does not verify), with
// the reason in *error.
std::optional<size_t> curve_execute(uint32_t address, std::span<const uint8_t> input,
                                    std::span<uint8_t> out, std::string* error);

}  // namespace tandem::coproc::eth
