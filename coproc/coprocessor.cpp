// coproc/coprocessor.cpp: the implementation of tandem/coprocessor.h's containers, the interface
// between the layers: CoprocessorSet (the operation table) and ResidentStore (a machine's
// coprocessor-side objects).  A library of its own, below the coprocessor families and the
// runtime, because both sides use it: a family registers into a set and keeps resident data in a
// store; the runtime builds the sets and owns the stores.
#include <string>

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

}  // namespace tandem
