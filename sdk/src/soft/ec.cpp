// sdk/src/soft/ec.cpp: the curve functions of tandem/guest.h for the soft and native builds.
//
// No second implementation: these wrappers call the curve coprocessor's own portable code
// (coproc/ec/bn254.cpp, bls12_381.cpp, bls12_381_map.cpp in the tandem tree), which is written
// freestanding precisely so that it compiles for RISC-V guests too.  A soft build therefore runs
// the very arithmetic the host runs, interpreted, and glue and soft must agree byte for byte.
//
// Freestanding C++ (no standard library, exceptions or RTTI): built with the guest's flags.
// Tables live in the SDK's handle table (resident.h), like the host keeps them per machine.
#include <stdlib.h>
#include <string.h>

#include "coproc/ec/bls12_381.h"
#include "coproc/ec/bls12_381_map.h"
#include "coproc/ec/bn254.h"
#include "resident.h"
#include "tandem/guest.h"

namespace {

namespace bn = tandem::coproc::ec::bn254;
namespace bls = tandem::coproc::ec::bls12_381;
using tandem::coproc::ec::BigInt;

constexpr int kKindBn254Table = 0x2504;
constexpr int kKindBlsG1Table = 0x2517;

// The coprocessor's errors as the guest sees them (the same mapping as coproc/ec/ops.cpp).
int status(int e, int no_memory) { return e == 0 ? 0 : e == no_memory ? -TANDEM_ENOMEM : -TANDEM_EINVAL; }

template <class A>
struct Table {
  size_t k;
  A points[1];  // k of them (allocated past the end)
};

template <class A>
Table<A>* new_table(size_t k) {
  if (k == 0 || k > (size_t(-1) - sizeof(Table<A>)) / sizeof(A)) return nullptr;
  return static_cast<Table<A>*>(malloc(sizeof(Table<A>) + (k - 1) * sizeof(A)));
}

void destroy(void* p) { free(p); }

template <class A, class J, class Decode>
long make_table(const uint8_t* points, size_t k, size_t record, int kind, Decode decode) {
  Table<A>* t = new_table<A>(k);
  if (!t) return k == 0 ? -TANDEM_EINVAL : -TANDEM_ENOMEM;
  t->k = k;
  for (size_t i = 0; i < k; ++i)
    if (decode(points + i * record, t->points[i]) != 0) {
      free(t);
      return -TANDEM_EINVAL;
    }
  const long h = tandem__soft_handle_add(t, destroy, kind);
  if (h < 0) free(t);
  return h;
}

template <class A, class J, class Msm>
int msm_table(long handle, int kind, const uint8_t* scalars, size_t k, J& result, Msm msm) {
  auto* t = static_cast<Table<A>*>(tandem__soft_handle_get(handle, kind));
  if (!t || k == 0 || k > t->k) return -TANDEM_EINVAL;
  auto* s = static_cast<BigInt<4>*>(malloc(k * sizeof(BigInt<4>)));
  if (!s) return -TANDEM_ENOMEM;
  for (size_t i = 0; i < k; ++i) (void)s[i].from_be(scalars + 32 * i, 32);
  const bool ok = msm(t->points, s, k, result);
  free(s);
  return ok ? 0 : -TANDEM_ENOMEM;
}

}  // namespace

extern "C" {

int tandem_soft_bn254_add(const uint8_t a[64], const uint8_t b[64], uint8_t out[64]) {
  uint8_t r[64];
  const int e = bn::g1_add(a, b, r);
  if (e == 0) memcpy(out, r, 64);
  return status(e, bn::kNoMemory);
}

int tandem_soft_bn254_mul(const uint8_t p[64], const uint8_t k[32], uint8_t out[64]) {
  uint8_t r[64];
  const int e = bn::g1_mul(p, k, r);
  if (e == 0) memcpy(out, r, 64);
  return status(e, bn::kNoMemory);
}

int tandem_soft_bn254_msm(const uint8_t* pairs, size_t k, uint8_t out[64]) {
  if (k == 0) return -TANDEM_EINVAL;
  uint8_t r[64];
  const int e = bn::g1_msm(pairs, k, r);
  if (e == 0) memcpy(out, r, 64);
  return status(e, bn::kNoMemory);
}

int tandem_soft_bn254_pairing_check(const uint8_t* pairs, size_t k) {
  if (k == 0) return -TANDEM_EINVAL;
  bool ok = false;
  const int e = bn::pairing_check(pairs, k, &ok);
  return e == 0 && !ok ? -TANDEM_EBADMSG : status(e, bn::kNoMemory);
}

long tandem_soft_bn254_table(const uint8_t* points, size_t k) {
  return make_table<bn::G1Affine, bn::G1>(points, k, 64, kKindBn254Table,
                                           [](const uint8_t* p, bn::G1Affine& a) { return bn::g1_decode(p, a); });
}

int tandem_soft_bn254_msm_table(long table, const uint8_t* scalars, size_t k, uint8_t out[64]) {
  bn::G1 r;
  const int e = msm_table<bn::G1Affine>(table, kKindBn254Table, scalars, k, r, bn::g1_msm_var);
  if (e == 0) bn::g1_encode(r.to_affine(), out);
  return e;
}

int tandem_soft_bls12_381_g1_add(const uint8_t a[128], const uint8_t b[128], uint8_t out[128]) {
  uint8_t in[256], r[128];
  memcpy(in, a, 128);
  memcpy(in + 128, b, 128);
  const int e = bls::g1_add(in, r);
  if (e == 0) memcpy(out, r, 128);
  return status(e, bls::kNoMemory);
}

int tandem_soft_bls12_381_g2_add(const uint8_t a[256], const uint8_t b[256], uint8_t out[256]) {
  uint8_t in[512], r[256];
  memcpy(in, a, 256);
  memcpy(in + 256, b, 256);
  const int e = bls::g2_add(in, r);
  if (e == 0) memcpy(out, r, 256);
  return status(e, bls::kNoMemory);
}

int tandem_soft_bls12_381_g1_msm(const uint8_t* pairs, size_t k, uint8_t out[128]) {
  if (k == 0) return -TANDEM_EINVAL;
  uint8_t r[128];
  const int e = bls::g1_msm(pairs, k, r);
  if (e == 0) memcpy(out, r, 128);
  return status(e, bls::kNoMemory);
}

int tandem_soft_bls12_381_g2_msm(const uint8_t* pairs, size_t k, uint8_t out[256]) {
  if (k == 0) return -TANDEM_EINVAL;
  uint8_t r[256];
  const int e = bls::g2_msm(pairs, k, r);
  if (e == 0) memcpy(out, r, 256);
  return status(e, bls::kNoMemory);
}

int tandem_soft_bls12_381_pairing_check(const uint8_t* pairs, size_t k) {
  if (k == 0) return -TANDEM_EINVAL;
  bool ok = false;
  const int e = bls::pairing_check(pairs, k, &ok);
  return e == 0 && !ok ? -TANDEM_EBADMSG : status(e, bls::kNoMemory);
}

int tandem_soft_bls12_381_map_fp_to_g1(const uint8_t fp[64], uint8_t out[128]) {
  uint8_t r[128];
  const int e = bls::map_fp_to_g1(fp, r);
  if (e == 0) memcpy(out, r, 128);
  return status(e, 1);
}

int tandem_soft_bls12_381_map_fp2_to_g2(const uint8_t fp2[128], uint8_t out[256]) {
  uint8_t r[256];
  const int e = bls::map_fp2_to_g2(fp2, r);
  if (e == 0) memcpy(out, r, 256);
  return status(e, 1);
}

long tandem_soft_bls12_381_g1_table(const uint8_t* points, size_t k) {
  return make_table<bls::G1Affine, bls::G1>(
      points, k, 128, kKindBlsG1Table,
      [](const uint8_t* p, bls::G1Affine& a) { return bls::decode_g1(p, &a, true); });
}

int tandem_soft_bls12_381_g1_msm_table(long table, const uint8_t* scalars, size_t k,
                                       uint8_t out[128]) {
  bls::G1 r;
  const int e = msm_table<bls::G1Affine>(table, kKindBlsG1Table, scalars, k, r, bls::g1_msm_var);
  if (e == 0) bls::encode_g1(r.to_affine(), out);
  return e;
}

int tandem_soft_kzg_verify(const uint8_t commitment[48], const uint8_t z[32], const uint8_t y[32],
                           const uint8_t proof[48]) {
  bool ok = false;
  const int e = bls::kzg_verify_proof(commitment, z, y, proof, &ok);
  return e == 0 && !ok ? -TANDEM_EBADMSG : status(e, bls::kNoMemory);
}

}  // extern "C"
