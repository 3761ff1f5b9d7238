// coproc/hash/openssl_digests.cpp: SHA-256 and RIPEMD-160 through OpenSSL 3's EVP interface.
//
// Why OpenSSL: its SHA-256 is assembly that uses the SHA extensions (SHA-NI) where the CPU has
// them, faster than anything worth writing here.  RIPEMD-160 comes from the default provider
// (moved there from the legacy provider in OpenSSL 3.0.7; Debian 12 ships a later 3.0.x), so the
// legacy provider, process-wide state the embedding application may not want, is never loaded.
//
// Each algorithm is fetched once (EVP_MD_fetch is slow: a provider lookup under a lock) and each
// thread keeps one reusable EVP_MD_CTX, so a call allocates nothing after its thread's first.
#include <openssl/evp.h>

#include <memory>

#include "coproc/hash/hash.h"

namespace tandem::coproc::hash {
namespace {

struct MdDeleter {
  void operator()(EVP_MD* md) const noexcept { EVP_MD_free(md); }
};
struct CtxDeleter {
  void operator()(EVP_MD_CTX* ctx) const noexcept { EVP_MD_CTX_free(ctx); }
};

const EVP_MD* sha256_md() noexcept {
  static const std::unique_ptr<EVP_MD, MdDeleter> md(EVP_MD_fetch(nullptr, "SHA2-256", nullptr));
  return md.get();
}

const EVP_MD* ripemd160_md() noexcept {
  static const std::unique_ptr<EVP_MD, MdDeleter> md(EVP_MD_fetch(nullptr, "RIPEMD-160", nullptr));
  return md.get();
}

bool digest(const EVP_MD* md, const uint8_t* data, size_t len, uint8_t* out) noexcept {
  if (!md) return false;
  thread_local std::unique_ptr<EVP_MD_CTX, CtxDeleter> ctx(EVP_MD_CTX_new());
  if (!ctx) return false;
  unsigned int out_len = 0;
  return EVP_DigestInit_ex2(ctx.get(), md, nullptr) == 1 &&
         EVP_DigestUpdate(ctx.get(), data, len) == 1 &&
         EVP_DigestFinal_ex(ctx.get(), out, &out_len) == 1;
}

}  // namespace

void prepare() noexcept {
  (void)sha256_md();
  (void)ripemd160_md();
}

bool sha256(const uint8_t* data, size_t len, uint8_t out[32]) noexcept {
  return digest(sha256_md(), data, len, out);
}

bool sha256_many(const uint8_t* data, size_t len, size_t count, uint8_t* out) noexcept {
  const EVP_MD* md = sha256_md();
  for (size_t i = 0; i < count; ++i)
    if (!digest(md, data + i * len, len, out + 32 * i)) return false;
  return true;
}

bool ripemd160(const uint8_t* data, size_t len, uint8_t out[20]) noexcept {
  return digest(ripemd160_md(), data, len, out);
}

}  // namespace tandem::coproc::hash
