// coproc/ntt/scalar_loops.h: the inner loops of kernels.h written once over a scalar field F
// (F::T, add, sub, mul, optionally mul_omega4), for kernels.h's portable path and for
// ntt_bn254_adx.cpp.
//
// Include only inside a namespace (kernels.h: detail::portable; ntt_bn254_adx.cpp: an anonymous
// namespace inside its target("...") region, so that every instantiation there is compiled for
// that instruction set and stays private to it).

// x * omega_4 where omega_4 = tw[3] of the table (the transform's 4th root of unity): a field
// may multiply by it more cheaply than by a general twiddle (Goldilocks: omega_4 = +-2^48).
template <class F>
inline typename F::T mul_w4(const typename F::T& x, const typename F::T& w4) {
  if constexpr (requires { F::mul_omega4(x, w4); }) {
    return F::mul_omega4(x, w4);
  } else {
    return F::mul(x, w4);
  }
}

template <class F>
void dif_level(typename F::T* buf, size_t rows, size_t half, size_t lanes,
               const typename F::T* tw) {
  using T = typename F::T;
  for (size_t g = 0; g < rows; g += 2 * half) {
    // j = 0 has twiddle 1: no product.
    for (size_t l = 0; l < lanes; ++l) {
      T* a = buf + g * lanes;
      T* b = a + half * lanes;
      const T x = a[l], y = b[l];
      a[l] = F::add(x, y);
      b[l] = F::sub(x, y);
    }
    for (size_t j = 1; j < half; ++j) {
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

// Two DIF levels at once, halves 2q and q, on groups of 4q rows: rows j, j+q, j+2q, j+3q
// (a0..a3) of a group become
//   c0 = (a0 + a2) + (a1 + a3)          c1 = ((a0 + a2) - (a1 + a3)) * w^2j
//   c2 = (z0 + z1) * w^j                c3 = (z0 - z1) * w^3j
// with z0 = a0 - a2, z1 = (a1 - a3) * omega_4 and w = omega_4q: what the two radix-2 levels
// compute (tw[2q + j] = w^j, tw[q + j] = w^2j, tw3[2q + j] = w^3j), with three general products
// per four elements instead of four, and each element loaded and stored once instead of twice.
template <class F>
inline void radix4(typename F::T* a0, typename F::T* a1, typename F::T* a2, typename F::T* a3,
                   const typename F::T& w4) {
  using T = typename F::T;
  const T x0 = *a0, x1 = *a1, x2 = *a2, x3 = *a3;
  const T y0 = F::add(x0, x2), y1 = F::add(x1, x3);
  const T z0 = F::sub(x0, x2), z1 = mul_w4<F>(F::sub(x1, x3), w4);
  *a0 = F::add(y0, y1);
  *a1 = F::sub(y0, y1);
  *a2 = F::add(z0, z1);
  *a3 = F::sub(z0, z1);
}

template <class F>
void dif_radix4(typename F::T* buf, size_t rows, size_t q, size_t lanes, const typename F::T* tw,
                const typename F::T* tw3) {
  using T = typename F::T;
  const T w4 = tw[3];
  for (size_t g = 0; g < rows; g += 4 * q) {
    T* r = buf + g * lanes;
    for (size_t l = 0; l < lanes; ++l) {  // j = 0: every twiddle is 1
      radix4<F>(r + l, r + q * lanes + l, r + 2 * q * lanes + l, r + 3 * q * lanes + l, w4);
    }
    for (size_t j = 1; j < q; ++j) {
      const T w1 = tw[2 * q + j], w2 = tw[q + j], w3 = tw3[2 * q + j];
      T* a0 = buf + (g + j) * lanes;
      T* a1 = a0 + q * lanes;
      T* a2 = a1 + q * lanes;
      T* a3 = a2 + q * lanes;
      for (size_t l = 0; l < lanes; ++l) {
        radix4<F>(a0 + l, a1 + l, a2 + l, a3 + l, w4);
        a1[l] = F::mul(a1[l], w2);
        a2[l] = F::mul(a2[l], w1);
        a3[l] = F::mul(a3[l], w3);
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
