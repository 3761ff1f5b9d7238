// bench/sig_bench.cpp: the signature and big-integer coprocessors called by a guest through the
// bus against the same functions called directly from native code, in the same run; and the
// direct times that calibrate their gas (docs/coprocessors.md).
// Target (coprocessor-bus issue): through the bus >= 0.98x the direct throughput.
// Counters: ns_per_call_bus, ns_per_call_direct, ratio = direct / bus (1.0 = no overhead), and
// ns_per_gas = direct time / the gas analyze charges (the schedule aims at about 1.3).
#include <benchmark/benchmark.h>
#include <secp256k1.h>
#include <secp256k1_recovery.h>

#include <chrono>
#include <cstring>
#include <functional>
#include <random>

#include "coproc/bigint/bigint.h"
#include "coproc/sig/sig.h"
#include "rv_asm.h"
#include "tandem/tandem.h"

namespace {

using namespace tandem::test::rv;
using Clock = std::chrono::steady_clock;
namespace sig = tandem::coproc::sig;
namespace bigint = tandem::coproc::bigint;

// One benchmark case: the bytes of three argument pairs laid out in the guest's data segment
// (pair i at data offset off[i], length len[i]; a value pair when off[i] < 0), the operation
// number and the same work as a native call.
struct Case {
  std::string name;
  uint32_t number = 0;
  std::vector<uint8_t> data;
  int64_t off[3] = {-1, -1, -1};
  uint64_t len[3] = {0, 0, 0};   // for a value pair: its first register
  // When set, each call is preceded by bus.copy of `restore_len` bytes from data offset
  // restore_from to pair 2 (modexp overwrites its modulus with the result).
  int64_t restore_from = -1;
  uint64_t restore_len = 0;
  std::function<void()> direct;
  uint64_t gas = 0;              // what analyze charges
};

// Random but valid inputs, so every call does the full work.
struct Inputs {
  uint8_t hash[32], sig[64], pub[64];
  int recid = 0;
  uint8_t p256_sig[64], p256_pub[64];
  uint8_t ed_msg[64], ed_sig[64], ed_pub[32];
};

// Valid signatures: libsecp256k1 signs for secp256k1; P-256 uses key G with k = 1; Ed25519 is
// RFC 8032's test 1.  Made once.
const Inputs& inputs();

std::vector<uint8_t> guest(const Case& c, uint64_t calls) {
  Guest g(64);
  g.data = c.data;
  g.data_memsz = std::max<uint64_t>(c.data.size() + 4096, kDataSize);
  g.a.li(s0, 0).li(s1, calls);
  Label loop = g.a.here_label();
  const Reg regs[6] = {a0, a1, a2, a3, a4, a5};
  if (c.restore_from >= 0) {
    g.a.li(a0, kDataBase + uint64_t(c.restore_from)).li(a1, c.restore_len);
    g.a.li(a2, kDataBase + uint64_t(c.off[2])).li(a3, c.restore_len).li(a7, 0x2001);
    g.a.emit(ecall());
  }
  for (int i = 0; i < 3; ++i) {
    if (c.off[i] >= 0) g.a.li(regs[2 * i], kDataBase + uint64_t(c.off[i])).li(regs[2 * i + 1], c.len[i]);
    else g.a.li(regs[2 * i], c.len[i]).li(regs[2 * i + 1], 0);
  }
  g.a.li(a7, c.number);
  g.a.emit(ecall());
  g.a.emit(addi(s0, s0, 1));
  g.a.bne(s0, s1, loop);
  g.exit(0);
  return g.elf();
}

std::vector<Case> cases() {
  const Inputs& in = inputs();
  std::vector<Case> v;
  auto cat = [](std::initializer_list<std::pair<const uint8_t*, size_t>> parts) {
    std::vector<uint8_t> d;
    for (auto [p, n] : parts) d.insert(d.end(), p, p + n);
    return d;
  };
  {
    Case c;
    c.name = "secp256k1_recover", c.number = sig::kOpSecp256k1Recover;
    c.data = cat({{in.hash, 32}, {in.sig, 64}});
    c.data.resize(96 + 64);
    c.off[0] = 0, c.len[0] = 96, c.len[1] = uint64_t(in.recid), c.off[2] = 96, c.len[2] = 64;
    c.direct = [&in] { uint8_t pub[64]; benchmark::DoNotOptimize(sig::secp256k1_recover(in.hash, in.sig, in.recid, pub)); };
    c.gas = sig::kSecp256k1RecoverGas;
    v.push_back(c);
  }
  auto verify_case = [&](const char* name, uint32_t number, const uint8_t* s, const uint8_t* pub,
                         bool (*fn)(const uint8_t*, const uint8_t*, const uint8_t*) noexcept, uint64_t gas) {
    Case c;
    c.name = name, c.number = number;
    c.data = cat({{in.hash, 32}, {s, 64}, {pub, 64}});
    c.off[0] = 0, c.len[0] = 32, c.off[1] = 32, c.len[1] = 64, c.off[2] = 96, c.len[2] = 64;
    c.direct = [&in, fn, s, pub] { benchmark::DoNotOptimize(fn(in.hash, s, pub)); };
    c.gas = gas;
    v.push_back(c);
  };
  verify_case("secp256k1_verify", sig::kOpSecp256k1Verify, in.sig, in.pub, sig::secp256k1_verify,
              sig::kSecp256k1VerifyGas);
  verify_case("p256_verify", sig::kOpP256Verify, in.p256_sig, in.p256_pub, sig::p256_verify,
              sig::kP256VerifyGas);
  {
    Case c;
    c.name = "ed25519_verify 0 B (RFC 8032 test 1)", c.number = sig::kOpEd25519Verify;
    c.data = cat({{in.ed_msg, 64}, {in.ed_sig, 64}, {in.ed_pub, 32}});
    c.off[0] = 0, c.len[0] = 0, c.off[1] = 64, c.len[1] = 64, c.off[2] = 128, c.len[2] = 32;
    c.direct = [&in] { benchmark::DoNotOptimize(sig::ed25519_verify(in.ed_msg, 0, in.ed_sig, in.ed_pub)); };
    c.gas = sig::ed25519_verify_gas(0);
    v.push_back(c);
  }
  for (size_t n : {32, 128, 512}) {
    // n-byte odd modulus and base, a 32-byte exponent: RSA-like and EIP-198's typical shapes.
    std::mt19937_64 rng(n);
    std::vector<uint8_t> b(n), e(32), m(n);
    for (auto& x : b) x = uint8_t(rng());
    for (auto& x : e) x = uint8_t(rng());
    for (auto& x : m) x = uint8_t(rng());
    m[0] |= 0x80, m[n - 1] |= 1, e[0] |= 0x80;
    Case c;
    c.name = "modexp " + std::to_string(n) + " B, 256-bit exponent", c.number = bigint::kOpModexp;
    c.data = b;
    c.data.insert(c.data.end(), e.begin(), e.end());
    c.data.insert(c.data.end(), m.begin(), m.end());
    c.data.insert(c.data.end(), m.begin(), m.end());  // the pristine copy
    c.restore_from = int64_t(2 * n + 32), c.restore_len = n;
    c.off[0] = 0, c.len[0] = n, c.off[1] = int64_t(n), c.len[1] = 32, c.off[2] = int64_t(n + 32), c.len[2] = n;
    // The guest's modulus buffer is overwritten by the result; so is the native one, with a copy
    // made first (as the guest wrapper does).
    auto state = std::make_shared<std::vector<uint8_t>>(n);
    c.direct = [b, e, m, state] {
      std::memcpy(state->data(), m.data(), m.size());
      bigint::modexp(b.data(), b.size(), e.data(), e.size(), state->data(), state->size(), state->data());
      benchmark::ClobberMemory();
    };
    c.gas = bigint::modexp_gas(n, bigint::bit_length(e.data(), 32), n);
    v.push_back(c);
  }
  return v;
}

Inputs make_inputs() {
  Inputs in{};
  std::mt19937_64 rng(42);
  // hash = 1: small enough that the P-256 signature below needs no reduction mod n.
  in.hash[31] = 1;
  secp256k1_context* ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
  uint8_t sk[32];
  for (auto& x : sk) x = uint8_t(rng());
  secp256k1_ecdsa_recoverable_signature rs;
  secp256k1_ecdsa_sign_recoverable(ctx, &rs, in.hash, sk, nullptr, nullptr);
  secp256k1_ecdsa_recoverable_signature_serialize_compact(ctx, in.sig, &in.recid, &rs);
  secp256k1_context_destroy(ctx);
  sig::secp256k1_recover(in.hash, in.sig, in.recid, in.pub);
  // P-256: a key and signature valid for `hash`; taken from the curve's generator-based identity
  // (Q = G, k = 1: r = x(G) mod n, s = e + r), which verifies as any signature does.
  static const uint8_t gx[32] = {0x6b, 0x17, 0xd1, 0xf2, 0xe1, 0x2c, 0x42, 0x47, 0xf8, 0xbc, 0xe6,
                                 0xe5, 0x63, 0xa4, 0x40, 0xf2, 0x77, 0x03, 0x7d, 0x81, 0x2d, 0xeb,
                                 0x33, 0xa0, 0xf4, 0xa1, 0x39, 0x45, 0xd8, 0x98, 0xc2, 0x96};
  static const uint8_t gy[32] = {0x4f, 0xe3, 0x42, 0xe2, 0xfe, 0x1a, 0x7f, 0x9b, 0x8e, 0xe7, 0xeb,
                                 0x4a, 0x7c, 0x0f, 0x9e, 0x16, 0x2b, 0xce, 0x33, 0x57, 0x6b, 0x31,
                                 0x5e, 0xce, 0xcb, 0xb6, 0x40, 0x68, 0x37, 0xbf, 0x51, 0xf5};
  // With d = 1 and k = 1: r = x(G) (< n), s = (e + r·d) / k = e + r = r + 1.
  std::memcpy(in.p256_sig, gx, 32);
  std::memcpy(in.p256_sig + 32, gx, 32);
  for (int i = 63, carry = 1; i >= 32 && carry; --i) {  // s = r + 1
    const int v = in.p256_sig[i] + carry;
    in.p256_sig[i] = uint8_t(v), carry = v >> 8;
  }
  std::memcpy(in.p256_pub, gx, 32);
  std::memcpy(in.p256_pub + 32, gy, 32);
  // Ed25519: RFC 8032's test 1 (the empty message), a valid signature.
  static const uint8_t rfc_pub[32] = {0xd7, 0x5a, 0x98, 0x01, 0x82, 0xb1, 0x0a, 0xb7, 0xd5, 0x4b, 0xfe, 0xd3, 0xc9, 0x64, 0x07, 0x3a,
                                      0x0e, 0xe1, 0x72, 0xf3, 0xda, 0xa6, 0x23, 0x25, 0xaf, 0x02, 0x1a, 0x68, 0xf7, 0x07, 0x51, 0x1a};
  std::memcpy(in.ed_pub, rfc_pub, 32);
  static const uint8_t rfc_sig[64] = {
      0xe5, 0x56, 0x43, 0x00, 0xc3, 0x60, 0xac, 0x72, 0x90, 0x86, 0xe2, 0xcc, 0x80, 0x6e, 0x82, 0x8a,
      0x84, 0x87, 0x7f, 0x1e, 0xb8, 0xe5, 0xd9, 0x74, 0xd8, 0x73, 0xe0, 0x65, 0x22, 0x49, 0x01, 0x55,
      0x5f, 0xb8, 0x82, 0x15, 0x90, 0xa3, 0x3b, 0xac, 0xc6, 0x1e, 0x39, 0x70, 0x1c, 0xf9, 0xb4, 0x6b,
      0xd2, 0x5b, 0xf5, 0xf0, 0x59, 0x5b, 0xbe, 0x24, 0x65, 0x51, 0x41, 0x43, 0x8e, 0x7a, 0x10, 0x0b};
  std::memcpy(in.ed_sig, rfc_sig, 64);
  return in;
}

const Inputs& inputs() {
  static const Inputs in = make_inputs();
  return in;
}

void BM_ThroughBusVsDirect(benchmark::State& state) {
  const Case c = cases()[size_t(state.range(0))];
  {
    // Every signature case must be valid, so both sides do the whole work.
    const Inputs& in = inputs();
    uint8_t pub[64];
    if (!sig::secp256k1_recover(in.hash, in.sig, in.recid, pub) || !sig::secp256k1_verify(in.hash, in.sig, in.pub) ||
        !sig::p256_verify(in.hash, in.p256_sig, in.p256_pub) || !sig::ed25519_verify(in.ed_msg, 0, in.ed_sig, in.ed_pub))
      return state.SkipWithError("a benchmark signature does not verify");
  }
  const uint64_t calls = 200;
  auto prog = tandem::Program::from_bytes(guest(c, calls));
  if (!prog) return state.SkipWithError(prog.error().c_str());
  tandem::MachineOptions o;
  o.time_coprocessors = false;
  double bus_s = 0, direct_s = 0;
  for (auto _ : state) {
    // Creating and freeing the machine (an mmap, page faults, an munmap: tens of microseconds,
    // bench/api_bench.cpp) is no part of a call, so it stays outside the timed span.
    auto m = tandem::Machine::create(*prog, o);
    if (!m) return state.SkipWithError(m.error().c_str());
    auto t0 = Clock::now();
    auto r = m->run();
    auto t1 = Clock::now();
    for (uint64_t i = 0; i < calls; ++i) c.direct();
    auto t2 = Clock::now();
    if (r.status != tandem::Status::exited) return state.SkipWithError(r.message.c_str());
    bus_s += std::chrono::duration<double>(t1 - t0).count();
    direct_s += std::chrono::duration<double>(t2 - t1).count();
  }
  state.SetLabel(c.name);
  const double per_bus = bus_s / double(state.iterations() * calls) * 1e9;
  const double per_direct = direct_s / double(state.iterations() * calls) * 1e9;
  state.counters["ns_per_call_bus"] = per_bus;
  state.counters["ns_per_call_direct"] = per_direct;
  state.counters["ratio"] = direct_s / bus_s;
  state.counters["ns_per_gas"] = per_direct / double(c.gas);
}
BENCHMARK(BM_ThroughBusVsDirect)->DenseRange(0, 6)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
