// coproc/eth/curves.cpp: Ethereum's curve precompiles on the ec family: BN254 0x06 ECADD, 0x07
// ECMUL, 0x08 ECPAIRING (EIP-196/197, EIP-1108 gas), 0x0a POINT_EVALUATION (EIP-4844) and
// BLS12-381 0x0b..0x11 (EIP-2537, with its MSM discount tables), as go-ethereum implements them
// for Osaka (docs/ethereum.md).
#include <algorithm>
#include <cstring>

#include "coproc/ec/bls12_381.h"
#include "coproc/ec/bls12_381_map.h"
#include "coproc/ec/bn254.h"
#include "coproc/ec/ec.h"
#include "coproc/eth/curves.h"
#include "coproc/hash/hash.h"

namespace tandem::coproc::eth {
namespace {

inline constexpr uint64_t kDecodeGas = 50;  // as for the other precompiles (precompiles.cpp)

// EIP-2537's discount tables, in thousandths, for k = 1..128 pairs (k above 128 uses the last).
constexpr uint16_t kG1Discount[128] = {
    1000, 949, 848, 797, 764, 750, 738, 728, 719, 712, 705, 698, 692, 687, 682, 677, 673, 669, 665,
    661,  658, 654, 651, 648, 645, 642, 640, 637, 635, 632, 630, 627, 625, 623, 621, 619, 617, 615,
    613,  611, 609, 608, 606, 604, 603, 601, 599, 598, 596, 595, 593, 592, 591, 589, 588, 586, 585,
    584,  582, 581, 580, 579, 577, 576, 575, 574, 573, 572, 570, 569, 568, 567, 566, 565, 564, 563,
    562,  561, 560, 559, 558, 557, 556, 555, 554, 553, 552, 551, 550, 549, 548, 547, 547, 546, 545,
    544,  543, 542, 541, 540, 540, 539, 538, 537, 536, 536, 535, 534, 533, 532, 532, 531, 530, 529,
    528,  528, 527, 526, 525, 525, 524, 523, 522, 522, 521, 520, 520, 519};
constexpr uint16_t kG2Discount[128] = {
    1000, 1000, 923, 884, 855, 832, 812, 796, 782, 770, 759, 749, 740, 732, 724, 717, 711, 704, 699,
    693,  688,  683, 679, 674, 670, 666, 663, 659, 655, 652, 649, 646, 643, 640, 637, 634, 632, 629,
    627,  624,  622, 620, 618, 615, 613, 611, 609, 607, 606, 604, 602, 600, 598, 597, 595, 593, 592,
    590,  589,  587, 586, 584, 583, 582, 580, 579, 578, 576, 575, 574, 573, 571, 570, 569, 568, 567,
    566,  565,  563, 562, 561, 560, 559, 558, 557, 556, 555, 554, 553, 552, 552, 551, 550, 549, 548,
    547,  546,  545, 545, 544, 543, 542, 541, 541, 540, 539, 538, 537, 537, 536, 535, 535, 534, 533,
    532,  532,  531, 530, 530, 529, 528, 528, 527, 526, 526, 525, 524, 524};

uint64_t msm_eth_gas(uint64_t k, uint64_t mul_gas, const uint16_t* table) noexcept {
  if (k == 0) return 0;
  const uint64_t d = table[std::min<uint64_t>(k, 128) - 1];
  const unsigned __int128 g = (unsigned __int128)k * mul_gas * d / 1000;
  return g > ~uint64_t(0) ? ~uint64_t(0) : uint64_t(g);
}

uint64_t sat(uint64_t a, uint64_t b) noexcept { return a + b < a ? ~uint64_t(0) : a + b; }

// Byte i of the input as if it were padded with zeros (ECADD and ECMUL read a fixed size).
void padded(std::span<const uint8_t> in, uint8_t* dst, size_t n) noexcept {
  std::memset(dst, 0, n);
  if (!in.empty()) std::memcpy(dst, in.data(), std::min(n, in.size()));
}

// BLS_MODULUS and FIELD_ELEMENTS_PER_BLOB, the point evaluation precompile's output.
constexpr uint8_t kBlsModulus[32] = {0x73, 0xed, 0xa7, 0x53, 0x29, 0x9d, 0x7d, 0x48, 0x33, 0x39, 0xd8,
                                     0x08, 0x09, 0xa1, 0xd8, 0x05, 0x53, 0xbd, 0xa4, 0x02, 0xff, 0xfe,
                                     0x5b, 0xfe, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01};

const char* bn254_message(int e) noexcept {
  switch (e) {
    case ec::bn254::kInvalidField: return "bn254: a coordinate is not below the field modulus";
    case ec::bn254::kNotOnCurve: return "bn254: a point is not on the curve";
    case ec::bn254::kNotInSubgroup: return "bn254: a G2 point is not in the subgroup of order r";
    default: return "bn254: out of memory";
  }
}

const char* bls_message(int e) noexcept {
  switch (e) {
    case ec::bls12_381::kInvalidField:
      return "bls12-381: a field element is not 16 zero bytes and a value below the modulus";
    case ec::bls12_381::kNotOnCurve: return "bls12-381: a point is not on the curve";
    case ec::bls12_381::kNotInSubgroup: return "bls12-381: a point is not in the subgroup of order r";
    case ec::bls12_381::kNoMemory: return "bls12-381: out of memory";
    default: return "bls12-381: invalid encoding";
  }
}

// An input of whole records of `record` bytes (at least one when `nonempty`), no more of them
// than tandem runs in one call.
const char* records(size_t n, size_t record, bool nonempty, const char* bad_length,
                    const char* too_many) noexcept {
  if ((nonempty && n == 0) || n % record) return bad_length;
  return n / record > ec::kMaxMsmPoints ? too_many : nullptr;
}

}  // namespace

const char* curve_failure(uint32_t address, size_t n) noexcept {
  switch (address) {
    case 0x08:
      return records(n, 192, false, "bn254 pairing: input length must be a multiple of 192 bytes",
                     "bn254 pairing: more pairs than tandem runs in one call");
    case 0x0a: return n != 192 ? "point evaluation: input must be exactly 192 bytes" : nullptr;
    case 0x0b: return n != 256 ? "bls12-381 G1ADD: input must be exactly 256 bytes" : nullptr;
    case 0x0c:
      return records(n, 160, true, "bls12-381 G1MSM: input length must be a positive multiple of 160 bytes",
                     "bls12-381 G1MSM: more points than tandem runs in one call");
    case 0x0d: return n != 512 ? "bls12-381 G2ADD: input must be exactly 512 bytes" : nullptr;
    case 0x0e:
      return records(n, 288, true, "bls12-381 G2MSM: input length must be a positive multiple of 288 bytes",
                     "bls12-381 G2MSM: more points than tandem runs in one call");
    case 0x0f:
      return records(n, 384, true,
                     "bls12-381 PAIRING_CHECK: input length must be a positive multiple of 384 bytes",
                     "bls12-381 PAIRING_CHECK: more pairs than tandem runs in one call");
    case 0x10: return n != 64 ? "bls12-381 MAP_FP_TO_G1: input must be exactly 64 bytes" : nullptr;
    case 0x11: return n != 128 ? "bls12-381 MAP_FP2_TO_G2: input must be exactly 128 bytes" : nullptr;
  }
  return nullptr;
}

bool curve_plan(uint32_t address, std::span<const uint8_t> input, Plan& p) noexcept {
  const uint64_t n = input.size();
  switch (address) {
    case 0x06:
      p.eth_gas = 150;
      p.tandem_gas = ec::bn254_add_gas();
      p.max_output = 64;
      break;
    case 0x07:
      p.eth_gas = 6000;
      p.tandem_gas = ec::bn254_mul_gas();
      p.max_output = 64;
      break;
    case 0x08:
      p.eth_gas = sat(45000, 34000 * (n / 192));
      p.tandem_gas = ec::bn254_pairing_gas(n / 192);
      p.max_output = 32;
      break;
    case 0x0a:
      p.eth_gas = 50000;
      p.tandem_gas = ec::kzg_verify_gas() + hash::sha256_gas(48);
      p.max_output = 64;
      break;
    case 0x0b:
      p.eth_gas = 375;
      p.tandem_gas = ec::bls_g1_add_gas();
      p.max_output = 128;
      break;
    case 0x0c:
      p.eth_gas = msm_eth_gas(n / 160, 12000, kG1Discount);
      p.tandem_gas = ec::bls_g1_msm_gas(n / 160);
      p.max_output = 128;
      break;
    case 0x0d:
      p.eth_gas = 600;
      p.tandem_gas = ec::bls_g2_add_gas();
      p.max_output = 256;
      break;
    case 0x0e:
      p.eth_gas = msm_eth_gas(n / 288, 22500, kG2Discount);
      p.tandem_gas = ec::bls_g2_msm_gas(n / 288);
      p.max_output = 256;
      break;
    case 0x0f:
      p.eth_gas = sat(37700, 32600 * (n / 384));
      p.tandem_gas = ec::bls_pairing_gas(n / 384);
      p.max_output = 32;
      break;
    case 0x10:
      p.eth_gas = 5500;
      p.tandem_gas = ec::bls_map_g1_gas();
      p.max_output = 128;
      break;
    case 0x11:
      p.eth_gas = 23800;
      p.tandem_gas = ec::bls_map_g2_gas();
      p.max_output = 256;
      break;
    default:
      return false;
  }
  p.supported = true;
  p.tandem_gas = sat(p.tandem_gas, kDecodeGas);
  if (const char* fails = curve_failure(address, size_t(n))) {
    p.fails = true;
    p.message = fails;
    p.max_output = 0;
    p.tandem_gas = kDecodeGas;
  }
  return true;
}

std::optional<size_t> curve_execute(uint32_t address, std::span<const uint8_t> input,
                                    std::span<uint8_t> out, std::string* error) {
  const uint8_t* in = input.data();
  const size_t n = input.size();
  int e = 0;
  size_t len = 0;
  bool bls = false;
  switch (address) {
    case 0x06: {
      uint8_t buf[128];
      padded(input, buf, 128);
      e = ec::bn254::g1_add(buf, buf + 64, out.data());
      len = 64;
      break;
    }
    case 0x07: {
      uint8_t buf[96];
      padded(input, buf, 96);
      e = ec::bn254::g1_mul(buf, buf + 64, out.data());
      len = 64;
      break;
    }
    case 0x08: {
      bool ok = false;
      e = ec::bn254::pairing_check(in, n / 192, &ok);
      std::memset(out.data(), 0, 32);
      out[31] = ok;
      len = 32;
      break;
    }
    case 0x0a: {
      // versioned_hash 32 || z 32 || y 32 || commitment 48 || proof 48
      uint8_t h[32];
      hash::sha256(in + 96, 48, h);
      h[0] = 0x01;  // VERSIONED_HASH_VERSION_KZG
      if (std::memcmp(h, in, 32) != 0) {
        if (error) *error = "point evaluation: the versioned hash does not match the commitment";
        return std::nullopt;
      }
      bool ok = false;
      e = ec::bls12_381::kzg_verify_proof(in + 96, in + 32, in + 64, in + 144, &ok);
      bls = true;
      if (e == 0 && !ok) {
        if (error) *error = "point evaluation: the proof does not verify";
        return std::nullopt;
      }
      std::memset(out.data(), 0, 32);
      out[30] = 0x10;  // FIELD_ELEMENTS_PER_BLOB = 4096
      std::memcpy(out.data() + 32, kBlsModulus, 32);
      len = 64;
      break;
    }
    case 0x0b: e = ec::bls12_381::g1_add(in, out.data()), len = 128, bls = true; break;
    case 0x0c: e = ec::bls12_381::g1_msm(in, n / 160, out.data()), len = 128, bls = true; break;
    case 0x0d: e = ec::bls12_381::g2_add(in, out.data()), len = 256, bls = true; break;
    case 0x0e: e = ec::bls12_381::g2_msm(in, n / 288, out.data()), len = 256, bls = true; break;
    case 0x0f: {
      bool ok = false;
      e = ec::bls12_381::pairing_check(in, n / 384, &ok);
      std::memset(out.data(), 0, 32);
      out[31] = ok;
      len = 32, bls = true;
      break;
    }
    case 0x10: e = ec::bls12_381::map_fp_to_g1(in, out.data()), len = 128, bls = true; break;
    case 0x11: e = ec::bls12_381::map_fp2_to_g2(in, out.data()), len = 256, bls = true; break;
    default: return std::nullopt;
  }
  if (e != 0) {
    if (error) *error = bls ? bls_message(e) : bn254_message(e);
    return std::nullopt;
  }
  return len;
}

}  // namespace tandem::coproc::eth
