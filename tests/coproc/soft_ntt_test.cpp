// tests/coproc/soft_ntt_test.cpp: the SDK's portable NTTs (sdk/src/soft/ntt.c) and handle table
// (sdk/src/soft/resident.c), which must match the NTT coprocessor (coproc/ntt) bit for bit.
//
//  - seeded random cross-checks against coproc::ntt's one-shot functions for every field and kind,
//    log_n 0..12 batched three at a time and 2^16 once, aligned and unaligned buffers (seed
//    printed; TANDEM_SEED and TANDEM_ITERATIONS override);
//  - the plan path against the one-shot path, and round trips;
//  - refusals: field, kind and log_n out of range, count 0, a non-canonical element (data left
//    unchanged), unknown and released handles, lengths that are not whole polynomials;
//  - the handle table: lowest free slot first, kinds kept apart, destructors called, fullness.
// Built once with 64-bit limbs and once with -DTANDEM_SOFT_NO_INT128, so both paths of ntt.c are
// checked against the same host code.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "coproc/ntt/ntt.h"
#include "sdk/src/soft/resident.h"
#include "tandem/abi_numbers.h"
#include "tandem/guest.h"
#include "vectors.h"

namespace {

namespace hn = tandem::coproc::ntt;
using tandem::test::Bytes;

constexpr int kFields[] = {TANDEM_NTT_GOLDILOCKS, TANDEM_NTT_BABYBEAR, TANDEM_NTT_BN254};
constexpr int kKinds[] = {TANDEM_NTT_FORWARD, TANDEM_NTT_INVERSE, TANDEM_NTT_COSET_FORWARD,
                          TANDEM_NTT_COSET_INVERSE};

constexpr uint64_t kGoldilocksP = 0xffffffff00000001ull;
constexpr uint32_t kBabyBearP = 2013265921u;
constexpr uint64_t kBn254R[4] = {0x43e1f593f0000001ull, 0x2833e84879b97091ull,
                                 0xb85045b68181585dull, 0x30644e72e131a029ull};

size_t elem_bytes(int field) { return field == 0 ? 8 : field == 1 ? 4 : 32; }
const char* field_name(int field) {
  return field == 0 ? "goldilocks" : field == 1 ? "babybear" : "bn254";
}

// p itself in the field's encoding: the smallest non-canonical element.
Bytes modulus_bytes(int field) {
  Bytes b(elem_bytes(field));
  if (field == 0) std::memcpy(b.data(), &kGoldilocksP, 8);
  if (field == 1) std::memcpy(b.data(), &kBabyBearP, 4);
  if (field == 2) std::memcpy(b.data(), kBn254R, 32);
  return b;
}

// n random canonical elements, with the edges (0, 1, p - 1) mixed in now and then.
Bytes random_elems(int field, size_t n, std::mt19937_64& rng) {
  const size_t eb = elem_bytes(field);
  Bytes out(n * eb);
  for (size_t i = 0; i < n; ++i) {
    uint8_t* e = out.data() + i * eb;
    const unsigned edge = unsigned(rng() % 64);
    if (field == 0) {
      uint64_t v = edge == 0 ? 0 : edge == 1 ? 1 : edge == 2 ? kGoldilocksP - 1 : rng();
      while (v >= kGoldilocksP) v = rng();
      std::memcpy(e, &v, 8);
    } else if (field == 1) {
      uint32_t v = edge == 0 ? 0 : edge == 1 ? 1 : edge == 2 ? kBabyBearP - 1 : uint32_t(rng());
      while (v >= kBabyBearP) v = uint32_t(rng());
      std::memcpy(e, &v, 4);
    } else {
      uint64_t v[4] = {0, 0, 0, 0};
      if (edge == 1) v[0] = 1;
      if (edge == 2) std::memcpy(v, kBn254R, 32), v[0] -= 1;
      if (edge > 2) {
        for (;;) {
          for (auto& x : v) x = rng();
          v[3] >>= 2;  // r < 2^254: about one draw in five is rejected
          int i = 3;
          while (i > 0 && v[i] == kBn254R[i]) --i;
          if (v[i] < kBn254R[i]) break;
        }
      }
      std::memcpy(e, v, 32);
    }
  }
  return out;
}

bool host_transform(int field, unsigned log_n, void* data, size_t count, int kind) {
  const hn::Field f = hn::Field(field);
  switch (kind) {
    case TANDEM_NTT_FORWARD: return hn::forward(f, log_n, data, count);
    case TANDEM_NTT_INVERSE: return hn::inverse(f, log_n, data, count);
    case TANDEM_NTT_COSET_FORWARD: return hn::coset_forward(f, log_n, data, count);
    default: return hn::coset_inverse(f, log_n, data, count);
  }
}

std::string where(int field, unsigned log_n, int kind) {
  return std::string(field_name(field)) + " log_n=" + std::to_string(log_n) +
         " kind=" + std::to_string(kind);
}

// One soft transform against the host's on the same input; `offset` shifts the soft buffer off
// its natural alignment.
void check_against_host(int field, unsigned log_n, size_t count, int kind, std::mt19937_64& rng,
                        size_t offset = 0) {
  const size_t n = size_t(1) << log_n;
  const Bytes in = random_elems(field, n * count, rng);
  ASSERT_TRUE(hn::validate(hn::Field(field), in.data(), n * count));
  Bytes want = in;
  ASSERT_TRUE(host_transform(field, log_n, want.data(), count, kind)) << where(field, log_n, kind);
  std::vector<uint64_t> store(in.size() / 8 + 2);  // 8-aligned, room for the offset
  uint8_t* got = reinterpret_cast<uint8_t*>(store.data()) + offset;
  std::memcpy(got, in.data(), in.size());
  ASSERT_EQ(tandem_soft_ntt(field, log_n, got, count, kind), 0) << where(field, log_n, kind);
  if (std::memcmp(got, want.data(), in.size()) == 0) return;
  // Name the first differing element rather than dumping megabytes of hex.
  const size_t eb = elem_bytes(field);
  size_t i = 0;
  while (std::memcmp(got + i * eb, want.data() + i * eb, eb) == 0) ++i;
  FAIL() << where(field, log_n, kind) << " count=" << count << " offset=" << offset
         << ": element " << i << " (polynomial " << i / n << ") is "
         << tandem::test::hex(got + i * eb, eb) << ", host "
         << tandem::test::hex(want.data() + i * eb, eb);
}

TEST(SoftNtt, MatchesHostEveryFieldKindAndSize) {
  auto rng = tandem::test::seeded_rng("SoftNtt.MatchesHostEveryFieldKindAndSize");
  const uint64_t rounds = tandem::test::iterations(1);
  for (uint64_t r = 0; r < rounds; ++r)
    for (int field : kFields)
      for (int kind : kKinds)
        for (unsigned log_n = 0; log_n <= 12; ++log_n)
          check_against_host(field, log_n, 3, kind, rng);
}

TEST(SoftNtt, MatchesHostAt2To16) {
  auto rng = tandem::test::seeded_rng("SoftNtt.MatchesHostAt2To16");
  for (int field : kFields)
    for (int kind : kKinds) check_against_host(field, 16, 1, kind, rng);
}

TEST(SoftNtt, UnalignedBuffers) {
  auto rng = tandem::test::seeded_rng("SoftNtt.UnalignedBuffers");
  for (int field : kFields)
    for (int kind : kKinds)
      for (size_t offset : {1, 2, 3, 4, 5})
        for (unsigned log_n : {0u, 1u, 5u}) check_against_host(field, log_n, 2, kind, rng, offset);
}

TEST(SoftNtt, RoundTrips) {
  auto rng = tandem::test::seeded_rng("SoftNtt.RoundTrips");
  for (int field : kFields)
    for (unsigned log_n : {0u, 1u, 2u, 7u, 10u}) {
      const size_t n = size_t(1) << log_n;
      const Bytes in = random_elems(field, 2 * n, rng);
      for (int fwd : {TANDEM_NTT_FORWARD, TANDEM_NTT_COSET_FORWARD}) {
        Bytes d = in;
        ASSERT_EQ(tandem_soft_ntt(field, log_n, d.data(), 2, fwd), 0);
        ASSERT_EQ(tandem_soft_ntt(field, log_n, d.data(), 2, fwd + 1), 0);
        EXPECT_EQ(d, in) << where(field, log_n, fwd);
      }
    }
}

TEST(SoftNtt, PlanMatchesOneShot) {
  auto rng = tandem::test::seeded_rng("SoftNtt.PlanMatchesOneShot");
  for (int field : kFields)
    for (unsigned log_n : {0u, 1u, 3u, 8u, 11u}) {
      const long plan = tandem_soft_ntt_plan(field, log_n);
      ASSERT_GT(plan, 0) << where(field, log_n, 0);
      const size_t n = size_t(1) << log_n;
      for (int kind : kKinds)
        for (size_t count : {1, 3}) {
          const Bytes in = random_elems(field, n * count, rng);
          Bytes one_shot = in, planned = in;
          ASSERT_EQ(tandem_soft_ntt(field, log_n, one_shot.data(), count, kind), 0);
          ASSERT_EQ(tandem_soft_ntt_plan_transform(plan, kind, planned.data(), planned.size()), 0);
          EXPECT_EQ(planned, one_shot) << where(field, log_n, kind) << " count=" << count;
        }
      EXPECT_EQ(tandem_soft_release(plan), 0);
    }
}

TEST(SoftNtt, RefusesBadArguments) {
  uint64_t buf[8] = {1, 2, 3, 4, 5, 6, 7, 8};
  uint64_t copy[8];
  std::memcpy(copy, buf, sizeof buf);
  for (int field : {-1, 3, 100})
    EXPECT_EQ(tandem_soft_ntt(field, 0, buf, 1, TANDEM_NTT_FORWARD), -TANDEM_EINVAL);
  for (int kind : {-1, 4, 100})
    EXPECT_EQ(tandem_soft_ntt(TANDEM_NTT_GOLDILOCKS, 0, buf, 1, kind), -TANDEM_EINVAL);
  for (int field : kFields) {
    EXPECT_EQ(tandem_soft_ntt(field, 25, buf, 1, TANDEM_NTT_FORWARD), -TANDEM_EINVAL);
    EXPECT_EQ(tandem_soft_ntt(field, 1000, buf, 1, TANDEM_NTT_FORWARD), -TANDEM_EINVAL);
    EXPECT_EQ(tandem_soft_ntt(field, 0, buf, 0, TANDEM_NTT_FORWARD), -TANDEM_EINVAL);
    EXPECT_EQ(tandem_soft_ntt(field, 24, buf, size_t(-1), TANDEM_NTT_FORWARD), -TANDEM_EINVAL);
    EXPECT_EQ(tandem_soft_ntt_plan(field, 25), -TANDEM_EINVAL);
  }
  EXPECT_EQ(tandem_soft_ntt_plan(3, 0), -TANDEM_EINVAL);
  EXPECT_EQ(tandem_soft_ntt_plan(-1, 0), -TANDEM_EINVAL);
  EXPECT_EQ(std::memcmp(buf, copy, sizeof buf), 0);
}

// An element equal to p (or above it) anywhere, here the very last one, refuses the whole call
// before anything is written, through both paths.
TEST(SoftNtt, NonCanonicalLeavesDataUnchanged) {
  auto rng = tandem::test::seeded_rng("SoftNtt.NonCanonicalLeavesDataUnchanged");
  for (int field : kFields)
    for (unsigned log_n : {0u, 4u}) {
      const size_t n = size_t(1) << log_n, eb = elem_bytes(field);
      const long plan = tandem_soft_ntt_plan(field, log_n);
      ASSERT_GT(plan, 0);
      for (bool above : {false, true}) {
        Bytes in = random_elems(field, 3 * n, rng);
        Bytes bad = modulus_bytes(field);
        if (above) std::fill(bad.begin(), bad.end(), 0xff);
        std::memcpy(in.data() + in.size() - eb, bad.data(), eb);
        for (int kind : kKinds) {
          Bytes d = in;
          EXPECT_EQ(tandem_soft_ntt(field, log_n, d.data(), 3, kind), -TANDEM_EINVAL);
          EXPECT_EQ(d, in) << where(field, log_n, kind);
          EXPECT_EQ(tandem_soft_ntt_plan_transform(plan, kind, d.data(), d.size()), -TANDEM_EINVAL);
          EXPECT_EQ(d, in) << where(field, log_n, kind);
          // The same data without the bad last polynomial is fine.
          EXPECT_EQ(tandem_soft_ntt(field, log_n, d.data(), 2, kind), 0);
        }
      }
      EXPECT_EQ(tandem_soft_release(plan), 0);
    }
}

TEST(SoftNtt, PlanRefusesBadHandlesKindsAndLengths) {
  const long plan = tandem_soft_ntt_plan(TANDEM_NTT_BABYBEAR, 3);  // 8 elements, 32 bytes
  ASSERT_GT(plan, 0);
  uint32_t buf[24] = {};
  for (size_t len : {size_t(0), size_t(4), size_t(28), size_t(36), size_t(65), size_t(95)})
    EXPECT_EQ(tandem_soft_ntt_plan_transform(plan, TANDEM_NTT_FORWARD, buf, len), -TANDEM_EINVAL)
        << len;
  for (int kind : {-1, 4})
    EXPECT_EQ(tandem_soft_ntt_plan_transform(plan, kind, buf, 32), -TANDEM_EINVAL);
  for (size_t len : {size_t(32), size_t(64), size_t(96)})
    EXPECT_EQ(tandem_soft_ntt_plan_transform(plan, TANDEM_NTT_FORWARD, buf, len), 0) << len;
  for (long h : {0L, -1L, long(-TANDEM_EINVAL), 100000L, plan + 1})
    EXPECT_EQ(tandem_soft_ntt_plan_transform(h, TANDEM_NTT_FORWARD, buf, 32), -TANDEM_EINVAL) << h;
  EXPECT_EQ(tandem_soft_release(plan), 0);
  EXPECT_EQ(tandem_soft_ntt_plan_transform(plan, TANDEM_NTT_FORWARD, buf, 32), -TANDEM_EINVAL);
  EXPECT_EQ(tandem_soft_release(plan), -TANDEM_EINVAL);
  for (long h : {0L, -1L, 100000L, long(TANDEM__SOFT_HANDLES) + 1})
    EXPECT_EQ(tandem_soft_release(h), -TANDEM_EINVAL) << h;
}

// ---- the handle table ----

int destroyed = 0;
void count_destroy(void*) { ++destroyed; }

TEST(SoftResident, LowestFreeSlotKindsAndDestroy) {
  int a = 0, b = 0, c = 0;
  destroyed = 0;
  const long ha = tandem__soft_handle_add(&a, count_destroy, 7);
  const long hb = tandem__soft_handle_add(&b, count_destroy, 8);
  ASSERT_GT(ha, 0);
  ASSERT_GT(hb, ha);
  EXPECT_EQ(tandem__soft_handle_get(ha, 7), &a);
  EXPECT_EQ(tandem__soft_handle_get(hb, 8), &b);
  EXPECT_EQ(tandem__soft_handle_get(ha, 8), nullptr);
  EXPECT_EQ(tandem__soft_handle_get(hb, 7), nullptr);
  // An NTT plan's handle is not another kind's object, nor the other way round.
  const long plan = tandem_soft_ntt_plan(TANDEM_NTT_GOLDILOCKS, 2);
  ASSERT_GT(plan, 0);
  uint64_t buf[4] = {};
  EXPECT_EQ(tandem_soft_ntt_plan_transform(ha, TANDEM_NTT_FORWARD, buf, 32), -TANDEM_EINVAL);
  EXPECT_EQ(tandem__soft_handle_get(plan, 7), nullptr);
  EXPECT_EQ(tandem_soft_release(plan), 0);

  EXPECT_EQ(tandem_soft_release(ha), 0);
  EXPECT_EQ(destroyed, 1);
  EXPECT_EQ(tandem__soft_handle_get(ha, 7), nullptr);
  EXPECT_EQ(tandem_soft_release(ha), -TANDEM_EINVAL);
  EXPECT_EQ(destroyed, 1);
  // The freed slot is reused first.
  EXPECT_EQ(tandem__soft_handle_add(&c, nullptr, 9), ha);
  EXPECT_EQ(tandem__soft_handle_get(ha, 9), &c);
  EXPECT_EQ(tandem_soft_release(ha), 0);  // no destructor: nothing called
  EXPECT_EQ(destroyed, 1);
  EXPECT_EQ(tandem_soft_release(hb), 0);
  EXPECT_EQ(destroyed, 2);
  EXPECT_EQ(tandem__soft_handle_add(nullptr, count_destroy, 7), -TANDEM_EINVAL);
}

TEST(SoftResident, FullTableRefuses) {
  static int objects[TANDEM__SOFT_HANDLES + 1];
  std::vector<long> handles;
  for (int i = 0; i <= TANDEM__SOFT_HANDLES; ++i) {
    const long h = tandem__soft_handle_add(&objects[i], nullptr, 1);
    if (h < 0) {
      EXPECT_EQ(h, -TANDEM_ENOMEM);
      break;
    }
    handles.push_back(h);
  }
  EXPECT_EQ(handles.size(), size_t(TANDEM__SOFT_HANDLES));  // no other handle is live here
  EXPECT_EQ(tandem_soft_ntt_plan(TANDEM_NTT_BABYBEAR, 4), -TANDEM_ENOMEM);
  for (long h : handles) EXPECT_EQ(tandem_soft_release(h), 0);
  const long plan = tandem_soft_ntt_plan(TANDEM_NTT_BABYBEAR, 4);
  EXPECT_EQ(plan, 1);
  EXPECT_EQ(tandem_soft_release(plan), 0);
}

}  // namespace
