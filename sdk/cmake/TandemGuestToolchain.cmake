# sdk/cmake/TandemGuestToolchain.cmake: the body of the toolchain files riscv64.cmake and
# riscv32.cmake (which set TANDEM_GUEST_TOOLCHAIN to rv64 or rv32 first).  Configures clang for
# bare-metal RISC-V with picolibc, links with ld.lld directly, and includes TandemGuest.cmake after
# project(), so a guest-only project needs no more than:
#   project(mine C)
#   tandem_add_guest(mine SOURCES main.c)
if(NOT TANDEM_GUEST_TOOLCHAIN MATCHES "^rv(32|64)$")
  message(FATAL_ERROR "Use sdk/cmake/riscv64.cmake or sdk/cmake/riscv32.cmake as the toolchain file")
endif()
string(REPLACE "rv" "" _tandem_xlen "${TANDEM_GUEST_TOOLCHAIN}")

set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR riscv${_tandem_xlen})
include("${CMAKE_CURRENT_LIST_DIR}/TandemGuestPaths.cmake")

if(NOT CMAKE_C_COMPILER)
  find_program(TANDEM_GUEST_CLANG NAMES clang clang-19 clang-18 clang-17 clang-16 clang-15 clang-14)
  set(CMAKE_C_COMPILER "${TANDEM_GUEST_CLANG}")
endif()
set(CMAKE_ASM_COMPILER "${CMAKE_C_COMPILER}")
if(NOT CMAKE_CXX_COMPILER)
  find_program(TANDEM_GUEST_CLANGXX NAMES clang++ clang++-19 clang++-18 clang++-17 clang++-16
               clang++-15 clang++-14)
  set(CMAKE_CXX_COMPILER "${TANDEM_GUEST_CLANGXX}")
endif()
if(NOT CMAKE_LINKER OR NOT CMAKE_LINKER MATCHES "lld")
  find_program(TANDEM_GUEST_LLD NAMES ld.lld ld.lld-19 ld.lld-18 ld.lld-17 ld.lld-16 ld.lld-15
               ld.lld-14)
  set(CMAKE_LINKER "${TANDEM_GUEST_LLD}" CACHE FILEPATH "ld.lld, links RISC-V guests" FORCE)
endif()
set(CMAKE_C_COMPILER_TARGET riscv${_tandem_xlen}-unknown-elf)
set(CMAKE_ASM_COMPILER_TARGET riscv${_tandem_xlen}-unknown-elf)
set(CMAKE_CXX_COMPILER_TARGET riscv${_tandem_xlen}-unknown-elf)
# Compiler checks only compile: a guest cannot link without the SDK's crt0, which is a target of
# the project being configured.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

if(_tandem_xlen STREQUAL "64")
  set(_tandem_arch_flags "-march=rv64imac -mabi=lp64")
else()
  set(_tandem_arch_flags "-march=rv32imac -mabi=ilp32")
endif()
list(JOIN TANDEM_GUEST_COMMON_CFLAGS " " _tandem_common)
set(CMAKE_C_FLAGS_INIT "${_tandem_arch_flags} ${_tandem_common}")
set(CMAKE_ASM_FLAGS_INIT "${_tandem_arch_flags} ${_tandem_common}")
# C++ without its runtime library: no exceptions, RTTI, new/delete or standard headers yet.
set(CMAKE_CXX_FLAGS_INIT "${_tandem_arch_flags} ${_tandem_common} -fno-exceptions -fno-rtti")
# ld.lld is called directly: compiler flags must not reach it, and clang's bare-metal driver
# would pick its own start files and libraries.
set(CMAKE_C_LINK_EXECUTABLE "<CMAKE_LINKER> <LINK_FLAGS> <OBJECTS> -o <TARGET> <LINK_LIBRARIES>")
set(CMAKE_ASM_LINK_EXECUTABLE "${CMAKE_C_LINK_EXECUTABLE}")
set(CMAKE_CXX_LINK_EXECUTABLE "${CMAKE_C_LINK_EXECUTABLE}")
set(CMAKE_EXECUTABLE_SUFFIX ".elf")

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH "${TANDEM_GUEST_PICOLIBC_DIR}")

set(CMAKE_PROJECT_INCLUDE "${CMAKE_CURRENT_LIST_DIR}/TandemGuest.cmake")
