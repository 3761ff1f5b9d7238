// cli/precompile.cpp: `tandem precompile ADDRESS HEXINPUT`: runs one of Ethereum's precompiles
// (include/tandem/ethereum.h) on an input and prints the output and the Ethereum gas, or the
// error; `--batch FILE.jsonl` does the same for many inputs.
#include <CLI/CLI.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli.h"
#include "tandem/ethereum.h"
#include "tandem/status.h"

namespace tandem::cli {
namespace {

struct PrecompileArgs {
  std::string address;
  std::string input;
  std::string batch;
  std::string modexp_pricing = "eip7883";
  bool json = false;
};

// Hex digits with an optional 0x prefix; false for odd lengths and non-hex characters.
bool parse_hex(std::string_view s, std::vector<uint8_t>& out, std::string& error) {
  if (s.size() >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) s.remove_prefix(2);
  if (s.size() % 2) return error = "the hex input has an odd number of digits", false;
  auto nib = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  out.clear();
  out.reserve(s.size() / 2);
  for (size_t i = 0; i < s.size(); i += 2) {
    const int hi = nib(s[i]), lo = nib(s[i + 1]);
    if (hi < 0 || lo < 0) return error = "the hex input has a character that is not a hex digit at offset " + std::to_string(i + (hi < 0 ? 0 : 1)), false;
    out.push_back(uint8_t(hi * 16 + lo));
  }
  return true;
}

// "0x01", "0x100", "1", "256" or a name ("ecrecover").
bool parse_address(const std::string& text, uint32_t& out) {
  for (uint32_t a = 0x01; a <= 0x100; ++a)
    if (eth::is_precompile(a) && text == eth::precompile_name(a)) return out = a, true;
  if (text.empty()) return false;
  errno = 0;
  char* end = nullptr;
  const bool hex = text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
  const unsigned long long v = std::strtoull(text.c_str(), &end, hex ? 16 : 10);
  if (errno || *end || v > 0xffffffffULL || text[0] == '-' || text[0] == '+') return false;
  out = uint32_t(v);
  return true;
}

nlohmann::ordered_json result_json(const eth::PrecompileResult& r) {
  if (r.ok) {
    const std::string_view bytes(reinterpret_cast<const char*>(r.output.data()), r.output.size());
    return {{"output", to_hex(bytes)}, {"gas", r.gas}};
  }
  return {{"error", r.error}, {"gas", r.gas}};
}

int precompile_command(const PrecompileArgs& a) {
  uint32_t address = 0;
  if (!parse_address(a.address, address) || !eth::is_precompile(address)) {
    print_error("'" + a.address + "' is not a supported precompile address (0x01-0x11, 0x100, or a name: "
                "ecrecover, sha256, ripemd160, identity, modexp, bn254_add, bn254_mul, bn254_pairing, "
                "blake2f, point_evaluation, bls12_g1add, bls12_g1msm, bls12_g2add, bls12_g2msm, "
                "bls12_pairing_check, bls12_map_fp_to_g1, bls12_map_fp2_to_g2, p256verify)");
    return kExitUsage;
  }
  eth::PrecompileOptions options;
  if (a.modexp_pricing == "eip7883") options.modexp = eth::ModexpPricing::eip7883;
  else if (a.modexp_pricing == "eip2565") options.modexp = eth::ModexpPricing::eip2565;
  else if (a.modexp_pricing == "eip198") options.modexp = eth::ModexpPricing::eip198;
  else {
    print_error("--modexp-pricing must be eip7883, eip2565 or eip198, not '" + a.modexp_pricing + "'");
    return kExitUsage;
  }

  if (!a.batch.empty()) {
    std::string text, error;
    if (!read_whole_file(a.batch, text, error)) {
      print_error(error);
      return kExitUsage;
    }
    bool bad_line = false;
    size_t line_no = 0, pos = 0;
    while (pos < text.size()) {
      size_t nl = text.find('\n', pos);
      if (nl == std::string::npos) nl = text.size();
      std::string_view line(text.data() + pos, nl - pos);
      pos = nl + 1;
      ++line_no;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
      std::vector<uint8_t> input;
      std::string why;
      const auto j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_discarded() || !j.is_object() || !j.contains("input") || !j["input"].is_string())
        why = "expected an object {\"input\": \"<hex>\"}";
      else
        parse_hex(j["input"].get<std::string>(), input, why);
      if (!why.empty()) {
        bad_line = true;
        const std::string msg = a.batch + ":" + std::to_string(line_no) + ": " + why;
        print_error(msg);
        write_all(1, json_line({{"error", msg}}));
        continue;
      }
      auto r = eth::run_precompile(address, input, options);
      write_all(1, json_line(result_json(*r)));
    }
    return bad_line ? kExitUsage : 0;
  }

  std::vector<uint8_t> input;
  std::string why;
  if (!parse_hex(a.input, input, why)) {
    print_error(why);
    return kExitUsage;
  }
  auto r = eth::run_precompile(address, input, options);
  if (a.json) {
    write_all(1, json_line(result_json(*r)));
  } else if (r->ok) {
    const std::string_view bytes(reinterpret_cast<const char*>(r->output.data()), r->output.size());
    write_all(1, "output " + (bytes.empty() ? std::string("(empty)") : to_hex(bytes)) + "\ngas    " +
                     std::to_string(r->gas) + "\n");
  } else {
    write_all(1, "error  " + r->error + "\ngas    " + std::to_string(r->gas) + "\n");
  }
  return 0;
}

}  // namespace

Command add_precompile_command(CLI::App& parent) {
  auto args = std::make_shared<PrecompileArgs>();
  CLI::App* cmd = parent.add_subcommand(
      "precompile", "Run one of Ethereum's precompiles on a hex input: print the output and the gas, or the error");
  cmd->add_option("address", args->address,
                  "0x01 ecrecover, 0x02 sha256, 0x03 ripemd160, 0x04 identity, 0x05 modexp, "
                  "0x06 bn254_add, 0x07 bn254_mul, 0x08 bn254_pairing, 0x09 blake2f, "
                  "0x0a point_evaluation, 0x0b bls12_g1add, 0x0c bls12_g1msm, 0x0d bls12_g2add, "
                  "0x0e bls12_g2msm, 0x0f bls12_pairing_check, 0x10 bls12_map_fp_to_g1, "
                  "0x11 bls12_map_fp2_to_g2, 0x100 p256verify (or the name)")
      ->required();
  auto* input = cmd->add_option("input", args->input, "The input as hex (an optional 0x prefix; \"\" for none)");
  auto* batch = cmd->add_option("--batch", args->batch,
                                "A file of JSON lines {\"input\": \"<hex>\"} (- for stdin): one result object per line");
  input->excludes(batch);
  cmd->add_flag("--json", args->json, "Print one JSON object: {\"output\": hex, \"gas\": N} or {\"error\": msg, \"gas\": N}");
  cmd->add_option("--modexp-pricing", args->modexp_pricing,
                  "MODEXP gas: eip7883 (Osaka, default; with EIP-7823's 1024-byte limit), eip2565 (Berlin-Prague), "
                  "eip198 (Byzantium)");
  cmd->callback([input, batch] {
    if (input->count() == 0 && batch->count() == 0)
      throw CLI::RequiredError("an input (hex) or --batch FILE");
  });
  cmd->footer(
      "Gas is Ethereum's (Osaka rules).  A failing precompile (e.g. blake2f with a wrong length) prints\n"
      "its error; the exit code is 0 whether the precompile succeeds or fails, 2 for a usage error\n"
      "(bad address, bad hex, a malformed --batch line).\n"
      "\n"
      "Examples:\n"
      "  tandem precompile 0x02 68656c6c6f              SHA-256 of \"hello\"\n"
      "  tandem precompile 0x05 0x0000...01 --json      modexp, one JSON object\n"
      "  tandem precompile ecrecover --batch cases.jsonl");
  return Command{cmd, [args] { return precompile_command(*args); }};
}

}  // namespace tandem::cli
