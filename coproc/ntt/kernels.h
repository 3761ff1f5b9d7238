// coproc/ntt/kernels.h: the inner loops a transform is built from (internal to coproc/ntt), their
// portable versions, and the entry points of the AVX2, AVX-512 and BMI2/ADX versions.
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
  // Two radix-2 DIF levels at once, halves 2q and q (scalar_loops.h: dif_radix4); tw3[h + j] is
  // omega_{2h}^(3j) in multiplier form.
  void (*dif_radix4)(T* buf, size_t rows, size_t q, size_t lanes, const T* tw, const T* tw3);
  // buf[r * lanes + l] *= colf[r * col_stride + l] * rowf[r] (all factors in multiplier form).
  void (*mul_outer)(T* buf, size_t rows, size_t lanes, const T* rowf, const T* colf,
                    size_t col_stride);
  // a[i] *= b[i] (b in multiplier form); with b_step = 0, a[i] *= b[0].
  // The product of two multiplier-form values is the multiplier form of the product, so this
  // also steps a running twiddle vector.
  void (*mul_pointwise)(T* a, const T* b, size_t n, size_t b_step);
};

// A full DIF transform along the rows (natural order in, bit-reversed rows out), two levels at a
// time.  Levels run breadth-first while a level's working set is larger than L1, then depth-first
// on each group, so most levels run on data in L1.
template <class F>
void dif(const Kernels<F>& k, typename F::T* buf, size_t rows, size_t lanes,
         const typename F::T* tw, const typename F::T* tw3) {
  constexpr size_t kL1Bytes = 32 * 1024;
  if (rows >= 4 && rows * lanes * sizeof(typename F::T) > kL1Bytes) {
    const size_t q = rows / 4;
    k.dif_radix4(buf, rows, q, lanes, tw, tw3);
    for (size_t i = 0; i < 4; ++i) dif(k, buf + i * q * lanes, q, lanes, tw, tw3);
    return;
  }
  size_t half = rows / 2;
  for (; half >= 2; half /= 4) k.dif_radix4(buf, rows, half / 2, lanes, tw, tw3);
  if (half == 1) k.dif_level(buf, rows, 1, lanes, tw);
}

namespace portable {

#include "coproc/ntt/scalar_loops.h"

template <class F>
Kernels<F> kernels() {
  return {&dif_level<F>, &dif_radix4<F>, &mul_outer<F>, &mul_pointwise<F>};
}

}  // namespace portable

// Defined in ntt_avx2.cpp and ntt_avx512.cpp; call only when __builtin_cpu_supports("avx2"),
// respectively ("avx512f").
Kernels<field::Goldilocks> avx2_goldilocks();
Kernels<field::BabyBear> avx2_babybear();
Kernels<field::Goldilocks> avx512_goldilocks();
Kernels<field::BabyBear> avx512_babybear();
// Defined in ntt_bn254_adx.cpp; call only when __builtin_cpu_supports("bmi2") and ("adx").
Kernels<field::Bn254> adx_bn254();

}  // namespace tandem::coproc::ntt::detail
