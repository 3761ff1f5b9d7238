// runtime/program_data.h: what a loaded Program holds (shared, immutable).
#pragma once
#include <vector>

#include "tandem/program.h"
#include "vm/decode.h"
#include "vm/elf.h"

namespace tandem::detail {

struct ProgramData {
  vm::ElfImage image;
  vm::DecodedText text;
  std::vector<SegmentInfo> segments;
};

}  // namespace tandem::detail
