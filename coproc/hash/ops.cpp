// coproc/hash/ops.cpp: the hash family's operation table: argument layout, input checks and gas
// (analyze), and the work (execute).  docs/coprocessors.md documents the same table.
//
// Gas is calibrated so that 1 gas is about 1.3 ns of host time (the reference interpreter's time
// per simple instruction), from the per-call and per-block times measured with
// bench/hash_bench.cpp on the reference machine (figures in docs/coprocessors.md).  Formulas are
// affine in the number of blocks the algorithm processes, rounded up so no call is undercharged.
#include <cstring>
#include <limits>

#include "coproc/hash/hash.h"

namespace tandem::coproc::hash {
namespace {

// Gas constants.  Measured on the reference machine (AMD EPYC, 2.6 GHz, OpenSSL 3.0.22, gcc 12
// -O2; CPU time from bench/hash_bench.cpp), then divided by 1.3 ns and rounded up:
//   keccak256    264 ns per 136-byte block (1 MiB: 2034 us / 7711 blocks, with the permutation
//                as a loop of two-round bodies), 291-301 ns for 0 bytes
//                -> 25 + 210 per block, blocks = len / 136 + 1
//   keccakf1600  263-270 ns, plus about 20 ns to move 25 lanes in and out -> 225
//   sha256       35.6 ns per 64-byte block (1 MiB: 583 us), 89 ns for 0 bytes
//                -> 45 + 28 per block, blocks = (len + 9 + 63) / 64
//   ripemd160    204 ns per 64-byte block (1 MiB: 3342 us), 255 ns for 0 bytes
//                -> 40 + 157 per block, blocks as sha256
//   blake2f      9.8 ns per round (1000 rounds: 9817 ns), 10 ns for 0 rounds plus 26 words moved
//                -> 20 + 8 per round
inline constexpr uint64_t kKeccak256Base = 25, kKeccak256PerBlock = 210;
inline constexpr uint64_t kKeccakF1600Gas = 225;
inline constexpr uint64_t kSha256Base = 45, kSha256PerBlock = 28;
inline constexpr uint64_t kRipemd160Base = 40, kRipemd160PerBlock = 157;
inline constexpr uint64_t kBlake2fBase = 20, kBlake2fPerRound = 8;

inline constexpr uint64_t kMaxGas = std::numeric_limits<uint64_t>::max();

// base + per_block * blocks, saturating (a saturated charge is more than any gas limit).
uint64_t affine(uint64_t base, uint64_t per_block, uint64_t blocks) noexcept {
  if (blocks > (kMaxGas - base) / per_block) return kMaxGas;
  return base + per_block * blocks;
}

// Blocks a Merkle-Damgard hash with 64-byte blocks and an 8-byte length field processes.
uint64_t md_blocks(uint64_t len) noexcept { return len / 64 + (len % 64 >= 56 ? 2 : 1); }

uint64_t load_le64(const uint8_t* p) noexcept {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

void store_le64(uint8_t* p, uint64_t v) noexcept {
  for (int i = 0; i < 8; ++i) p[i] = uint8_t(v >> (8 * i));
}

CoprocessorOp keccak256_op() {
  CoprocessorOp op;
  op.number = kOpKeccak256;
  op.name = "hash.keccak256";
  op.args[0] = Arg::in;
  op.args[1] = Arg::out;
  op.analyze = [](const CoprocArgs& a, uint64_t& gas) -> int64_t {
    if (a.out[1].size() != 32) return coproc_error::invalid;
    gas = keccak256_gas(a.in[0].size());
    return 0;
  };
  op.execute = [](const CoprocArgs& a, uint64_t&) -> int64_t {
    keccak256(a.in[0].data(), a.in[0].size(), a.out[1].data());
    return 0;
  };
  return op;
}

CoprocessorOp keccakf1600_op() {
  CoprocessorOp op;
  op.number = kOpKeccakF1600;
  op.name = "hash.keccakf1600";
  op.args[0] = Arg::inout;
  op.analyze = [](const CoprocArgs& a, uint64_t& gas) -> int64_t {
    if (a.in[0].size() != 200 || a.out[0].size() != 200) return coproc_error::invalid;
    gas = kKeccakF1600Gas;
    return 0;
  };
  op.execute = [](const CoprocArgs& a, uint64_t&) -> int64_t {
    uint64_t st[25];
    for (int i = 0; i < 25; ++i) st[i] = load_le64(a.in[0].data() + 8 * i);
    keccakf1600(st);
    for (int i = 0; i < 25; ++i) store_le64(a.out[0].data() + 8 * i, st[i]);
    return 0;
  };
  return op;
}

CoprocessorOp md_op(uint32_t number, const char* name, size_t out_len, uint64_t (*gas_fn)(uint64_t) noexcept,
                    bool (*fn)(const uint8_t*, size_t, uint8_t*) noexcept) {
  CoprocessorOp op;
  op.number = number;
  op.name = name;
  op.args[0] = Arg::in;
  op.args[1] = Arg::out;
  op.analyze = [out_len, gas_fn](const CoprocArgs& a, uint64_t& gas) -> int64_t {
    if (a.out[1].size() != out_len) return coproc_error::invalid;
    gas = gas_fn(a.in[0].size());
    return 0;
  };
  op.execute = [fn](const CoprocArgs& a, uint64_t&) -> int64_t {
    return fn(a.in[0].data(), a.in[0].size(), a.out[1].data()) ? 0 : coproc_error::failed;
  };
  return op;
}

// keccak256_many and sha256_many: pair 0 the messages back to back, pair 1 the digests, a4 the
// number of messages (a5 reserved, 0).  The message length is the input length / count.
CoprocessorOp many_op(uint32_t number, const char* name, uint64_t (*gas_fn)(uint64_t, uint64_t) noexcept,
                      bool (*fn)(const uint8_t*, size_t, size_t, uint8_t*) noexcept) {
  CoprocessorOp op;
  op.number = number;
  op.name = name;
  op.args[0] = Arg::in;
  op.args[1] = Arg::out;
  op.args[2] = Arg::value;
  op.analyze = [gas_fn](const CoprocArgs& a, uint64_t& gas) -> int64_t {
    const uint64_t count = a.value[2][0], in = a.in[0].size(), out = a.out[1].size();
    if (a.value[2][1] != 0) return coproc_error::invalid;
    if (count == 0) {
      if (in != 0 || out != 0) return coproc_error::invalid;
      gas = 0;
      return 0;
    }
    if (in % count != 0 || count > out / 32 || out != 32 * count) return coproc_error::invalid;
    gas = gas_fn(in / count, count);
    return 0;
  };
  op.execute = [fn](const CoprocArgs& a, uint64_t&) -> int64_t {
    const uint64_t count = a.value[2][0];
    if (count == 0) return 0;
    return fn(a.in[0].data(), a.in[0].size() / count, count, a.out[1].data()) ? 0 : coproc_error::failed;
  };
  return op;
}

bool keccak256_many_ok(const uint8_t* data, size_t len, size_t count, uint8_t* out) noexcept {
  keccak256_many(data, len, count, out);
  return true;
}

CoprocessorOp blake2f_op() {
  CoprocessorOp op;
  op.number = kOpBlake2f;
  op.name = "hash.blake2f";
  op.args[0] = Arg::value;
  op.args[1] = Arg::inout;
  op.args[2] = Arg::in;
  op.analyze = [](const CoprocArgs& a, uint64_t& gas) -> int64_t {
    const uint64_t rounds = a.value[0][0], final_flag = a.value[0][1];
    if (rounds > 0xffffffffULL || final_flag > 1) return coproc_error::invalid;
    if (a.in[1].size() != 64 || a.out[1].size() != 64 || a.in[2].size() != 144)
      return coproc_error::invalid;
    gas = blake2f_gas(rounds);
    return 0;
  };
  op.execute = [](const CoprocArgs& a, uint64_t&) -> int64_t {
    uint64_t h[8], m[16], t[2];
    for (int i = 0; i < 8; ++i) h[i] = load_le64(a.in[1].data() + 8 * i);
    for (int i = 0; i < 16; ++i) m[i] = load_le64(a.in[2].data() + 8 * i);
    for (int i = 0; i < 2; ++i) t[i] = load_le64(a.in[2].data() + 128 + 8 * i);
    blake2b_f(uint32_t(a.value[0][0]), h, m, t, a.value[0][1] == 1);
    for (int i = 0; i < 8; ++i) store_le64(a.out[1].data() + 8 * i, h[i]);
    return 0;
  };
  return op;
}

}  // namespace

uint64_t keccak256_gas(uint64_t len) noexcept {
  return affine(kKeccak256Base, kKeccak256PerBlock, len / 136 + 1);
}
uint64_t sha256_gas(uint64_t len) noexcept { return affine(kSha256Base, kSha256PerBlock, md_blocks(len)); }
uint64_t ripemd160_gas(uint64_t len) noexcept {
  return affine(kRipemd160Base, kRipemd160PerBlock, md_blocks(len));
}
uint64_t blake2f_gas(uint64_t rounds) noexcept { return affine(kBlake2fBase, kBlake2fPerRound, rounds); }

namespace {
uint64_t times(uint64_t each, uint64_t count) noexcept {
  return count && each > kMaxGas / count ? kMaxGas : each * count;
}
}  // namespace
uint64_t keccak256_many_gas(uint64_t len, uint64_t count) noexcept { return times(keccak256_gas(len), count); }
uint64_t sha256_many_gas(uint64_t len, uint64_t count) noexcept { return times(sha256_gas(len), count); }

std::vector<CoprocessorOp> ops() {
  prepare();
  std::vector<CoprocessorOp> v;
  v.push_back(keccak256_op());
  v.push_back(keccakf1600_op());
  v.push_back(md_op(kOpSha256, "hash.sha256", 32, sha256_gas, sha256));
  v.push_back(md_op(kOpRipemd160, "hash.ripemd160", 20, ripemd160_gas, ripemd160));
  v.push_back(blake2f_op());
  v.push_back(many_op(kOpKeccak256Many, "hash.keccak256_many", keccak256_many_gas, keccak256_many_ok));
  v.push_back(many_op(kOpSha256Many, "hash.sha256_many", sha256_many_gas, sha256_many));
  return v;
}

void register_ops(CoprocessorSet& set) {
  for (CoprocessorOp& op : ops()) (void)set.add(std::move(op));
}

}  // namespace tandem::coproc::hash
