// coproc/eth/precompiles.cpp: Ethereum's precompiles 0x01..0x05, 0x09 and 0x100 (and the
// dispatch to the curve precompiles of curves.cpp): encodings,
// failure rules and gas as go-ethereum implements them for Osaka (docs/ethereum.md), the work
// done by the hash, sig and bigint families.
#include <algorithm>
#include <cstring>
#include <optional>

#include "coproc/bigint/bigint.h"
#include "coproc/eth/curves.h"
#include "coproc/eth/eth.h"
#include "coproc/hash/hash.h"
#include "coproc/sig/sig.h"

namespace tandem::coproc::eth {
namespace {

using tandem::eth::ModexpPricing;
using u128 = unsigned __int128;

inline constexpr uint64_t kMax = ~uint64_t(0);
// tandem gas for decoding an input and encoding an output, on top of the work.
inline constexpr uint64_t kDecodeGas = 50;

uint64_t words(uint64_t len) noexcept { return len / 32 + (len % 32 != 0); }

uint64_t sat_add(uint64_t a, uint64_t b) noexcept { return a + b < a ? kMax : a + b; }

// Byte i of the input as if it were padded with zeros for ever.
struct Padded {
  std::span<const uint8_t> in;
  uint8_t at(uint64_t i) const noexcept { return i < in.size() ? in[i] : 0; }
  // Copies n bytes from offset off (zero past the end).
  void copy(uint64_t off, uint8_t* dst, size_t n) const noexcept {
    if (n == 0) return;  // dst may be null (an empty operand)
    std::memset(dst, 0, n);
    if (off >= in.size()) return;
    std::memcpy(dst, in.data() + off, std::min<uint64_t>(n, in.size() - off));
  }
  // Bit length of the n-byte big-endian integer at off (0 for zero); reads only the bytes the
  // input has, so a huge n past its end costs nothing.
  uint64_t bit_length(uint64_t off, uint64_t n) const noexcept {
    if (off >= in.size()) return 0;
    const uint64_t have = std::min<uint64_t>(n, in.size() - off);
    for (uint64_t i = 0; i < have; ++i)
      if (const uint8_t b = in[off + i]) return (n - i - 1) * 8 + uint64_t(32 - __builtin_clz(b));
    return 0;
  }
  // The 32-byte big-endian word at off as a u64, or kMax when it does not fit.
  uint64_t u64_at(uint64_t off) const noexcept {
    for (uint64_t i = 0; i < 24; ++i)
      if (at(sat_add(off, i))) return kMax;
    uint64_t v = 0;
    for (uint64_t i = 24; i < 32; ++i) v = (v << 8) | at(sat_add(off, i));
    return v;
  }
};

// ---- MODEXP (EIP-198 encoding) ----

struct ModexpHeader {
  uint64_t blen, elen, mlen;  // kMax: does not fit in 64 bits
  uint64_t exp_offset;        // where the exponent starts in the (padded) input; kMax: nowhere
  // Bit length of the exponent's first min(elen, 32) bytes (the "head" every pricing uses).
  uint64_t head_bits;
};

ModexpHeader modexp_header(Padded in) noexcept {
  ModexpHeader h{in.u64_at(0), in.u64_at(32), in.u64_at(64), 0, 0};
  h.exp_offset = h.blen == kMax ? kMax : sat_add(96, h.blen);
  h.head_bits = in.bit_length(h.exp_offset, std::min<uint64_t>(h.elen, 32));
  return h;
}

// Saturating arithmetic in 128 bits for the gas formulas: an intermediate that overflows makes
// the result UINT64_MAX, as go-ethereum's big-integer arithmetic followed by its clamp does.
struct Gas {
  u128 v;
  bool huge = false;
  static Gas of(uint64_t x) { return {x, x == kMax}; }
  Gas operator*(Gas o) const {
    if (huge || o.huge) return {0, true};
    if (v && o.v > ~u128(0) / v) return {0, true};
    return {v * o.v, false};
  }
  Gas operator+(Gas o) const {
    if (huge || o.huge || v + o.v < v) return {0, true};
    return {v + o.v, false};
  }
  uint64_t clamp() const { return huge || v > kMax ? kMax : uint64_t(v); }
};

uint64_t modexp_eth_gas(const ModexpHeader& h, ModexpPricing pricing) noexcept {
  const uint64_t max_len = std::max(h.blen, h.mlen);
  const uint64_t head = h.head_bits ? h.head_bits - 1 : 0;
  // Iterations: the exponent's bit length less one, with each byte past the first 32 counting
  // 8 (EIP-198, EIP-2565) or 16 (EIP-7883) bits.
  const uint64_t per_byte = pricing == ModexpPricing::eip7883 ? 16 : 8;
  Gas iter = Gas::of(head);
  if (h.elen > 32) iter = Gas::of(per_byte) * Gas::of(h.elen == kMax ? kMax : h.elen - 32) + iter;
  if (!iter.huge && iter.v == 0) iter.v = 1;
  switch (pricing) {
    case ModexpPricing::eip7883: {
      Gas complexity = Gas::of(16);
      if (max_len > 32) {
        const Gas w = Gas::of(max_len == kMax ? kMax : (max_len + 7) / 8);
        complexity = Gas::of(2) * w * w;
      }
      return std::max<uint64_t>(500, (complexity * iter).clamp());
    }
    case ModexpPricing::eip2565: {
      const Gas w = Gas::of(max_len == kMax ? kMax : (max_len + 7) / 8);
      Gas g = w * w * iter;
      if (!g.huge) g.v /= 3;
      return std::max<uint64_t>(200, g.clamp());
    }
    case ModexpPricing::eip198: {
      const Gas x = Gas::of(max_len);
      Gas c;
      if (x.huge) c = {0, true};
      else if (max_len <= 64) c = x * x;
      else if (max_len <= 1024) c = {(x * x).v / 4 + 96 * u128(max_len) - 3072, false};
      else {
        Gas sq = x * x;
        c = sq.huge ? sq : Gas{sq.v / 16 + 480 * u128(max_len) - 199680, false};
      }
      Gas g = c * iter;
      if (!g.huge) g.v /= 20;
      return g.clamp();
    }
  }
  return kMax;
}

const char* modexp_failure(const ModexpHeader& h, ModexpPricing pricing) noexcept {
  if (pricing == ModexpPricing::eip7883 && (h.blen > 1024 || h.elen > 1024 || h.mlen > 1024))
    return "modexp: base, exponent and modulus are limited to 1024 bytes each (EIP-7823)";
  const uint64_t limit = bigint::kMaxModexpLen;
  static_assert(bigint::kMaxModexpLen == 65536, "the message below names the limit");
  if (h.blen > limit || h.elen > limit || h.mlen > limit)
    return "modexp: lengths above 65536 bytes are not run by tandem";
  return nullptr;
}

// The operands, zero-padded as EIP-198 reads them.
struct ModexpOperands {
  std::vector<uint8_t> base, exp, mod;
};
ModexpOperands modexp_operands(Padded in, const ModexpHeader& h) {
  ModexpOperands o{std::vector<uint8_t>(h.blen), std::vector<uint8_t>(h.elen),
                   std::vector<uint8_t>(h.mlen)};
  in.copy(96, o.base.data(), h.blen);
  in.copy(96 + h.blen, o.exp.data(), h.elen);
  in.copy(96 + h.blen + h.elen, o.mod.data(), h.mlen);
  return o;
}

// ---- ECRECOVER ----

// secp256k1's group order n, big-endian.
constexpr uint8_t kSecpN[32] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                0xff, 0xff, 0xff, 0xff, 0xfe, 0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48,
                                0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41};

bool in_scalar_range(const uint8_t* x) noexcept {  // 1 <= x < n
  bool nonzero = false;
  for (int i = 0; i < 32; ++i) nonzero |= x[i] != 0;
  return nonzero && std::memcmp(x, kSecpN, 32) < 0;
}

size_t ecrecover(Padded in, uint8_t* out) {
  uint8_t buf[128];
  in.copy(0, buf, sizeof buf);
  for (int i = 32; i < 63; ++i)
    if (buf[i]) return 0;
  const int v = buf[63];
  if (v != 27 && v != 28) return 0;
  if (!in_scalar_range(buf + 64) || !in_scalar_range(buf + 96)) return 0;
  uint8_t pub[64];
  if (!sig::secp256k1_recover(buf, buf + 64, v - 27, pub)) return 0;
  uint8_t digest[32];
  hash::keccak256(pub, sizeof pub, digest);
  std::memset(out, 0, 12);
  std::memcpy(out + 12, digest + 12, 20);
  return 32;
}

// ---- P256VERIFY (EIP-7951) ----

size_t p256verify(std::span<const uint8_t> in, uint8_t* out) {
  if (in.size() != 160) return 0;
  uint8_t sig[64];
  std::memcpy(sig, in.data() + 32, 64);
  if (!sig::p256_verify(in.data(), sig, in.data() + 96)) return 0;
  std::memset(out, 0, 32);
  out[31] = 1;
  return 32;
}

// ---- BLAKE2F (EIP-152) ----

uint64_t le64(const uint8_t* p) noexcept {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

// Why a call fails on Ethereum (the call reverts), or nullptr.  The one place these rules live:
// plan() reports them, execute() refuses to run such a call.
const char* failure(uint32_t address, std::span<const uint8_t> input, const PrecompileOptions& options) noexcept {
  switch (address) {
    case 0x05:
      return modexp_failure(modexp_header(Padded{input}), options.modexp);
    case 0x09:
      if (input.size() != 213) return "blake2f: input must be exactly 213 bytes (EIP-152)";
      if (input[212] > 1) return "blake2f: the final-block flag must be 0 or 1 (EIP-152)";
      return nullptr;
  }
  return curve_failure(address, input.size());
}

uint32_t be32(const uint8_t* p) noexcept {
  return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3];
}

}  // namespace

Plan plan(uint32_t address, std::span<const uint8_t> input, const PrecompileOptions& options) {
  Plan p;
  p.supported = true;
  const uint64_t n = input.size();
  switch (address) {
    case 0x01:
      p.eth_gas = 3000;
      p.tandem_gas = sig::kSecp256k1RecoverGas + hash::keccak256_gas(64) + kDecodeGas;
      p.max_output = 32;
      break;
    case 0x02:
      p.eth_gas = sat_add(60, 12 * words(n));
      p.tandem_gas = hash::sha256_gas(n) + kDecodeGas;
      p.max_output = 32;
      break;
    case 0x03:
      p.eth_gas = sat_add(600, 120 * words(n));
      p.tandem_gas = hash::ripemd160_gas(n) + kDecodeGas;
      p.max_output = 32;
      break;
    case 0x04:
      p.eth_gas = sat_add(15, 3 * words(n));
      p.tandem_gas = kDecodeGas + n / 32;
      p.max_output = n;
      break;
    case 0x05: {
      const ModexpHeader h = modexp_header(Padded{input});
      p.eth_gas = modexp_eth_gas(h, options.modexp);
      p.max_output = h.mlen;
      const uint64_t exp_bits = Padded{input}.bit_length(h.exp_offset, h.elen);
      p.tandem_gas = sat_add(kDecodeGas, bigint::modexp_gas(h.blen, exp_bits, h.mlen));
      break;
    }
    case 0x09:
      // go-ethereum prices a malformed input at 0 gas.
      p.eth_gas = n == 213 ? be32(input.data()) : 0;
      p.tandem_gas = sat_add(kDecodeGas, hash::blake2f_gas(p.eth_gas));
      p.max_output = 64;
      break;
    case 0x100:
      p.eth_gas = 6900;
      p.tandem_gas = sig::kP256VerifyGas + kDecodeGas;
      p.max_output = 32;
      break;
    default:
      p.supported = curve_plan(address, input, p);
      return p;
  }
  if (const char* why = failure(address, input, options)) {  // charged the decoding only
    p.fails = true;
    p.message = why;
    p.max_output = 0;
    p.tandem_gas = kDecodeGas;
  }
  return p;
}

std::optional<size_t> execute(uint32_t address, std::span<const uint8_t> input, std::span<uint8_t> out,
                              const PrecompileOptions& options, std::string* error) {
  if (const char* why = failure(address, input, options)) {
    if (error) *error = why;
    return std::nullopt;
  }
  switch (address) {
    case 0x01:
      return ecrecover(Padded{input}, out.data());
    case 0x02:
      hash::sha256(input.data(), input.size(), out.data());
      return 32;
    case 0x03:
      std::memset(out.data(), 0, 12);
      hash::ripemd160(input.data(), input.size(), out.data() + 12);
      return 32;
    case 0x04:
      if (!input.empty()) std::memmove(out.data(), input.data(), input.size());
      return input.size();
    case 0x05: {
      const ModexpHeader h = modexp_header(Padded{input});
      if (h.blen == 0 && h.mlen == 0) return 0;
      const ModexpOperands o = modexp_operands(Padded{input}, h);
      bigint::modexp(o.base.data(), o.base.size(), o.exp.data(), o.exp.size(), o.mod.data(),
                     o.mod.size(), out.data());
      return h.mlen;
    }
    case 0x09: {
      uint64_t hstate[8], m[16], t[2];
      const uint8_t* p = input.data();
      const uint32_t rounds = be32(p);
      for (int i = 0; i < 8; ++i) hstate[i] = le64(p + 4 + 8 * i);
      for (int i = 0; i < 16; ++i) m[i] = le64(p + 68 + 8 * i);
      for (int i = 0; i < 2; ++i) t[i] = le64(p + 196 + 8 * i);
      hash::blake2b_f(rounds, hstate, m, t, p[212] == 1);
      for (int i = 0; i < 8; ++i)
        for (int b = 0; b < 8; ++b) out[size_t(8 * i + b)] = uint8_t(hstate[i] >> (8 * b));
      return 64;
    }
    case 0x100:
      return p256verify(input, out.data());
  }
  return curve_execute(address, input, out, error);
}

}  // namespace tandem::coproc::eth

namespace tandem::eth {

bool is_precompile(uint32_t address) noexcept { return *precompile_name(address) != '\0'; }

const char* precompile_name(uint32_t address) noexcept {
  switch (address) {
    case 0x01: return "ecrecover";
    case 0x02: return "sha256";
    case 0x03: return "ripemd160";
    case 0x04: return "identity";
    case 0x05: return "modexp";
    case 0x06: return "bn254_add";
    case 0x07: return "bn254_mul";
    case 0x08: return "bn254_pairing";
    case 0x09: return "blake2f";
    case 0x0a: return "point_evaluation";
    case 0x0b: return "bls12_g1add";
    case 0x0c: return "bls12_g1msm";
    case 0x0d: return "bls12_g2add";
    case 0x0e: return "bls12_g2msm";
    case 0x0f: return "bls12_pairing_check";
    case 0x10: return "bls12_map_fp_to_g1";
    case 0x11: return "bls12_map_fp2_to_g2";
    case 0x100: return "p256verify";
  }
  return "";
}

namespace {
Error unsupported(uint32_t address) {
  char buf[96];
  std::snprintf(buf, sizeof buf,
                "no precompile at address 0x%02x (supported: 0x01-0x11, 0x100)", address);
  return Error{buf};
}
}  // namespace

Expected<PrecompileResult> run_precompile(uint32_t address, std::span<const uint8_t> input,
                                          const PrecompileOptions& options) {
  const coproc::eth::Plan p = coproc::eth::plan(address, input, options);
  if (!p.supported) return unsupported(address);
  PrecompileResult r;
  r.gas = p.eth_gas;
  if (p.fails) {
    r.error = p.message;
    return r;
  }
  r.output.resize(p.max_output);
  const auto n = coproc::eth::execute(address, input, r.output, options, &r.error);
  if (!n) {  // a failure only running it finds (a point off the curve, a proof that fails)
    r.output.clear();
    return r;
  }
  r.output.resize(*n);
  r.ok = true;
  return r;
}

Expected<uint64_t> precompile_gas(uint32_t address, std::span<const uint8_t> input,
                                  const PrecompileOptions& options) {
  const coproc::eth::Plan p = coproc::eth::plan(address, input, options);
  if (!p.supported) return unsupported(address);
  return p.eth_gas;
}

}  // namespace tandem::eth
