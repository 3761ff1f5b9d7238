// runtime/program.cpp: loading a Program: parse and validate the ELF, pre-decode its text.
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "runtime/program_data.h"

namespace tandem {

namespace {
constexpr uint64_t kMaxElfFile = 1ull << 30;
}

Expected<Program> Program::from_bytes(std::span<const uint8_t> elf) {
  auto image = vm::parse_elf(elf);
  if (!image) return Error{image.error()};
  auto data = std::make_shared<detail::ProgramData>();
  data->image = std::move(*image);
  data->text = vm::decode_text(data->image);
  for (const auto& s : data->image.segments) {
    data->segments.push_back(SegmentInfo{s.vaddr, s.memsz, s.filesz, s.offset, (s.flags & vm::kPF_R) != 0,
                                         (s.flags & vm::kPF_W) != 0, (s.flags & vm::kPF_X) != 0});
  }
  return Program(std::move(data));
}

Expected<Program> Program::from_file(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return Error{"cannot open " + path + ": " + std::strerror(errno)};
  if (!S_ISREG(st.st_mode)) return Error{path + " is not a regular file"};
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"cannot open " + path + ": " + std::strerror(errno)};
  in.seekg(0, std::ios::end);
  const auto size = in.tellg();
  if (size < 0) return Error{"cannot read " + path};
  if (uint64_t(size) > kMaxElfFile) return Error{path + ": file larger than 1 GiB"};
  in.seekg(0);
  std::vector<uint8_t> bytes(static_cast<size_t>(size));
  if (!in.read(reinterpret_cast<char*>(bytes.data()), size)) return Error{"cannot read " + path};
  auto p = from_bytes(bytes);
  if (!p) return Error{path + ": " + p.error()};
  return p;
}

unsigned Program::xlen() const noexcept { return data_->image.xlen; }
uint64_t Program::entry() const noexcept { return data_->image.entry; }
uint32_t Program::elf_flags() const noexcept { return data_->image.e_flags; }
const std::vector<SegmentInfo>& Program::segments() const noexcept { return data_->segments; }
bool Program::has_tls() const noexcept { return data_->image.has_tls; }
uint64_t Program::text_begin() const noexcept { return data_->image.text_begin; }
uint64_t Program::text_end() const noexcept { return data_->image.text_end; }

}  // namespace tandem
