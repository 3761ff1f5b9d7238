// coproc/ntt/simd_loops.h: the inner loops of kernels.h written once over a vector type X (X::V,
// X::W lanes, load, store, bcast, add, sub, mul), for ntt_avx2.cpp and ntt_avx512.cpp.
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
  if (lanes % W == 0) {
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

