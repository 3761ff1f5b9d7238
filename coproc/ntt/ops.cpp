// coproc/ntt/ops.cpp: the NTT family's operation table (docs/coprocessors.md).
//
// Argument registers: a0 = field (0 Goldilocks, 1 BabyBear, 2 BN254 scalar field), a1 = log_n for
// the one-shot transform and for making a plan; a0 = handle, a1 = kind for a plan's transform.
// The data is `count` polynomials of 2^log_n canonical elements back to back, transformed in
// place; a length that is not a positive multiple of one polynomial, or an element >= p, is
// EINVAL and leaves the data as it was.
#include <memory>

#include "coproc/ntt/ntt.h"
#include "coproc/ntt/ops.h"

namespace tandem::coproc::ntt {
namespace {

bool field_of(uint64_t v, Field& f) noexcept {
  if (v > 2) return false;
  f = Field(v);
  return true;
}

// Polynomials in `bytes` for (f, log_n), or 0 when the length does not fit.
size_t count_of(Field f, unsigned log_n, size_t bytes) noexcept {
  const size_t poly = element_bytes(f) << log_n;
  return bytes && bytes % poly == 0 ? bytes / poly : 0;
}

// Validation reads every element once: 1 gas per 16 bytes on top of the transform.
uint64_t gas_of(Field f, unsigned log_n, size_t count, size_t bytes) noexcept {
  const uint64_t g = ntt_gas(f, log_n, count), v = bytes / 16;
  return g + v < g ? ~uint64_t(0) : g + v;
}

void run(const Plan& p, uint64_t kind, void* data, size_t count) {
  switch (kind) {
    case kForward: p.forward(data, count); break;
    case kInverse: p.inverse(data, count); break;
    case kCosetForward: p.coset_forward(data, count); break;
    default: p.coset_inverse(data, count); break;
  }
}

struct ResidentPlan final : Resident {
  std::unique_ptr<Plan> plan;
  size_t bytes() const noexcept override { return sizeof(*this) + plan->memory_bytes(); }
};

const Plan* plan_of(const CoprocArgs& a) {
  if (!a.resident) return nullptr;
  auto* r = static_cast<const ResidentPlan*>(a.resident->get(a.value[0][0], kResidentPlan));
  return r ? r->plan.get() : nullptr;
}

CoprocessorOp transform_op() {
  CoprocessorOp op;
  op.number = kOpTransform;
  op.name = "ntt.transform";
  op.args[0] = Arg::value;
  op.args[1] = Arg::inout;
  op.args[2] = Arg::value;
  op.analyze = [](const CoprocArgs& a, uint64_t& gas) -> int64_t {
    Field f;
    if (!field_of(a.value[0][0], f) || a.value[0][1] > max_log_n(f) || a.value[2][0] > 3)
      return coproc_error::invalid;
    const unsigned log_n = unsigned(a.value[0][1]);
    const size_t count = count_of(f, log_n, a.out[1].size());
    if (!count) return coproc_error::invalid;
    gas = gas_of(f, log_n, count, a.out[1].size());
    return 0;
  };
  op.execute = [](const CoprocArgs& a, uint64_t&) -> int64_t {
    const Field f = Field(a.value[0][0]);
    const unsigned log_n = unsigned(a.value[0][1]);
    uint8_t* data = a.out[1].data();
    if (!validate(f, data, a.out[1].size() / element_bytes(f))) return coproc_error::invalid;
    const size_t count = count_of(f, log_n, a.out[1].size());
    bool ok = false;
    switch (a.value[2][0]) {
      case kForward: ok = forward(f, log_n, data, count); break;
      case kInverse: ok = inverse(f, log_n, data, count); break;
      case kCosetForward: ok = coset_forward(f, log_n, data, count); break;
      default: ok = coset_inverse(f, log_n, data, count); break;
    }
    return ok ? 0 : coproc_error::invalid;
  };
  return op;
}

CoprocessorOp plan_op() {
  CoprocessorOp op;
  op.number = kOpPlan;
  op.name = "ntt.plan";
  op.args[0] = Arg::value;
  op.analyze = [](const CoprocArgs& a, uint64_t& gas) -> int64_t {
    Field f;
    if (!field_of(a.value[0][0], f) || a.value[0][1] > max_log_n(f)) return coproc_error::invalid;
    gas = ntt_gas(f, unsigned(a.value[0][1]), 1);  // the tables cost about one transform
    return 0;
  };
  op.execute = [](const CoprocArgs& a, uint64_t& value) -> int64_t {
    if (!a.resident) return coproc_error::invalid;
    const Field f = Field(a.value[0][0]);
    const unsigned log_n = unsigned(a.value[0][1]);
    // Refuse before building: the tables are about two elements per point.
    if (!a.resident->fits(2 * (element_bytes(f) << log_n))) return coproc_error::no_memory;
    auto r = std::make_unique<ResidentPlan>();
    r->plan = Plan::create(f, log_n);
    if (!r->plan) return coproc_error::invalid;
    const int64_t h = a.resident->add(kResidentPlan, std::move(r));
    if (h < 0) return h;
    value = uint64_t(h);
    return 0;
  };
  return op;
}

CoprocessorOp plan_transform_op() {
  CoprocessorOp op;
  op.number = kOpPlanTransform;
  op.name = "ntt.plan_transform";
  op.args[0] = Arg::value;
  op.args[1] = Arg::inout;
  op.analyze = [](const CoprocArgs& a, uint64_t& gas) -> int64_t {
    const Plan* p = plan_of(a);
    if (!p || a.value[0][1] > 3) return coproc_error::invalid;
    const size_t count = count_of(p->field(), p->log_n(), a.out[1].size());
    if (!count) return coproc_error::invalid;
    gas = gas_of(p->field(), p->log_n(), count, a.out[1].size());
    return 0;
  };
  op.execute = [](const CoprocArgs& a, uint64_t&) -> int64_t {
    const Plan& p = *plan_of(a);
    uint8_t* data = a.out[1].data();
    if (!validate(p.field(), data, a.out[1].size() / element_bytes(p.field())))
      return coproc_error::invalid;
    run(p, a.value[0][1], data, count_of(p.field(), p.log_n(), a.out[1].size()));
    return 0;
  };
  return op;
}

}  // namespace

std::vector<CoprocessorOp> ops() { return {transform_op(), plan_op(), plan_transform_op()}; }

void register_ops(CoprocessorSet& set) {
  for (CoprocessorOp& op : ops()) (void)set.add(std::move(op));
}

}  // namespace tandem::coproc::ntt
