# sdk/cmake/riscv32.cmake: CMake toolchain file for projects that build only rv32 tandem guests.
#   cmake -S . -B build -DCMAKE_TOOLCHAIN_FILE=<tandem>/sdk/cmake/riscv32.cmake
# then tandem_add_guest(<name> SOURCES ...) is available after project(); see docs/sdk.md.
set(TANDEM_GUEST_TOOLCHAIN rv32)
include("${CMAKE_CURRENT_LIST_DIR}/TandemGuestToolchain.cmake")
