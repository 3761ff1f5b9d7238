// fuzz/fuzz_precompile.cpp: fuzz bytes -> one call of an Ethereum precompile (tandem/ethereum.h),
// the interface a blockchain host exposes to untrusted contracts.
//
// Input layout: u8 address selector (index into kAddresses, modulo its size), u8 flags (bits 0-1:
// MODEXP pricing), then the call's input bytes.
//
// What must hold for any input: no crash, leak or sanitizer report; precompile_gas and
// run_precompile agree on the gas; a failed call carries a one-line error and no output; a call
// that succeeds returns the output length Ethereum fixes for that address; the same call twice
// gives the same result.  Calls priced above kMaxGas are only priced, not run (a fuzzer would
// otherwise spend its time in legitimate multi-second MODEXPs).
#include <cstdio>
#include <cstdlib>
#include <span>

#include "fuzz_support.h"
#include "tandem/ethereum.h"

namespace {

constexpr uint32_t kAddresses[] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09,
                                   0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x100};
constexpr uint64_t kMaxGas = 2'000'000;

[[noreturn]] void violated(uint32_t address, const char* what) {
  std::fprintf(stderr, "invariant violated: precompile 0x%02x: %s\n", address, what);
  std::abort();
}

// The output length of a successful call, or SIZE_MAX where it depends on more than the address.
size_t expected_length(uint32_t address, std::span<const uint8_t> in) {
  switch (address) {
    case 0x02: case 0x03: case 0x08: case 0x0f: return 32;
    case 0x04: return in.size();
    case 0x06: case 0x07: case 0x09: case 0x0a: return 64;
    case 0x0b: case 0x0c: case 0x10: return 128;
    case 0x0d: case 0x0e: case 0x11: return 256;
    case 0x05: {  // the modulus length: bytes 64..95 of the (zero-extended) input, big-endian
      uint64_t m = 0;
      for (size_t i = 64; i < 96; ++i) {
        const uint8_t b = i < in.size() ? in[i] : 0;
        if (i < 88 && b) return SIZE_MAX;  // does not fit: the call cannot succeed anyway
        if (i >= 88) m = (m << 8) | b;
      }
      return size_t(m);
    }
    default: return SIZE_MAX;  // ecrecover and P256VERIFY: 32 bytes or none
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  tandem::fuzz::Reader r(data, size);
  const uint32_t address = kAddresses[r.u8() % std::size(kAddresses)];
  tandem::eth::PrecompileOptions options;
  options.modexp = tandem::eth::ModexpPricing(r.u8() % 3);
  const std::vector<uint8_t> input = r.rest();

  auto gas = tandem::eth::precompile_gas(address, input, options);
  if (!gas) violated(address, "precompile_gas refused a supported address");
  if (*gas > kMaxGas) return 0;
  auto a = tandem::eth::run_precompile(address, input, options);
  auto b = tandem::eth::run_precompile(address, input, options);
  if (!a || !b) violated(address, "run_precompile refused a supported address");
  if (a->gas != *gas) violated(address, "run_precompile's gas differs from precompile_gas");
  if (a->ok != b->ok || a->output != b->output || a->gas != b->gas || a->error != b->error)
    violated(address, "two identical calls differ");
  if (!a->ok) {
    if (!a->output.empty()) violated(address, "a failed call has output");
    if (a->error.empty() || a->error.find('\n') != std::string::npos)
      violated(address, "a failed call's error is not one nonempty line");
    return 0;
  }
  const size_t want = expected_length(address, input);
  if (want == SIZE_MAX) {
    if (!a->output.empty() && a->output.size() != 32) violated(address, "output is neither empty nor 32 bytes");
  } else if (a->output.size() != want) {
    violated(address, "output length is not the one Ethereum fixes");
  }
  return 0;
}
