// coproc/sig/ops.cpp: the signature family's operation table (docs/coprocessors.md): argument
// layout, length checks and gas (analyze), and the work (execute).  A signature that does not
// verify, or a key that recovers nothing, is EBADMSG: well-formed input on which the operation
// fails; the guest decides what that means.
//
// Gas: 1 gas is about 1.3 ns of host time.  Each constant is the median time measured with
// bench/sig_bench.cpp on the reference machine, divided by 1.3 ns and rounded up (figures in
// docs/coprocessors.md).
#include "coproc/sig/sig.h"

namespace tandem::coproc::sig {
namespace {

inline constexpr uint64_t kEd25519Base = 97000, kEd25519PerBlock = 120;  // per 128-byte SHA-512 block

CoprocessorOp recover_op() {
  CoprocessorOp op;
  op.number = kOpSecp256k1Recover;
  op.name = "sig.secp256k1_recover";
  op.args[0] = Arg::in;     // hash (32) || r || s
  op.args[1] = Arg::value;  // a2 = recid
  op.args[2] = Arg::out;    // x || y
  op.analyze = [](const CoprocArgs& a, uint64_t& gas) -> int64_t {
    if (a.in[0].size() != 96 || a.out[2].size() != 64 || a.value[1][0] > 3) return coproc_error::invalid;
    gas = kSecp256k1RecoverGas;
    return 0;
  };
  op.execute = [](const CoprocArgs& a, uint64_t&) -> int64_t {
    const uint8_t* in = a.in[0].data();
    return secp256k1_recover(in, in + 32, int(a.value[1][0]), a.out[2].data()) ? 0 : coproc_error::failed;
  };
  return op;
}

CoprocessorOp ecdsa_verify_op(uint32_t number, const char* name, uint64_t gas_each,
                              bool (*fn)(const uint8_t*, const uint8_t*, const uint8_t*) noexcept) {
  CoprocessorOp op;
  op.number = number;
  op.name = name;
  op.args[0] = Arg::in;  // hash
  op.args[1] = Arg::in;  // r || s
  op.args[2] = Arg::in;  // x || y
  op.analyze = [gas_each](const CoprocArgs& a, uint64_t& gas) -> int64_t {
    if (a.in[0].size() != 32 || a.in[1].size() != 64 || a.in[2].size() != 64) return coproc_error::invalid;
    gas = gas_each;
    return 0;
  };
  op.execute = [fn](const CoprocArgs& a, uint64_t&) -> int64_t {
    return fn(a.in[0].data(), a.in[1].data(), a.in[2].data()) ? 0 : coproc_error::failed;
  };
  return op;
}

CoprocessorOp ed25519_op() {
  CoprocessorOp op;
  op.number = kOpEd25519Verify;
  op.name = "sig.ed25519_verify";
  op.args[0] = Arg::in;  // message
  op.args[1] = Arg::in;  // R || S
  op.args[2] = Arg::in;  // public key
  op.analyze = [](const CoprocArgs& a, uint64_t& gas) -> int64_t {
    if (a.in[1].size() != 64 || a.in[2].size() != 32) return coproc_error::invalid;
    gas = ed25519_verify_gas(a.in[0].size());
    return 0;
  };
  op.execute = [](const CoprocArgs& a, uint64_t&) -> int64_t {
    return ed25519_verify(a.in[0].data(), a.in[0].size(), a.in[1].data(), a.in[2].data())
               ? 0 : coproc_error::failed;
  };
  return op;
}

}  // namespace

uint64_t ed25519_verify_gas(uint64_t len) noexcept {
  // SHA-512 over R || A || M: (64 + len + 17 + 127) / 128 blocks; saturating for absurd lengths.
  const uint64_t blocks = len / 128 + 2;
  const uint64_t max = ~uint64_t(0);
  return blocks > (max - kEd25519Base) / kEd25519PerBlock ? max : kEd25519Base + kEd25519PerBlock * blocks;
}

std::vector<CoprocessorOp> ops() {
  std::vector<CoprocessorOp> v;
  v.push_back(recover_op());
  v.push_back(ecdsa_verify_op(kOpSecp256k1Verify, "sig.secp256k1_verify", kSecp256k1VerifyGas,
                              secp256k1_verify));
  v.push_back(ecdsa_verify_op(kOpP256Verify, "sig.p256_verify", kP256VerifyGas, p256_verify));
  v.push_back(ed25519_op());
  return v;
}

void register_ops(CoprocessorSet& set) {
  for (CoprocessorOp& op : ops()) (void)set.add(std::move(op));
}

}  // namespace tandem::coproc::sig
