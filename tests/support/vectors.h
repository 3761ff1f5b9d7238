// tests/support/vectors.h: what the known-answer and cross-check tests share: reading the
// external vectors in ../shared/vectors (skipping, saying so, when they are absent), hex, and the
// seeded generator that prints its seed (TANDEM_SEED reproduces a run, TANDEM_ITERATIONS sets
// how long the random tests run).
#pragma once
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace tandem::test {

using Bytes = std::vector<uint8_t>;

// The shared vectors' folder (TANDEM_SHARED_DIR is defined by tests/CMakeLists.txt).
inline const std::string kVectors = std::string(TANDEM_SHARED_DIR) + "/vectors";

inline std::optional<std::string> read_text(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Declares `var`, the text of kVectors/rel, or skips the test with a message naming the file.
#define LOAD_OR_SKIP(var, rel)                                                                   \
  const auto var##_opt = ::tandem::test::read_text(::tandem::test::kVectors + "/" + (rel));     \
  if (!var##_opt) GTEST_SKIP() << "shared vectors not found: " << ::tandem::test::kVectors << "/" << (rel); \
  const std::string& var = *var##_opt

// Hex digits (an optional 0x prefix) to bytes; a character that is not a hex digit fails the test.
inline Bytes unhex(std::string_view s) {
  if (s.size() >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) s.remove_prefix(2);
  auto nib = [s](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    ADD_FAILURE() << "not hex: '" << c << "' in " << s;
    return 0;
  };
  EXPECT_EQ(s.size() % 2, 0u) << "odd number of hex digits: " << s;
  Bytes out;
  out.reserve(s.size() / 2);
  for (size_t i = 0; i + 1 < s.size(); i += 2) out.push_back(uint8_t(nib(s[i]) * 16 + nib(s[i + 1])));
  return out;
}

inline std::string hex(const uint8_t* p, size_t n) {
  static const char* d = "0123456789abcdef";
  std::string s;
  s.reserve(2 * n);
  for (size_t i = 0; i < n; ++i) s += d[p[i] >> 4], s += d[p[i] & 15];
  return s;
}
inline std::string hex(const Bytes& b) { return hex(b.data(), b.size()); }
template <size_t N>
std::string hex(const std::array<uint8_t, N>& a) {
  return hex(a.data(), N);
}

inline uint64_t env_u64(const char* name, uint64_t fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::strtoull(v, nullptr, 0) : fallback;
}

inline uint64_t iterations(uint64_t fallback) { return env_u64("TANDEM_ITERATIONS", fallback); }

// A seeded generator that prints its seed, so a failure reproduces with TANDEM_SEED=<seed>.
inline std::mt19937_64 seeded_rng(const char* test) {
  const uint64_t seed = env_u64("TANDEM_SEED", std::random_device{}());
  std::printf("[ seed     ] %s: TANDEM_SEED=%llu\n", test, (unsigned long long)seed);
  return std::mt19937_64(seed);
}

}  // namespace tandem::test
