// Regression: a curve precompile whose input length Ethereum rejects still ran, writing its full
// output into whatever output buffer the guest gave.
//
// Found by fuzz_coproc.  eth.precompile's analyze accepted a call that fails on Ethereum by its
// input length alone (e.g. BLS12-381 G2MSM with no input) with any output capacity, since such a
// call has no output, and charged only the decoding.  But execute only refused the failures of
// MODEXP and BLAKE2F, so the curve code ran on the empty input and wrote its 256-byte result
// (the point at infinity) through an output span of length 0 (a null pointer: the host crashed)
// or 1 (255 bytes past the checked range: guest memory the bus never validated).
//
// Right outcome: the call fails (a0 = -74, EBADMSG) without writing a byte, for every curve
// address and every input length that Ethereum rejects by its length.
#include <gtest/gtest.h>

#include "rv_asm.h"

namespace rv = tandem::test::rv;
using tandem::Status;

namespace {

constexpr uint64_t kOut = rv::kDataBase + 0x1000;  // the output buffer, inside a canary region
constexpr size_t kCanary = 600;
constexpr uint8_t kCanaryByte = 0xa5;

struct Case {
  uint32_t address;
  uint64_t input_len;
};

class EthCurveLengthFailure : public ::testing::TestWithParam<Case> {};

TEST_P(EthCurveLengthFailure, FailsWithoutWriting) {
  const Case c = GetParam();
  for (uint64_t cap : {0, 1, 31}) {
    rv::Guest g(64);
    g.data.assign(0x1000 + kCanary, 0);
    std::fill(g.data.begin() + 0x1000, g.data.end(), kCanaryByte);
    g.a.li(rv::a0, c.address).li(rv::a1, 0);
    g.a.li(rv::a2, rv::kDataBase).li(rv::a3, c.input_len);
    g.a.li(rv::a4, kOut).li(rv::a5, cap);
    g.a.li(rv::a7, 0x2400);  // eth.precompile
    g.a.emit(rv::ecall());
    g.save(rv::a0);
    // Hand back the canary region, then the saved status.
    g.a.li(rv::a0, kOut).li(rv::a1, kCanary).li(rv::a7, rv::kSysOutput).emit(rv::ecall());
    g.finish();
    const auto r = g.run();
    ASSERT_EQ(r.status, Status::exited) << rv::summary(r) << " " << r.message;
    ASSERT_EQ(r.output.size(), kCanary + 8) << rv::summary(r);
    for (size_t i = 0; i < kCanary; ++i)
      ASSERT_EQ(uint8_t(r.output[i]), kCanaryByte) << "address 0x" << std::hex << c.address << std::dec << ", "
                                          << c.input_len << " input bytes, capacity " << cap
                                          << ": byte " << i << " of the output region was written";
    int64_t status = 0;
    std::memcpy(&status, r.output.data() + kCanary, 8);
    EXPECT_EQ(status, -74) << "address 0x" << std::hex << c.address << std::dec << ", " << c.input_len
                           << " input bytes, capacity " << cap;
  }
}

INSTANTIATE_TEST_SUITE_P(
    EveryCurveAddress, EthCurveLengthFailure,
    ::testing::Values(Case{0x08, 1}, Case{0x08, 191}, Case{0x0a, 0}, Case{0x0a, 191}, Case{0x0b, 0},
                      Case{0x0b, 255}, Case{0x0c, 0}, Case{0x0c, 159}, Case{0x0d, 0}, Case{0x0d, 511},
                      Case{0x0e, 0}, Case{0x0e, 287}, Case{0x0f, 0}, Case{0x0f, 383}, Case{0x10, 0},
                      Case{0x10, 63}, Case{0x11, 0}, Case{0x11, 127}),
    [](const auto& info) {
      char name[32];
      std::snprintf(name, sizeof name, "addr%02x_len%llu", info.param.address,
                    (unsigned long long)info.param.input_len);
      return std::string(name);
    });

}  // namespace
