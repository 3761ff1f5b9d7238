// bus/bus.cpp: see bus.h.  The hot path (a call with small arguments) is a table lookup, a few
// range checks and two indirect calls; timing is optional because a clock read costs more than
// the rest of the round trip.
#include "bus/bus.h"

#include <chrono>
#include <cstring>

namespace tandem::bus {

void Bus::configure(std::shared_ptr<const CoprocessorSet> set, bool timing) {
  set_ = std::move(set);
  timing_ = timing;
  stats_.clear();
  if (!set_) return;
  stats_.resize(set_->ops().size());
  for (size_t i = 0; i < stats_.size(); ++i) {
    stats_[i].number = set_->ops()[i].number;
    stats_[i].name = set_->ops()[i].name;
  }
}

namespace {
bool overlaps(std::span<const uint8_t> a, std::span<const uint8_t> b) {
  if (a.empty() || b.empty()) return false;
  return a.data() < b.data() + b.size() && b.data() < a.data() + a.size();
}
}  // namespace

bool Bus::call(vm::Cpu& cpu) {
  const uint64_t number = cpu.x[17];
  const int index = set_ ? set_->find(number) : -1;
  if (index < 0) return false;
  const CoprocessorOp& op = set_->ops()[size_t(index)];
  CoprocessorStats& st = stats_[size_t(index)];

  CoprocArgs args;
  uint64_t bytes_in = 0, bytes_out = 0;
  for (unsigned i = 0; i < 3; ++i) {
    const uint64_t p = cpu.arg(2 * i), n = cpu.arg(2 * i + 1);
    switch (op.args[i]) {
      case Arg::none: break;
      case Arg::value: args.value[i][0] = p, args.value[i][1] = n; break;
      case Arg::in: {
        auto s = cpu.readable(p, n);
        if (!s) return ++st.refused, cpu.set_result(coproc_error::fault, 0), true;
        args.in[i] = *s;
        bytes_in += n;
        break;
      }
      case Arg::out:
      case Arg::inout: {
        auto s = cpu.writable(p, n);
        if (!s) return ++st.refused, cpu.set_result(coproc_error::fault, 0), true;
        args.out[i] = *s;
        if (op.args[i] == Arg::inout) args.in[i] = *s, bytes_in += n;
        bytes_out += n;
        break;
      }
    }
  }
  // Inputs are read as they were before the call, even where an output overlaps them.
  for (unsigned o = 0; o < 3; ++o) {
    if (args.out[o].empty()) continue;
    for (unsigned i = 0; i < 3; ++i) {
      if (i == o || op.args[i] != Arg::in || !overlaps(args.in[i], args.out[o])) continue;
      scratch_[i].assign(args.in[i].begin(), args.in[i].end());
      args.in[i] = scratch_[i];
    }
  }

  uint64_t gas = 0;
  const int64_t verdict = op.analyze(args, gas);
  if (verdict < 0) return ++st.refused, cpu.set_result(verdict, 0), true;
  if (!cpu.charge(gas)) return true;  // out of gas: the operation never runs
  ++st.calls;
  st.gas += gas;
  st.bytes_in += bytes_in;
  st.bytes_out += bytes_out;
  uint64_t value = 0;
  int64_t status;
  if (timing_) {
    const auto t0 = std::chrono::steady_clock::now();
    status = op.execute(args, value);
    st.nanoseconds += uint64_t(std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - t0).count());
  } else {
    status = op.execute(args, value);
  }
  if (status < 0) ++st.failures;
  cpu.set_result(status < 0 ? status : 0, value);
  return true;
}

std::vector<CoprocessorStats> Bus::stats() const {
  std::vector<CoprocessorStats> out;
  for (const auto& s : stats_)
    if (s.calls || s.refused) out.push_back(s);
  return out;
}

}  // namespace tandem::bus
