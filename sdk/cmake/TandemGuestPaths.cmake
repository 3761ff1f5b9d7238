# sdk/cmake/TandemGuestPaths.cmake: where the guest SDK and picolibc are, and the compile and link
# flags every guest uses.  Shared by TandemGuest.cmake and the toolchain files, so the two ways of
# building guests cannot drift apart.
get_filename_component(TANDEM_SDK_DIR "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)
set(TANDEM_GUEST_PICOLIBC_DIR "/usr/lib/picolibc/riscv64-unknown-elf" CACHE PATH
    "picolibc for riscv64-unknown-elf (headers in include/, multilibs in lib/)")
# picolibc ships a size-optimised build and, under release/, a speed-optimised one; guests are
# run for speed, and the two behave identically.
set(TANDEM_GUEST_PICOLIBC_VARIANT "release" CACHE STRING
    "picolibc variant: release (optimised for speed) or empty (optimised for size)")

if(TANDEM_GUEST_PICOLIBC_VARIANT AND
   EXISTS "${TANDEM_GUEST_PICOLIBC_DIR}/lib/${TANDEM_GUEST_PICOLIBC_VARIANT}")
  set(TANDEM_GUEST_PICOLIBC_LIB "${TANDEM_GUEST_PICOLIBC_DIR}/lib/${TANDEM_GUEST_PICOLIBC_VARIANT}")
  set(TANDEM_GUEST_PICOLIBC_INC
      "${TANDEM_GUEST_PICOLIBC_DIR}/include/${TANDEM_GUEST_PICOLIBC_VARIANT}")
else()
  set(TANDEM_GUEST_PICOLIBC_LIB "${TANDEM_GUEST_PICOLIBC_DIR}/lib")
  set(TANDEM_GUEST_PICOLIBC_INC "${TANDEM_GUEST_PICOLIBC_DIR}/include")
endif()

# Flags every guest object is compiled with.  medany: code may sit anywhere in the address space;
# no-relax: ld.lld 14 cannot relax RISC-V code (and refuses R_RISCV_ALIGN from relaxable objects);
# -nostdlibinc keeps clang's own headers (stddef.h, stdarg.h) but not the host's.
set(TANDEM_GUEST_COMMON_CFLAGS
    -mcmodel=medany -mno-relax -ffunction-sections -fdata-sections
    -nostdlibinc -isystem "${TANDEM_GUEST_PICOLIBC_INC}" -I "${TANDEM_SDK_DIR}/include")
# Flags every guest is linked with (by ld.lld itself, not through a compiler driver; -z options
# joined, as CMake de-duplicates a repeated "-z"): W^X-clean,
# page-aligned segments laid out by tandem.ld.
set(TANDEM_GUEST_LINK_FLAGS
    -static --gc-sections -zseparate-loadable-segments -zmax-page-size=4096
    -T "${TANDEM_SDK_DIR}/tandem.ld")
