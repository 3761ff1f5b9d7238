// runtime/coprocessors.cpp: the CoprocessorSet registry and the operations tandem ships.
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

CoprocessorSet::CoprocessorSet() { index_.fill(-1); }

Expected<uint32_t> CoprocessorSet::add(CoprocessorOp op) {
  if (op.number < kCoprocFirst || op.number > kCoprocLast)
    return Error{"coprocessor operation '" + op.name + "': number " + std::to_string(op.number) +
                 " is outside the coprocessor range 0x2000..0x2fff"};
  if (op.name.empty()) return Error{"coprocessor operation " + std::to_string(op.number) + " has no name"};
  if (!op.analyze || !op.execute) return Error{"coprocessor operation '" + op.name + "' needs both analyze and execute"};
  if (index_[op.number - kCoprocFirst] >= 0)
    return Error{"coprocessor operation number " + std::to_string(op.number) + " is already taken by '" +
                 ops_[size_t(index_[op.number - kCoprocFirst])].name + "'"};
  for (const auto& o : ops_)
    if (o.name == op.name) return Error{"coprocessor operation name '" + op.name + "' is already taken"};
  const uint32_t number = op.number;
  index_[number - kCoprocFirst] = int16_t(ops_.size());
  ops_.push_back(std::move(op));
  return number;
}

int64_t ResidentStore::add(uint32_t kind, std::unique_ptr<Resident> obj) {
  if (!obj) return coproc_error::invalid;
  const uint64_t b = obj->bytes();
  if (!fits(b)) return coproc_error::no_memory;
  size_t i = 0;
  while (i < slots_.size() && slots_[i].obj) ++i;  // lowest free handle: deterministic
  if (i == slots_.size()) {
    if (slots_.size() >= kMaxHandles) return coproc_error::no_memory;
    slots_.emplace_back();
  }
  slots_[i].kind = kind;
  slots_[i].obj = std::move(obj);
  used_ += b;
  return int64_t(i + 1);
}

Resident* ResidentStore::get(uint64_t handle, uint32_t kind) const noexcept {
  if (handle == 0 || handle > slots_.size()) return nullptr;
  const Slot& s = slots_[handle - 1];
  return s.obj && s.kind == kind ? s.obj.get() : nullptr;
}

bool ResidentStore::release(uint64_t handle, uint32_t kind) noexcept {
  return get(handle, kind) && release(handle);
}

bool ResidentStore::release(uint64_t handle) noexcept {
  if (handle == 0 || handle > slots_.size() || !slots_[handle - 1].obj) return false;
  Slot& s = slots_[handle - 1];
  used_ -= s.obj->bytes();
  s.obj.reset();
  s.kind = 0;
  while (!slots_.empty() && !slots_.back().obj) slots_.pop_back();
  return true;
}

size_t ResidentStore::count() const noexcept {
  size_t n = 0;
  for (const Slot& s : slots_) n += s.obj != nullptr;
  return n;
}

void ResidentStore::clear() noexcept {
  slots_.clear();
  used_ = 0;
}

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
