// coproc/bigint/ops.cpp: the big-integer family's operation table (docs/coprocessors.md).
#include "coproc/bigint/bigint.h"

namespace tandem::coproc::bigint {
namespace {

CoprocessorOp modexp_op() {
  CoprocessorOp op;
  op.number = kOpModexp;
  op.name = "bigint.modexp";
  op.args[0] = Arg::in;     // base
  op.args[1] = Arg::in;     // exponent
  op.args[2] = Arg::inout;  // modulus in, result out (same length)
  op.analyze = [](const CoprocArgs& a, uint64_t& gas) -> int64_t {
    if (a.in[0].size() > kMaxModexpLen || a.in[1].size() > kMaxModexpLen ||
        a.in[2].size() > kMaxModexpLen)
      return coproc_error::invalid;
    gas = modexp_gas(a.in[0].size(), bit_length(a.in[1].data(), a.in[1].size()), a.in[2].size());
    return 0;
  };
  op.execute = [](const CoprocArgs& a, uint64_t&) -> int64_t {
    modexp(a.in[0].data(), a.in[0].size(), a.in[1].data(), a.in[1].size(), a.in[2].data(),
           a.in[2].size(), a.out[2].data());
    return 0;
  };
  return op;
}

}  // namespace

std::vector<CoprocessorOp> ops() { return {modexp_op()}; }

void register_ops(CoprocessorSet& set) {
  for (CoprocessorOp& op : ops()) (void)set.add(std::move(op));
}

}  // namespace tandem::coproc::bigint
