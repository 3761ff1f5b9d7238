// tests/runtime/docs_test.cpp: the documents that are contracts agree with the tables in code:
// docs/abi.md with the SDK's ABI numbers (which the runtime's syscall table uses), docs/gas.md
// with vm/gas.h, docs/cli.md with the status list.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>

#include "tandem/abi_numbers.h"
#include "tandem/coprocessor.h"
#include "tandem/status.h"
#include "vm/gas.h"

namespace {

std::string slurp(const std::string& rel) {
  std::ifstream in(std::string(TANDEM_SOURCE_DIR) + "/" + rel);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Table rows "| <number> | <name> |" -> name -> number.
std::map<std::string, long> call_rows(const std::string& doc) {
  std::map<std::string, long> rows;
  std::regex row(R"(\|\s*(0x[0-9a-fA-F]+|[0-9]+)\s*\|\s*([a-z_]+)\s*\|)");
  for (std::sregex_iterator it(doc.begin(), doc.end(), row), end; it != end; ++it)
    rows[(*it)[2]] = std::stol((*it)[1], nullptr, 0);
  return rows;
}

TEST(Docs, AbiTableMatchesSdkNumbers) {
  const auto rows = call_rows(slurp("docs/abi.md"));
  const std::map<std::string, long> want = {
      {"read", TANDEM_SYS_READ},           {"write", TANDEM_SYS_WRITE},
      {"exit", TANDEM_SYS_EXIT},           {"exit_group", TANDEM_SYS_EXIT_GROUP},
      {"brk", TANDEM_SYS_BRK},             {"input_size", TANDEM_SYS_INPUT_SIZE},
      {"input_read", TANDEM_SYS_INPUT_READ}, {"output", TANDEM_SYS_OUTPUT},
      {"gas_left", TANDEM_SYS_GAS_LEFT}};
  for (const auto& [name, number] : want) {
    ASSERT_TRUE(rows.count(name)) << "docs/abi.md has no row for " << name;
    EXPECT_EQ(rows.at(name), number) << name;
  }
}

TEST(Docs, AbiErrorsMatchSdkNumbers) {
  const std::string doc = slurp("docs/abi.md");
  for (auto [value, name] : {std::pair{TANDEM_EBADF, "EBADF"}, {TANDEM_EFAULT, "EFAULT"},
                             {TANDEM_EINVAL, "EINVAL"}, {TANDEM_ENOSYS, "ENOSYS"},
                             {TANDEM_ENOMEM, "ENOMEM"}}) {
    std::regex row("\\|\\s*-" + std::to_string(value) + "\\s*\\|\\s*" + name);
    EXPECT_TRUE(std::regex_search(doc, row)) << name;
  }
  EXPECT_TRUE(std::regex_search(doc, std::regex("\\|\\s*-" + std::to_string(TANDEM_EBADMSG) + "\\s*\\|")));
}

// Every operation tandem ships has a row "| 0xNNNN | `name` |" in docs/coprocessors.md, and the
// SDK's TANDEM_COPROC_* numbers name the same operations as the table in code.
TEST(Docs, CoprocessorTableMatchesBuiltinSet) {
  const std::string doc = slurp("docs/coprocessors.md");
  const auto set = tandem::CoprocessorSet::builtin();
  for (const auto& op : set->ops()) {
    char number[16];
    std::snprintf(number, sizeof number, "0x%04x", op.number);
    std::regex row("\\|\\s*" + std::string(number) + "\\s*\\|\\s*`?" +
                   std::regex_replace(op.name, std::regex("\\."), "\\.") + "`?\\s*\\|");
    EXPECT_TRUE(std::regex_search(doc, row)) << "docs/coprocessors.md has no row for " << op.name;
  }
  const std::map<long, std::string> sdk = {
      {TANDEM_COPROC_KECCAK256, "hash.keccak256"},
      {TANDEM_COPROC_KECCAKF1600, "hash.keccakf1600"},
      {TANDEM_COPROC_SHA256, "hash.sha256"},
      {TANDEM_COPROC_RIPEMD160, "hash.ripemd160"},
      {TANDEM_COPROC_BLAKE2F, "hash.blake2f"},
      {TANDEM_COPROC_KECCAK256_MANY, "hash.keccak256_many"},
      {TANDEM_COPROC_SHA256_MANY, "hash.sha256_many"},
      {TANDEM_COPROC_SECP256K1_RECOVER, "sig.secp256k1_recover"},
      {TANDEM_COPROC_SECP256K1_VERIFY, "sig.secp256k1_verify"},
      {TANDEM_COPROC_P256_VERIFY, "sig.p256_verify"},
      {TANDEM_COPROC_ED25519_VERIFY, "sig.ed25519_verify"},
      {TANDEM_COPROC_MODEXP, "bigint.modexp"},
      {TANDEM_COPROC_ETH_PRECOMPILE, "eth.precompile"},
      {TANDEM_COPROC_ETH_PRECOMPILE_GAS, "eth.precompile_gas"},
      {TANDEM_COPROC_NOOP, "bus.noop"},
      {TANDEM_COPROC_COPY, "bus.copy"},
      {TANDEM_COPROC_RELEASE, "bus.release"},
      {TANDEM_COPROC_BN254_ADD, "ec.bn254_add"},
      {TANDEM_COPROC_BN254_MUL, "ec.bn254_mul"},
      {TANDEM_COPROC_BN254_MSM, "ec.bn254_msm"},
      {TANDEM_COPROC_BN254_PAIRING_CHECK, "ec.bn254_pairing_check"},
      {TANDEM_COPROC_BN254_TABLE, "ec.bn254_table"},
      {TANDEM_COPROC_BN254_MSM_TABLE, "ec.bn254_msm_table"},
      {TANDEM_COPROC_BLS12_381_G1_ADD, "ec.bls12_381_g1_add"},
      {TANDEM_COPROC_BLS12_381_G2_ADD, "ec.bls12_381_g2_add"},
      {TANDEM_COPROC_BLS12_381_G1_MSM, "ec.bls12_381_g1_msm"},
      {TANDEM_COPROC_BLS12_381_G2_MSM, "ec.bls12_381_g2_msm"},
      {TANDEM_COPROC_BLS12_381_PAIRING_CHECK, "ec.bls12_381_pairing_check"},
      {TANDEM_COPROC_BLS12_381_MAP_G1, "ec.bls12_381_map_fp_to_g1"},
      {TANDEM_COPROC_BLS12_381_MAP_G2, "ec.bls12_381_map_fp2_to_g2"},
      {TANDEM_COPROC_BLS12_381_G1_TABLE, "ec.bls12_381_g1_table"},
      {TANDEM_COPROC_BLS12_381_G1_MSM_TABLE, "ec.bls12_381_g1_msm_table"},
      {TANDEM_COPROC_KZG_VERIFY, "ec.kzg_verify"},
      {TANDEM_COPROC_NTT, "ntt.transform"},
      {TANDEM_COPROC_NTT_PLAN, "ntt.plan"},
      {TANDEM_COPROC_NTT_PLAN_TRANSFORM, "ntt.plan_transform"}};
  EXPECT_EQ(sdk.size(), set->ops().size()) << "every operation tandem ships has a TANDEM_COPROC_ number";
  for (const auto& [number, name] : sdk) {
    const int i = set->find(uint64_t(number));
    ASSERT_GE(i, 0) << name;
    EXPECT_EQ(set->ops()[size_t(i)].name, name);
  }
}

TEST(Docs, GasTableMatchesSchedule) {
  const std::string doc = slurp("docs/gas.md");
  std::map<std::string, long> rows;
  std::regex row(R"(\|\s*([a-z]+)\s*\|\s*([0-9]+)\s*\|)");
  for (std::sregex_iterator it(doc.begin(), doc.end(), row), end; it != end; ++it) rows[(*it)[1]] = std::stol((*it)[2]);
#define TANDEM_X(name, cost, text)                                                       \
  ASSERT_TRUE(rows.count(#name)) << "docs/gas.md has no row for class " #name;          \
  EXPECT_EQ(rows.at(#name), long(tandem::vm::gas_cost(tandem::vm::GasClass::name))) << #name;
  TANDEM_GAS_CLASSES(TANDEM_X)
#undef TANDEM_X
  EXPECT_EQ(rows.size(), std::size(tandem::vm::kGasCost));
}

TEST(Docs, CliExitCodesMatchStatusList) {
  const std::string doc = slurp("docs/cli.md");
#define TANDEM_X(name, code, text)                                                         \
  if (code != 0) {                                                                         \
    std::regex row("\\|\\s*`?" #name "`?\\s*\\|\\s*" #code "\\s*\\|");                   \
    std::regex row2("\\|\\s*" #code "\\s*\\|\\s*`?" #name "`?\\s*\\|");                  \
    EXPECT_TRUE(std::regex_search(doc, row) || std::regex_search(doc, row2)) << #name " " #code; \
  }
  TANDEM_STATUS_LIST(TANDEM_X)
#undef TANDEM_X
}

}  // namespace
