// tests/coproc/bls12_381_map_test.cpp: BLS12-381 map-to-curve (EIP-2537 MAP_FP_TO_G1 and
// MAP_FP2_TO_G2) against go-ethereum's precompile vectors, RFC 9380's suite vectors (J.9 and
// J.10: map_to_curve before and after cofactor clearing), edge inputs, and seeded properties
// (outputs on the curve and in the subgroup, the isogeny maps E' onto E, psi-based cofactor
// clearing equals h_eff * P).
#include "coproc/ec/bls12_381_map.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>

#include "tests/support/vectors.h"

namespace {

using namespace tandem::coproc::ec;
using namespace tandem::coproc::ec::bls12_381;
using tandem::test::Bytes;
using tandem::test::hex;
using tandem::test::unhex;

Fq fq_hex(const std::string& s) {
  const Bytes b = unhex(s);
  Fq r{};
  EXPECT_TRUE(Fq::from_be(b.data(), b.size(), r)) << s;
  return r;
}
Fq2 fq2_hex(const std::string& c0, const std::string& c1) { return {fq_hex(c0), fq_hex(c1)}; }

std::string pad64(const std::string& h48) { return std::string(32, '0') + h48; }

Fq random_fq(std::mt19937_64& rng) {
  for (;;) {
    uint8_t b[48];
    for (auto& x : b) x = uint8_t(rng());
    b[0] &= 0x1f;
    Fq r{};
    if (Fq::from_be(b, 48, r)) return r;
  }
}

// r, the order of G1 and G2
BigInt<4> group_order() {
  BigInt<4> r{};
  for (size_t i = 0; i < 4; ++i) r.l[i] = FrParams::modulus[i];
  return r;
}

bool on_e1_prime(const Fq& x, const Fq& y) {
  const Fq a = fq_hex("144698a3b8e9433d693a02c96d4982b0ea985383ee66a8d8"
                      "e8981aefd881ac98936f8da0e0f97f5cf428082d584c1d");
  const Fq b = fq_hex("12e2908d11688030018b12e8753eee3b2016c1f0f24f4070"
                      "a0b9c14fcef35ef55a23215a316ceaa5d1cc48e98e172be0");
  return y.sqr() == (x.sqr() + a) * x + b;
}
bool on_e2_prime(const Fq2& x, const Fq2& y) {
  const Fq2 a{Fq::zero(), Fq::from_u64(240)}, b{Fq::from_u64(1012), Fq::from_u64(1012)};
  return y.sqr() == (x.sqr() + a) * x + b;
}

// ---- go-ethereum precompile vectors -------------------------------------------------------------

TEST(Bls12381Map, GethMapG1) {
  LOAD_OR_SKIP(text, "go-ethereum/blsMapG1.json");
  const auto j = nlohmann::json::parse(text);
  ASSERT_GT(j.size(), 0u);
  for (const auto& v : j) {
    const Bytes in = unhex(v["Input"].get<std::string>());
    ASSERT_EQ(in.size(), 64u) << v["Name"];
    uint8_t out[128];
    ASSERT_EQ(map_fp_to_g1(in.data(), out), 0) << v["Name"];
    EXPECT_EQ(hex(out, 128), v["Expected"].get<std::string>()) << v["Name"];
  }
}

// The byte functions take exact sizes, so a wrong length is refused before the call, as the
// precompile will do.
template <size_t In, size_t Out, int (*Fn)(const uint8_t*, uint8_t*)>
void check_failures(const std::string& text) {
  const auto j = nlohmann::json::parse(text);
  ASSERT_GT(j.size(), 0u);
  int called = 0;
  for (const auto& v : j) {
    const Bytes in = unhex(v["Input"].get<std::string>());
    if (in.size() != In) continue;  // "invalid input length"
    uint8_t out[Out];
    EXPECT_EQ(Fn(in.data(), out), kMapInvalidField) << v["Name"] << ": " << v["ExpectedError"];
    ++called;
  }
  EXPECT_GT(called, 0);
}

TEST(Bls12381Map, GethFailures) {
  LOAD_OR_SKIP(g1, "go-ethereum/fail-blsMapG1.json");
  LOAD_OR_SKIP(g2, "go-ethereum/fail-blsMapG2.json");
  check_failures<64, 128, map_fp_to_g1>(g1);
  check_failures<128, 256, map_fp2_to_g2>(g2);
}

TEST(Bls12381Map, InvalidFieldElements) {
  uint8_t in[128] = {}, out[256];
  // exactly p
  const Bytes p = unhex("1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf"
                        "6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab");
  memcpy(in + 16, p.data(), 48);
  EXPECT_EQ(map_fp_to_g1(in, out), kMapInvalidField);
  EXPECT_EQ(map_fp2_to_g2(in, out), kMapInvalidField);
  memset(in, 0, sizeof in);
  memcpy(in + 64 + 16, p.data(), 48);  // c1 = p
  EXPECT_EQ(map_fp2_to_g2(in, out), kMapInvalidField);
  memset(in, 0, sizeof in);
  in[64 + 15] = 1;  // c1's top 16 bytes not zero
  EXPECT_EQ(map_fp2_to_g2(in, out), kMapInvalidField);
  in[64 + 15] = 0;
  in[0] = 1;
  EXPECT_EQ(map_fp_to_g1(in, out), kMapInvalidField);
}

// ---- RFC 9380 J.9 (G1) --------------------------------------------------------------------------

struct RoG1 {
  const char *u0, *u1, *q0x, *q0y, *q1x, *q1y, *px, *py;
};
const RoG1 kRoG1[] = {
    {// msg = ""
     "0ba14bd907ad64a016293ee7c2d276b8eae71f25a4b941ee"
     "ce7b0d89f17f75cb3ae5438a614fb61d6835ad59f29c564f",
     "019b9bd7979f12657976de2884c7cce192b82c177c80e0ec"
     "604436a7f538d231552f0d96d9f7babe5fa3b19b3ff25ac9",
     "11a3cce7e1d90975990066b2f2643b9540fa40d6137780df"
     "4e753a8054d07580db3b7f1f03396333d4a359d1fe3766fe",
     "0eeaf6d794e479e270da10fdaf768db4c96b650a74518fc6"
     "7b04b03927754bac66f3ac720404f339ecdcc028afa091b7",
     "160003aaf1632b13396dbad518effa00fff532f604de1a7f"
     "c2082ff4cb0afa2d63b2c32da1bef2bf6c5ca62dc6b72f9c",
     "0d8bb2d14e20cf9f6036152ed386d79189415b6d015a2013"
     "3acb4e019139b94e9c146aaad5817f866c95d609a361735e",
     "052926add2207b76ca4fa57a8734416c8dc95e24501772c8"
     "14278700eed6d1e4e8cf62d9c09db0fac349612b759e79a1",
     "08ba738453bfed09cb546dbb0783dbb3a5f1f566ed67bb6b"
     "e0e8c67e2e81a4cc68ee29813bb7994998f3eae0c9c6a265"},
    {// msg = "abc"
     "0d921c33f2bad966478a03ca35d05719bdf92d347557ea16"
     "6e5bba579eea9b83e9afa5c088573c2281410369fbd32951",
     "003574a00b109ada2f26a37a91f9d1e740dffd8d69ec0c35"
     "e1e9f4652c7dba61123e9dd2e76c655d956e2b3462611139",
     "125435adce8e1cbd1c803e7123f45392dc6e326d292499c2"
     "c45c5865985fd74fe8f042ecdeeec5ecac80680d04317d80",
     "0e8828948c989126595ee30e4f7c931cbd6f4570735624fd"
     "25aef2fa41d3f79cfb4b4ee7b7e55a8ce013af2a5ba20bf2",
     "11def93719829ecda3b46aa8c31fc3ac9c34b428982b8983"
     "69608e4f042babee6c77ab9218aad5c87ba785481eff8ae4",
     "0007c9cef122ccf2efd233d6eb9bfc680aa276652b0661f4"
     "f820a653cec1db7ff69899f8e52b8e92b025a12c822a6ce6",
     "03567bc5ef9c690c2ab2ecdf6a96ef1c139cc0b2f284dca0"
     "a9a7943388a49a3aee664ba5379a7655d3c68900be2f6903",
     "0b9c15f3fe6e5cf4211f346271d7b01c8f3b28be689c8429"
     "c85b67af215533311f0b8dfaaa154fa6b88176c229f2885d"},
};

TEST(Bls12381Map, Rfc9380G1RandomOracle) {
  for (const auto& v : kRoG1) {
    G1 q0{}, q1{};
    ASSERT_TRUE(map_to_curve_g1_var(fq_hex(v.u0), &q0));
    ASSERT_TRUE(map_to_curve_g1_var(fq_hex(v.u1), &q1));
    EXPECT_EQ(q0.to_affine(), (G1Affine{fq_hex(v.q0x), fq_hex(v.q0y), false})) << v.u0;
    EXPECT_EQ(q1.to_affine(), (G1Affine{fq_hex(v.q1x), fq_hex(v.q1y), false})) << v.u1;
    const G1Affine p{fq_hex(v.px), fq_hex(v.py), false};
    EXPECT_EQ(clear_cofactor_g1(q0 + q1).to_affine(), p);
  }
}

struct NuG1 {
  const char *u, *qx, *qy, *px, *py;
};
const NuG1 kNuG1[] = {
    {// msg = ""
     "156c8a6a2c184569d69a76be144b5cdc5141d2d2ca4fe341"
     "f011e25e3969c55ad9e9b9ce2eb833c81a908e5fa4ac5f03",
     "11398d3b324810a1b093f8e35aa8571cced95858207e7f49"
     "c4fd74656096d61d8a2f9a23cdb18a4dd11cd1d66f41f709",
     "19316b6fb2ba7717355d5d66a361899057e1e84a6823039e"
     "fc7beccefe09d023fb2713b1c415fcf278eb0c39a89b4f72",
     "184bb665c37ff561a89ec2122dd343f20e0f4cbcaec84e3c"
     "3052ea81d1834e192c426074b02ed3dca4e7676ce4ce48ba",
     "04407b8d35af4dacc809927071fc0405218f1401a6d15af7"
     "75810e4e460064bcc9468beeba82fdc751be70476c888bf3"},
    {// msg = "abc"
     "147e1ed29f06e4c5079b9d14fc89d2820d32419b990c1c7b"
     "b7dbea2a36a045124b31ffbde7c99329c05c559af1c6cc82",
     "1998321bc27ff6d71df3051b5aec12ff47363d81a5e9d2df"
     "f55f444f6ca7e7d6af45c56fd029c58237c266ef5cda5254",
     "034d274476c6307ae584f951c82e7ea85b84f72d28f4d647"
     "1732356121af8d62a49bc263e8eb913a6cf6f125995514ee",
     "009769f3ab59bfd551d53a5f846b9984c59b97d6842b20a2"
     "c565baa167945e3d026a3755b6345df8ec7e6acb6868ae6d",
     "1532c00cf61aa3d0ce3e5aa20c3b531a2abd2c770a790a26"
     "13818303c6b830ffc0ecf6c357af3317b9575c567f11cd2c"},
};

// encode_to_curve (NU) is exactly the precompile: one element, map_to_curve, clear_cofactor.
TEST(Bls12381Map, Rfc9380G1Encode) {
  for (const auto& v : kNuG1) {
    G1 q{};
    ASSERT_TRUE(map_to_curve_g1_var(fq_hex(v.u), &q));
    EXPECT_EQ(q.to_affine(), (G1Affine{fq_hex(v.qx), fq_hex(v.qy), false})) << v.u;
    const Bytes in = unhex(pad64(v.u));
    uint8_t out[128];
    ASSERT_EQ(map_fp_to_g1(in.data(), out), 0);
    EXPECT_EQ(hex(out, 128), pad64(v.px) + pad64(v.py));
  }
}

// ---- RFC 9380 J.10 (G2) -------------------------------------------------------------------------

struct RoG2 {
  const char* h[16];  // u0, u1, Q0.x, Q0.y, Q1.x, Q1.y, P.x, P.y, each c0 then c1
};
const RoG2 kRoG2[] = {
    {{// msg = ""
      "03dbc2cce174e91ba93cbb08f26b917f98194a2ea08d1cce"
      "75b2b9cc9f21689d80bd79b594a613d0a68eb807dfdc1cf8",
      "05a2acec64114845711a54199ea339abd125ba38253b70a9"
      "2c876df10598bd1986b739cad67961eb94f7076511b3b39a",
      "02f99798e8a5acdeed60d7e18e9120521ba1f47ec0909846"
      "62846bc825de191b5b7641148c0dbc237726a334473eee94",
      "145a81e418d4010cc027a68f14391b30074e89e60ee7a22f"
      "87217b2f6eb0c4b94c9115b436e6fa4607e95a98de30a435",
      "019ad3fc9c72425a998d7ab1ea0e646a1f6093444fc6965f"
      "1cad5a3195a7b1e099c050d57f45e3fa191cc6d75ed7458c",
      "171c88b0b0efb5eb2b88913a9e74fe111a4f68867b59db25"
      "2ce5868af4d1254bfab77ebde5d61cd1a86fb2fe4a5a1c1d",
      "0ba10604e62bdd9eeeb4156652066167b72c8d743b050fb4"
      "c1016c31b505129374f76e03fa127d6a156213576910fef3",
      "0eb22c7a543d3d376e9716a49b72e79a89c9bfe9feee8533"
      "ed931cbb5373dde1fbcd7411d8052e02693654f71e15410a",
      "113d2b9cd4bd98aee53470b27abc658d91b47a78a51584f3"
      "d4b950677cfb8a3e99c24222c406128c91296ef6b45608be",
      "13855912321c5cb793e9d1e88f6f8d342d49c0b0dbac613e"
      "e9e17e3c0b3c97dfbb5a49cc3fb45102fdbaf65e0efe2632",
      "0fd3def0b7574a1d801be44fde617162aa2e89da47f46431"
      "7d9bb5abc3a7071763ce74180883ad7ad9a723a9afafcdca",
      "056f617902b3c0d0f78a9a8cbda43a26b65f602f8786540b"
      "9469b060db7b38417915b413ca65f875c130bebfaa59790c",
      "0141ebfbdca40eb85b87142e130ab689c673cf60f1a3e98d"
      "69335266f30d9b8d4ac44c1038e9dcdd5393faf5c41fb78a",
      "05cb8437535e20ecffaef7752baddf98034139c38452458b"
      "aeefab379ba13dff5bf5dd71b72418717047f5b0f37da03d",
      "0503921d7f6a12805e72940b963c0cf3471c7b2a524950ca"
      "195d11062ee75ec076daf2d4bc358c4b190c0c98064fdd92",
      "12424ac32561493f3fe3c260708a12b7c620e7be00099a97"
      "4e259ddc7d1f6395c3c811cdd19f1e8dbf3e9ecfdcbab8d6"}},
    {{// msg = "abc"
      "15f7c0aa8f6b296ab5ff9c2c7581ade64f4ee6f1bf18f551"
      "79ff44a2cf355fa53dd2a2158c5ecb17d7c52f63e7195771",
      "01c8067bf4c0ba709aa8b9abc3d1cef589a4758e09ef5373"
      "2d670fd8739a7274e111ba2fcaa71b3d33df2a3a0c8529dd",
      "187111d5e088b6b9acfdfad078c4dacf72dcd17ca17c82be"
      "35e79f8c372a693f60a033b461d81b025864a0ad051a06e4",
      "08b852331c96ed983e497ebc6dee9b75e373d923b729194a"
      "f8e72a051ea586f3538a6ebb1e80881a082fa2b24df9f566",
      "12b2e525281b5f4d2276954e84ac4f42cf4e13b6ac422862"
      "4e17760faf94ce5706d53f0ca1952f1c5ef75239aeed55ad",
      "05d8a724db78e570e34100c0bc4a5fa84ad5839359b40398"
      "151f37cff5a51de945c563463c9efbdda569850ee5a53e77",
      "02eacdc556d0bdb5d18d22f23dcb086dd106cad713777c7e"
      "6407943edbe0b3d1efe391eedf11e977fac55f9b94f2489c",
      "04bbe48bfd5814648d0b9e30f0717b34015d45a861425fab"
      "c1ee06fdfce36384ae2c808185e693ae97dcde118f34de41",
      "19f18cc5ec0c2f055e47c802acc3b0e40c337256a208001d"
      "de14b25afced146f37ea3d3ce16834c78175b3ed61f3c537",
      "15b0dadc256a258b4c68ea43605dffa6d312eef215c19e64"
      "74b3e101d33b661dfee43b51abbf96fee68fc6043ac56a58",
      "05e47c1781286e61c7ade887512bd9c2cb9f640d3be9cf87"
      "ea0bad24bd0ebfe946497b48a581ab6c7d4ca74b5147287f",
      "19f98db2f4a1fcdf56a9ced7b320ea9deecf57c8e59236b0"
      "dc21f6ee7229aa9705ce9ac7fe7a31c72edca0d92370c096",
      "02c2d18e033b960562aae3cab37a27ce00d80ccd5ba4b7fe"
      "0e7a210245129dbec7780ccc7954725f4168aff2787776e6",
      "139cddbccdc5e91b9623efd38c49f81a6f83f175e80b06fc"
      "374de9eb4b41dfe4ca3a230ed250fbe3a2acf73a41177fd8",
      "1787327b68159716a37440985269cf584bcb1e621d3a7202"
      "be6ea05c4cfe244aeb197642555a0645fb87bf7466b2ba48",
      "00aa65dae3c8d732d10ecd2c50f8a1baf3001578f71c694e"
      "03866e9f3d49ac1e1ce70dd94a733534f106d4cec0eddd16"}},
};

G2Affine g2_affine(const char* const* h) {
  return {fq2_hex(h[0], h[1]), fq2_hex(h[2], h[3]), false};
}

TEST(Bls12381Map, Rfc9380G2RandomOracle) {
  for (const auto& v : kRoG2) {
    G2 q0{}, q1{};
    ASSERT_TRUE(map_to_curve_g2_var(fq2_hex(v.h[0], v.h[1]), &q0));
    ASSERT_TRUE(map_to_curve_g2_var(fq2_hex(v.h[2], v.h[3]), &q1));
    EXPECT_EQ(q0.to_affine(), g2_affine(v.h + 4)) << v.h[0];
    EXPECT_EQ(q1.to_affine(), g2_affine(v.h + 8)) << v.h[2];
    EXPECT_EQ(clear_cofactor_g2(q0 + q1).to_affine(), g2_affine(v.h + 12)) << v.h[0];
  }
}

struct NuG2 {
  const char* h[6];  // u, P.x, P.y (c0 then c1)
};
const NuG2 kNuG2[] = {
    {{// msg = ""
      "07355d25caf6e7f2f0cb2812ca0e513bd026ed09dda65b17"
      "7500fa31714e09ea0ded3a078b526bed3307f804d4b93b04",
      "02829ce3c021339ccb5caf3e187f6370e1e2a311dec9b753"
      "63117063ab2015603ff52c3d3b98f19c2f65575e99e8b78c",
      "00e7f4568a82b4b7dc1f14c6aaa055edf51502319c723c4d"
      "c2688c7fe5944c213f510328082396515734b6612c4e7bb7",
      "126b855e9e69b1f691f816e48ac6977664d24d99f8724868"
      "a184186469ddfd4617367e94527d4b74fc86413483afb35b",
      "0caead0fd7b6176c01436833c79d305c78be307da5f6af6c"
      "133c47311def6ff1e0babf57a0fb5539fce7ee12407b0a42",
      "1498aadcf7ae2b345243e281ae076df6de84455d766ab6fc"
      "daad71fab60abb2e8b980a440043cd305db09d283c895e3d"}},
    {{// msg = "abc"
      "138879a9559e24cecee8697b8b4ad32cced053138ab913b9"
      "9872772dc753a2967ed50aabc907937aefb2439ba06cc50c",
      "0a1ae7999ea9bab1dcc9ef8887a6cb6e8f1e22566015428d"
      "220b7eec90ffa70ad1f624018a9ad11e78d588bd3617f9f2",
      "108ed59fd9fae381abfd1d6bce2fd2fa220990f0f837fa30"
      "e0f27914ed6e1454db0d1ee957b219f61da6ff8be0d6441f",
      "0296238ea82c6d4adb3c838ee3cb2346049c90b96d602d7b"
      "b1b469b905c9228be25c627bffee872def773d5b2a2eb57d",
      "033f90f6057aadacae7963b0a0b379dd46750c1c94a6357c"
      "99b65f63b79e321ff50fe3053330911c56b6ceea08fee656",
      "153606c417e59fb331b7ae6bce4fbf7c5190c33ce9402b5e"
      "be2b70e44fca614f3f1382a3625ed5493843d0b0a652fc3f"}},
};

TEST(Bls12381Map, Rfc9380G2Encode) {
  for (const auto& v : kNuG2) {
    const Bytes in = unhex(pad64(v.h[0]) + pad64(v.h[1]));
    uint8_t out[256];
    ASSERT_EQ(map_fp2_to_g2(in.data(), out), 0);
    EXPECT_EQ(hex(out, 256), pad64(v.h[2]) + pad64(v.h[3]) + pad64(v.h[4]) + pad64(v.h[5]));
  }
}

// ---- edge inputs: u = 0 (SSWU's exceptional case), 1, -1; expected values from a direct
// transcription of RFC 9380 section 6.6.2 (plain square roots and inversions, affine isogeny and
// Budroni-Pintore), independent of the fraction-based code under test.

struct Edge {
  const char *in, *out;
};
const Edge kEdgeG1[] = {
    {"0000000000000000000000000000000000000000000000000000000000000000"
     "0000000000000000000000000000000000000000000000000000000000000000",
     "0000000000000000000000000000000011a9a0372b8f332d5c30de9ad14e5037"
     "2a73fa4c45d5f2fa5097f2d6fb93bcac592f2e1711ac43db0519870c7d0ea415"
     "00000000000000000000000000000000092c0f994164a0719f51c24ba3788de2"
     "40ff926b55f58c445116e8bc6a47cd63392fd4e8e22bdf9feaa96ee773222133"},
    {"0000000000000000000000000000000000000000000000000000000000000000"
     "0000000000000000000000000000000000000000000000000000000000000001",
     "000000000000000000000000000000001073311196f8ef19477219ccee3a4803"
     "5ff432295aa9419eed45d186027d88b90832e14c4f0e2aa4d15f54d1c3ed0f93"
     "00000000000000000000000000000000034d6e3755a2073039d609db4cf3aef5"
     "48283b5cc92f1021cbdb276414bcd8072b112d80a2b0a7dbf22bdaf17e006d45"},
    {"000000000000000000000000000000001a0111ea397fe69a4b1ba7b6434bacd7"
     "64774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaaa",
     "000000000000000000000000000000001073311196f8ef19477219ccee3a4803"
     "5ff432295aa9419eed45d186027d88b90832e14c4f0e2aa4d15f54d1c3ed0f93"
     "0000000000000000000000000000000016b3a3b2e3dddf6a11459ddaf657fde2"
     "1c4f10282a56029d9b55ab3ce1f41e1cf39ad27e0ea35823c7d3250e81ff3d66"},
};
const Edge kEdgeG2[] = {
    {"0000000000000000000000000000000000000000000000000000000000000000"
     "0000000000000000000000000000000000000000000000000000000000000000"
     "0000000000000000000000000000000000000000000000000000000000000000"
     "0000000000000000000000000000000000000000000000000000000000000000",
     "00000000000000000000000000000000018320896ec9eef9d5e619848dc29ce2"
     "66f413d02dd31d9b9d44ec0c79cd61f18b075ddba6d7bd20b7ff27a4b324bfce"
     "000000000000000000000000000000000a67d12118b5a35bb02d2e86b3ebfa7e"
     "23410db93de39fb06d7025fa95e96ffa428a7a27c3ae4dd4b40bd251ac658892"
     "000000000000000000000000000000000260e03644d1a2c321256b3246bad2b8"
     "95cad13890cbe6f85df55106a0d334604fb143c7a042d878006271865bc35941"
     "0000000000000000000000000000000004c69777a43f0bda07679d5805e63f18"
     "cf4e0e7c6112ac7f70266d199b4f76ae27c6269a3ceebdae30806e9a76aadf5c"},
    {"0000000000000000000000000000000000000000000000000000000000000000"
     "0000000000000000000000000000000000000000000000000000000000000001"
     "0000000000000000000000000000000000000000000000000000000000000000"
     "0000000000000000000000000000000000000000000000000000000000000000",
     "000000000000000000000000000000001770d4f641225e1a1c0f7d0585729976"
     "3e98e47ec6355b81dd6cdaf6db6825052f71d35ede3af8b70f046474c48d712e"
     "0000000000000000000000000000000000e12b55d801607d9760f8637ac80a4f"
     "ececd3eb74045b342ee3c7dddd2037e72dedccc27e9a89491d4e57bde555fead"
     "0000000000000000000000000000000005695a740eaae8452a882e7647f22bc1"
     "7782b00afa7b6be2d974824a2a7cba7eece26c60671d41145266582912235323"
     "00000000000000000000000000000000143ef77ba72f284b5b4f5c5ea227d269"
     "d98a8cf74a5c048a07852874d50632806cf66bc25db089319df2ee3f0212fc1c"},
    {"0000000000000000000000000000000000000000000000000000000000000000"
     "0000000000000000000000000000000000000000000000000000000000000000"
     "0000000000000000000000000000000000000000000000000000000000000000"
     "0000000000000000000000000000000000000000000000000000000000000001",
     "000000000000000000000000000000000f5ab9ab512bac0e5aa9d4be326afefb"
     "fa5db2dba6c88000f1cfeaa0cd62b2b2604935e2794933d76f9887bae7ed2851"
     "0000000000000000000000000000000005d991fb690fdad1923ac1834188ed45"
     "d160a15ee5547a4476b836a158a9884236846408b8abd5d99217876d12f8f5d6"
     "000000000000000000000000000000001055354681ba663d288d9a5256844c48"
     "ec43e27e9f2b87ce06850d4a5661095c189f8bab578093d2161db0b32550f3a0"
     "00000000000000000000000000000000184ee89023a361021f9d288e65deb12b"
     "2045b1e3d2560590fc3139354c51b756018cf3c54a13f60cb7b970567c39c08f"},
    {"000000000000000000000000000000001a0111ea397fe69a4b1ba7b6434bacd7"
     "64774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaaa"
     "000000000000000000000000000000001a0111ea397fe69a4b1ba7b6434bacd7"
     "64774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaaa",
     "0000000000000000000000000000000009bf1b857d8c15f317f649accfa7023e"
     "f21cfc03059936b83b487db476ff9d2fe64c6147140a5f0a436b875f51ffdf07"
     "000000000000000000000000000000000bb10e09bdf236cb2951bd7bcc044e1b"
     "9a6bb5fd4b2019dcc20ffde851d52d4f0d1a32382af9d7da2c5ba27e0f1c69e6"
     "000000000000000000000000000000000dd416a927ab1c15490ab753c973fd37"
     "7387b12efcbe6bed2bf768b9dc95a0ca04d1a8f0f30dbc078a2350a1f823cfd3"
     "00000000000000000000000000000000171565ce4fcd047b35ea6bcee4ef6fdb"
     "fec8cc73b7acdb3a1ec97a776e13acdfeffc21ed6648e3f0eec53ddb6c20fb61"},
};

TEST(Bls12381Map, EdgeInputs) {
  for (const auto& v : kEdgeG1) {
    const Bytes in = unhex(v.in);
    uint8_t out[128];
    ASSERT_EQ(map_fp_to_g1(in.data(), out), 0);
    EXPECT_EQ(hex(out, 128), v.out) << v.in;
  }
  for (const auto& v : kEdgeG2) {
    const Bytes in = unhex(v.in);
    uint8_t out[256];
    ASSERT_EQ(map_fp2_to_g2(in.data(), out), 0);
    EXPECT_EQ(hex(out, 256), v.out) << v.in;
  }
}

// ---- properties ---------------------------------------------------------------------------------

TEST(Bls12381Map, G1Properties) {
  auto rng = tandem::test::seeded_rng("Bls12381Map.G1Properties");
  const BigInt<4> r = group_order();
  const int n = int(tandem::test::iterations(12));
  for (int i = 0; i < n; ++i) {
    const Fq u = random_fq(rng);
    Fq x{}, y{};
    ASSERT_TRUE(sswu_g1_var(u, &x, &y));
    EXPECT_TRUE(on_e1_prime(x, y));
    EXPECT_EQ(y.sgn0(), u.sgn0());
    const G1 q = iso_map_g1(x, y);
    EXPECT_TRUE(q.on_curve());
    G1 q2{};
    ASSERT_TRUE(map_to_curve_g1_var(u, &q2));
    EXPECT_EQ(q, q2);
    G1Affine p{};
    ASSERT_TRUE(map_fp_to_g1_var(u, &p));
    EXPECT_TRUE(p.on_curve());
    const G1 pj = G1::from_affine(p);
    EXPECT_TRUE(mul_var(pj, r).is_identity());
    BigInt<1> h{{0xd201000000010001ull}};
    EXPECT_EQ(pj, mul_var(q, h));
  }
}

TEST(Bls12381Map, G2Properties) {
  auto rng = tandem::test::seeded_rng("Bls12381Map.G2Properties");
  const BigInt<4> r = group_order();
  // RFC 9380 section 8.8.2
  const Bytes hb = unhex(
      "0bc69f08f2ee75b3584c6a0ea91b352888e2a8e9145ad7689986ff031508ffe1"
      "329c2f178731db956d82bf015d1212b02ec0ec69d7477c1ae954cbc06689f6a3"
      "59894c0adebbf6b4e8020005aaa95551");
  BigInt<10> h_eff{};
  ASSERT_TRUE(h_eff.from_be(hb.data(), hb.size()));
  const int n = int(tandem::test::iterations(8));
  for (int i = 0; i < n; ++i) {
    const Fq2 u{random_fq(rng), random_fq(rng)};
    Fq2 x{}, y{};
    ASSERT_TRUE(sswu_g2_var(u, &x, &y));
    EXPECT_TRUE(on_e2_prime(x, y));
    EXPECT_EQ(y.sgn0(), u.sgn0());
    const G2 q = iso_map_g2(x, y);
    EXPECT_TRUE(q.on_curve());
    G2 q2{};
    ASSERT_TRUE(map_to_curve_g2_var(u, &q2));
    EXPECT_EQ(q, q2);
    const G2 c = clear_cofactor_g2(q);
    EXPECT_TRUE(mul_var(c, r).is_identity());
    if (i < 2) {  // the long scalar is slow: twice is enough
      EXPECT_EQ(c, mul_var(q, h_eff));
    }
    EXPECT_EQ(psi2_g2(q), psi_g2(psi_g2(q)));
    // on G2, psi acts as multiplication by x = -|x| (Scott's subgroup test)
    EXPECT_EQ(psi_g2(c), mul_var(c, BigInt<1>{{kX}}).neg());
    G2Affine p{};
    ASSERT_TRUE(map_fp2_to_g2_var(u, &p));
    EXPECT_TRUE(p.on_curve());
    EXPECT_EQ(G2::from_affine(p), c);
  }
}

// An element of Fp (c1 = 0) and a purely imaginary one take the other branches of the Fp2 square
// root; they must still give subgroup points.
TEST(Bls12381Map, G2SpecialShapes) {
  auto rng = tandem::test::seeded_rng("Bls12381Map.G2SpecialShapes");
  const BigInt<4> r = group_order();
  for (int i = 0; i < 4; ++i) {
    const Fq a = random_fq(rng);
    for (const Fq2& u : {Fq2{a, Fq::zero()}, Fq2{Fq::zero(), a}}) {
      G2Affine p{};
      ASSERT_TRUE(map_fp2_to_g2_var(u, &p));
      EXPECT_TRUE(p.on_curve());
      EXPECT_TRUE(mul_var(G2::from_affine(p), r).is_identity());
    }
  }
}

}  // namespace
