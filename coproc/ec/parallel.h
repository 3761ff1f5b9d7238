// coproc/ec/parallel.h: multi-scalar multiplication over several host threads, for the bus
// operations when a machine allows a coprocessor call more than one (MachineOptions::
// coprocessor_threads).  Host-only (std::thread), unlike the freestanding arithmetic it calls.
//
// The points are decoded and checked (subgroup checks are most of a BLS12-381 MSM's cost per
// point) in contiguous chunks, one per thread; then each thread runs the curve's own MSM over its
// share of the points and the partial sums are added in order.  The result is the same group
// element, so the same bytes, whatever the thread count: a run stays deterministic, and its gas
// does not depend on threads.  A failing point reports the error of the lowest index that fails,
// as the one-thread decoding loop would.
#pragma once
#include <cstddef>
#include <cstdint>
#include <thread>
#include <vector>

#include "coproc/ec/field.h"

namespace tandem::coproc::ec {

// Calls fn(begin, end, part) for `parts` contiguous ranges of [0, n), the first on this thread.
template <class Fn>
void split(size_t n, unsigned parts, Fn fn) {
  std::vector<std::thread> pool;
  pool.reserve(parts);
  for (unsigned t = 1; t < parts; ++t)
    pool.emplace_back([=] { fn(n * t / parts, n * (t + 1) / parts, t); });
  fn(0, n / parts, 0);
  for (auto& th : pool) th.join();
}

// sum k_i P_i over decoded points, each thread taking a contiguous share and the partial sums
// added in order.  msm as below.  False when an MSM could not allocate its buckets.
template <class Affine, class Jacobian, class Msm>
bool msm_split(const Affine* pts, const BigInt<4>* sc, size_t k, unsigned threads, Msm msm,
               Jacobian& result) {
  std::vector<Jacobian> part(threads, Jacobian::identity());
  std::vector<char> ok(threads, 1);
  split(k, threads, [&](size_t b, size_t e, unsigned t) {
    if (e > b) ok[t] = msm(pts + b, sc + b, e - b, part[t]);
  });
  result = Jacobian::identity();
  for (unsigned t = 0; t < threads; ++t) {
    if (!ok[t]) return false;
    result = result + part[t];
  }
  return true;
}

// MSM over k records of (point of `point_bytes` || 32-byte scalar) at `in`.
//   decode(const uint8_t* in, size_t stride, size_t count, Affine* out, size_t* bad) -> int (0, or
//   the error of the lowest failing point, its index in *bad); msm(const Affine*, const
//   BigInt<4>*, size_t, Jacobian&) -> bool (false: out of memory).  Returns 0, a decode error, or
//   no_memory.
template <class Affine, class Jacobian, class Decode, class Msm>
int msm_threads(const uint8_t* in, size_t k, size_t point_bytes, unsigned threads, Decode decode,
                Msm msm, int no_memory, Jacobian& result) {
  const size_t rec = point_bytes + 32;
  std::vector<Affine> pts(k);
  std::vector<BigInt<4>> sc(k);
  std::vector<size_t> bad_at(threads, k);
  std::vector<int> bad_err(threads, 0);
  split(k, threads, [&](size_t b, size_t e, unsigned t) {
    size_t bad = 0;
    if (int err = decode(in + b * rec, rec, e - b, pts.data() + b, &bad)) {
      bad_at[t] = b + bad, bad_err[t] = err;
      return;
    }
    for (size_t i = b; i < e; ++i) (void)sc[i].from_be(in + i * rec + point_bytes, 32);
  });
  for (unsigned t = 0; t < threads; ++t)  // chunks are in index order: the first bad one is lowest
    if (bad_at[t] < k) return bad_err[t];
  return msm_split(pts.data(), sc.data(), k, threads, msm, result) ? 0 : no_memory;
}

// A chunk decoder for msm_threads from a one-point decoder decode(const uint8_t*, Affine&) -> int.
template <class Affine, class Decode>
auto each_point(Decode decode) {
  return [decode](const uint8_t* in, size_t stride, size_t count, Affine* out, size_t* bad) {
    for (size_t i = 0; i < count; ++i)
      if (int err = decode(in + i * stride, out[i])) return *bad = i, err;
    return 0;
  };
}

}  // namespace tandem::coproc::ec
