// tandem/ethereum.h: Ethereum's precompiled contracts, byte-exact, on tandem's coprocessors.
//
// The same code serves three callers: a guest through tandem_eth_precompile() (the coprocessor
// operation eth.precompile), a host through the functions below, and `tandem precompile`.
// Addresses: 0x01 ECRECOVER, 0x02 SHA256, 0x03 RIPEMD160, 0x04 IDENTITY, 0x05 MODEXP, 0x06
// BN254 ECADD, 0x07 ECMUL, 0x08 ECPAIRING, 0x09 BLAKE2F, 0x0a POINT_EVALUATION (KZG), 0x0b-0x11
// BLS12-381 (G1ADD, G1MSM, G2ADD, G2MSM, PAIRING_CHECK, MAP_FP_TO_G1, MAP_FP2_TO_G2) and 0x100
// P256VERIFY, with Osaka's encodings, error rules and gas (docs/ethereum.md).
//
// Thread-safety: every function may be called from many threads at once.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "tandem/expected.h"

namespace tandem::eth {

// How MODEXP is priced.  eip7883 is Osaka's rule and comes with EIP-7823's limit of 1024 bytes
// per length; eip2565 (Berlin to Prague) and eip198 (Byzantium) have no such limit.
enum class ModexpPricing : uint8_t { eip7883, eip2565, eip198 };

struct PrecompileOptions {
  ModexpPricing modexp = ModexpPricing::eip7883;
};

struct PrecompileResult {
  bool ok = false;              // false: the precompile failed (Ethereum: the call fails and
                                // consumes all the gas it was given)
  std::vector<uint8_t> output;  // when ok; may be empty (ecrecover, P256VERIFY on a bad signature)
  uint64_t gas = 0;             // Ethereum gas the call costs (UINT64_MAX when it does not fit)
  std::string error;            // when !ok: why
};

// True for the addresses above.
bool is_precompile(uint32_t address) noexcept;

// "ecrecover", "sha256", ... for a supported address, else "".
const char* precompile_name(uint32_t address) noexcept;

// Runs the precompile at `address` on `input`.  An unsupported address is an Error; a failing
// call is a result with ok = false.
Expected<PrecompileResult> run_precompile(uint32_t address, std::span<const uint8_t> input,
                                          const PrecompileOptions& options = {});

// The Ethereum gas of that call, without running it.
Expected<uint64_t> precompile_gas(uint32_t address, std::span<const uint8_t> input,
                                  const PrecompileOptions& options = {});

}  // namespace tandem::eth
