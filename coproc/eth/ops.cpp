// coproc/eth/ops.cpp: eth.precompile and eth.precompile_gas, the Ethereum profile on the bus
// (docs/coprocessors.md).  Guests get Osaka's rules; hosts that want another MODEXP pricing call
// tandem::eth::run_precompile themselves.
#include "coproc/eth/eth.h"

namespace tandem::coproc::eth {
namespace {

inline constexpr uint64_t kGasOpGas = 60;  // decoding the header, no work

CoprocessorOp precompile_op() {
  CoprocessorOp op;
  op.number = kOpPrecompile;
  op.name = "eth.precompile";
  op.args[0] = Arg::value;  // a0 = address
  op.args[1] = Arg::in;     // input
  op.args[2] = Arg::out;    // output buffer; a1 = output length on success
  op.analyze = [](const CoprocArgs& a, uint64_t& gas) -> int64_t {
    if (a.value[0][0] > 0xffffffffULL) return coproc_error::invalid;
    const Plan p = plan(uint32_t(a.value[0][0]), a.in[1], PrecompileOptions{});
    if (!p.supported) return coproc_error::invalid;
    if (!p.fails && a.out[2].size() < p.max_output) return coproc_error::invalid;
    gas = p.tandem_gas;
    return 0;
  };
  op.execute = [](const CoprocArgs& a, uint64_t& value) -> int64_t {
    const auto n = execute(uint32_t(a.value[0][0]), a.in[1], a.out[2], PrecompileOptions{});
    if (!n) return coproc_error::failed;
    value = *n;
    return 0;
  };
  return op;
}

CoprocessorOp gas_op() {
  CoprocessorOp op;
  op.number = kOpPrecompileGas;
  op.name = "eth.precompile_gas";
  op.args[0] = Arg::value;  // a0 = address
  op.args[1] = Arg::in;     // input
  op.args[2] = Arg::out;    // 8 bytes: the Ethereum gas, little-endian
  op.analyze = [](const CoprocArgs& a, uint64_t& gas) -> int64_t {
    if (a.value[0][0] > 0xffffffffULL || a.out[2].size() != 8) return coproc_error::invalid;
    if (!tandem::eth::is_precompile(uint32_t(a.value[0][0]))) return coproc_error::invalid;
    gas = kGasOpGas;
    return 0;
  };
  op.execute = [](const CoprocArgs& a, uint64_t&) -> int64_t {
    const uint64_t g = plan(uint32_t(a.value[0][0]), a.in[1], PrecompileOptions{}).eth_gas;
    for (int i = 0; i < 8; ++i) a.out[2][size_t(i)] = uint8_t(g >> (8 * i));
    return 0;
  };
  return op;
}

}  // namespace

std::vector<CoprocessorOp> ops() { return {precompile_op(), gas_op()}; }

void register_ops(CoprocessorSet& set) {
  for (CoprocessorOp& op : ops()) (void)set.add(std::move(op));
}

}  // namespace tandem::coproc::eth
