// coproc/ntt/kernels.h: the inner loops a transform is built from (internal to coproc/ntt), their
// portable versions, and the AVX2 versions' entry points (ntt_avx2.cpp).
//
// Data in the inner loops is a block of `rows` rows of `lanes` contiguous elements; a radix-2 DIF
// transform runs along the rows, the same on every lane, so SIMD runs across the lanes with one
// broadcast twiddle and needs no shuffles at any level.  With lanes = 1 (a transform on a single
// contiguous polynomial) SIMD runs along the butterflies instead, while they are wide enough.
#pragma once
#include <cstddef>
#include <cstdint>

#include "coproc/ntt/field.h"

namespace tandem::coproc::ntt::detail {

template <class F>
struct Kernels {
  using T = typename F::T;
  // One radix-2 DIF level of half-size `half`: for each group of 2*half rows starting at row g,
  // rows (g + j, g + j + half) become (a + b, (a - b) * tw[half + j]) lane by lane.  tw[h + j] is
  // omega_{2h}^j in multiplier form (field.h), for h = 1, 2, 4, ... and j < h.
  void (*dif_level)(T* buf, size_t rows, size_t half, size_t lanes, const T* tw);
  // buf[r * lanes + l] *= colf[r * col_stride + l] * rowf[r] (all factors in multiplier form).
  void (*mul_outer)(T* buf, size_t rows, size_t lanes, const T* rowf, const T* colf,
                    size_t col_stride);
  // a[i] *= b[i] (b in multiplier form); with b_step = 0, a[i] *= b[0].
  // The product of two multiplier-form values is the multiplier form of the product, so this
  // also steps a running twiddle vector.
  void (*mul_pointwise)(T* a, const T* b, size_t n, size_t b_step);
};

// A full DIF transform along the rows (natural order in, bit-reversed rows out).  Levels run
// breadth-first while a level's working set is larger than L1, then depth-first on each group,
// so most levels run on data in L1.
template <class F>
void dif(const Kernels<F>& k, typename F::T* buf, size_t rows, size_t lanes,
         const typename F::T* tw) {
  constexpr size_t kL1Bytes = 32 * 1024;
  while (rows >= 2 && rows * lanes * sizeof(typename F::T) > kL1Bytes) {
    k.dif_level(buf, rows, rows / 2, lanes, tw);
    dif(k, buf + (rows / 2) * lanes, rows / 2, lanes, tw);
    rows /= 2;  // tail call on the first half
  }
  for (size_t half = rows / 2; half >= 1; half /= 2) k.dif_level(buf, rows, half, lanes, tw);
}

namespace portable {

template <class F>
void dif_level(typename F::T* buf, size_t rows, size_t half, size_t lanes,
               const typename F::T* tw) {
  using T = typename F::T;
  for (size_t g = 0; g < rows; g += 2 * half) {
    for (size_t j = 0; j < half; ++j) {
      const T w = tw[half + j];
      T* a = buf + (g + j) * lanes;
      T* b = a + half * lanes;
      for (size_t l = 0; l < lanes; ++l) {
        const T x = a[l], y = b[l];
        a[l] = F::add(x, y);
        b[l] = F::mul(F::sub(x, y), w);
      }
    }
  }
}

template <class F>
void mul_outer(typename F::T* buf, size_t rows, size_t lanes, const typename F::T* rowf,
               const typename F::T* colf, size_t col_stride) {
  for (size_t r = 0; r < rows; ++r) {
    const auto* c = colf + r * col_stride;
    auto* d = buf + r * lanes;
    for (size_t l = 0; l < lanes; ++l) d[l] = F::mul(d[l], F::mul(c[l], rowf[r]));
  }
}

template <class F>
void mul_pointwise(typename F::T* a, const typename F::T* b, size_t n, size_t b_step) {
  for (size_t i = 0; i < n; ++i) a[i] = F::mul(a[i], b[i * b_step]);
}

template <class F>
Kernels<F> kernels() {
  return {&dif_level<F>, &mul_outer<F>, &mul_pointwise<F>};
}

}  // namespace portable

// Defined in ntt_avx2.cpp and ntt_avx512.cpp; call only when __builtin_cpu_supports("avx2"),
// respectively ("avx512f").
Kernels<field::Goldilocks> avx2_goldilocks();
Kernels<field::BabyBear> avx2_babybear();
Kernels<field::Goldilocks> avx512_goldilocks();
Kernels<field::BabyBear> avx512_babybear();

}  // namespace tandem::coproc::ntt::detail
