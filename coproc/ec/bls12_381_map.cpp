// coproc/ec/bls12_381_map.cpp: BLS12-381 map-to-curve for EIP-2537 (see bls12_381_map.h):
// simplified SWU onto E', the isogeny to E, cofactor clearing.
//
// The map is computed on fractions so that it costs few exponentiations: SSWU returns x' = xn/xd
// and an affine y' (sqrt_ratio folds the division into its exponentiation), the isogeny is
// evaluated homogeneously in (xn, xd) and lands in Jacobian coordinates, and the cofactor is
// cleared there; the only inversion is the final conversion to affine (binary GCD).  G1 costs
// one exponentiation in Fp, G2 two (sqrt_ratio over Fp2 is done through the norm).
// Freestanding, variable-time, thread-safe (constexpr tables only).
#include "coproc/ec/bls12_381_map.h"

#include "coproc/ec/bls12_381.h"

#include <string.h>

namespace tandem::coproc::ec::bls12_381 {
namespace {

// ---- constants --------------------------------------------------------------------------------
// Values from RFC 9380 (section 8.8 and appendix E), written as big-endian hex and converted to
// Montgomery form at compile time.

constexpr int hex_digit(char c) {
  return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c - 'A' + 10;
}

template <size_t L>
constexpr Fq fq(const char (&s)[L]) {
  Fq::Int v{};
  for (size_t i = 0; i + 1 < L; ++i) {
    for (size_t k = Fq::N; k-- > 1;) v.l[k] = (v.l[k] << 4) | (v.l[k - 1] >> 60);
    v.l[0] = (v.l[0] << 4) | uint64_t(hex_digit(s[i]));
  }
  Fq r{};
  Fq::from_int(v, r);
  return r;
}

// k_(1,0..11)
constexpr Fq kG1XNum[12] = {
    fq("11a05f2b1e833340b809101dd99815856b303e88a2d7005f"
       "f2627b56cdb4e2c85610c2d5f2e62d6eaeac1662734649b7"),
    fq("17294ed3e943ab2f0588bab22147a81c7c17e75b2f6a8417"
       "f565e33c70d1e86b4838f2a6f318c356e834eef1b3cb83bb"),
    fq("0d54005db97678ec1d1048c5d10a9a1bce032473295983e5"
       "6878e501ec68e25c958c3e3d2a09729fe0179f9dac9edcb0"),
    fq("1778e7166fcc6db74e0609d307e55412d7f5e4656a8dbf25"
       "f1b33289f1b330835336e25ce3107193c5b388641d9b6861"),
    fq("0e99726a3199f4436642b4b3e4118e5499db995a1257fb3f"
       "086eeb65982fac18985a286f301e77c451154ce9ac8895d9"),
    fq("1630c3250d7313ff01d1201bf7a74ab5db3cb17dd952799b"
       "9ed3ab9097e68f90a0870d2dcae73d19cd13c1c66f652983"),
    fq("0d6ed6553fe44d296a3726c38ae652bfb11586264f0f8ce1"
       "9008e218f9c86b2a8da25128c1052ecaddd7f225a139ed84"),
    fq("17b81e7701abdbe2e8743884d1117e53356de5ab275b4db1"
       "a682c62ef0f2753339b7c8f8c8f475af9ccb5618e3f0c88e"),
    fq("080d3cf1f9a78fc47b90b33563be990dc43b756ce79f5574"
       "a2c596c928c5d1de4fa295f296b74e956d71986a8497e317"),
    fq("169b1f8e1bcfa7c42e0c37515d138f22dd2ecb803a0c5c99"
       "676314baf4bb1b7fa3190b2edc0327797f241067be390c9e"),
    fq("10321da079ce07e272d8ec09d2565b0dfa7dccdde6787f96"
       "d50af36003b14866f69b771f8c285decca67df3f1605fb7b"),
    fq("06e08c248e260e70bd1e962381edee3d31d79d7e22c837bc"
       "23c0bf1bc24c6b68c24b1b80b64d391fa9c8ba2e8ba2d229"),
};
// k_(2,0..9), then the monic leading 1
constexpr Fq kG1XDen[11] = {
    fq("08ca8d548cff19ae18b2e62f4bd3fa6f01d5ef4ba35b48ba"
       "9c9588617fc8ac62b558d681be343df8993cf9fa40d21b1c"),
    fq("12561a5deb559c4348b4711298e536367041e8ca0cf0800c"
       "0126c2588c48bf5713daa8846cb026e9e5c8276ec82b3bff"),
    fq("0b2962fe57a3225e8137e629bff2991f6f89416f5a718cd1"
       "fca64e00b11aceacd6a3d0967c94fedcfcc239ba5cb83e19"),
    fq("03425581a58ae2fec83aafef7c40eb545b08243f16b16551"
       "54cca8abc28d6fd04976d5243eecf5c4130de8938dc62cd8"),
    fq("13a8e162022914a80a6f1d5f43e7a07dffdfc759a12062bb"
       "8d6b44e833b306da9bd29ba81f35781d539d395b3532a21e"),
    fq("0e7355f8e4e667b955390f7f0506c6e9395735e9ce9cad4d"
       "0a43bcef24b8982f7400d24bc4228f11c02df9a29f6304a5"),
    fq("0772caacf16936190f3e0c63e0596721570f5799af53a189"
       "4e2e073062aede9cea73b3538f0de06cec2574496ee84a3a"),
    fq("14a7ac2a9d64a8b230b3f5b074cf01996e7f63c21bca68a8"
       "1996e1cdf9822c580fa5b9489d11e2d311f7d99bbdcc5a5e"),
    fq("0a10ecf6ada54f825e920b3dafc7a3cce07f8d1d7161366b"
       "74100da67f39883503826692abba43704776ec3a79a1d641"),
    fq("095fc13ab9e92ad4476d6e3eb3a56680f682b4ee96f7d037"
       "76df533978f31c1593174e4b4b7865002d6384d168ecdd0a"),
    Fq::from_u64(1),
};
// k_(3,0..15)
constexpr Fq kG1YNum[16] = {
    fq("090d97c81ba24ee0259d1f094980dcfa11ad138e48a86952"
       "2b52af6c956543d3cd0c7aee9b3ba3c2be9845719707bb33"),
    fq("134996a104ee5811d51036d776fb46831223e96c254f383d"
       "0f906343eb67ad34d6c56711962fa8bfe097e75a2e41c696"),
    fq("00cc786baa966e66f4a384c86a3b49942552e2d658a31ce2"
       "c344be4b91400da7d26d521628b00523b8dfe240c72de1f6"),
    fq("01f86376e8981c217898751ad8746757d42aa7b90eeb791c"
       "09e4a3ec03251cf9de405aba9ec61deca6355c77b0e5f4cb"),
    fq("08cc03fdefe0ff135caf4fe2a21529c4195536fbe3ce50b8"
       "79833fd221351adc2ee7f8dc099040a841b6daecf2e8fedb"),
    fq("16603fca40634b6a2211e11db8f0a6a074a7d0d4afadb7bd"
       "76505c3d3ad5544e203f6326c95a807299b23ab13633a5f0"),
    fq("04ab0b9bcfac1bbcb2c977d027796b3ce75bb8ca2be184cb"
       "5231413c4d634f3747a87ac2460f415ec961f8855fe9d6f2"),
    fq("0987c8d5333ab86fde9926bd2ca6c674170a05bfe3bdd81f"
       "fd038da6c26c842642f64550fedfe935a15e4ca31870fb29"),
    fq("09fc4018bd96684be88c9e221e4da1bb8f3abd16679dc26c"
       "1e8b6e6a1f20cabe69d65201c78607a360370e577bdba587"),
    fq("0e1bba7a1186bdb5223abde7ada14a23c42a0ca7915af6fe"
       "06985e7ed1e4d43b9b3f7055dd4eba6f2bafaaebca731c30"),
    fq("19713e47937cd1be0dfd0b8f1d43fb93cd2fcbcb6caf493f"
       "d1183e416389e61031bf3a5cce3fbafce813711ad011c132"),
    fq("18b46a908f36f6deb918c143fed2edcc523559b8aaf0c246"
       "2e6bfe7f911f643249d9cdf41b44d606ce07c8a4d0074d8e"),
    fq("0b182cac101b9399d155096004f53f447aa7b12a3426b08e"
       "c02710e807b4633f06c851c1919211f20d4c04f00b971ef8"),
    fq("0245a394ad1eca9b72fc00ae7be315dc757b3b080d4c1580"
       "13e6632d3c40659cc6cf90ad1c232a6442d9d3f5db980133"),
    fq("05c129645e44cf1102a159f748c4a3fc5e673d81d7e86568"
       "d9ab0f5d396a7ce46ba1049b6579afb7866b1e715475224b"),
    fq("15e6be4e990f03ce4ea50b3b42df2eb5cb181d8f84965a39"
       "57add4fa95af01b2b665027efec01c7704b456be69c8b604"),
};
// k_(4,0..14), then the monic leading 1
constexpr Fq kG1YDen[16] = {
    fq("16112c4c3a9c98b252181140fad0eae9601a6de578980be6"
       "eec3232b5be72e7a07f3688ef60c206d01479253b03663c1"),
    fq("1962d75c2381201e1a0cbd6c43c348b885c84ff731c4d59c"
       "a4a10356f453e01f78a4260763529e3532f6102c2e49a03d"),
    fq("058df3306640da276faaae7d6e8eb15778c4855551ae7f31"
       "0c35a5dd279cd2eca6757cd636f96f891e2538b53dbf67f2"),
    fq("16b7d288798e5395f20d23bf89edb4d1d115c5dbddbcd30e"
       "123da489e726af41727364f2c28297ada8d26d98445f5416"),
    fq("0be0e079545f43e4b00cc912f8228ddcc6d19c9f0f69bbb0"
       "542eda0fc9dec916a20b15dc0fd2ededda39142311a5001d"),
    fq("08d9e5297186db2d9fb266eaac783182b70152c65550d881"
       "c5ecd87b6f0f5a6449f38db9dfa9cce202c6477faaf9b7ac"),
    fq("166007c08a99db2fc3ba8734ace9824b5eecfdfa8d0cf8ef"
       "5dd365bc400a0051d5fa9c01a58b1fb93d1a1399126a775c"),
    fq("16a3ef08be3ea7ea03bcddfabba6ff6ee5a4375efa1f4fd7"
       "feb34fd206357132b920f5b00801dee460ee415a15812ed9"),
    fq("1866c8ed336c61231a1be54fd1d74cc4f9fb0ce4c6af5920"
       "abc5750c4bf39b4852cfe2f7bb9248836b233d9d55535d4a"),
    fq("167a55cda70a6e1cea820597d94a84903216f763e13d87bb"
       "5308592e7ea7d4fbc7385ea3d529b35e346ef48bb8913f55"),
    fq("04d2f259eea405bd48f010a01ad2911d9c6dd039bb61a629"
       "0e591b36e636a5c871a5c29f4f83060400f8b49cba8f6aa8"),
    fq("0accbb67481d033ff5852c1e48c50c477f94ff8aefce42d2"
       "8c0f9a88cea7913516f968986f7ebbea9684b529e2561092"),
    fq("0ad6b9514c767fe3c3613144b45f1496543346d98adf0226"
       "7d5ceef9a00d9b8693000763e3b90ac11e99b138573345cc"),
    fq("02660400eb2e4f3b628bdd0d53cd76f2bf565b94e72927c1"
       "cb748df27942480e420517bd8714cc80d1fadc1326ed06f7"),
    fq("0e0fa1d816ddc03e6b24255e0d7819c171c40f65e273b853"
       "324efcd6356caa205ca2f570f13497804415473a1d634b8f"),
    Fq::from_u64(1),
};
constexpr Fq kG1A = fq("00144698a3b8e9433d693a02c96d4982b0ea985383ee66a8"
                         "d8e8981aefd881ac98936f8da0e0f97f5cf428082d584c1d");
constexpr Fq kG1B = fq("12e2908d11688030018b12e8753eee3b2016c1f0f24f4070"
                         "a0b9c14fcef35ef55a23215a316ceaa5d1cc48e98e172be0");
// sqrt(-Z) = sqrt(-11), for sqrt_ratio when u/v is not a square
constexpr Fq kG1SqrtMinusZ = fq("04610e003bd3ac94dfa9246c390d7a78942602029175a4ca"
                                  "366d601f33f3946e3ed39794735c38315d874bc1d70637c3");
// k_(1,0..3)
constexpr Fq2 kG2XNum[4] = {
    {fq("05c759507e8e333ebb5b7a9a47d7ed8532c52d39fd3a042a"
        "88b58423c50ae15d5c2638e343d9c71c6238aaaaaaaa97d6"),
     fq("05c759507e8e333ebb5b7a9a47d7ed8532c52d39fd3a042a"
        "88b58423c50ae15d5c2638e343d9c71c6238aaaaaaaa97d6")},
    {Fq::from_u64(0),
     fq("11560bf17baa99bc32126fced787c88f984f87adf7ae0c7f"
        "9a208c6b4f20a4181472aaa9cb8d555526a9ffffffffc71a")},
    {fq("11560bf17baa99bc32126fced787c88f984f87adf7ae0c7f"
        "9a208c6b4f20a4181472aaa9cb8d555526a9ffffffffc71e"),
     fq("08ab05f8bdd54cde190937e76bc3e447cc27c3d6fbd7063f"
        "cd104635a790520c0a395554e5c6aaaa9354ffffffffe38d")},
    {fq("171d6541fa38ccfaed6dea691f5fb614cb14b4e7f4e810aa"
        "22d6108f142b85757098e38d0f671c7188e2aaaaaaaa5ed1"),
     Fq::from_u64(0)},
};
// k_(2,0..1), then the monic leading 1
constexpr Fq2 kG2XDen[3] = {
    {Fq::from_u64(0),
     fq("1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf"
        "6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaa63")},
    {Fq::from_u64(12),
     fq("1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf"
        "6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaa9f")},
    {Fq::from_u64(1), Fq::from_u64(0)},
};
// k_(3,0..3)
constexpr Fq2 kG2YNum[4] = {
    {fq("1530477c7ab4113b59a4c18b076d11930f7da5d4a07f649b"
        "f54439d87d27e500fc8c25ebf8c92f6812cfc71c71c6d706"),
     fq("1530477c7ab4113b59a4c18b076d11930f7da5d4a07f649b"
        "f54439d87d27e500fc8c25ebf8c92f6812cfc71c71c6d706")},
    {Fq::from_u64(0),
     fq("05c759507e8e333ebb5b7a9a47d7ed8532c52d39fd3a042a"
        "88b58423c50ae15d5c2638e343d9c71c6238aaaaaaaa97be")},
    {fq("11560bf17baa99bc32126fced787c88f984f87adf7ae0c7f"
        "9a208c6b4f20a4181472aaa9cb8d555526a9ffffffffc71c"),
     fq("08ab05f8bdd54cde190937e76bc3e447cc27c3d6fbd7063f"
        "cd104635a790520c0a395554e5c6aaaa9354ffffffffe38f")},
    {fq("124c9ad43b6cf79bfbf7043de3811ad0761b0f37a1e26286"
        "b0e977c69aa274524e79097a56dc4bd9e1b371c71c718b10"),
     Fq::from_u64(0)},
};
// k_(4,0..2), then the monic leading 1
constexpr Fq2 kG2YDen[4] = {
    {fq("1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf"
        "6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffa8fb"),
     fq("1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf"
        "6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffa8fb")},
    {Fq::from_u64(0),
     fq("1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf"
        "6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffa9d3")},
    {Fq::from_u64(18),
     fq("1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf"
        "6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaa99")},
    {Fq::from_u64(1), Fq::from_u64(0)},
};
constexpr Fq kSqrtMinus5 = fq("186417302d5a65347a88b0f999ab2b504614aa5e2eebdeb1"
                               "a014c40bceb7d2306c12a6d436befcf94d39c9db7b263cd4");
constexpr Fq2 kPsiCx = {Fq::from_u64(0),
                        fq("1a0111ea397fe699ec02408663d4de85aa0d857d89759ad4"
                           "897d29650fb85f9b409427eb4f49fffd8bfd00000000aaad")};
constexpr Fq2 kPsiCy = {fq("135203e60180a68ee2e9c448d77a2cd91c3dedd930b1cf60"
                           "ef396489f61eb45e304466cf3e67fa0af1ee7b04121bdea2"),
                        fq("06af0e0437ff400b6831e36d6bd17ffe48395dabc2d3435e"
                           "77f76e17009241c5ee67992f72ec05f4c81084fbede3cc09")};
constexpr Fq kPsi2Cx = fq("1a0111ea397fe699ec02408663d4de85aa0d857d89759ad4"
                           "897d29650fb85f9b409427eb4f49fffd8bfd00000000aaac");

constexpr Fq2 kG2A = {Fq::from_u64(0), Fq::from_u64(240)};
constexpr Fq2 kG2B = {Fq::from_u64(1012), Fq::from_u64(1012)};
constexpr Fq2 kG2Z = {-Fq::from_u64(2), -Fq::from_u64(1)};
constexpr Fq kG1Z = Fq::from_u64(11);

// (p - 3) / 4, the exponent of sqrt_ratio for p = 3 mod 4.
constexpr Fq::Int p_minus_3_div_4() {
  Fq::Int e = Fq::P;
  Fq::Int three{};
  three.l[0] = 3;
  e.sub_in_place(three);
  e.shr1();
  e.shr1();
  return e;
}
constexpr Fq::Int kPm3d4 = p_minus_3_div_4();

// ---- exponentiation and inversion -------------------------------------------------------------
// Fp's pow_var and inv_var are plain square-and-multiply (they also serve constexpr code); the map
// spends most of its time in them, so it uses a sliding window here and a binary-GCD inversion.

// x^e with 5-bit sliding windows: about 380 squarings and 80 multiplications for 381 bits, where
// square-and-multiply needs one multiplication per set bit.
Fq pow_window(const Fq& x, const Fq::Int& e) {
  Fq odd[16];  // x^(2i+1)
  odd[0] = x;
  const Fq x2 = x.sqr();
  for (int i = 1; i < 16; ++i) odd[i] = odd[i - 1] * x2;
  Fq r = Fq::one();
  bool started = false;
  for (int i = int(e.bits()) - 1; i >= 0;) {
    if (!e.bit(size_t(i))) {
      if (started) r = r.sqr();
      --i;
      continue;
    }
    int lo = i - 4 < 0 ? 0 : i - 4;  // the window [lo, i], ending on a set bit
    while (!e.bit(size_t(lo))) ++lo;
    unsigned w = 0;
    for (int k = i; k >= lo; --k) {
      w = (w << 1) | unsigned(e.bit(size_t(k)));
      if (started) r = r.sqr();
    }
    r = started ? r * odd[w >> 1] : odd[w >> 1];
    started = true;
    i = lo - 1;
  }
  return r;
}

// 1/a (0 for 0): bls12_381.cpp's binary GCD, several times faster than Fermat's a^(p-2).
Fq inv_fast(const Fq& a) { return fq_inverse_var(a); }

Fq2 inv_fast(const Fq2& a) {
  const Fq t = inv_fast(a.norm());
  return {a.c0 * t, -(a.c1 * t)};
}

template <class C>
Affine<C> to_affine_fast(const Jacobian<C>& p) {
  if (p.is_identity()) return Affine<C>::identity();
  const typename C::F zi = inv_fast(p.z), zi2 = zi.sqr();
  return {p.x * zi2, p.y * zi2 * zi, false};
}

// ---- sqrt_ratio ---------------------------------------------------------------------------------

// RFC 9380 F.2.1.2 without the final selection: y1 = (u v^3)^((p-3)/4) * u v, so that
// y1^2 = u/v when u/v is a square (returns true) and y1^2 = -u/v otherwise.  v != 0.
bool sqrt_ratio_core(const Fq& u, const Fq& v, Fq* y1) {
  const Fq uv = u * v;
  const Fq t = v.sqr() * uv;
  const Fq y = pow_window(t, kPm3d4) * uv;
  *y1 = y;
  return y.sqr() * v == u;
}

// sqrt(u/v) (true) or sqrt(Z u/v) (false) in Fp, Z = 11: -Z is a square, so sqrt(Z u/v) =
// sqrt(-Z) * sqrt(-u/v).
bool sqrt_ratio_g1(const Fq& u, const Fq& v, Fq* y) {
  Fq y1{};
  const bool qr = sqrt_ratio_core(u, v, &y1);
  *y = qr ? y1 : y1 * kG1SqrtMinusZ;
  return qr;
}

// sqrt(u/v) (returns true) or sqrt(Z u/v) (false) in Fp2, Z = -(2+i), v != 0, through the norm
// (p = 3 mod 4 makes -1 a non-square, so a = a0 + a1 i has the square root x0 + i a1/(2 x0) with
// x0^2 = (a0 + sqrt(N(a)))/2, and a is a square exactly when N(a) is).  Writing a = w/d with
// w = u conj(v) and d = N(v) in Fp keeps every division inside the two exponentiations:
//   1. S = sqrt(N(w)/d^2) = sqrt(N(a)); when N(a) is not a square, N(Z a) = 5 N(a) is, and
//      sqrt(5 N(a)) = sqrt(-5) * sqrt(-N(a)) comes from the same exponentiation.
//   2. t = (b0 + S)/2 = (w0 + S d)/(2d) for b = a or Z a; r = (t's sqrt_ratio power) gives both
//      x0 = sqrt(+-t) and 1/x0 = +-r v2^2, so no inversion is needed for the imaginary part.
// *ok is false only when the final check fails (an internal error).
bool sqrt_ratio_g2(const Fq2& u, const Fq2& v, Fq2* y, bool* ok) {
  *ok = true;
  if (u.is_zero()) {
    *y = Fq2::zero();
    return true;
  }
  Fq2 w = u * v.conj();
  const Fq d = v.norm();
  Fq s{};
  const bool qr = sqrt_ratio_core(w.norm(), d.sqr(), &s);
  if (!qr) {
    w = w * kG2Z;
    s = s * kSqrtMinus5;
  }
  // now b = w/d is a square, N(b) = s^2
  Fq2 root{};
  if (w.c1.is_zero()) {
    // b in Fp: rare (a measure-zero set of inputs), so the plain route is good enough
    const Fq2 b = w.mul_fp(inv_fast(d));
    if (!b.sqrt_var(root)) {
      *ok = false;
      return qr;
    }
  } else {
    const Fq u2 = w.c0 + s * d, v2 = d.dbl();
    const Fq uv = u2 * v2;
    const Fq r = pow_window(v2.sqr() * uv, kPm3d4);
    const Fq x0 = r * uv;
    const Fq k = w.c1 * r * v2;
    if (x0.sqr() * v2 == u2) {
      root = {x0, k};  // t is a square: x0 = sqrt(t), 1/x0 = r v2^2
    } else {
      root = {-k, x0};  // x0 = sqrt(-t): the root of b is b1/(2 x0) + i x0, with 1/x0 = -r v2^2
    }
  }
  if (root.sqr().mul_fp(d) != w) *ok = false;
  *y = root;
  return qr;
}

// ---- simplified SWU (RFC 9380 F.2), with x = xn / xd ------------------------------------------

template <class F, class SqrtRatio>
bool sswu_frac(const F& u, const F& a, const F& b, const F& z, SqrtRatio sqrt_ratio, F* xn, F* xd,
               F* y) {
  const F tv1 = z * u.sqr();
  F tv2 = tv1.sqr() + tv1;
  const F tv3 = b * (tv2 + F::one());          // x1 numerator
  const F tv4 = a * (tv2.is_zero() ? z : -tv2);  // common denominator (exceptional case: Z)
  F tv6 = tv4.sqr();
  tv2 = (tv3.sqr() + a * tv6) * tv3;
  tv6 = tv6 * tv4;
  tv2 = tv2 + b * tv6;  // g(x1) = tv2 / tv6
  F y1{};
  bool ok = true;
  const bool qr = sqrt_ratio(tv2, tv6, &y1, &ok);
  F yy = qr ? y1 : tv1 * u * y1;
  *xn = qr ? tv3 : tv1 * tv3;
  if (u.sgn0() != yy.sgn0()) yy = -yy;
  *xd = tv4;
  *y = yy;
  return ok;
}

bool sswu_g1_frac(const Fq& u, Fq* xn, Fq* xd, Fq* y) {
  auto sr = [](const Fq& n, const Fq& d, Fq* out, bool*) { return sqrt_ratio_g1(n, d, out); };
  return sswu_frac(u, kG1A, kG1B, kG1Z, sr, xn, xd, y);
}

bool sswu_g2_frac(const Fq2& u, Fq2* xn, Fq2* xd, Fq2* y) {
  auto sr = [](const Fq2& n, const Fq2& d, Fq2* out, bool* ok) {
    return sqrt_ratio_g2(n, d, out, ok);
  };
  return sswu_frac(u, kG2A, kG2B, kG2Z, sr, xn, xd, y);
}

// ---- isogeny, evaluated homogeneously ---------------------------------------------------------

// sum k[i] xn^i xd^(n-i), i = 0..n, by Horner; xdp[j] = xd^j.
template <class F>
F homogeneous(const F* k, size_t n, const F& xn, const F* xdp) {
  F acc = k[n];
  for (size_t i = n; i-- > 0;) acc = acc * xn + k[i] * xdp[n - i];
  return acc;
}

// x = xnum(x')/xden(x'), y = y' ynum(x')/yden(x') at x' = xn/xd, as a Jacobian point: with
// x = Nx/Dx and y = Ny/Dy, (X, Y, Z) = (Nx Dx Dy^2, Ny Dy^2 Dx^3, Dx Dy).  A point of the kernel
// gives Dx Dy = 0, the identity.
template <class C, size_t NX, size_t NY>
Jacobian<C> iso_frac(const typename C::F& xn, const typename C::F& xd, const typename C::F& y,
                     const typename C::F (&xnum)[NX + 1], const typename C::F (&xden)[NX],
                     const typename C::F (&ynum)[NY + 1], const typename C::F (&yden)[NY + 1]) {
  using F = typename C::F;
  F xdp[NY + 1];
  xdp[0] = F::one();
  for (size_t i = 1; i <= NY; ++i) xdp[i] = xdp[i - 1] * xd;
  const F nx = homogeneous(xnum, NX, xn, xdp);
  const F dx = homogeneous(xden, NX - 1, xn, xdp) * xd;  // degree NX - 1, homogenised to NX
  const F ny = homogeneous(ynum, NY, xn, xdp) * y;
  const F dy = homogeneous(yden, NY, xn, xdp);
  const F dy2 = dy.sqr(), dx2 = dx.sqr();
  return {nx * dx * dy2, ny * dy2 * dx2 * dx, dx * dy};
}

G1 iso_g1_frac(const Fq& xn, const Fq& xd, const Fq& y) {
  return iso_frac<G1Curve, 11, 15>(xn, xd, y, kG1XNum, kG1XDen, kG1YNum, kG1YDen);
}
G2 iso_g2_frac(const Fq2& xn, const Fq2& xd, const Fq2& y) {
  return iso_frac<G2Curve, 3, 3>(xn, xd, y, kG2XNum, kG2XDen, kG2YNum, kG2YDen);
}

// ---- cofactor clearing ------------------------------------------------------------------------

// |x| * P by double-and-add: |x| = 0xd201000000010000 has six bits set, so this beats a window.
template <class C>
Jacobian<C> mul_by_x_abs(const Jacobian<C>& p) {
  Jacobian<C> r = p;
  for (int i = 62; i >= 0; --i) {
    r = r.dbl();
    if ((kX >> i) & 1) r = r + p;
  }
  return r;
}

}  // namespace

// ---- public -----------------------------------------------------------------------------------

bool sswu_g1_var(const Fq& u, Fq* x, Fq* y) {
  Fq xn{}, xd{};
  if (!sswu_g1_frac(u, &xn, &xd, y)) return false;
  *x = xn * inv_fast(xd);
  return true;
}

bool sswu_g2_var(const Fq2& u, Fq2* x, Fq2* y) {
  Fq2 xn{}, xd{};
  if (!sswu_g2_frac(u, &xn, &xd, y)) return false;
  *x = xn * inv_fast(xd);
  return true;
}

G1 iso_map_g1(const Fq& x, const Fq& y) { return iso_g1_frac(x, Fq::one(), y); }
G2 iso_map_g2(const Fq2& x, const Fq2& y) { return iso_g2_frac(x, Fq2::one(), y); }

bool map_to_curve_g1_var(const Fq& u, G1* out) {
  Fq xn{}, xd{}, y{};
  if (!sswu_g1_frac(u, &xn, &xd, &y)) return false;
  *out = iso_g1_frac(xn, xd, y);
  return true;
}

bool map_to_curve_g2_var(const Fq2& u, G2* out) {
  Fq2 xn{}, xd{}, y{};
  if (!sswu_g2_frac(u, &xn, &xd, &y)) return false;
  *out = iso_g2_frac(xn, xd, y);
  return true;
}

// h_eff = 1 - x = 1 + |x|.
G1 clear_cofactor_g1(const G1& p) { return mul_by_x_abs(p) + p; }

// psi(x, y) = (cx conj(x), cy conj(y)); on Jacobian coordinates conjugating Z as well keeps
// X/Z^2 and Y/Z^3 right, since conjugation is a field automorphism.
G2 psi_g2(const G2& p) { return {p.x.conj() * kPsiCx, p.y.conj() * kPsiCy, p.z.conj()}; }
G2 psi2_g2(const G2& p) { return {p.x.mul_fp(kPsi2Cx), -p.y, p.z}; }

// Budroni-Pintore (RFC 9380 G.3), equal to h_eff * P, with c1 = x = -|x|:
//   t1 = x P, t2 = psi(P), t3 = psi2(2P) - t2, t2 = x (t1 + t2), result t3 + t2 - t1 - P.
G2 clear_cofactor_g2(const G2& p) {
  const G2 t1 = mul_by_x_abs(p).neg();
  G2 t2 = psi_g2(p);
  G2 t3 = psi2_g2(p.dbl()) - t2;
  t2 = mul_by_x_abs(t1 + t2).neg();
  return t3 + t2 - t1 - p;
}

bool map_fp_to_g1_var(const Fq& u, G1Affine* out) {
  G1 q{};
  if (!map_to_curve_g1_var(u, &q)) return false;
  *out = to_affine_fast(clear_cofactor_g1(q));
  return true;
}

bool map_fp2_to_g2_var(const Fq2& u, G2Affine* out) {
  G2 q{};
  if (!map_to_curve_g2_var(u, &q)) return false;
  *out = to_affine_fast(clear_cofactor_g2(q));
  return true;
}

int map_fp_to_g1(const uint8_t in[64], uint8_t out[128]) {
  Fq u{};
  if (decode_fp(in, &u) != kOk) return kMapInvalidField;
  G1Affine p{};
  if (!map_fp_to_g1_var(u, &p)) return kMapInternal;
  if (p.infinity) {
    memset(out, 0, 128);
    return 0;
  }
  encode_fp(p.x, out);
  encode_fp(p.y, out + 64);
  return 0;
}

int map_fp2_to_g2(const uint8_t in[128], uint8_t out[256]) {
  Fq2 u{};
  if (decode_fp(in, &u.c0) != kOk || decode_fp(in + 64, &u.c1) != kOk) return kMapInvalidField;
  G2Affine p{};
  if (!map_fp2_to_g2_var(u, &p)) return kMapInternal;
  if (p.infinity) {
    memset(out, 0, 256);
    return 0;
  }
  encode_fp(p.x.c0, out);
  encode_fp(p.x.c1, out + 64);
  encode_fp(p.y.c0, out + 128);
  encode_fp(p.y.c1, out + 192);
  return 0;
}

}  // namespace tandem::coproc::ec::bls12_381
