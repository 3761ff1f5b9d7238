// coproc/ntt/ntt.cpp: plans (twiddle and coset tables), the transform drivers, validation, the
// plan cache behind the one-shot functions, and gas.
//
// Small n (<= 2^12) runs a radix-2 DIF in place then a bit-reversal permutation, all in cache.
// Larger n is a four-step transform through a scratch buffer, with n = n1 * n2 and the input seen
// as an n1 x n2 matrix: pass 1 transforms the columns (strips of kLanes adjacent columns copied to
// a contiguous buffer), applies the twiddles omega^(i1*j2) and writes the strip transposed into
// scratch; pass 2 does the same for the columns of scratch and writes the result in natural order
// back into the caller's buffer.  Each element crosses memory twice (the least any transform
// larger than the caches can do) and every strip's transform runs in L1/L2.  The transposes and
// the bit reversals ride on the copies between strip and memory, so no pass is spent on them.
#if defined(__x86_64__)
#include <cpuid.h>
#endif
#include "coproc/ntt/ntt.h"

#include <sys/mman.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <thread>
#include <vector>

#include "coproc/ntt/field.h"
#include "coproc/ntt/kernels.h"

namespace tandem::coproc::ntt {

namespace {
// BMI2 and ADX from cpuid leaf 7 (EBX bits 8 and 19): clang 14's __builtin_cpu_supports knows
// neither name.
bool cpu_has_bmi2_adx() noexcept {
#if defined(__x86_64__)
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return false;
  return (b >> 8 & 1) && (b >> 19 & 1);
#else
  return false;
#endif
}
}  // namespace
namespace {

using detail::Kernels;

// p - 1 as little-endian limbs.
template <class F>
std::array<uint64_t, 4> p_minus_1() {
  if constexpr (std::is_same_v<F, field::Bn254>) {
    return {F::P.v[0] - 1, F::P.v[1], F::P.v[2], F::P.v[3]};
  } else {
    return {uint64_t(F::P) - 1, 0, 0, 0};
  }
}

std::array<uint64_t, 4> shr(std::array<uint64_t, 4> a, unsigned k) {
  for (unsigned s = 0; s < k; ++s) {
    for (int i = 0; i < 4; ++i) a[i] = (a[i] >> 1) | (i < 3 ? a[i + 1] << 63 : 0);
  }
  return a;
}

template <class F>
typename F::T inverse_of(const typename F::T& a) {
  auto e = p_minus_1<F>();
  e[0] -= 1;  // p - 2; p - 1 is even so no borrow
  return field::pow_std<F>(a, e.data(), 4);
}

// omega_n = g^((p - 1) / n).
template <class F>
typename F::T root_of_unity(unsigned log_n) {
  const auto e = shr(p_minus_1<F>(), log_n);
  return field::pow_std<F>(F::from_u64(F::kGenerator), e.data(), 4);
}

// Powers base^0 .. base^(count-1), standard form.
template <class F>
std::vector<typename F::T> powers(typename F::T base, size_t count, typename F::T first) {
  std::vector<typename F::T> out(count);
  const auto bm = F::to_mult(base);
  typename F::T x = first;
  for (size_t i = 0; i < count; ++i) {
    out[i] = x;
    x = F::mul(x, bm);
  }
  return out;
}

template <class F>
void to_mult(std::vector<typename F::T>& v) {
  for (auto& x : v) x = F::to_mult(x);
}

// DIF twiddles for transforms of length m with root w (w^m = 1): t[h + j] = w^(j * m / (2h)).
template <class F>
std::vector<typename F::T> dif_twiddles(typename F::T w, size_t m) {
  std::vector<typename F::T> t(std::max<size_t>(m, 1), F::to_mult(F::one()));
  if (m < 2) return t;
  const auto pw = powers<F>(w, m / 2, F::one());
  for (size_t h = 1; h < m; h *= 2) {
    const size_t stride = m / (2 * h);
    for (size_t j = 0; j < h; ++j) t[h + j] = F::to_mult(pw[j * stride]);
  }
  return t;
}

// The radix-4 kernels' third twiddles: t3[h + j] = w^(3j * m / (2h)), for h = 2, 4, ... < m.
template <class F>
std::vector<typename F::T> dif_twiddles3(typename F::T w, size_t m) {
  std::vector<typename F::T> t(std::max<size_t>(m, 1), F::to_mult(F::one()));
  if (m < 4) return t;
  const auto pw = powers<F>(w, m, F::one());
  for (size_t h = 2; h < m; h *= 2) {
    const size_t stride = m / (2 * h);
    for (size_t j = 0; j < h; ++j) t[h + j] = F::to_mult(pw[3 * j * stride % m]);
  }
  return t;
}

std::vector<uint32_t> bit_reversal(unsigned bits) {
  std::vector<uint32_t> r(size_t(1) << bits);
  for (size_t i = 0; i < r.size(); ++i) {
    uint32_t v = 0;
    for (unsigned b = 0; b < bits; ++b) v |= uint32_t((i >> b) & 1) << (bits - 1 - b);
    r[i] = v;
  }
  return r;
}

// An uninitialised, 64-byte aligned array; large ones ask for transparent huge pages, which
// matter for the strided strip copies (each row of a strip lands on another 4 KiB page).
template <class T>
class Buffer {
 public:
  Buffer() = default;
  explicit Buffer(size_t n) : n_(n) {
    const size_t align = n * sizeof(T) >= (size_t(2) << 20) ? (size_t(2) << 20) : 64;
    const size_t bytes = (n * sizeof(T) + align - 1) / align * align;
    p_ = static_cast<T*>(std::aligned_alloc(align, std::max(bytes, align)));
    if (!p_) throw std::bad_alloc();
    if (align > 64) madvise(p_, bytes, MADV_HUGEPAGE);
  }
  Buffer(Buffer&& o) noexcept : p_(o.p_), n_(o.n_) { o.p_ = nullptr, o.n_ = 0; }
  Buffer& operator=(Buffer&& o) noexcept {
    std::swap(p_, o.p_), std::swap(n_, o.n_);
    return *this;
  }
  ~Buffer() { std::free(p_); }
  T* get() const { return p_; }
  size_t size() const { return n_; }

 private:
  T* p_ = nullptr;
  size_t n_ = 0;
};

enum Dir : int { kForward = 0, kInverse = 1 };

template <class F>
class PlanImpl final : public Plan {
  using T = typename F::T;
  // Lanes per strip: 64 bytes, one cache line, per row for the 4- and 8-byte fields.
  static constexpr size_t kLanes = sizeof(T) >= 32 ? 2 : 64 / sizeof(T);
  static constexpr unsigned kSmallLog = 12;

 public:
  PlanImpl(Field f, unsigned log_n, const Kernels<F>& kernels, unsigned vector_bits,
           unsigned threads)
      : Plan(f, log_n), k_(kernels), vector_bits_(vector_bits), threads_(threads) {
    const size_t n = size_t(1) << log_n;
    const T g = F::from_u64(F::kGenerator);
    const T g_inv = inverse_of<F>(g);
    const T w[2] = {root_of_unity<F>(log_n), inverse_of<F>(root_of_unity<F>(log_n))};
    const T n_inv = inverse_of<F>(F::from_u64(n));
    n_inv_m_ = F::to_mult(n_inv);
    if (log_n <= kSmallLog) {
      for (int d = 0; d < 2; ++d) {
        tw1_[d] = dif_twiddles<F>(w[d], n);
        tw1x3_[d] = dif_twiddles3<F>(w[d], n);
      }
      coset_ = powers<F>(g, n, F::one());
      to_mult<F>(coset_);
      coset_inv_ = powers<F>(g_inv, n, n_inv);
      to_mult<F>(coset_inv_);
      rev1_ = bit_reversal(log_n);
      return;
    }
    k1_ = log_n / 2;
    k2_ = log_n - k1_;
    const size_t n1 = size_t(1) << k1_, n2 = size_t(1) << k2_;
    rev1_ = bit_reversal(k1_);
    rev2_ = bit_reversal(k2_);
    for (int d = 0; d < 2; ++d) {
      tw1_[d] = dif_twiddles<F>(field::pow_std<F>(w[d], n2), n1);
      tw2_[d] = dif_twiddles<F>(field::pow_std<F>(w[d], n1), n2);
      tw1x3_[d] = dif_twiddles3<F>(field::pow_std<F>(w[d], n2), n1);
      tw2x3_[d] = dif_twiddles3<F>(field::pow_std<F>(w[d], n1), n2);
      lt_[d].resize(n1 * kLanes);
      step_[d].resize(n1);
      const auto pw = powers<F>(w[d], n1, F::one());
      for (size_t r = 0; r < n1; ++r) {
        const auto row = powers<F>(pw[rev1_[r]], kLanes + 1, F::one());
        for (size_t l = 0; l < kLanes; ++l) lt_[d][r * kLanes + l] = F::to_mult(row[l]);
        step_[d][r] = F::to_mult(row[kLanes]);
      }
      w_[d] = w[d];
    }
    // Coset factors g^(j1*n2 + j2) = g1[j1] * g2[j2]; inverse g^-(i2*n1 + i1) = gi1[r] * gi2[i1]
    // with pass 2's rows in bit-reversed order of i2.
    g1_ = powers<F>(field::pow_std<F>(g, n2), n1, F::one());
    g2_ = powers<F>(g, n2, F::one());
    const auto gi1 = powers<F>(field::pow_std<F>(g_inv, n1), n2, F::one());
    gi1_.resize(n2);
    for (size_t r = 0; r < n2; ++r) gi1_[r] = gi1[rev2_[r]];
    gi2_ = powers<F>(g_inv, n1, F::one());
    for (auto* v : {&g1_, &g2_, &gi1_, &gi2_}) to_mult<F>(*v);
  }

  size_t memory_bytes() const noexcept override {
    size_t elems = coset_.size() + coset_inv_.size() + g1_.size() + g2_.size() + gi1_.size() +
                   gi2_.size();
    for (int d = 0; d < 2; ++d) {
      elems += tw1_[d].size() + tw2_[d].size() + tw1x3_[d].size() + tw2x3_[d].size() +
               lt_[d].size() + step_[d].size();
    }
    return sizeof(*this) + elems * sizeof(T) + (rev1_.size() + rev2_.size()) * 4 +
           scratch_bytes();
  }
  // The plan keeps one scratch buffer once used (counted in memory_bytes); a call that finds it
  // taken by another thread allocates its own for its duration.
  size_t scratch_bytes() const noexcept override {
    return log_n() <= kSmallLog ? 0 : n() * sizeof(T);
  }
  unsigned vector_bits() const noexcept override { return vector_bits_; }
  unsigned threads() const noexcept override { return threads_; }

  void forward(void* data, size_t count) const override { run(data, count, kForward, false); }
  void inverse(void* data, size_t count) const override { run(data, count, kInverse, false); }
  void coset_forward(void* data, size_t count) const override {
    run(data, count, kForward, true);
  }
  void coset_inverse(void* data, size_t count) const override {
    run(data, count, kInverse, true);
  }

 private:
  void run(void* data, size_t count, Dir d, bool coset) const {
    const size_t n = this->n();
    if (count == 0) return;
    // Elements are read in place; a misaligned buffer (possible for guest memory) goes through an
    // aligned copy rather than through misaligned loads.
    if (reinterpret_cast<uintptr_t>(data) % alignof(T) != 0) {
      Buffer<T> tmp(n);
      auto* bytes = static_cast<uint8_t*>(data);
      for (size_t p = 0; p < count; ++p) {
        std::memcpy(tmp.get(), bytes + p * n * sizeof(T), n * sizeof(T));
        run(tmp.get(), 1, d, coset);
        std::memcpy(bytes + p * n * sizeof(T), tmp.get(), n * sizeof(T));
      }
      return;
    }
    T* x = static_cast<T*>(data);
    if (log_n() <= kSmallLog) {
      // Whole polynomials per thread, when there is enough work to pay for starting a thread.
      const size_t t = count * n >= kMinThreadElems ? std::min<size_t>(threads_, count) : 1;
      parallel(t, [&](size_t i) {
        for (size_t p = count * i / t; p < count * (i + 1) / t; ++p) small(x + p * n, d, coset);
      });
      return;
    }
    Buffer<T> scratch = take_scratch();
    for (size_t p = 0; p < count; ++p) large(x + p * n, scratch.get(), d, coset);
    give_scratch(std::move(scratch));
  }

  // fn(0) .. fn(t - 1), fn(0) on the calling thread and each other on a thread of its own.
  template <class Fn>
  static void parallel(size_t t, const Fn& fn) {
    if (t <= 1) return fn(0);
    std::vector<std::thread> pool;
    pool.reserve(t - 1);
    for (size_t i = 1; i < t; ++i) pool.emplace_back([&fn, i] { fn(i); });
    fn(0);
    for (auto& th : pool) th.join();
  }

  void small(T* x, Dir d, bool coset) const {
    const size_t n = this->n();
    if (coset && d == kForward) k_.mul_pointwise(x, coset_.data(), n, 1);
    detail::dif(k_, x, n, 1, tw1_[d].data(), tw1x3_[d].data());
    for (size_t i = 0; i < n; ++i) {
      const size_t r = rev1_[i];
      if (i < r) std::swap(x[i], x[r]);
    }
    if (d == kInverse) {
      if (coset) {
        k_.mul_pointwise(x, coset_inv_.data(), n, 1);
      } else {
        k_.mul_pointwise(x, &n_inv_m_, n, 0);
      }
    }
  }

  // With threads, each pass's columns are split between them (in whole strips), the passes
  // separated by a join: every element's arithmetic is the same as with one thread.
  void large(T* x, T* s, Dir d, bool coset) const {
    const size_t n1 = size_t(1) << k1_, n2 = size_t(1) << k2_;
    const size_t t = n() >= kMinThreadElems ? threads_ : 1;
    std::vector<Buffer<T>> bufs, fs;
    for (size_t i = 0; i < t; ++i) {
      bufs.emplace_back(std::max(n1, n2) * kLanes);
      fs.emplace_back(n1);
    }
    // Strip-aligned bounds of part i of [0, m) columns.
    auto bound = [t](size_t m, size_t i) { return m / kLanes * i / t * kLanes; };
    parallel(t, [&](size_t i) {
      pass1(x, s, d, coset, bound(n2, i), bound(n2, i + 1), bufs[i].get(), fs[i].get());
    });
    parallel(t, [&](size_t i) {
      pass2(s, x, d, coset, bound(n1, i), bound(n1, i + 1), bufs[i].get());
    });
  }

  // Columns [c0, c1) of x (n1 x n2) to rows [c0, c1) of s (n2 x n1).
  void pass1(const T* x, T* s, Dir d, bool coset, size_t c0, size_t c1, T* buf, T* f) const {
    const size_t n1 = size_t(1) << k1_, n2 = size_t(1) << k2_, n = n1 * n2;
    constexpr size_t L = kLanes;
    // f[r] = w^(rev1(r) * c) (times n^-1 when inverting), stepped by w^(rev1(r) * L) per strip.
    // For c0 > 0 (a later thread's share): f[r] = (w^c0)^rev1(r), from the powers of w^c0.
    const T scale = d == kInverse ? inverse_of<F>(F::from_u64(n)) : F::one();
    const auto pc = powers<F>(field::pow_std<F>(w_[d], c0), c0 == 0 ? 1 : n1, scale);
    for (size_t r = 0; r < n1; ++r) f[r] = F::to_mult(pc[c0 == 0 ? 0 : rev1_[r]]);
    for (size_t c = c0; c < c1; c += L) {
      for (size_t j1 = 0; j1 < n1; ++j1) std::memcpy(buf + j1 * L, x + j1 * n2 + c, L * sizeof(T));
      if (coset && d == kForward) k_.mul_outer(buf, n1, L, g1_.data(), g2_.data() + c, 0);
      detail::dif(k_, buf, n1, L, tw1_[d].data(), tw1x3_[d].data());
      k_.mul_outer(buf, n1, L, f, lt_[d].data(), L);
      k_.mul_pointwise(f, step_[d].data(), n1, 1);
      // The transposed write, in blocks of 8 rows so each scratch row gets 8 consecutive stores;
      // meanwhile the next strip's rows are prefetched (one per row of this one), so its copy-in
      // finds them in cache instead of waiting out a miss per row.
      const bool more = c + L < c1;
      for (size_t i1 = 0; i1 < n1; i1 += 8) {
        const T* src[8];
        for (size_t b = 0; b < 8; ++b) {
          src[b] = buf + size_t(rev1_[i1 + b]) * L;
          if (more) __builtin_prefetch(x + (i1 + b) * n2 + c + L);
        }
        T* dst = s + c * n1 + i1;
        for (size_t l = 0; l < L; ++l) {
          for (size_t b = 0; b < 8; ++b) dst[l * n1 + b] = src[b][l];
        }
      }
    }
  }

  // Columns [c0, c1) of s (n2 x n1) to columns [c0, c1) of y (n2 x n1, natural order).
  void pass2(const T* s, T* y, Dir d, bool coset, size_t c0, size_t c1, T* buf) const {
    const size_t n1 = size_t(1) << k1_, n2 = size_t(1) << k2_;
    constexpr size_t L = kLanes;
    for (size_t c = c0; c < c1; c += L) {
      for (size_t j2 = 0; j2 < n2; ++j2) std::memcpy(buf + j2 * L, s + j2 * n1 + c, L * sizeof(T));
      detail::dif(k_, buf, n2, L, tw2_[d].data(), tw2x3_[d].data());
      if (coset && d == kInverse) k_.mul_outer(buf, n2, L, gi1_.data(), gi2_.data() + c, 0);
      const bool more = c + L < c1;
      for (size_t i2 = 0; i2 < n2; ++i2) {
        if (more) __builtin_prefetch(s + i2 * n1 + c + L);
        std::memcpy(y + i2 * n1 + c, buf + size_t(rev2_[i2]) * L, L * sizeof(T));
      }
    }
  }

  Buffer<T> take_scratch() const {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (spare_.get()) return std::move(spare_);
    }
    return Buffer<T>(n());
  }
  void give_scratch(Buffer<T>&& b) const {
    std::lock_guard<std::mutex> lock(mu_);
    if (!spare_.get()) spare_ = std::move(b);
  }

  // Below this many elements per call a transform runs on the calling thread only: starting a
  // thread costs tens of microseconds, a 2^14-element transform about a hundred.
  static constexpr size_t kMinThreadElems = size_t(1) << 14;

  Kernels<F> k_;
  unsigned vector_bits_;
  unsigned threads_;
  unsigned k1_ = 0, k2_ = 0;
  T n_inv_m_;
  T w_[2];
  std::vector<T> tw1_[2], tw2_[2], tw1x3_[2], tw2x3_[2], lt_[2], step_[2];
  std::vector<T> coset_, coset_inv_, g1_, g2_, gi1_, gi2_;
  std::vector<uint32_t> rev1_, rev2_;
  mutable std::mutex mu_;
  mutable Buffer<T> spare_;
};

// The widest vector path `impl` allows on this CPU: 512, 256 or 0.
unsigned vector_bits_for(Impl impl) {
  static const bool avx2 = __builtin_cpu_supports("avx2");
  static const bool avx512 = __builtin_cpu_supports("avx512f");
  if (impl == Impl::kPortable) return 0;
  if (impl == Impl::kAuto && avx512) return 512;
  return avx2 ? 256 : 0;
}

template <class F>
Kernels<F> kernels_for(unsigned bits, Kernels<F> (*k256)(), Kernels<F> (*k512)()) {
  return bits == 512 ? k512() : bits == 256 ? k256() : detail::portable::kernels<F>();
}

}  // namespace

size_t element_bytes(Field f) noexcept {
  switch (f) {
    case Field::kGoldilocks: return 8;
    case Field::kBabyBear: return 4;
    case Field::kBn254: return 32;
  }
  return 0;
}

unsigned max_log_n(Field f) noexcept {
  switch (f) {
    case Field::kGoldilocks: return std::min(kMaxLogN, field::Goldilocks::kTwoAdicity);
    case Field::kBabyBear: return std::min(kMaxLogN, field::BabyBear::kTwoAdicity);
    case Field::kBn254: return std::min(kMaxLogN, field::Bn254::kTwoAdicity);
  }
  return 0;
}

bool validate(Field f, const void* data, size_t n_elems) noexcept {
  const auto* p = static_cast<const uint8_t*>(data);
  switch (f) {
    case Field::kGoldilocks:
      for (size_t i = 0; i < n_elems; ++i) {
        uint64_t v;
        std::memcpy(&v, p + 8 * i, 8);
        if (v >= field::Goldilocks::P) return false;
      }
      return true;
    case Field::kBabyBear:
      for (size_t i = 0; i < n_elems; ++i) {
        uint32_t v;
        std::memcpy(&v, p + 4 * i, 4);
        if (v >= field::BabyBear::P) return false;
      }
      return true;
    case Field::kBn254:
      for (size_t i = 0; i < n_elems; ++i) {
        field::Bn254::T v;
        std::memcpy(&v, p + 32 * i, 32);
        if (!field::Bn254::canonical(v)) return false;
      }
      return true;
  }
  return false;
}

std::unique_ptr<Plan> Plan::create(Field f, unsigned log_n, Impl impl, unsigned threads) {
  if (element_bytes(f) == 0 || log_n > max_log_n(f)) return nullptr;
  threads = std::clamp(threads, 1u, kMaxThreads);
  const unsigned bits = vector_bits_for(impl);
  switch (f) {
    case Field::kGoldilocks: {
      using G = field::Goldilocks;
      return std::make_unique<PlanImpl<G>>(
          f, log_n, kernels_for<G>(bits, &detail::avx2_goldilocks, &detail::avx512_goldilocks),
          bits, threads);
    }
    case Field::kBabyBear: {
      using B = field::BabyBear;
      return std::make_unique<PlanImpl<B>>(
          f, log_n, kernels_for<B>(bits, &detail::avx2_babybear, &detail::avx512_babybear), bits,
          threads);
    }
    case Field::kBn254: {
      // No SIMD path (vector_bits 0), but mulx/adc carry chains where the CPU has them.
      static const bool adx = cpu_has_bmi2_adx();
      using B = field::Bn254;
      return std::make_unique<PlanImpl<B>>(
          f, log_n,
          adx && impl != Impl::kPortable ? detail::adx_bn254() : detail::portable::kernels<B>(), 0,
          threads);
    }
  }
  return nullptr;
}

namespace {

// The most recently used plans.  shared_ptr: a plan evicted while another thread runs it lives
// until that call returns.
std::shared_ptr<const Plan> cached_plan(Field f, unsigned log_n) {
  constexpr size_t kEntries = 6;
  static std::mutex mu;
  static std::vector<std::shared_ptr<const Plan>> plans;  // most recent last
  {
    std::lock_guard<std::mutex> lock(mu);
    for (size_t i = plans.size(); i-- > 0;) {
      if (plans[i]->field() == f && plans[i]->log_n() == log_n) {
        auto p = plans[i];
        plans.erase(plans.begin() + long(i));
        plans.push_back(p);
        return p;
      }
    }
  }
  std::shared_ptr<const Plan> p = Plan::create(f, log_n);  // built outside the lock
  if (!p) return p;
  std::lock_guard<std::mutex> lock(mu);
  if (plans.size() >= kEntries) plans.erase(plans.begin());
  plans.push_back(p);
  return p;
}

}  // namespace

bool forward(Field f, unsigned log_n, void* data, size_t count) {
  const auto p = cached_plan(f, log_n);
  if (p) p->forward(data, count);
  return p != nullptr;
}
bool inverse(Field f, unsigned log_n, void* data, size_t count) {
  const auto p = cached_plan(f, log_n);
  if (p) p->inverse(data, count);
  return p != nullptr;
}
bool coset_forward(Field f, unsigned log_n, void* data, size_t count) {
  const auto p = cached_plan(f, log_n);
  if (p) p->coset_forward(data, count);
  return p != nullptr;
}
bool coset_inverse(Field f, unsigned log_n, void* data, size_t count) {
  const auto p = cached_plan(f, log_n);
  if (p) p->coset_inverse(data, count);
  return p != nullptr;
}

uint64_t ntt_gas(Field f, unsigned log_n, size_t count) noexcept {
  // Gas per 1000 element-levels (count * n * log_n) at 1 gas ~ 1.3 ns, from bench/ntt_bench.cpp
  // (forward, one thread, real time, median of 3) on the reference machine (2 cores, AVX-512 with
  // BMI2/ADX, g++ 12 -O2, the other core busy) with the path kAuto picks there, at the case where
  // the cost per element-level is highest among 2^16, 2^20, 2^24 and a batch of 2^12s:
  // Goldilocks 1.11 ns (2^12 batch; 0.57-0.82 ns from 2^16 up), BabyBear 0.76 ns (2^12 batch;
  // 0.26-0.41 ns), BN254 34 ns (2^16; 19 ns at 2^20).  Rounded up; plus 200 for the call itself.
  // Threads (Plan::create) do not change the gas.
  uint64_t milli;
  switch (f) {
    case Field::kGoldilocks: milli = 860; break;
    case Field::kBabyBear: milli = 590; break;
    case Field::kBn254: milli = 26500; break;
    default: return UINT64_MAX;
  }
  const unsigned levels = std::max(1u, log_n);
  const uint64_t n = uint64_t(1) << std::min(log_n, 63u);
  const unsigned __int128 work = (unsigned __int128)count * n * levels * milli / 1000 + 200;
  return work > UINT64_MAX ? UINT64_MAX : uint64_t(work);
}

}  // namespace tandem::coproc::ntt
