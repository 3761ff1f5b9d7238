// tests/cli/cli_test.cpp: runs the built `tandem` binary on small hand-assembled programs and checks
// exit codes, pass-through of guest output, the JSON report, inspect, and usage errors.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "elf_builder.h"
#include "tandem/tandem.h"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using tandem::test::build_elf;
using tandem::test::ElfSpec;
using tandem::test::SegSpec;
using tandem::test::words;

// --- a tiny assembler ----------------------------------------------------------------------------
constexpr uint32_t x0 = 0, sp = 2, a0 = 10, a1 = 11, a2 = 12, a7 = 17;
uint32_t itype(int32_t imm, uint32_t rs1, uint32_t f3, uint32_t rd, uint32_t op) {
  return ((uint32_t(imm) & 0xfff) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op;
}
uint32_t addi(uint32_t rd, uint32_t rs1, int32_t imm) { return itype(imm, rs1, 0, rd, 0x13); }
uint32_t lui(uint32_t rd, uint32_t imm20) { return (imm20 << 12) | (rd << 7) | 0x37; }
uint32_t lw(uint32_t rd, uint32_t rs1, int32_t imm) { return itype(imm, rs1, 2, rd, 0x03); }
uint32_t ld(uint32_t rd, uint32_t rs1, int32_t imm) { return itype(imm, rs1, 3, rd, 0x03); }
constexpr uint32_t ecall = 0x00000073;
constexpr uint32_t jal_self = 0x0000006f;  // jal x0, 0: loop forever

constexpr uint64_t kText = 0x10000, kRodata = 0x11000, kData = 0x20000;

ElfSpec program(std::vector<uint32_t> code, unsigned xlen = 64) {
  ElfSpec s;
  s.xlen = xlen;
  s.entry = kText;
  s.segs.push_back(SegSpec{kText, words(code), 0, 5, 1});
  return s;
}

ElfSpec exit_program(int code, unsigned xlen = 64) {
  return program({addi(a0, x0, code), addi(a7, x0, 93), ecall}, xlen);
}

// --- running the binary ----------------------------------------------------------------------------
struct Proc {
  int exit = -1;
  std::string out, err;
};

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

class Cli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string tmpl = (fs::temp_directory_path() / "tandem-cli-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  static void TearDownTestSuite() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  static std::string write_file(const std::string& name, const std::vector<uint8_t>& bytes) {
    const fs::path p = dir_ / name;
    std::ofstream f(p, std::ios::binary | std::ios::trunc);
    f.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
    return p.string();
  }
  static std::string write_elf(const std::string& name, const ElfSpec& spec) { return write_file(name, build_elf(spec)); }

  // Runs `tandem args...` with `stdin_data` on standard input.
  static Proc tandem(const std::vector<std::string>& args, const std::string& stdin_data = "") {
    const std::string in = write_file("stdin", std::vector<uint8_t>(stdin_data.begin(), stdin_data.end()));
    const std::string out = (dir_ / "stdout").string(), err = (dir_ / "stderr").string();
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, in.c_str(), O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&fa, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<std::string> argv_s = {TANDEM_CLI_PATH};
    argv_s.insert(argv_s.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_s) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid;
    Proc p;
    const int rc = posix_spawn(&pid, TANDEM_CLI_PATH, &fa, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) {
      ADD_FAILURE() << "cannot start " << TANDEM_CLI_PATH;
      return p;
    }
    int status = 0;
    waitpid(pid, &status, 0);
    p.exit = WIFEXITED(status) ? WEXITSTATUS(status) : 1000 + WTERMSIG(status);
    p.out = slurp(out);
    p.err = slurp(err);
    return p;
  }

  static nlohmann::json parse_json(const std::string& text) {
    try {
      return nlohmann::json::parse(text);
    } catch (const std::exception& e) {
      ADD_FAILURE() << "not one JSON value: " << e.what() << "\n" << text;
      return nlohmann::json::object();
    }
  }

  static inline fs::path dir_;
};

#define EXPECT_CONTAINS(haystack, needle) \
  EXPECT_NE(std::string(haystack).find(needle), std::string::npos) << "missing '" << (needle) << "' in:\n" << (haystack)

// --- run: exit codes -------------------------------------------------------------------------------

TEST_F(Cli, ExitCodePassesThrough) {
  for (int code : {0, 1, 7, 42, 100, 120, 255}) {
    SCOPED_TRACE(code);
    auto p = tandem({"run", write_elf("exit.elf", exit_program(code))});
    EXPECT_EQ(p.exit, code) << p.err;
    EXPECT_EQ(p.out, "");
    EXPECT_EQ(p.err, "");
  }
}

TEST_F(Cli, ExitCodeIsTheLowEightBits) {
  EXPECT_EQ(tandem({"run", write_elf("e300.elf", exit_program(300))}).exit, 300 & 0xff);
  EXPECT_EQ(tandem({"run", write_elf("em1.elf", exit_program(-1))}).exit, 255);
}

TEST_F(Cli, Rv32ProgramRuns) {
  auto p = tandem({"run", write_elf("exit32.elf", exit_program(5, 32))});
  EXPECT_EQ(p.exit, 5) << p.err;
}

TEST_F(Cli, GuestArgumentsReachTheGuest) {
  // exit(argc)
  const auto elf = write_elf("argc.elf", program({ld(a0, sp, 0), addi(a7, x0, 93), ecall}));
  EXPECT_EQ(tandem({"run", elf}).exit, 1);
  EXPECT_EQ(tandem({"run", elf, "--", "a", "b", "-c"}).exit, 4);
  EXPECT_EQ(tandem({"run", elf, "x", "y"}).exit, 3);
}

TEST_F(Cli, OutOfGasExitsWithItsCode) {
  const auto elf = write_elf("loop.elf", program({jal_self}));
  auto p = tandem({"run", elf, "--gas", "1000"});
  EXPECT_EQ(p.exit, tandem::cli_exit_code(tandem::Status::out_of_gas));
  EXPECT_EQ(p.exit, 101);
  EXPECT_EQ(p.err.rfind("tandem: ", 0), 0u) << p.err;
  EXPECT_EQ(std::count(p.err.begin(), p.err.end(), '\n'), 1) << p.err;
}

TEST_F(Cli, LoadFaultExitsWithItsCode) {
  const auto elf = write_elf("fault.elf", program({lui(a1, 0x40000), lw(a0, a1, 0), addi(a7, x0, 93), ecall}));
  auto p = tandem({"run", elf});
  EXPECT_EQ(p.exit, 104) << p.err;
  EXPECT_EQ(p.err.rfind("tandem: ", 0), 0u) << p.err;

  auto j = tandem({"run", elf, "--json"});
  EXPECT_EQ(j.exit, 104);
  auto v = parse_json(j.out);
  EXPECT_EQ(v.value("status", ""), "load_fault");
  EXPECT_EQ(v.value("fault_address", uint64_t(0)), 0x40000000u);
  EXPECT_EQ(v.value("pc", uint64_t(0)), kText + 4);
}

TEST_F(Cli, UnknownSyscallPolicy) {
  // ecall 500, then exit(a0): -ENOSYS (-38) comes back unless the policy traps.
  const auto elf = write_elf("nosys.elf", program({addi(a7, x0, 500), ecall, addi(a7, x0, 93), ecall}));
  EXPECT_EQ(tandem({"run", elf}).exit, (-38) & 0xff);
  auto p = tandem({"run", elf, "--trap-unknown-syscalls"});
  EXPECT_EQ(p.exit, 110);
  EXPECT_CONTAINS(p.err, "tandem: ");
}

// --- run: guest output and input ----------------------------------------------------------------

ElfSpec hello_program() {
  ElfSpec s = program({addi(a0, x0, 1), lui(a1, kRodata >> 12), addi(a2, x0, 6), addi(a7, x0, 64), ecall,
                       addi(a0, x0, 2), lui(a1, kRodata >> 12), addi(a1, a1, 6), addi(a2, x0, 5), addi(a7, x0, 64),
                       ecall, addi(a0, x0, 3), addi(a7, x0, 93), ecall});
  const std::string text = "hello\noops\n";
  s.segs.push_back(SegSpec{kRodata, std::vector<uint8_t>(text.begin(), text.end()), 0, 4, 1});
  return s;
}

TEST_F(Cli, GuestStdoutAndStderrPassThrough) {
  auto p = tandem({"run", write_elf("hello.elf", hello_program())});
  EXPECT_EQ(p.exit, 3);
  EXPECT_EQ(p.out, "hello\n");
  EXPECT_EQ(p.err, "oops\n");
}

TEST_F(Cli, JsonIsOneValidObjectWithTheGuestStdoutInside) {
  auto p = tandem({"run", write_elf("hello.elf", hello_program()), "--json", "--gas", "1000000"});
  EXPECT_EQ(p.exit, 3);
  EXPECT_EQ(p.err, "oops\n");  // stderr still passes through
  auto v = parse_json(p.out);
  ASSERT_TRUE(v.is_object());
  EXPECT_EQ(v["status"], "exited");
  EXPECT_EQ(v["exit_code"], 3);
  EXPECT_EQ(v["stdout"], "hello\n");
  EXPECT_EQ(v["gas_limit"], 1000000);
  EXPECT_GT(v["gas_used"].get<uint64_t>(), 0u);
  EXPECT_LE(v["gas_used"].get<uint64_t>(), 1000000u);
  EXPECT_GE(v["instructions"].get<uint64_t>(), 13u);
  EXPECT_LE(v["instructions"].get<uint64_t>(), 14u);
  EXPECT_EQ(v["pc"], kText + 13 * 4);
  EXPECT_FALSE(v.contains("fault_address"));
  EXPECT_TRUE(v["message"].is_string());
  EXPECT_TRUE(v["wall_seconds"].is_number());
  EXPECT_TRUE(v["mips"].is_number());
  EXPECT_EQ(v["output"], "");
}

TEST_F(Cli, JsonStaysValidWhenTheGuestWritesBinaryToStdout) {
  ElfSpec s = program({addi(a0, x0, 1), lui(a1, kRodata >> 12), addi(a2, x0, 5), addi(a7, x0, 64), ecall,
                       addi(a0, x0, 0), addi(a7, x0, 93), ecall});
  s.segs.push_back(SegSpec{kRodata, {'a', 0xff, 0xfe, 0x00, '"'}, 0, 4, 1});
  auto p = tandem({"run", write_elf("binary.elf", s), "--json"});
  EXPECT_EQ(p.exit, 0);
  auto v = parse_json(p.out);
  ASSERT_TRUE(v.contains("stdout"));
  const std::string out = v["stdout"].get<std::string>();
  EXPECT_EQ(out.front(), 'a');
  EXPECT_EQ(out.back(), '"');
  EXPECT_NE(out.find(std::string("\0", 1)), std::string::npos);  // NUL survives
}

ElfSpec output_program() {
  // tandem_output(rodata, 4); exit(0)
  ElfSpec s = program({lui(a0, kRodata >> 12), addi(a1, x0, 4), lui(a7, 1), addi(a7, a7, 2), ecall, addi(a0, x0, 0),
                       addi(a7, x0, 93), ecall});
  s.segs.push_back(SegSpec{kRodata, {0x01, 0x02, 0xab, 0xff}, 0, 4, 1});
  return s;
}

TEST_F(Cli, OutputGoesToTheOutputFileOnly) {
  const auto elf = write_elf("output.elf", output_program());
  const auto out = (dir_ / "result.bin").string();
  auto p = tandem({"run", elf, "--output", out});
  EXPECT_EQ(p.exit, 0) << p.err;
  EXPECT_EQ(p.out, "");
  EXPECT_EQ(slurp(out), std::string("\x01\x02\xab\xff", 4));

  auto q = tandem({"run", elf});
  EXPECT_EQ(q.out, "");  // without --output, nothing is printed

  auto r = tandem({"run", elf, "--output", "-"});
  EXPECT_EQ(r.out, std::string("\x01\x02\xab\xff", 4));

  auto j = tandem({"run", elf, "--json"});
  EXPECT_EQ(parse_json(j.out)["output"], "0102abff");
}

TEST_F(Cli, OutputFileThatCannotBeOpenedFailsBeforeTheRun) {
  auto p = tandem({"run", write_elf("hello.elf", hello_program()), "--output", (dir_ / "no/such/dir/x").string()});
  EXPECT_EQ(p.exit, tandem::kExitLoadError);
  EXPECT_EQ(p.out, "");  // the guest did not run
  EXPECT_CONTAINS(p.err, "--output");
}

ElfSpec echo_program() {
  // n = read(0, data, 256); write(1, data, n); exit(0)
  ElfSpec s = program({addi(a0, x0, 0), lui(a1, kData >> 12), addi(a2, x0, 256), addi(a7, x0, 63), ecall,
                       addi(a2, a0, 0), addi(a0, x0, 1), lui(a1, kData >> 12), addi(a7, x0, 64), ecall,
                       addi(a0, x0, 0), addi(a7, x0, 93), ecall});
  s.segs.push_back(SegSpec{kData, {}, 0x1000, 6, 1});
  return s;
}

TEST_F(Cli, InputFromFileAndFromStdin) {
  const auto elf = write_elf("echo.elf", echo_program());
  const auto in = write_file("input.txt", {'a', 'b', 'c', '\n'});
  auto p = tandem({"run", elf, "--input", in});
  EXPECT_EQ(p.exit, 0) << p.err;
  EXPECT_EQ(p.out, "abc\n");
  auto q = tandem({"run", elf, "--input", "-"}, "from stdin\n");
  EXPECT_EQ(q.out, "from stdin\n");
  auto r = tandem({"run", elf}, "ignored\n");  // no --input: empty input, host stdin is not read
  EXPECT_EQ(r.out, "");
  auto s = tandem({"run", elf, "--input", (dir_ / "missing.txt").string()});
  EXPECT_EQ(s.exit, tandem::kExitLoadError);
  EXPECT_CONTAINS(s.err, "missing.txt");
}

TEST_F(Cli, StatsGoToStderr) {
  auto p = tandem({"run", write_elf("exit.elf", exit_program(0)), "--stats", "--gas", "5000"});
  EXPECT_EQ(p.exit, 0);
  EXPECT_EQ(p.out, "");
  EXPECT_CONTAINS(p.err, "instructions");
  EXPECT_CONTAINS(p.err, "gas");
  EXPECT_CONTAINS(p.err, "5,000");
  EXPECT_CONTAINS(p.err, "MIPS");
}

// --- run: load errors and usage errors ----------------------------------------------------------

TEST_F(Cli, MissingFileIsALoadError) {
  auto p = tandem({"run", (dir_ / "nope.elf").string()});
  EXPECT_EQ(p.exit, 120);
  EXPECT_EQ(p.err.rfind("tandem: ", 0), 0u) << p.err;
  auto j = tandem({"run", (dir_ / "nope.elf").string(), "--json"});
  EXPECT_EQ(j.exit, 120);
  EXPECT_EQ(parse_json(j.out)["status"], "load_error");
}

ElfSpec wx_program() {
  ElfSpec s = exit_program(0);
  s.segs[0].flags = 7;
  return s;
}

TEST_F(Cli, RunRefusesWritableExecutableSegment) {
  auto p = tandem({"run", write_elf("wx.elf", wx_program())});
  EXPECT_EQ(p.exit, 120);
  EXPECT_CONTAINS(p.err, "writable and executable");
}

TEST_F(Cli, BadSizesAreUsageErrors) {
  const auto elf = write_elf("exit.elf", exit_program(0));
  for (const char* bad : {"abc", "12X", "-5", "", "1.5M", "99999999999999999999"}) {
    SCOPED_TRACE(bad);
    auto p = tandem({"run", elf, "--memory", bad});
    EXPECT_EQ(p.exit, 2) << p.err;
    EXPECT_CONTAINS(p.err, "--memory");
  }
  auto s = tandem({"run", elf, "--stack", "lots"});
  EXPECT_EQ(s.exit, 2);
  EXPECT_CONTAINS(s.err, "--stack");
  for (const char* bad : {"abc", "-1", "1e9", "18446744073709551616"}) {
    SCOPED_TRACE(bad);
    auto g = tandem({"run", elf, "--gas", bad});
    EXPECT_EQ(g.exit, 2);
    EXPECT_CONTAINS(g.err, "--gas");
  }
}

TEST_F(Cli, GoodSizesAreAccepted) {
  const auto elf = write_elf("exit7.elf", exit_program(7));
  EXPECT_EQ(tandem({"run", elf, "--memory", "16M", "--stack", "64K"}).exit, 7);
  EXPECT_EQ(tandem({"run", elf, "--memory", "33554432"}).exit, 7);
}

TEST_F(Cli, UsageErrors) {
  auto none = tandem({});
  EXPECT_EQ(none.exit, 2);
  EXPECT_CONTAINS(none.err, "run");
  EXPECT_EQ(tandem({"frobnicate"}).exit, 2);
  EXPECT_EQ(tandem({"run"}).exit, 2);
  EXPECT_EQ(tandem({"run", write_elf("exit.elf", exit_program(0)), "--bogus"}).exit, 2);
  EXPECT_EQ(tandem({"inspect"}).exit, 2);
  EXPECT_EQ(tandem({"--nope"}).exit, 2);
}

TEST_F(Cli, VersionAndHelp) {
  auto v = tandem({"--version"});
  EXPECT_EQ(v.exit, 0);
  EXPECT_CONTAINS(v.out, TANDEM_VERSION_STRING);
  for (auto args : {std::vector<std::string>{"--help"}, {"run", "--help"}, {"inspect", "--help"}}) {
    auto h = tandem(args);
    EXPECT_EQ(h.exit, 0);
    EXPECT_CONTAINS(h.out, "Examples");
  }
  EXPECT_CONTAINS(tandem({"run", "--help"}).out, "--gas");
  EXPECT_CONTAINS(tandem({"inspect", "--help"}).out, "--json");
}

// --- inspect ---------------------------------------------------------------------------------------

TEST_F(Cli, InspectShowsTheProgram) {
  ElfSpec s = hello_program();
  s.segs.push_back(SegSpec{kData, {1, 2, 3, 4}, 0x2000, 6, 1});
  s.segs.push_back(SegSpec{kData + 0x100, {0, 0, 0, 0}, 0, 4, 7});  // PT_TLS
  auto p = tandem({"inspect", write_elf("hello.elf", s)});
  EXPECT_EQ(p.exit, 0) << p.err;
  EXPECT_CONTAINS(p.out, "RV64");
  EXPECT_CONTAINS(p.out, "0x10000");
  EXPECT_CONTAINS(p.out, "RVC");
  EXPECT_CONTAINS(p.out, "soft-float");
  EXPECT_CONTAINS(p.out, "r-x");
  EXPECT_CONTAINS(p.out, "r--");
  EXPECT_CONTAINS(p.out, "rw-");
  EXPECT_CONTAINS(p.out, "0x2000");  // memsz of the data segment
  EXPECT_CONTAINS(p.out, "tls       yes");

  auto j = tandem({"inspect", write_elf("hello.elf", s), "--json"});
  EXPECT_EQ(j.exit, 0);
  auto v = parse_json(j.out);
  EXPECT_EQ(v["class"], "RV64");
  EXPECT_EQ(v["xlen"], 64);
  EXPECT_EQ(v["entry"], kText);
  EXPECT_EQ(v["rvc"], true);
  EXPECT_EQ(v["float_abi"], "soft");
  EXPECT_EQ(v["tls"], true);
  ASSERT_EQ(v["segments"].size(), 3u);
  EXPECT_EQ(v["segments"][0]["permissions"], "r-x");
  EXPECT_EQ(v["segments"][2]["vaddr"], kData);
  EXPECT_EQ(v["segments"][2]["memsz"], 0x2000);
  EXPECT_EQ(v["segments"][2]["filesz"], 4);
  EXPECT_EQ(v["text_begin"], kText);
  EXPECT_EQ(v["text_end"], kText + 14 * 4);
}

TEST_F(Cli, InspectRv32) {
  auto p = tandem({"inspect", write_elf("exit32.elf", exit_program(0, 32))});
  EXPECT_EQ(p.exit, 0) << p.err;
  EXPECT_CONTAINS(p.out, "RV32");
  EXPECT_CONTAINS(p.out, "tls       no");
}

TEST_F(Cli, InspectRefusesWritableExecutable) {
  auto p = tandem({"inspect", write_elf("wx.elf", wx_program())});
  EXPECT_EQ(p.exit, 120);
  EXPECT_EQ(p.out, "");
  EXPECT_EQ(p.err.rfind("tandem: ", 0), 0u) << p.err;
  EXPECT_CONTAINS(p.err, "writable and executable");
  EXPECT_CONTAINS(p.err, "-z separate-loadable-segments");
  auto j = tandem({"inspect", write_elf("wx.elf", wx_program()), "--json"});
  EXPECT_EQ(j.exit, 120);
  EXPECT_CONTAINS(parse_json(j.out).value("error", ""), "writable and executable");
}

TEST_F(Cli, InspectRefusesHardFloat) {
  ElfSpec s = exit_program(0);
  s.e_flags = 0x5;  // RVC | double-float ABI
  auto p = tandem({"inspect", write_elf("hf.elf", s)});
  EXPECT_EQ(p.exit, 120);
  EXPECT_CONTAINS(p.err, "hard-float");
}

}  // namespace

// --- precompile ------------------------------------------------------------------------------------

TEST_F(Cli, PrecompileJsonIsOneObject) {
  auto p = tandem({"precompile", "0x02", "616263", "--json"});
  EXPECT_EQ(p.exit, 0) << p.err;
  auto j = parse_json(p.out);
  EXPECT_EQ(j["output"], "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(j["gas"], 72);
  EXPECT_EQ(j.size(), 2u);
  // A failing precompile: an error object, still exit 0.
  p = tandem({"precompile", "blake2f", "0x00", "--json"});
  EXPECT_EQ(p.exit, 0);
  j = parse_json(p.out);
  EXPECT_CONTAINS(j["error"].get<std::string>(), "213 bytes");
  EXPECT_EQ(j["gas"], 0);
  // Empty output (ecrecover of garbage) and an empty input.
  j = parse_json(tandem({"precompile", "1", "", "--json"}).out);
  EXPECT_EQ(j["output"], "");
  EXPECT_EQ(j["gas"], 3000);
}

TEST_F(Cli, PrecompileTextAndPricing) {
  auto p = tandem({"precompile", "identity", "0x00ff"});
  EXPECT_EQ(p.exit, 0);
  EXPECT_CONTAINS(p.out, "output 00ff");
  EXPECT_CONTAINS(p.out, "gas    18");
  // Blen = 1025: over EIP-7823's limit under Osaka, priced and run under EIP-2565.
  std::string header(192, '0');
  header[60] = '0', header[61] = '4', header[62] = '0', header[63] = '1';
  auto osaka = parse_json(tandem({"precompile", "0x05", header, "--json"}).out);
  EXPECT_TRUE(osaka.contains("error"));
  auto berlin = parse_json(tandem({"precompile", "0x05", header, "--json", "--modexp-pricing", "eip2565"}).out);
  EXPECT_EQ(berlin["output"], "");
  EXPECT_EQ(berlin["gas"], 5547);
  EXPECT_EQ(tandem({"precompile", "0x05", header, "--modexp-pricing", "eip9999"}).exit, 2);
}

TEST_F(Cli, PrecompileBatch) {
  const std::string lines = "{\"input\": \"616263\"}\n\n{\"input\": \"zz\"}\nnot json\n{\"input\": \"\"}\n";
  auto p = tandem({"precompile", "0x04", "--batch", "-"}, lines);
  EXPECT_EQ(p.exit, 2);  // two bad lines
  std::vector<nlohmann::json> rows;
  std::stringstream ss(p.out);
  for (std::string line; std::getline(ss, line);) rows.push_back(parse_json(line));
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0]["output"], "616263");
  EXPECT_CONTAINS(rows[1]["error"].get<std::string>(), "-:3:");
  EXPECT_CONTAINS(rows[2]["error"].get<std::string>(), "-:4:");
  EXPECT_EQ(rows[3]["gas"], 15);
  p = tandem({"precompile", "0x04", "--batch", "-"}, "{\"input\": \"01\"}\n");
  EXPECT_EQ(p.exit, 0);
}

TEST_F(Cli, PrecompileUsageErrors) {
  EXPECT_EQ(tandem({"precompile"}).exit, 2);
  EXPECT_EQ(tandem({"precompile", "0x02"}).exit, 2);          // no input
  EXPECT_EQ(tandem({"precompile", "0x12", "00"}).exit, 2);    // not supported
  EXPECT_EQ(tandem({"precompile", "0x02", "abc"}).exit, 2);   // odd length
  EXPECT_EQ(tandem({"precompile", "0x02", "zz"}).exit, 2);
  EXPECT_EQ(tandem({"precompile", "0x02", "00", "--batch", "f"}).exit, 2);
  EXPECT_EQ(tandem({"precompile", "0x04", "--batch", "/nonexistent/file"}).exit, 2);
  auto h = tandem({"precompile", "--help"});
  EXPECT_EQ(h.exit, 0);
  EXPECT_CONTAINS(h.out, "Examples");
}
