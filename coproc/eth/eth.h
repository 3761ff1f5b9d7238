// coproc/eth/eth.h: the Ethereum precompile profile (include/tandem/ethereum.h is its public
// face): input decoding, Ethereum's gas rules, and the operations eth.precompile and
// eth.precompile_gas that give guests the same thing through the bus.
//
// A profile, not a family: the work itself is done by the hash, sig and bigint families; this
// module adds only Ethereum's encodings and prices.  Knows nothing of the VM.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "tandem/coprocessor.h"
#include "tandem/ethereum.h"

namespace tandem::coproc::eth {

using tandem::eth::PrecompileOptions;

// What a call will do, decided from the address and input alone (cheap: reads at most the
// modexp header and the exponent).
struct Plan {
  bool supported = false;
  bool fails = false;        // Ethereum's failure (the message says why)
  std::string message;
  uint64_t eth_gas = 0;      // Ethereum gas (saturated at UINT64_MAX)
  uint64_t tandem_gas = 0;   // tandem gas of the work (1 gas ≈ 1.3 ns)
  size_t max_output = 0;     // the output is at most this long
};
Plan plan(uint32_t address, std::span<const uint8_t> input, const PrecompileOptions& options);

// Runs a supported call planned as above; out has at least max_output bytes.  Returns the output
// length, or nullopt for a call that fails on Ethereum: one Plan::fails, or one whose failure
// only running it finds (a curve point that is not valid, a KZG proof that does not verify),
// with the reason in *error.
std::optional<size_t> execute(uint32_t address, std::span<const uint8_t> input, std::span<uint8_t> out,
                              const PrecompileOptions& options, std::string* error = nullptr);

inline constexpr uint32_t kOpPrecompile = 0x2400;
inline constexpr uint32_t kOpPrecompileGas = 0x2401;

std::vector<CoprocessorOp> ops();
void register_ops(CoprocessorSet& set);

}  // namespace tandem::coproc::eth
