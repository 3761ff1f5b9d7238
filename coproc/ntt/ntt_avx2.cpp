// coproc/ntt/ntt_avx2.cpp: AVX2 inner loops for Goldilocks and BabyBear (placeholder).
#include "coproc/ntt/kernels.h"

namespace tandem::coproc::ntt::detail {
Kernels<field::Goldilocks> avx2_goldilocks() { return portable::kernels<field::Goldilocks>(); }
Kernels<field::BabyBear> avx2_babybear() { return portable::kernels<field::BabyBear>(); }
}  // namespace tandem::coproc::ntt::detail
