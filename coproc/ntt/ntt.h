// coproc/ntt/ntt.h: the NTT coprocessor family's arithmetic: number-theoretic transforms (forward,
// inverse, and on a coset) over the Goldilocks, BabyBear and BN254 scalar prime fields, batched,
// with reusable plans.
//
// Self-contained: knows nothing of the VM or the bus.  Hand-written because no Debian package
// provides these transforms (FFTW and friends are floating-point; the zk libraries that have them
// are not packaged), and the arithmetic is small: three prime fields, one transform.
//
// Fields and element encodings (every element canonical: 0 <= x < p):
//   kGoldilocks  p = 2^64 - 2^32 + 1, uint64_t, multiplicative generator g = 7, two-adicity 32.
//   kBabyBear    p = 15 * 2^27 + 1 = 2013265921, uint32_t, g = 31, two-adicity 27.
//   kBn254       r = 21888242871839275222246405745257275088548364400416034343698204186575808495617
//                (BN254's scalar field), 32 bytes little-endian (4 uint64 limbs, least significant
//                first), g = 5, two-adicity 28.
//
// Semantics, for n = 2^log_n with 0 <= log_n <= min(24, two-adicity) (log_n = 0 is the identity),
// omega_n = g^((p - 1) / n), data in natural order in and out:
//   forward:        y_i = sum_j x_j * omega_n^(i*j)
//   inverse:        x_j = n^-1 * sum_i y_i * omega_n^(-i*j)        (inverse(forward(x)) == x)
//   coset_forward:  y_i = sum_j x_j * (g * omega_n^i)^j            (evaluations on g * <omega_n>)
//   coset_inverse:  its inverse: x_j = g^-j * n^-1 * sum_i y_i * omega_n^(-i*j)
// Batched: `count` polynomials of n contiguous elements each, back to back in one buffer, each
// transformed in place.  The transforms assume canonical input (call validate() first; the
// operation layer does) and always produce canonical output.
//
// Thread-safety: a Plan is immutable after create(); its methods may run on many threads at once
// (each call works in its own scratch memory).  A plan made with threads > 1 also runs a single
// call on several threads (Plan::create); the one-shot functions always use one.  The free functions are safe from many threads:
// they share a small mutex-protected cache of plans.
//
// None of this is constant-time: all data a transform sees is public.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>

namespace tandem::coproc::ntt {

enum class Field : uint8_t { kGoldilocks = 0, kBabyBear = 1, kBn254 = 2 };

inline constexpr unsigned kMaxLogN = 24;

// Bytes of one element of `f` (8, 4, 32).
size_t element_bytes(Field f) noexcept;
// The largest log_n a plan accepts for `f`: min(kMaxLogN, two-adicity) = 24 for all three.
unsigned max_log_n(Field f) noexcept;

// True when each of the n_elems elements at `data` (encoded as above) is canonical (< p).
bool validate(Field f, const void* data, size_t n_elems) noexcept;

// Which implementation a plan's inner loops use.  kAuto takes the fastest the CPU supports, by
// __builtin_cpu_supports: AVX-512F, else AVX2, else portable, for Goldilocks and BabyBear.
// kPortable forces the portable C++ path and kAvx2 caps it at AVX2 (for tests comparing the
// paths, and for benchmarks).  BN254 has no SIMD path; kAuto and kAvx2 give it mulx/adc carry
// chains when the CPU has BMI2 and ADX.  Every path gives identical results.
enum class Impl : uint8_t { kAuto = 0, kPortable = 1, kAvx2 = 2 };

// The most threads a plan uses (Plan::create clamps its argument to [1, kMaxThreads]).
inline constexpr unsigned kMaxThreads = 64;

class Plan {
 public:
  // nullptr if log_n is out of range for the field.  `threads` > 1 lets each call use up to that
  // many threads (std::thread, started per call and joined before it returns) when it has at
  // least 2^14 elements: a large polynomial has each pass's columns split between them, a batch
  // of small ones whole polynomials.  The results are identical for any number of threads (each
  // element's arithmetic is the same), and so is the gas (ntt_gas knows nothing of threads).
  static std::unique_ptr<Plan> create(Field f, unsigned log_n, Impl impl = Impl::kAuto,
                                      unsigned threads = 1);
  virtual ~Plan() = default;

  Field field() const noexcept { return field_; }
  unsigned log_n() const noexcept { return log_n_; }
  size_t n() const noexcept { return size_t(1) << log_n_; }
  // Resident bytes of the plan's tables (what the runtime counts against its memory limit).  A
  // call additionally allocates scratch of scratch_bytes() for its duration (zero for small n).
  virtual size_t memory_bytes() const noexcept = 0;
  virtual size_t scratch_bytes() const noexcept = 0;
  // The vector width the inner loops use in bits: 0 (portable), 256 (AVX2) or 512 (AVX-512F).
  virtual unsigned vector_bits() const noexcept = 0;
  // The `threads` the plan was created with (after clamping).
  virtual unsigned threads() const noexcept = 0;

  // Each transforms `count` polynomials of n() elements at `data` in place (semantics above).
  virtual void forward(void* data, size_t count) const = 0;
  virtual void inverse(void* data, size_t count) const = 0;
  virtual void coset_forward(void* data, size_t count) const = 0;
  virtual void coset_inverse(void* data, size_t count) const = 0;

 protected:
  Plan(Field f, unsigned log_n) : field_(f), log_n_(log_n) {}

 private:
  Field field_;
  unsigned log_n_;
};

// One-shot transforms through a shared cache of plans (the most recently used few; a plan is
// built on first use).  False (and nothing written) if log_n is out of range for the field.
bool forward(Field f, unsigned log_n, void* data, size_t count);
bool inverse(Field f, unsigned log_n, void* data, size_t count);
bool coset_forward(Field f, unsigned log_n, void* data, size_t count);
bool coset_inverse(Field f, unsigned log_n, void* data, size_t count);

// Gas of transforming `count` polynomials of 2^log_n elements (any direction; saturating).
uint64_t ntt_gas(Field f, unsigned log_n, size_t count) noexcept;

}  // namespace tandem::coproc::ntt
