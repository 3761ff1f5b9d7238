// coproc/bigint/modexp.cpp: modexp on GMP, and its gas.
#include <gmp.h>

#include <algorithm>
#include <cstring>

#include "coproc/bigint/bigint.h"

namespace tandem::coproc::bigint {
namespace {

// Gas (1 gas ≈ 1.3 ns), fitted to bench/sig_bench.cpp's modexp rows on the reference machine
// (docs/coprocessors.md): a fixed cost, 4 per 8-byte word of base and modulus (import,
// reduction, export), and per exponent bit (one squaring and a share of a multiplication)
// w² + w²/4 + 4w for a modulus of w words, which is at or above the measured time at 32, 128
// and 512 bytes; GMP's subquadratic multiplication makes larger moduli cheaper than that.
inline constexpr uint64_t kBase = 200, kPerWord = 4;

uint64_t sat_mul(uint64_t a, uint64_t b) noexcept {
  if (a && b > ~uint64_t(0) / a) return ~uint64_t(0);
  return a * b;
}
uint64_t sat_add(uint64_t a, uint64_t b) noexcept { return a + b < a ? ~uint64_t(0) : a + b; }

}  // namespace

void modexp(const uint8_t* base, size_t blen, const uint8_t* exp, size_t elen, const uint8_t* mod,
            size_t mlen, uint8_t* out) {
  mpz_t b, e, m, r;
  mpz_inits(b, e, m, r, nullptr);
  mpz_import(b, blen, 1, 1, 1, 0, base);
  mpz_import(e, elen, 1, 1, 1, 0, exp);
  mpz_import(m, mlen, 1, 1, 1, 0, mod);
  if (mpz_cmp_ui(m, 1) > 0) mpz_powm(r, b, e, m);  // else: modulus 0 or 1, result 0
  if (mlen) {
    std::memset(out, 0, mlen);
    const size_t n = (mpz_sizeinbase(r, 2) + 7) / 8;
    if (mpz_sgn(r) != 0) mpz_export(out + (mlen - n), nullptr, 1, 1, 1, 0, r);
  }
  mpz_clears(b, e, m, r, nullptr);
}

uint64_t bit_length(const uint8_t* p, size_t n) noexcept {
  for (size_t i = 0; i < n; ++i)
    if (p[i]) return uint64_t(n - i - 1) * 8 + uint64_t(32 - __builtin_clz(p[i]));
  return 0;
}

uint64_t modexp_gas(uint64_t blen, uint64_t exp_bits, uint64_t mlen) noexcept {
  const uint64_t bits = std::max<uint64_t>(exp_bits, 1);
  const uint64_t mw = mlen / 8 + (mlen % 8 != 0), bw = blen / 8 + (blen % 8 != 0);
  const uint64_t w2 = sat_mul(mw, mw);
  const uint64_t per_bit = sat_add(sat_add(w2, w2 / 4), sat_mul(4, mw));
  return sat_add(sat_add(kBase, sat_mul(kPerWord, sat_add(bw, mw))), sat_mul(bits, per_bit));
}

}  // namespace tandem::coproc::bigint
