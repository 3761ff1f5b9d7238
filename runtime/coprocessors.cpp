// runtime/coprocessors.cpp: the operations tandem ships, as the built-in CoprocessorSet (the set's
// own code is in coproc/coprocessor.cpp).
#include <algorithm>
#include <cstring>

#include "coproc/bigint/bigint.h"
#include "coproc/ec/ec.h"
#include "coproc/eth/eth.h"
#include "coproc/hash/hash.h"
#include "coproc/ntt/ops.h"
#include "coproc/sig/sig.h"
#include "tandem/coprocessor.h"

namespace tandem {

namespace {

// bus.noop (0x2000): no arguments, no gas beyond the ecall, returns 0 and the value 0.  Measures
// the cost of a round trip through the bus.
CoprocessorOp noop() {
  CoprocessorOp op;
  op.number = 0x2000;
  op.name = "bus.noop";
  op.analyze = [](const CoprocArgs&, uint64_t& gas) -> int64_t { return gas = 0, 0; };
  op.execute = [](const CoprocArgs&, uint64_t&) -> int64_t { return 0; };
  return op;
}

// bus.copy (0x2001): (in src, out dst): copies min(len) bytes; value = bytes copied.  1 gas per
// 32 bytes.  A minimal operation that moves data both ways, for tests and benchmarks.
CoprocessorOp copy() {
  CoprocessorOp op;
  op.number = 0x2001;
  op.name = "bus.copy";
  op.args[0] = Arg::in;
  op.args[1] = Arg::out;
  op.analyze = [](const CoprocArgs& a, uint64_t& gas) -> int64_t {
    gas = (std::min(a.in[0].size(), a.out[1].size()) + 31) / 32;
    return 0;
  };
  op.execute = [](const CoprocArgs& a, uint64_t& value) -> int64_t {
    const size_t n = std::min(a.in[0].size(), a.out[1].size());
    if (n) std::memmove(a.out[1].data(), a.in[0].data(), n);
    value = n;
    return 0;
  };
  return op;
}

// bus.release (0x2002): (value handle): frees a resident object of any family.  -22 when the
// handle holds nothing.
CoprocessorOp release() {
  CoprocessorOp op;
  op.number = 0x2002;
  op.name = "bus.release";
  op.args[0] = Arg::value;
  op.analyze = [](const CoprocArgs&, uint64_t& gas) -> int64_t { return gas = 10, 0; };
  op.execute = [](const CoprocArgs& a, uint64_t&) -> int64_t {
    return a.resident && a.resident->release(a.value[0][0]) ? 0 : coproc_error::invalid;
  };
  return op;
}

}  // namespace

std::shared_ptr<const CoprocessorSet> CoprocessorSet::builtin() {
  static const std::shared_ptr<const CoprocessorSet> set = [] {
    auto s = std::make_shared<CoprocessorSet>();
    (void)s->add(noop());
    (void)s->add(copy());
    (void)s->add(release());
    coproc::hash::register_ops(*s);
    coproc::sig::register_ops(*s);
    coproc::bigint::register_ops(*s);
    coproc::ec::register_ops(*s);
    coproc::ntt::register_ops(*s);
    coproc::eth::register_ops(*s);
    return std::shared_ptr<const CoprocessorSet>(std::move(s));
  }();
  return set;
}

}  // namespace tandem
