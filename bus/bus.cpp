// bus/bus.cpp: see bus.h.  The hot path (a call with small arguments) is a table lookup, a few
// range checks and two indirect calls; timing is optional because a clock read costs more than
// the rest of the round trip.
#include "bus/bus.h"

#include <chrono>
#include <cstring>
#include <new>
#if defined(__x86_64__)
#include <x86intrin.h>
#endif

namespace tandem::bus {

void Bus::configure(std::shared_ptr<const CoprocessorSet> set, bool timing, uint64_t resident_limit,
                    unsigned threads) {
  set_ = std::move(set);
  timing_ = timing;
  resident_.clear();
  resident_.set_limit(resident_limit);
  args_.resident = &resident_;
  args_.threads = threads ? threads : 1;
  stats_.clear();
  if (!set_) return;
  stats_.resize(set_->ops().size());
  shapes_.resize(set_->ops().size());
  for (size_t i = 0; i < stats_.size(); ++i) {
    const CoprocessorOp& op = set_->ops()[i];
    stats_[i].number = op.number;
    stats_[i].name = op.name;
    bool in = false, out = false;
    for (Arg a : op.args) in |= a == Arg::in, out |= a == Arg::out || a == Arg::inout;
    shapes_[i].memory = in || out;
    shapes_[i].overlap = in && out;
  }
}

uint64_t Bus::ticks() noexcept {
#if defined(__x86_64__)
  return __rdtsc();  // a tenth of the cost of a clock read; converted with the run's own rate
#else
  return uint64_t(std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count());
#endif
}

double Bus::ns_per_tick(uint64_t ticks0, uint64_t ticks1, uint64_t ns) noexcept {
#if defined(__x86_64__)
  return ticks1 > ticks0 ? double(ns) / double(ticks1 - ticks0) : 0.0;
#else
  (void)ticks0, (void)ticks1, (void)ns;
  return 1.0;
#endif
}

namespace {
bool overlaps(std::span<const uint8_t> a, std::span<const uint8_t> b) {
  if (a.empty() || b.empty()) return false;
  return a.data() < b.data() + b.size() && b.data() < a.data() + a.size();
}
}  // namespace

// An operation's execute, with the exceptions a host operation may throw turned into statuses: a
// failed allocation is ENOMEM to the guest, anything else a failed call; the host never unwinds
// through the interpreter.  (Free on the normal path: zero-cost exception tables.)
int64_t Bus::run(const CoprocessorOp& op, const CoprocArgs& args, uint64_t& value) noexcept {
  try {
    return op.execute(args, value);
  } catch (const std::bad_alloc&) {
    return coproc_error::no_memory;
  } catch (...) {
    return coproc_error::failed;
  }
}

bool Bus::call(vm::Cpu& cpu) {
  const uint64_t number = cpu.x[17];
  const int index = set_ ? set_->find(number) : -1;
  if (index < 0) return false;
  const CoprocessorOp& op = set_->ops()[size_t(index)];
  CoprocessorStats& st = stats_[size_t(index)];

  // The argument block lives in the Bus and is overwritten field by field: building a fresh,
  // zeroed one per call cost more than the rest of a small call (wide zeroing stores that later
  // narrow loads could not forward from).
  CoprocArgs& args = args_;
  uint64_t bytes_in = 0, bytes_out = 0;
  const Shape shape = shapes_[size_t(index)];
  for (unsigned i = 0; i < 3; ++i) {
    args.value[i][0] = cpu.arg(2 * i), args.value[i][1] = cpu.arg(2 * i + 1);
    args.in[i] = {}, args.out[i] = {};
  }
  if (shape.memory) {
    for (unsigned i = 0; i < 3; ++i) {
      const uint64_t p = cpu.arg(2 * i), n = cpu.arg(2 * i + 1);
      const Arg kind = op.args[i];
      if (kind == Arg::none || kind == Arg::value) continue;
      if (kind == Arg::in) {
        auto s = cpu.readable(p, n);
        if (!s) return ++st.refused, cpu.set_result(coproc_error::fault, 0), true;
        args.in[i] = *s;
        bytes_in += n;
      } else {
        auto s = cpu.writable(p, n);
        if (!s) return ++st.refused, cpu.set_result(coproc_error::fault, 0), true;
        args.out[i] = *s;
        if (kind == Arg::inout) args.in[i] = *s, bytes_in += n;
        bytes_out += n;
      }
    }
    // Inputs are read as they were before the call, even where an output overlaps them.
    if (shape.overlap) {
      for (unsigned o = 0; o < 3; ++o) {
        if (args.out[o].empty()) continue;
        for (unsigned i = 0; i < 3; ++i) {
          if (i == o || op.args[i] != Arg::in || !overlaps(args.in[i], args.out[o])) continue;
          scratch_[i].assign(args.in[i].begin(), args.in[i].end());
          args.in[i] = scratch_[i];
        }
      }
    }
  }

  uint64_t gas = 0;
  int64_t verdict;
  try {
    verdict = op.analyze(args, gas);
  } catch (const std::bad_alloc&) {
    verdict = coproc_error::no_memory;
  } catch (...) {
    verdict = coproc_error::invalid;
  }
  if (verdict < 0) return ++st.refused, cpu.set_result(verdict, 0), true;
  if (!cpu.charge(gas)) return true;  // out of gas: the operation never runs
  ++st.calls;
  st.gas += gas;
  st.bytes_in += bytes_in;
  st.bytes_out += bytes_out;
  uint64_t value = 0;
  int64_t status;
  if (timing_) {
    const uint64_t t0 = ticks();
    status = run(op, args, value);
    st.nanoseconds += ticks() - t0;  // in ticks until stats() converts
  } else {
    status = run(op, args, value);
  }
  if (status < 0) ++st.failures;
  cpu.set_result(status < 0 ? status : 0, value);
  return true;
}

std::vector<CoprocessorStats> Bus::stats(double ns_per_tick) const {
  std::vector<CoprocessorStats> out;
  for (const auto& s : stats_) {
    if (!s.calls && !s.refused) continue;
    out.push_back(s);
    out.back().nanoseconds = uint64_t(double(s.nanoseconds) * ns_per_tick + 0.5);
  }
  return out;
}

}  // namespace tandem::bus
