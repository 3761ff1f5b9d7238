// tests/coproc/hash_test.cpp: the hash coprocessor family (coproc/hash) and the SDK's portable
// versions of the same functions (sdk/src/soft), which must agree byte for byte.
//
// Kinds of test, as in the rest of the suite:
//  - known answers from ../shared/vectors (Keccak team KATs, XKCP intermediate states, NIST SHAVS,
//    EIP-152 via go-ethereum); skipped, saying so, when the directory is absent;
//  - the project's own vectors, always run: SHA-256 and RIPEMD-160 from python3 hashlib, Keccak-256
//    from this implementation after it passed the KATs and agreed with the portable C one;
//  - each operation through CoprocArgs: gas, refusals, outputs;
//  - seeded random cross-checks against a plain reference loop written here (seed printed;
//    TANDEM_SEED and TANDEM_ITERATIONS override).
#include <gtest/gtest.h>

#include <bit>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <random>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "coproc/hash/hash.h"
#include "tandem/abi_numbers.h"
#include "tandem/guest.h"

namespace hash = tandem::coproc::hash;
#include "vectors.h"

using namespace tandem::test;

namespace {

// ---- helpers ----

std::string lower(std::string s) {
  for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// "Len = / Msg = / MD =" records (Keccak team KATs and NIST SHAVS share the shape).
struct Kat {
  size_t bits;
  Bytes msg;
  std::string md;
};
std::vector<Kat> parse_kats(const std::string& text) {
  std::vector<Kat> kats;
  std::istringstream in(text);
  std::string line;
  Kat k{};
  bool have_len = false, have_msg = false;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.rfind("Len = ", 0) == 0) k = Kat{std::stoul(line.substr(6)), {}, {}}, have_len = true;
    else if (line.rfind("Msg = ", 0) == 0 && have_len) k.msg = unhex(line.substr(6)), have_msg = true;
    else if (line.rfind("MD = ", 0) == 0 && have_msg) {
      k.md = lower(line.substr(5));
      k.msg.resize(k.bits / 8);  // Len = 0 lists one zero byte
      kats.push_back(k);
      have_len = have_msg = false;
    }
  }
  return kats;
}

// ---- a plain reference Keccak-f[1600], step by step, straight from the specification ----

constexpr int kRho[25] = {0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39,
                          41, 45, 15, 21, 8, 18, 2, 61, 56, 14};

uint64_t ref_rc(int round) {  // the LFSR of the specification, not a table
  uint64_t rc = 0;
  uint8_t r = 1;
  for (int t = 0; t < 7 * round; ++t) r = uint8_t((r << 1) ^ ((r & 0x80) ? 0x71 : 0));
  for (int j = 0; j < 7; ++j) {
    if (r & 1) rc |= uint64_t(1) << ((1 << j) - 1);
    r = uint8_t((r << 1) ^ ((r & 0x80) ? 0x71 : 0));
  }
  return rc;
}
void ref_theta(uint64_t a[25]) {
  uint64_t c[5], d[5];
  for (int x = 0; x < 5; ++x) c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
  for (int x = 0; x < 5; ++x) d[x] = c[(x + 4) % 5] ^ std::rotl(c[(x + 1) % 5], 1);
  for (int i = 0; i < 25; ++i) a[i] ^= d[i % 5];
}
void ref_rho(uint64_t a[25]) {
  for (int i = 0; i < 25; ++i) a[i] = std::rotl(a[i], kRho[i]);
}
void ref_pi(uint64_t a[25]) {
  uint64_t b[25];
  for (int x = 0; x < 5; ++x)
    for (int y = 0; y < 5; ++y) b[y + 5 * ((2 * x + 3 * y) % 5)] = a[x + 5 * y];
  std::memcpy(a, b, sizeof b);
}
void ref_chi(uint64_t a[25]) {
  uint64_t b[25];
  for (int y = 0; y < 5; ++y)
    for (int x = 0; x < 5; ++x)
      b[x + 5 * y] = a[x + 5 * y] ^ (~a[(x + 1) % 5 + 5 * y] & a[(x + 2) % 5 + 5 * y]);
  std::memcpy(a, b, sizeof b);
}
void ref_iota(uint64_t a[25], int round) { a[0] ^= ref_rc(round); }
void ref_keccakf(uint64_t a[25]) {
  for (int r = 0; r < 24; ++r) ref_theta(a), ref_rho(a), ref_pi(a), ref_chi(a), ref_iota(a, r);
}
void ref_keccak256(const uint8_t* p, size_t n, uint8_t out[32]) {  // bytewise sponge
  uint64_t s[25] = {};
  Bytes m(p, p + n);
  m.push_back(0x01);
  while (m.size() % 136) m.push_back(0);
  m.back() |= 0x80;
  for (size_t off = 0; off < m.size(); off += 136) {
    for (size_t i = 0; i < 136; ++i) s[i / 8] ^= uint64_t(m[off + i]) << (8 * (i % 8));
    ref_keccakf(s);
  }
  for (int i = 0; i < 32; ++i) out[i] = uint8_t(s[i / 8] >> (8 * (i % 8)));
}

Bytes keccak(const Bytes& m) {
  Bytes out(32);
  hash::keccak256(m.data(), m.size(), out.data());
  return out;
}

// ---- calling an operation as the bus would ----

tandem::CoprocessorOp find_op(uint32_t number) {
  for (auto& op : hash::ops())
    if (op.number == number) return op;
  ADD_FAILURE() << "no operation " << number;
  return {};
}

struct Call {
  int64_t analyze_status = 0, execute_status = 0;
  uint64_t gas = 0;
};

// Builds CoprocArgs from the op's declared kinds: memory pairs from `bufs` (inout: the same
// bytes for in and out), value pairs from `values`.
// With run = false only analyze runs (gas of calls too long to execute in a test).
Call call(const tandem::CoprocessorOp& op, std::vector<Bytes*> bufs,
          std::pair<uint64_t, uint64_t> values = {}, bool run = true) {
  tandem::CoprocArgs a;
  for (int i = 0; i < 3; ++i) {
    Bytes* b = i < int(bufs.size()) ? bufs[i] : nullptr;
    switch (op.args[i]) {
      case tandem::Arg::in: a.in[i] = {b->data(), b->size()}; break;
      case tandem::Arg::out: a.out[i] = {b->data(), b->size()}; break;
      case tandem::Arg::inout:
        a.in[i] = {b->data(), b->size()};
        a.out[i] = {b->data(), b->size()};
        break;
      case tandem::Arg::value: a.value[i][0] = values.first, a.value[i][1] = values.second; break;
      case tandem::Arg::none: break;
    }
  }
  Call c;
  c.analyze_status = op.analyze(a, c.gas);
  if (c.analyze_status == 0 && run) {
    uint64_t value = 0;
    c.execute_status = op.execute(a, value);
  }
  return c;
}

// ---- the project's own vectors (always run) ----

struct DigestVector {
  std::string msg;  // repeated `times` times
  size_t times;
  const char* sha256;
  const char* ripemd160;
};
// python3: hashlib.sha256(m).hexdigest(), hashlib.new('ripemd160', m).hexdigest()
const DigestVector kDigestVectors[] = {
    {"", 1, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
     "9c1185a5c5e9fc54612808977ee8f548b2258d31"},
    {"abc", 1, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
     "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc"},
    {"message digest", 1, "f7846f55cf23e14eebeab5b4e1550cad5b509e3348fbc4efa3a1413d393cb650",
     "5d0689ef49d2fae572b881b123a85ffa21595f36"},
    {"a", 55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318",
     "0d8a8c9063a48576a7c97e9f95253a6e53ff6765"},
    {"a", 56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a",
     "e72334b46c83cc70bef979e15453706c95b888be"},
    {"a", 64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb",
     "9dfb7d374ad924f3f88de96291c33e9abed53e32"},
    {"a", 1000, "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3",
     "aa69deee9a8922e92f8105e007f76110f381e9cf"},
};

Bytes repeat(const std::string& s, size_t times) {
  Bytes m;
  for (size_t i = 0; i < times; ++i) m.insert(m.end(), s.begin(), s.end());
  return m;
}

struct KeccakVector {
  std::string msg;
  size_t times;
  const char* digest;
};
// Keccak-256: "" and "abc" are published; the rest sit at the rate boundaries (136 bytes),
// computed with coproc/hash after it passed the Keccak team's KATs, and checked again below
// against the portable C code and this file's reference sponge.
const KeccakVector kKeccakVectors[] = {
    {"", 1, "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"},
    {"abc", 1, "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"},
    {"a", 135, "34367dc248bbd832f4e3e69dfaac2f92638bd0bbd18f2912ba4ef454919cf446"},
    {"a", 136, "a6c4d403279fe3e0af03729caada8374b5ca54d8065329a3ebcaeb4b60aa386e"},
    {"a", 137, "d869f639c7046b4929fc92a4d988a8b22c55fbadb802c0c66ebcd484f1915f39"},
    {"a", 271, "132f47effd6c8b1b299efa53fe68aece77ec8ae4eb2e294f668eec94f76001e1"},
    {"a", 272, "cf7fcd4f705ee749930d19ca84561a9bf62516bd90a471545fa2f49fdc7e63c8"},
    {"a", 1000, "b6a4ac1f51884d71f30fa397a5e155de3099e11fc0edef5d08b646e621e19de9"},
};

// EIP-152 test vector 5: 12 rounds, final block of "abc".
const char* kBlake2fInput =
    "0000000c48c9bdf267e6096a3ba7ca8485ae67bb2bf894fe72f36e3cf1361d5f3af54fa5d182e6ad7f520e511f6c"
    "3e2b8c68059b6bbd41fbabd9831f79217e1319cde05b616263000000000000000000000000000000000000000000"
    "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000300000000000000000000000000000001";
const char* kBlake2fOutput =
    "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533"
    "cc9518d38aa8dbf1925ab92386edd4009923";

uint64_t le64(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

// Runs an EIP-152 213-byte input through hash.blake2f, the direct function and the portable C
// version; returns the 64 output bytes (empty when the op refused it).
struct Blake2fResult {
  Bytes op, direct, soft;
  int64_t status;
};
Blake2fResult blake2f_all(const Bytes& in) {
  const uint32_t rounds = uint32_t(in[0]) << 24 | uint32_t(in[1]) << 16 | uint32_t(in[2]) << 8 | in[3];
  Bytes h(in.begin() + 4, in.begin() + 68), mt(in.begin() + 68, in.begin() + 212);
  Blake2fResult r;
  Call c = call(find_op(hash::kOpBlake2f), {nullptr, &h, &mt}, {rounds, in[212]});
  r.status = c.analyze_status ? c.analyze_status : c.execute_status;
  r.op = h;
  uint64_t hw[8], m[16], t[2];
  for (int i = 0; i < 8; ++i) hw[i] = le64(in.data() + 4 + 8 * i);
  for (int i = 0; i < 16; ++i) m[i] = le64(in.data() + 68 + 8 * i);
  for (int i = 0; i < 2; ++i) t[i] = le64(in.data() + 196 + 8 * i);
  uint64_t hs[8];
  std::memcpy(hs, hw, sizeof hw);
  hash::blake2b_f(rounds, hw, m, t, in[212] == 1);
  tandem_soft_blake2f(rounds, hs, m, t, in[212]);
  for (int i = 0; i < 64; ++i) r.direct.push_back(uint8_t(hw[i / 8] >> (8 * (i % 8))));
  for (int i = 0; i < 64; ++i) r.soft.push_back(uint8_t(hs[i / 8] >> (8 * (i % 8))));
  return r;
}

}  // namespace

// ===================== known answers from ../shared/vectors =====================

TEST(HashKat, KeccakF1600IntermediateStatesXkcp) {
  LOAD_OR_SKIP(text, "xkcp/KeccakF-1600-IntermediateValues.txt");
  // Every "Same, with lanes as 64-bit words:" / "After <step>:" header is followed by 5 rows of
  // 5 lanes.
  std::istringstream in(text);
  std::string line;
  std::vector<std::pair<std::string, std::vector<uint64_t>>> states;
  while (std::getline(in, line)) {
    std::string label;
    if (line.rfind("Same, with lanes as 64-bit words:", 0) == 0) label = "input";
    else if (line.rfind("After ", 0) == 0) label = line.substr(6, line.size() - 7);
    else continue;
    std::vector<uint64_t> lanes;
    for (int row = 0; row < 5 && std::getline(in, line); ++row) {
      std::istringstream ls(line);
      std::string w;
      while (ls >> w) lanes.push_back(std::stoull(w, nullptr, 16));
    }
    ASSERT_EQ(lanes.size(), 25u) << label;
    states.emplace_back(label, lanes);
  }
  int examples = 0;
  for (size_t i = 0; i < states.size(); ++i) {
    if (states[i].first != "input") continue;
    ASSERT_LE(i + 24 * 5, states.size() - 1);
    uint64_t ref[25], fast[25];
    std::memcpy(ref, states[i].second.data(), sizeof ref);
    std::memcpy(fast, ref, sizeof fast);
    for (int r = 0; r < 24; ++r) {
      void (*steps[4])(uint64_t*) = {ref_theta, ref_rho, ref_pi, ref_chi};
      const char* names[5] = {"theta", "rho", "pi", "chi", "iota"};
      for (int s = 0; s < 5; ++s) {
        if (s < 4) steps[s](ref);
        else ref_iota(ref, r);
        const auto& want = states[i + 1 + 5 * r + s];
        ASSERT_EQ(want.first, names[s]);
        for (int l = 0; l < 25; ++l)
          ASSERT_EQ(ref[l], want.second[l]) << "round " << r << " after " << names[s] << " lane " << l;
      }
    }
    hash::keccakf1600(fast);
    for (int l = 0; l < 25; ++l) EXPECT_EQ(fast[l], ref[l]) << "lane " << l;
    uint64_t soft[25];
    std::memcpy(soft, states[i].second.data(), sizeof soft);
    tandem_soft_keccakf1600(soft);
    EXPECT_EQ(0, std::memcmp(soft, ref, sizeof ref));
    ++examples;
  }
  EXPECT_EQ(examples, 2);
}

void check_keccak_kats(const std::string& text, size_t want_min) {
  size_t checked = 0;
  for (const Kat& k : parse_kats(text)) {
    if (k.bits % 8) continue;  // bit-level messages: Keccak-256 over bytes only
    Bytes out = keccak(k.msg);
    ASSERT_EQ(hex(out), k.md) << "Len = " << k.bits;
    Bytes soft(32);
    tandem_soft_keccak256(k.msg.data(), k.msg.size(), soft.data());
    ASSERT_EQ(hex(soft), k.md) << "soft, Len = " << k.bits;
    ++checked;
  }
  EXPECT_GE(checked, want_min);
}

TEST(HashKat, Keccak256ShortMsg) {
  LOAD_OR_SKIP(text, "keccak-kat-libkeccak/Keccak/ShortMsgKAT_256.txt");
  check_keccak_kats(text, 256);
}

TEST(HashKat, Keccak256LongMsg) {
  LOAD_OR_SKIP(text, "keccak-kat-libkeccak/Keccak/LongMsgKAT_256.txt");
  check_keccak_kats(text, 64);
}

void check_sha256_kats(const std::string& text, size_t want_min) {
  size_t checked = 0;
  for (const Kat& k : parse_kats(text)) {
    Bytes out(32), soft(32);
    ASSERT_TRUE(hash::sha256(k.msg.data(), k.msg.size(), out.data()));
    ASSERT_EQ(hex(out), k.md) << "Len = " << k.bits;
    tandem_soft_sha256(k.msg.data(), k.msg.size(), soft.data());
    ASSERT_EQ(hex(soft), k.md) << "soft, Len = " << k.bits;
    ++checked;
  }
  EXPECT_GE(checked, want_min);
}

TEST(HashKat, Sha256ShavsShort) {
  LOAD_OR_SKIP(text, "nist-shavs-sha256/SHA256ShortMsg.rsp");
  check_sha256_kats(text, 65);
}

TEST(HashKat, Sha256ShavsLong) {
  LOAD_OR_SKIP(text, "nist-shavs-sha256/SHA256LongMsg.rsp");
  check_sha256_kats(text, 64);
}

TEST(HashKat, Blake2fEip152GoEthereum) {
  LOAD_OR_SKIP(text, "go-ethereum/blake2F.json");
  std::regex rec(R"re("Input"\s*:\s*"([0-9a-fA-F]*)"\s*,\s*"Expected"\s*:\s*"([0-9a-fA-F]*)"\s*,\s*"Name"\s*:\s*"([^"]*)")re");
  int checked = 0;
  for (std::sregex_iterator it(text.begin(), text.end(), rec), end; it != end; ++it) {
    const Bytes in = unhex((*it)[1].str());
    const std::string want = lower((*it)[2].str()), name = (*it)[3].str();
    ASSERT_EQ(in.size(), 213u) << name;
    const Blake2fResult r = blake2f_all(in);
    ASSERT_EQ(r.status, 0) << name;
    EXPECT_EQ(hex(r.op), want) << name;
    EXPECT_EQ(hex(r.direct), want) << name;
    EXPECT_EQ(hex(r.soft), want) << name;
    ++checked;
  }
  EXPECT_GE(checked, 5);
}

// ===================== own vectors (always run) =====================

TEST(HashVectors, Keccak256) {
  for (const auto& v : kKeccakVectors) {
    const Bytes m = repeat(v.msg, v.times);
    EXPECT_EQ(hex(keccak(m)), v.digest) << m.size() << " bytes";
    Bytes soft(32), ref(32);
    tandem_soft_keccak256(m.data(), m.size(), soft.data());
    EXPECT_EQ(hex(soft), v.digest) << m.size() << " bytes";
    ref_keccak256(m.data(), m.size(), ref.data());
    EXPECT_EQ(hex(ref), v.digest) << m.size() << " bytes";
  }
}

TEST(HashVectors, KeccakF1600OfZero) {
  uint64_t st[25] = {};
  hash::keccakf1600(st);  // XKCP: first lane of Keccak-f[1600](0)
  EXPECT_EQ(st[0], 0xF1258F7940E1DDE7ULL);
  EXPECT_EQ(st[24], 0xEAF1FF7B5CECA249ULL);
}

TEST(HashVectors, Sha256AndRipemd160) {
  for (const auto& v : kDigestVectors) {
    const Bytes m = repeat(v.msg, v.times);
    Bytes s(32), r(20), ss(32), sr(20);
    ASSERT_TRUE(hash::sha256(m.data(), m.size(), s.data()));
    ASSERT_TRUE(hash::ripemd160(m.data(), m.size(), r.data()));
    tandem_soft_sha256(m.data(), m.size(), ss.data());
    tandem_soft_ripemd160(m.data(), m.size(), sr.data());
    EXPECT_EQ(hex(s), v.sha256) << m.size() << " bytes";
    EXPECT_EQ(hex(ss), v.sha256) << "soft, " << m.size() << " bytes";
    EXPECT_EQ(hex(r), v.ripemd160) << m.size() << " bytes";
    EXPECT_EQ(hex(sr), v.ripemd160) << "soft, " << m.size() << " bytes";
  }
}

TEST(HashVectors, Blake2fEip152Vector5) {
  const Blake2fResult r = blake2f_all(unhex(kBlake2fInput));
  ASSERT_EQ(r.status, 0);
  EXPECT_EQ(hex(r.op), kBlake2fOutput);
  EXPECT_EQ(hex(r.direct), kBlake2fOutput);
  EXPECT_EQ(hex(r.soft), kBlake2fOutput);
}

// ===================== operations through CoprocArgs =====================

TEST(HashOps, TableNumbersNamesAndSdkAgree) {
  const auto ops = hash::ops();
  ASSERT_EQ(ops.size(), 7u);
  EXPECT_EQ(hash::kOpKeccak256, uint32_t(TANDEM_COPROC_KECCAK256));
  EXPECT_EQ(hash::kOpKeccakF1600, uint32_t(TANDEM_COPROC_KECCAKF1600));
  EXPECT_EQ(hash::kOpSha256, uint32_t(TANDEM_COPROC_SHA256));
  EXPECT_EQ(hash::kOpRipemd160, uint32_t(TANDEM_COPROC_RIPEMD160));
  EXPECT_EQ(hash::kOpBlake2f, uint32_t(TANDEM_COPROC_BLAKE2F));
  EXPECT_EQ(hash::kOpKeccak256Many, uint32_t(TANDEM_COPROC_KECCAK256_MANY));
  EXPECT_EQ(hash::kOpSha256Many, uint32_t(TANDEM_COPROC_SHA256_MANY));
  EXPECT_EQ(find_op(0x2100).name, "hash.keccak256");
  EXPECT_EQ(find_op(0x2101).name, "hash.keccakf1600");
  EXPECT_EQ(find_op(0x2102).name, "hash.sha256");
  EXPECT_EQ(find_op(0x2103).name, "hash.ripemd160");
  EXPECT_EQ(find_op(0x2104).name, "hash.blake2f");
  EXPECT_EQ(find_op(0x2105).name, "hash.keccak256_many");
  EXPECT_EQ(find_op(0x2106).name, "hash.sha256_many");
  // docs/coprocessors.md lists every operation with its number.
  std::string here = __FILE__;
  const auto doc = read_text(here.substr(0, here.rfind('/')) + "/../../docs/coprocessors.md");
  ASSERT_TRUE(doc) << "docs/coprocessors.md not found";
  for (const auto& op : ops) {
    char number[16];
    std::snprintf(number, sizeof number, "0x%04x", op.number);
    std::regex row("\\|\\s*" + std::string(number) + "\\s*\\|\\s*`?" +
                   std::regex_replace(op.name, std::regex("\\."), "\\.") + "`?\\s*\\|");
    EXPECT_TRUE(std::regex_search(*doc, row)) << "docs/coprocessors.md has no row for " << op.name;
  }
}

TEST(HashOps, RegisterIntoASet) {
  tandem::CoprocessorSet set;
  hash::register_ops(set);
  for (uint32_t n = 0x2100; n <= 0x2106; ++n) EXPECT_GE(set.find(n), 0) << n;
  EXPECT_EQ(set.find(0x2107), -1);
  hash::register_ops(set);  // the second time every number is taken: refused, set unchanged
  EXPECT_EQ(set.ops().size(), 7u);
}

TEST(HashOps, Keccak256) {
  const auto op = find_op(hash::kOpKeccak256);
  for (size_t len : {0, 1, 135, 136, 137, 272, 1000}) {
    Bytes in(len, 0x61), out(32);
    const Call c = call(op, {&in, &out});
    ASSERT_EQ(c.analyze_status, 0);
    ASSERT_EQ(c.execute_status, 0);
    EXPECT_EQ(out, keccak(in));
    EXPECT_EQ(c.gas, 25 + 210 * (len / 136 + 1)) << len;
  }
  for (size_t n : {0, 20, 31, 33, 64}) {
    Bytes in(3), out(n);
    EXPECT_EQ(call(op, {&in, &out}).analyze_status, tandem::coproc_error::invalid) << n;
  }
}

TEST(HashOps, KeccakF1600) {
  const auto op = find_op(hash::kOpKeccakF1600);
  Bytes st(200);
  for (int i = 0; i < 200; ++i) st[i] = uint8_t(i * 7 + 3);
  uint64_t lanes[25];
  for (int i = 0; i < 25; ++i) lanes[i] = le64(st.data() + 8 * i);
  ref_keccakf(lanes);
  const Call c = call(op, {&st});
  ASSERT_EQ(c.analyze_status, 0);
  ASSERT_EQ(c.execute_status, 0);
  EXPECT_EQ(c.gas, 225u);
  for (int i = 0; i < 25; ++i) EXPECT_EQ(le64(st.data() + 8 * i), lanes[i]) << i;
  for (size_t n : {0, 199, 201, 136}) {
    Bytes b(n);
    EXPECT_EQ(call(op, {&b}).analyze_status, tandem::coproc_error::invalid) << n;
  }
}

TEST(HashOps, Sha256AndRipemd160) {
  const auto sha = find_op(hash::kOpSha256), rmd = find_op(hash::kOpRipemd160);
  for (const auto& v : kDigestVectors) {
    Bytes m = repeat(v.msg, v.times), s(32), r(20);
    const Call cs = call(sha, {&m, &s}), cr = call(rmd, {&m, &r});
    ASSERT_EQ(cs.analyze_status | cs.execute_status | cr.analyze_status | cr.execute_status, 0);
    EXPECT_EQ(hex(s), v.sha256);
    EXPECT_EQ(hex(r), v.ripemd160);
  }
  // Gas counts compressed blocks: len 55 is one block, 56 needs a second for the length.
  auto gas = [](const tandem::CoprocessorOp& op, size_t len, size_t out_len) {
    Bytes m(len), o(out_len);
    return call(op, {&m, &o}).gas;
  };
  EXPECT_EQ(gas(sha, 0, 32), 45u + 28 * 1);
  EXPECT_EQ(gas(sha, 55, 32), 45u + 28 * 1);
  EXPECT_EQ(gas(sha, 56, 32), 45u + 28 * 2);
  EXPECT_EQ(gas(sha, 64, 32), 45u + 28 * 2);
  EXPECT_EQ(gas(sha, 119, 32), 45u + 28 * 2);
  EXPECT_EQ(gas(sha, 120, 32), 45u + 28 * 3);
  EXPECT_EQ(gas(rmd, 0, 20), 40u + 157 * 1);
  EXPECT_EQ(gas(rmd, 1000, 20), 40u + 157 * 16);
  for (size_t n : {0, 20, 31, 33}) {
    Bytes m(3), o(n);
    EXPECT_EQ(call(sha, {&m, &o}).analyze_status, tandem::coproc_error::invalid) << n;
  }
  for (size_t n : {0, 19, 21, 32}) {
    Bytes m(3), o(n);
    EXPECT_EQ(call(rmd, {&m, &o}).analyze_status, tandem::coproc_error::invalid) << n;
  }
}

// The batches give the digests of the single calls, back to back, for the gas of the single
// calls; every malformed shape is refused before anything runs.
TEST(HashOps, BatchesMatchSingleCalls) {
  struct Family {
    uint32_t number;
    void (*one)(const uint8_t*, size_t, uint8_t*);
    uint64_t (*gas)(uint64_t);
  };
  const Family families[] = {
      {hash::kOpKeccak256Many, [](const uint8_t* p, size_t n, uint8_t* o) { hash::keccak256(p, n, o); },
       [](uint64_t n) { return hash::keccak256_gas(n); }},
      {hash::kOpSha256Many, [](const uint8_t* p, size_t n, uint8_t* o) { ASSERT_TRUE(hash::sha256(p, n, o)); },
       [](uint64_t n) { return hash::sha256_gas(n); }},
  };
  for (const Family& f : families) {
    const auto op = find_op(f.number);
    for (size_t len : {0, 1, 31, 32, 55, 64, 136, 200}) {
      for (size_t count : {1, 2, 7}) {
        Bytes in(len * count), out(32 * count), want(32 * count);
        for (size_t i = 0; i < in.size(); ++i) in[i] = uint8_t(i * 31 + len + count);
        for (size_t i = 0; i < count; ++i) f.one(in.data() + i * len, len, want.data() + 32 * i);
        const Call c = call(op, {&in, &out}, {count, 0});
        ASSERT_EQ(c.analyze_status, 0) << op.name << " " << len << " x " << count;
        ASSERT_EQ(c.execute_status, 0);
        EXPECT_EQ(out, want) << op.name << " " << len << " x " << count;
        EXPECT_EQ(c.gas, count * f.gas(len)) << op.name << " " << len << " x " << count;
      }
    }
    Bytes empty, in(64 * 3), out(32 * 3);
    const Call nothing = call(op, {&empty, &empty}, {0, 0});
    EXPECT_EQ(nothing.analyze_status | nothing.execute_status, 0);
    EXPECT_EQ(nothing.gas, 0u);
    const auto invalid = tandem::coproc_error::invalid;
    EXPECT_EQ(call(op, {&in, &out}, {3, 1}).analyze_status, invalid) << "a5 reserved";
    EXPECT_EQ(call(op, {&in, &out}, {0, 0}).analyze_status, invalid) << "count 0, pairs not empty";
    EXPECT_EQ(call(op, {&empty, &out}, {0, 0}).analyze_status, invalid);
    EXPECT_EQ(call(op, {&in, &out}, {5, 0}).analyze_status, invalid) << "5 does not divide 192";
    EXPECT_EQ(call(op, {&in, &out}, {2, 0}).analyze_status, invalid) << "96 output bytes for 2";
    Bytes short_out(32 * 3 - 1);
    EXPECT_EQ(call(op, {&in, &short_out}, {3, 0}).analyze_status, invalid);
    // Counts for which 32 * count wraps around 2^64 to the output length given (0, then 96):
    // refused, though the empty input divides evenly.
    EXPECT_EQ(call(op, {&empty, &empty}, {uint64_t(1) << 59, 0}).analyze_status, invalid);
    EXPECT_EQ(call(op, {&empty, &out}, {(uint64_t(1) << 59) + 3, 0}).analyze_status, invalid);
  }
  // Gas saturates instead of wrapping.
  EXPECT_EQ(hash::keccak256_many_gas(1 << 20, uint64_t(1) << 62), ~uint64_t(0));
  EXPECT_EQ(hash::sha256_many_gas(64, 0), 0u);
}

TEST(HashOps, Blake2fGasAndRefusals) {
  const auto op = find_op(hash::kOpBlake2f);
  Bytes h(64), mt(144);
  EXPECT_EQ(call(op, {nullptr, &h, &mt}, {0, 0}).gas, 20u);
  EXPECT_EQ(call(op, {nullptr, &h, &mt}, {12, 1}).gas, 20u + 8 * 12);
  EXPECT_EQ(call(op, {nullptr, &h, &mt}, {0xffffffffULL, 0}, false).gas,
            20u + 8 * 0xffffffffULL);
  EXPECT_EQ(call(op, {nullptr, &h, &mt}, {0x100000000ULL, 0}).analyze_status,
            tandem::coproc_error::invalid);
  EXPECT_EQ(call(op, {nullptr, &h, &mt}, {12, 2}).analyze_status, tandem::coproc_error::invalid);
  EXPECT_EQ(call(op, {nullptr, &h, &mt}, {12, ~0ULL}).analyze_status,
            tandem::coproc_error::invalid);
  Bytes h63(63), h65(65), mt143(143), mt145(145);
  EXPECT_EQ(call(op, {nullptr, &h63, &mt}, {12, 0}).analyze_status, tandem::coproc_error::invalid);
  EXPECT_EQ(call(op, {nullptr, &h65, &mt}, {12, 0}).analyze_status, tandem::coproc_error::invalid);
  EXPECT_EQ(call(op, {nullptr, &h, &mt143}, {12, 0}).analyze_status, tandem::coproc_error::invalid);
  EXPECT_EQ(call(op, {nullptr, &h, &mt145}, {12, 0}).analyze_status, tandem::coproc_error::invalid);
  // Zero rounds: h ^= h ^ iv-derived words only (defined, nothing skipped).
  Bytes in = unhex(kBlake2fInput);
  in[0] = in[1] = in[2] = in[3] = 0;
  const Blake2fResult r = blake2f_all(in);
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.op, r.soft);
  EXPECT_EQ(r.direct, r.soft);
}

TEST(HashOps, GuestHeaderNativeBuildUsesPortableCode) {
  // Compiled for the host, tandem/guest.h's hash functions run sdk/src/soft: same bytes.
  const Bytes m = repeat("abc", 100);
  uint8_t k[32], s[32], r[20];
  EXPECT_EQ(tandem_keccak256(m.data(), m.size(), k), 0);
  EXPECT_EQ(tandem_sha256(m.data(), m.size(), s), 0);
  EXPECT_EQ(tandem_ripemd160(m.data(), m.size(), r), 0);
  EXPECT_EQ(Bytes(k, k + 32), keccak(m));
  Bytes s2(32), r2(20);
  ASSERT_TRUE(hash::sha256(m.data(), m.size(), s2.data()));
  ASSERT_TRUE(hash::ripemd160(m.data(), m.size(), r2.data()));
  EXPECT_EQ(Bytes(s, s + 32), s2);
  EXPECT_EQ(Bytes(r, r + 20), r2);
  uint64_t st[25] = {}, st2[25] = {};
  EXPECT_EQ(tandem_keccakf1600(st), 0);
  hash::keccakf1600(st2);
  EXPECT_EQ(0, std::memcmp(st, st2, sizeof st));
  uint64_t h[8] = {1, 2, 3, 4, 5, 6, 7, 8}, mm[16] = {}, t[2] = {3, 0};
  EXPECT_EQ(tandem_blake2f(12, h, mm, t, 2), -TANDEM_EINVAL);
  EXPECT_EQ(tandem_blake2f(12, h, mm, t, 1), 0);
}

// ===================== seeded cross-checks =====================

TEST(HashRandom, KeccakF1600AgainstReferenceLoop) {
  auto rng = seeded_rng("KeccakF1600AgainstReferenceLoop");
  const uint64_t n = env_u64("TANDEM_ITERATIONS", 2000);
  for (uint64_t it = 0; it < n; ++it) {
    uint64_t a[25], b[25], c[25];
    for (auto& l : a) l = rng();
    std::memcpy(b, a, sizeof a);
    std::memcpy(c, a, sizeof a);
    ref_keccakf(a);
    hash::keccakf1600(b);
    tandem_soft_keccakf1600(c);
    ASSERT_EQ(0, std::memcmp(a, b, sizeof a)) << "iteration " << it;
    ASSERT_EQ(0, std::memcmp(a, c, sizeof a)) << "iteration " << it;
  }
}

TEST(HashRandom, DigestsAgainstPortableAndReference) {
  auto rng = seeded_rng("DigestsAgainstPortableAndReference");
  const uint64_t n = env_u64("TANDEM_ITERATIONS", 2000) / 4;
  for (uint64_t it = 0; it < n; ++it) {
    Bytes m(rng() % 700);
    for (auto& b : m) b = uint8_t(rng());
    Bytes k1(32), k2(32), k3(32), s1(32), s2(32), r1(20), r2(20);
    hash::keccak256(m.data(), m.size(), k1.data());
    tandem_soft_keccak256(m.data(), m.size(), k2.data());
    ref_keccak256(m.data(), m.size(), k3.data());
    ASSERT_EQ(k1, k2) << m.size() << " bytes";
    ASSERT_EQ(k1, k3) << m.size() << " bytes";
    ASSERT_TRUE(hash::sha256(m.data(), m.size(), s1.data()));
    tandem_soft_sha256(m.data(), m.size(), s2.data());
    ASSERT_EQ(s1, s2) << m.size() << " bytes";
    ASSERT_TRUE(hash::ripemd160(m.data(), m.size(), r1.data()));
    tandem_soft_ripemd160(m.data(), m.size(), r2.data());
    ASSERT_EQ(r1, r2) << m.size() << " bytes";
    // BLAKE2F with random state, rounds 0..40 (crossing the ten-round unrolled groups).
    uint64_t h[8], h2[8], mm[16], t[2];
    for (auto& w : h) w = rng();
    for (auto& w : mm) w = rng();
    for (auto& w : t) w = rng();
    std::memcpy(h2, h, sizeof h);
    const uint32_t rounds = uint32_t(rng() % 41);
    const bool fin = rng() & 1;
    hash::blake2b_f(rounds, h, mm, t, fin);
    tandem_soft_blake2f(rounds, h2, mm, t, fin);
    ASSERT_EQ(0, std::memcmp(h, h2, sizeof h)) << rounds << " rounds";
  }
}

// The portable batches (what the soft and native builds run) read every message as it was
// before the call, whatever the output overlaps: forwards, backwards, or through a copy.
TEST(HashRandom, PortableBatchesWithOverlappingOutput) {
  auto rng = seeded_rng("PortableBatchesWithOverlappingOutput");
  const uint64_t n = env_u64("TANDEM_ITERATIONS", 2000) / 4;
  for (uint64_t it = 0; it < n; ++it) {
    const size_t len = rng() % 100, count = 1 + rng() % 9;
    Bytes arena(len * count + 32 * count + 512);
    for (auto& b : arena) b = uint8_t(rng());
    // The messages at offset 256; the digests anywhere from 0 to past their end.
    const size_t data_at = 256, out_at = rng() % (256 + len * count + 64);
    const bool sha = rng() & 1;
    Bytes want(32 * count);
    for (size_t i = 0; i < count; ++i) {
      const uint8_t* m = arena.data() + data_at + i * len;
      if (sha) ASSERT_TRUE(hash::sha256(m, len, want.data() + 32 * i));
      else hash::keccak256(m, len, want.data() + 32 * i);
    }
    const int status = sha ? tandem_sha256_many(arena.data() + data_at, len, count, arena.data() + out_at)
                           : tandem_keccak256_many(arena.data() + data_at, len, count, arena.data() + out_at);
    ASSERT_EQ(status, 0);
    ASSERT_EQ(Bytes(arena.begin() + long(out_at), arena.begin() + long(out_at + 32 * count)), want)
        << (sha ? "sha256" : "keccak256") << " " << len << " x " << count << ", output at "
        << out_at << ", data at " << data_at << " (iteration " << it << ")";
  }
  uint8_t d[64];
  EXPECT_EQ(tandem_keccak256_many(d, SIZE_MAX / 2, 3, d), -TANDEM_EINVAL);
  EXPECT_EQ(tandem_sha256_many(d, 0, SIZE_MAX / 16, d), -TANDEM_EINVAL);
  EXPECT_EQ(tandem_sha256_many(d, 64, 0, d), 0);
}

