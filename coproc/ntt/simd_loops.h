// coproc/ntt/simd_loops.h: the inner loops of kernels.h written once over a vector type X (X::V,
// X::W lanes, load, store, bcast, add, sub, mul, optionally mul_omega4), for ntt_avx2.cpp and
// ntt_avx512.cpp.
//
// Include only inside an anonymous namespace in a file's target("...") region: every
// instantiation must be compiled for that file's instruction set and stay private to it.

template <class X>
inline void butterfly(typename X::T* a, typename X::T* b, typename X::V w) {
  const typename X::V x = X::load(a), y = X::load(b);
  X::store(a, X::add(x, y));
  X::store(b, X::mul(X::sub(x, y), w));
}

template <class X>
void dif_level(typename X::T* buf, size_t rows, size_t half, size_t lanes,
               const typename X::T* tw) {
  using F = typename X::F;
  constexpr size_t W = X::W;
  if (lanes % W == 0 && half == 1) {  // twiddle 1: no product
    for (size_t g = 0; g < rows; g += 2) {
      auto* a = buf + g * lanes;
      for (size_t l = 0; l < lanes; l += W) {
        const typename X::V x = X::load(a + l), y = X::load(a + lanes + l);
        X::store(a + l, X::add(x, y));
        X::store(a + lanes + l, X::sub(x, y));
      }
    }
  } else if (lanes % W == 0) {
    for (size_t g = 0; g < rows; g += 2 * half) {
      for (size_t j = 0; j < half; ++j) {
        const typename X::V w = X::bcast(tw[half + j]);
        auto* a = buf + (g + j) * lanes;
        auto* b = a + half * lanes;
        for (size_t l = 0; l < lanes; l += W) butterfly<X>(a + l, b + l, w);
      }
    }
  } else if (lanes == 1 && half % W == 0) {
    for (size_t g = 0; g < rows; g += 2 * half) {
      for (size_t j = 0; j < half; j += W) {
        butterfly<X>(buf + g + j, buf + g + j + half, X::load(tw + half + j));
      }
    }
  } else {
    portable::dif_level<F>(buf, rows, half, lanes, tw);
  }
}

// x * omega_4 (scalar_loops.h: mul_w4).
template <class X>
inline typename X::V vmul_w4(typename X::V x, typename X::T w4) {
  if constexpr (requires { X::mul_omega4(x, w4); }) {
    return X::mul_omega4(x, w4);
  } else {
    return X::mul(x, X::bcast(w4));
  }
}

// scalar_loops.h: radix4, on vectors; `mul` false for the twiddle-free j = 0.
template <class X, bool kMul>
inline void radix4(typename X::T* p0, typename X::T* p1, typename X::T* p2, typename X::T* p3,
                   typename X::T w4, typename X::V w1, typename X::V w2, typename X::V w3) {
  using V = typename X::V;
  const V x0 = X::load(p0), x1 = X::load(p1), x2 = X::load(p2), x3 = X::load(p3);
  const V y0 = X::add(x0, x2), y1 = X::add(x1, x3);
  const V z0 = X::sub(x0, x2), z1 = vmul_w4<X>(X::sub(x1, x3), w4);
  X::store(p0, X::add(y0, y1));
  if constexpr (kMul) {
    X::store(p1, X::mul(X::sub(y0, y1), w2));
    X::store(p2, X::mul(X::add(z0, z1), w1));
    X::store(p3, X::mul(X::sub(z0, z1), w3));
  } else {
    X::store(p1, X::sub(y0, y1));
    X::store(p2, X::add(z0, z1));
    X::store(p3, X::sub(z0, z1));
  }
}

template <class X>
void dif_radix4(typename X::T* buf, size_t rows, size_t q, size_t lanes, const typename X::T* tw,
                const typename X::T* tw3) {
  using F = typename X::F;
  using V = typename X::V;
  constexpr size_t W = X::W;
  const typename X::T w4 = tw[3];
  if (lanes % W == 0) {
    const V one = X::bcast(tw[1]);  // unused by the j = 0 case
    for (size_t g = 0; g < rows; g += 4 * q) {
      auto* r = buf + g * lanes;
      for (size_t l = 0; l < lanes; l += W) {
        radix4<X, false>(r + l, r + q * lanes + l, r + 2 * q * lanes + l, r + 3 * q * lanes + l,
                         w4, one, one, one);
      }
      for (size_t j = 1; j < q; ++j) {
        const V w1 = X::bcast(tw[2 * q + j]), w2 = X::bcast(tw[q + j]),
                w3 = X::bcast(tw3[2 * q + j]);
        auto* a0 = buf + (g + j) * lanes;
        for (size_t l = 0; l < lanes; l += W) {
          radix4<X, true>(a0 + l, a0 + q * lanes + l, a0 + 2 * q * lanes + l,
                          a0 + 3 * q * lanes + l, w4, w1, w2, w3);
        }
      }
    }
  } else if (lanes == 1 && q % W == 0) {
    for (size_t g = 0; g < rows; g += 4 * q) {
      for (size_t j = 0; j < q; j += W) {
        auto* a0 = buf + g + j;
        radix4<X, true>(a0, a0 + q, a0 + 2 * q, a0 + 3 * q, w4, X::load(tw + 2 * q + j),
                        X::load(tw + q + j), X::load(tw3 + 2 * q + j));
      }
    }
  } else {
    portable::dif_radix4<F>(buf, rows, q, lanes, tw, tw3);
  }
}

template <class X>
void mul_outer(typename X::T* buf, size_t rows, size_t lanes, const typename X::T* rowf,
               const typename X::T* colf, size_t col_stride) {
  using F = typename X::F;
  constexpr size_t W = X::W;
  if (lanes % W != 0) return portable::mul_outer<F>(buf, rows, lanes, rowf, colf, col_stride);
  for (size_t r = 0; r < rows; ++r) {
    const typename X::V rf = X::bcast(rowf[r]);
    const auto* c = colf + r * col_stride;
    auto* d = buf + r * lanes;
    for (size_t l = 0; l < lanes; l += W) {
      X::store(d + l, X::mul(X::load(d + l), X::mul(X::load(c + l), rf)));
    }
  }
}

template <class X>
void mul_pointwise(typename X::T* a, const typename X::T* b, size_t n, size_t b_step) {
  using F = typename X::F;
  constexpr size_t W = X::W;
  size_t i = 0;
  if (b_step == 0) {
    const typename X::V f = X::bcast(b[0]);
    for (; i + W <= n; i += W) X::store(a + i, X::mul(X::load(a + i), f));
  } else if (b_step == 1) {
    for (; i + W <= n; i += W) X::store(a + i, X::mul(X::load(a + i), X::load(b + i)));
  }
  for (; i < n; ++i) a[i] = F::mul(a[i], b[i * b_step]);
}

