// fuzz/fuzz_coproc.cpp: every operation of the builtin coprocessor set, called directly the way
// the bus calls it, on fuzzer-chosen argument lengths, bytes and values.  Where fuzz_syscalls
// covers the bus itself with operations of its own, this covers the argument parsing and the work
// of the real families (hash, sig, bigint, eth, ec, ntt, bus): what a hostile guest can hand them
// once the bus has checked its ranges.
//
// Input: up to kMaxCalls calls, one after another, sharing one resident store (so plans and point
// tables are made, used and released across calls).  Each call is
//   u8  operation selector (index into CoprocessorSet::builtin()->ops(), modulo its size)
//   then for each of the operation's three pairs, by its declared kind:
//     in / out / inout: u16 length (low 14 bits: up to 16 KiB), then that many content bytes
//                       (zeros past the end of the input; an out pair starts as those bytes too)
//     value:            u64, u64 (a0/a1, a2/a3 or a4/a5 as the guest would set them)
//     none:             nothing
//
// What must hold for any input:
//  - no crash, leak or sanitizer report: each span is its own allocation of exactly its length,
//    so a read or write past what the operation was given is caught;
//  - analyze returns 0 or a documented error (tandem/coprocessor.h) and is pure: a second call on
//    the same arguments gives the same verdict and gas;
//  - execute returns 0 or a documented error;
//  - the whole sequence replayed on a fresh store with two host threads gives the same statuses,
//    values, gas and output bytes as with one thread (determinism, and CoprocArgs::threads).
// Calls priced above kMaxGas are analysed but not run (a fuzzer would otherwise spend its time in
// legitimately long MSMs and transforms).  Exceptions become statuses as on the bus
// (analyze_checked, execute_checked).
#include "fuzz_support.h"
#include "tandem/tandem.h"

namespace {

using tandem::Arg;
using tandem::CoprocArgs;
using tandem::CoprocessorOp;
namespace err = tandem::coproc_error;

constexpr unsigned kMaxCalls = 4;
constexpr uint64_t kMaxGas = 1'000'000;  // about 1.3 ms of host time
constexpr uint64_t kResidentLimit = 64ull << 20;

bool documented(int64_t s) {
  return s == 0 || s == err::no_memory || s == err::invalid || s == err::failed;
}

struct Call {
  size_t op = 0;
  std::vector<uint8_t> pair[3];  // the bytes of each memory pair
  uint64_t value[3][2] = {};
};

struct Outcome {
  int64_t verdict = 0, status = 0;
  uint64_t gas = 0, value = 0;
  bool ran = false;
  std::vector<uint8_t> out[3];
  bool operator==(const Outcome&) const = default;
};

std::vector<Call> parse(const std::vector<CoprocessorOp>& ops, tandem::fuzz::Reader& r) {
  std::vector<Call> calls;
  while (!r.empty() && calls.size() < kMaxCalls) {
    Call c;
    c.op = r.u8() % ops.size();
    for (unsigned i = 0; i < 3; ++i) {
      switch (ops[c.op].args[i]) {
        case Arg::in:
        case Arg::out:
        case Arg::inout: {
          const size_t n = r.u16() & 0x3fff;
          c.pair[i] = r.take(n);
          c.pair[i].resize(n, 0);
          break;
        }
        case Arg::value: c.value[i][0] = r.u64(), c.value[i][1] = r.u64(); break;
        case Arg::none: break;
      }
    }
    calls.push_back(std::move(c));
  }
  return calls;
}

std::vector<Outcome> run(const std::vector<CoprocessorOp>& ops, const std::vector<Call>& calls,
                         unsigned threads) {
  tandem::ResidentStore store(kResidentLimit);
  std::vector<Outcome> outcomes;
  for (const Call& c : calls) {
    const CoprocessorOp& op = ops[c.op];
    // Fresh buffers of exactly the declared lengths; inputs are separate from outputs, as the bus
    // makes them when a guest's overlap.
    std::vector<uint8_t> in[3], out[3];
    CoprocArgs a;
    a.resident = &store;
    a.threads = threads;
    for (unsigned i = 0; i < 3; ++i) {
      a.value[i][0] = c.value[i][0], a.value[i][1] = c.value[i][1];
      const Arg kind = op.args[i];
      if (kind == Arg::in) in[i] = c.pair[i], a.in[i] = in[i];
      if (kind == Arg::out) out[i] = c.pair[i], a.out[i] = out[i];
      if (kind == Arg::inout) out[i] = c.pair[i], a.in[i] = out[i], a.out[i] = out[i];
    }
    Outcome o;
    o.verdict = tandem::analyze_checked(op, a, o.gas);
    FUZZ_CHECK(documented(o.verdict), "%s: analyze returned %lld", op.name.c_str(),
               (long long)o.verdict);
    uint64_t gas2 = 0;
    const int64_t verdict2 = tandem::analyze_checked(op, a, gas2);
    FUZZ_CHECK(verdict2 == o.verdict && (o.verdict != 0 || gas2 == o.gas),
               "%s: analyze is not pure (%lld, %llu gas, then %lld, %llu gas)", op.name.c_str(),
               (long long)o.verdict, (unsigned long long)o.gas, (long long)verdict2,
               (unsigned long long)gas2);
    if (o.verdict == 0 && o.gas <= kMaxGas) {
      o.ran = true;
      o.status = tandem::execute_checked(op, a, o.value);
      FUZZ_CHECK(documented(o.status), "%s: execute returned %lld", op.name.c_str(), (long long)o.status);
      for (unsigned i = 0; i < 3; ++i) o.out[i] = out[i];
    }
    outcomes.push_back(std::move(o));
  }
  return outcomes;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto set = tandem::CoprocessorSet::builtin();
  const auto& ops = set->ops();
  tandem::fuzz::Reader r(data, size);
  const std::vector<Call> calls = parse(ops, r);
  const std::vector<Outcome> one = run(ops, calls, 1), two = run(ops, calls, 2);
  for (size_t k = 0; k < calls.size(); ++k) {
    const Outcome &a = one[k], &b = two[k];
    FUZZ_CHECK(a == b,
               "call %zu (%s) differs with two threads: verdict %lld/%lld, gas %llu/%llu, "
               "ran %d/%d, status %lld/%lld, value %llu/%llu",
               k, ops[calls[k].op].name.c_str(), (long long)a.verdict, (long long)b.verdict,
               (unsigned long long)a.gas, (unsigned long long)b.gas, a.ran, b.ran, (long long)a.status,
               (long long)b.status, (unsigned long long)a.value, (unsigned long long)b.value);
  }
  return 0;
}
