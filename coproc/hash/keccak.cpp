// coproc/hash/keccak.cpp: Keccak-f[1600] and Keccak-256 (Ethereum's, padding 0x01), by hand.
//
// Why by hand: this is tandem's hottest coprocessor path, and OpenSSL 3.0 has no Keccak-256 with
// the original 0x01 padding through EVP (its SHA3-256 pads with 0x06).  Each round is unrolled
// and reads 25 lanes from one set of locals and writes the other, so no lane is ever moved and
// every rotate amount is a constant (the plane-per-plane structure of the Keccak team's "opt64"
// implementation, without lane complementing: measured no faster here, see docs/coprocessors.md).
// The 24 rounds are a loop over pairs of rounds (a to e, e to a), 2.5 KB of code.  Fully unrolled
// (19.5 KB, about 5000 instructions) was 0.5-1.5% faster in a tight native loop, but too big to
// stay in the decoded-op cache next to the interpreter and the bus: called from a guest it ran
// slower than called natively, and a 64-byte hash through the bus took 0.81-0.87x of the direct
// throughput, against 0.92x now (bench/bus_bench.cpp, docs/performance.md).  Must stay free of
// allocation and of any state outside the arguments.
#include <bit>
#include <cstring>

#include "coproc/hash/hash.h"

namespace tandem::coproc::hash {
namespace {

constexpr uint64_t kRoundConstants[24] = {
    0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808aULL, 0x8000000080008000ULL,
    0x000000000000808bULL, 0x0000000080000001ULL, 0x8000000080008081ULL, 0x8000000000008009ULL,
    0x000000000000008aULL, 0x0000000000000088ULL, 0x0000000080008009ULL, 0x000000008000000aULL,
    0x000000008000808bULL, 0x800000000000008bULL, 0x8000000000008089ULL, 0x8000000000008003ULL,
    0x8000000000008002ULL, 0x8000000000000080ULL, 0x000000000000800aULL, 0x800000008000000aULL,
    0x8000000080008081ULL, 0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL};

inline uint64_t rotl(uint64_t x, int n) { return std::rotl(x, n); }

// One round from lanes A00..A24 into E00..E24 (lane (x, y) is number x + 5y):
// theta (column parities c, their mix d), rho and pi (b: plane Y of the rotated, moved lanes),
// chi, and iota on lane 0.
#define TANDEM_KECCAK_ROUND(A, E, rc)                                                             \
  do {                                                                                            \
    const uint64_t c0 = A##00 ^ A##05 ^ A##10 ^ A##15 ^ A##20;                                    \
    const uint64_t c1 = A##01 ^ A##06 ^ A##11 ^ A##16 ^ A##21;                                    \
    const uint64_t c2 = A##02 ^ A##07 ^ A##12 ^ A##17 ^ A##22;                                    \
    const uint64_t c3 = A##03 ^ A##08 ^ A##13 ^ A##18 ^ A##23;                                    \
    const uint64_t c4 = A##04 ^ A##09 ^ A##14 ^ A##19 ^ A##24;                                    \
    const uint64_t d0 = c4 ^ rotl(c1, 1);                                                         \
    const uint64_t d1 = c0 ^ rotl(c2, 1);                                                         \
    const uint64_t d2 = c1 ^ rotl(c3, 1);                                                         \
    const uint64_t d3 = c2 ^ rotl(c4, 1);                                                         \
    const uint64_t d4 = c3 ^ rotl(c0, 1);                                                         \
    const uint64_t b00 = A##00 ^ d0;                                                              \
    const uint64_t b01 = rotl(A##06 ^ d1, 44);                                                    \
    const uint64_t b02 = rotl(A##12 ^ d2, 43);                                                    \
    const uint64_t b03 = rotl(A##18 ^ d3, 21);                                                    \
    const uint64_t b04 = rotl(A##24 ^ d4, 14);                                                    \
    E##00 = b00 ^ (~b01 & b02) ^ (rc);                                                            \
    E##01 = b01 ^ (~b02 & b03);                                                                   \
    E##02 = b02 ^ (~b03 & b04);                                                                   \
    E##03 = b03 ^ (~b04 & b00);                                                                   \
    E##04 = b04 ^ (~b00 & b01);                                                                   \
    const uint64_t b10 = rotl(A##03 ^ d3, 28);                                                    \
    const uint64_t b11 = rotl(A##09 ^ d4, 20);                                                    \
    const uint64_t b12 = rotl(A##10 ^ d0, 3);                                                     \
    const uint64_t b13 = rotl(A##16 ^ d1, 45);                                                    \
    const uint64_t b14 = rotl(A##22 ^ d2, 61);                                                    \
    E##05 = b10 ^ (~b11 & b12);                                                                   \
    E##06 = b11 ^ (~b12 & b13);                                                                   \
    E##07 = b12 ^ (~b13 & b14);                                                                   \
    E##08 = b13 ^ (~b14 & b10);                                                                   \
    E##09 = b14 ^ (~b10 & b11);                                                                   \
    const uint64_t b20 = rotl(A##01 ^ d1, 1);                                                     \
    const uint64_t b21 = rotl(A##07 ^ d2, 6);                                                     \
    const uint64_t b22 = rotl(A##13 ^ d3, 25);                                                    \
    const uint64_t b23 = rotl(A##19 ^ d4, 8);                                                     \
    const uint64_t b24 = rotl(A##20 ^ d0, 18);                                                    \
    E##10 = b20 ^ (~b21 & b22);                                                                   \
    E##11 = b21 ^ (~b22 & b23);                                                                   \
    E##12 = b22 ^ (~b23 & b24);                                                                   \
    E##13 = b23 ^ (~b24 & b20);                                                                   \
    E##14 = b24 ^ (~b20 & b21);                                                                   \
    const uint64_t b30 = rotl(A##04 ^ d4, 27);                                                    \
    const uint64_t b31 = rotl(A##05 ^ d0, 36);                                                    \
    const uint64_t b32 = rotl(A##11 ^ d1, 10);                                                    \
    const uint64_t b33 = rotl(A##17 ^ d2, 15);                                                    \
    const uint64_t b34 = rotl(A##23 ^ d3, 56);                                                    \
    E##15 = b30 ^ (~b31 & b32);                                                                   \
    E##16 = b31 ^ (~b32 & b33);                                                                   \
    E##17 = b32 ^ (~b33 & b34);                                                                   \
    E##18 = b33 ^ (~b34 & b30);                                                                   \
    E##19 = b34 ^ (~b30 & b31);                                                                   \
    const uint64_t b40 = rotl(A##02 ^ d2, 62);                                                    \
    const uint64_t b41 = rotl(A##08 ^ d3, 55);                                                    \
    const uint64_t b42 = rotl(A##14 ^ d4, 39);                                                    \
    const uint64_t b43 = rotl(A##15 ^ d0, 41);                                                    \
    const uint64_t b44 = rotl(A##21 ^ d1, 2);                                                     \
    E##20 = b40 ^ (~b41 & b42);                                                                   \
    E##21 = b41 ^ (~b42 & b43);                                                                   \
    E##22 = b42 ^ (~b43 & b44);                                                                   \
    E##23 = b43 ^ (~b44 & b40);                                                                   \
    E##24 = b44 ^ (~b40 & b41);                                                                   \
  } while (0)


#define TANDEM_KECCAK_LANES(P)                                                                    \
  uint64_t P##00, P##01, P##02, P##03, P##04, P##05, P##06, P##07, P##08, P##09, P##10, P##11,    \
      P##12, P##13, P##14, P##15, P##16, P##17, P##18, P##19, P##20, P##21, P##22, P##23, P##24
#define TANDEM_KECCAK_LOAD(P, s)                                                                  \
  P##00 = s[0], P##01 = s[1], P##02 = s[2], P##03 = s[3], P##04 = s[4], P##05 = s[5],             \
  P##06 = s[6], P##07 = s[7], P##08 = s[8], P##09 = s[9], P##10 = s[10], P##11 = s[11],           \
  P##12 = s[12], P##13 = s[13], P##14 = s[14], P##15 = s[15], P##16 = s[16], P##17 = s[17],       \
  P##18 = s[18], P##19 = s[19], P##20 = s[20], P##21 = s[21], P##22 = s[22], P##23 = s[23],       \
  P##24 = s[24]
#define TANDEM_KECCAK_STORE(P, s)                                                                 \
  s[0] = P##00, s[1] = P##01, s[2] = P##02, s[3] = P##03, s[4] = P##04, s[5] = P##05,             \
  s[6] = P##06, s[7] = P##07, s[8] = P##08, s[9] = P##09, s[10] = P##10, s[11] = P##11,           \
  s[12] = P##12, s[13] = P##13, s[14] = P##14, s[15] = P##15, s[16] = P##16, s[17] = P##17,       \
  s[18] = P##18, s[19] = P##19, s[20] = P##20, s[21] = P##21, s[22] = P##22, s[23] = P##23,       \
  s[24] = P##24

[[gnu::always_inline]] inline void permute(uint64_t* s) noexcept {
  TANDEM_KECCAK_LANES(a);
  TANDEM_KECCAK_LANES(e);
  TANDEM_KECCAK_LOAD(a, s);
  for (int r = 0; r < 24; r += 2) {
    TANDEM_KECCAK_ROUND(a, e, kRoundConstants[r]);
    TANDEM_KECCAK_ROUND(e, a, kRoundConstants[r + 1]);
  }
  TANDEM_KECCAK_STORE(a, s);
}

inline uint64_t load_le64(const uint8_t* p) noexcept {
  uint64_t v;
  std::memcpy(&v, p, 8);
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap64(v);
  return v;
}

constexpr size_t kRate = 136;  // bytes: 1600 - 2 * 256 bits

// The Keccak-256 sponge; inlined into one copy per instruction set below.
[[gnu::always_inline]] inline void keccak256_impl(const uint8_t* data, size_t len,
                                                   uint8_t out[32]) noexcept {
  // One loop for full blocks and the padded last one, so the permutation is inlined once.
  uint64_t s[25] = {};
  uint8_t last[kRate];
  const size_t full = len / kRate;
  for (size_t b = 0; b <= full; ++b) {
    const uint8_t* block = data + b * kRate;
    if (b == full) {
      const size_t rest = len - full * kRate;
      std::memset(last, 0, kRate);
      if (rest) std::memcpy(last, block, rest);
      last[rest] ^= 0x01;
      last[kRate - 1] ^= 0x80;
      block = last;
    }
    for (size_t i = 0; i < kRate / 8; ++i) s[i] ^= load_le64(block + 8 * i);
    permute(s);
  }
  for (size_t i = 0; i < 4; ++i) {
    uint64_t v = s[i];
    if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap64(v);
    std::memcpy(out + 8 * i, &v, 8);
  }
}

void keccakf1600_generic(uint64_t* st) noexcept { permute(st); }
void keccak256_generic(const uint8_t* data, size_t len, uint8_t* out) noexcept {
  keccak256_impl(data, len, out);
}

// x86-64 without BMI1 in the baseline: chi's ~b & c is three instructions (mov, not, and) instead
// of one andn, which costs a third of the speed (measured: 359 against 537 MB/s).  So a second
// copy is compiled for BMI1 and picked once at run time.
#if defined(__x86_64__) && !defined(__BMI__) && (defined(__GNUC__) || defined(__clang__))
#define TANDEM_KECCAK_DISPATCH 1
[[gnu::target("bmi")]] void keccakf1600_bmi(uint64_t* st) noexcept { permute(st); }
[[gnu::target("bmi")]] void keccak256_bmi(const uint8_t* data, size_t len, uint8_t* out) noexcept {
  keccak256_impl(data, len, out);
}
bool have_bmi() noexcept {
  __builtin_cpu_init();
  return __builtin_cpu_supports("bmi");
}
const bool kHaveBmi = have_bmi();
#endif

}  // namespace

void keccakf1600(uint64_t st[25]) noexcept {
#ifdef TANDEM_KECCAK_DISPATCH
  if (kHaveBmi) return keccakf1600_bmi(st);
#endif
  keccakf1600_generic(st);
}

void keccak256(const uint8_t* data, size_t len, uint8_t out[32]) noexcept {
#ifdef TANDEM_KECCAK_DISPATCH
  if (kHaveBmi) return keccak256_bmi(data, len, out);
#endif
  keccak256_generic(data, len, out);
}

void keccak256_many(const uint8_t* data, size_t len, size_t count, uint8_t* out) noexcept {
  for (size_t i = 0; i < count; ++i) keccak256(data + i * len, len, out + 32 * i);
}

}  // namespace tandem::coproc::hash
