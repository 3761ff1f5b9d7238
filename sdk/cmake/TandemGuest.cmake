# sdk/cmake/TandemGuest.cmake: tandem_add_guest(), which builds a static soft-float RISC-V ELF
# that runs under tandem (and under qemu-riscv64/-riscv32), from C, C++ or assembly sources.
#
# Works two ways (docs/sdk.md):
#  - inside a host build (the tandem tree itself: the C/C++ compilers are the host's): every guest
#    is built by custom commands that call clang and ld.lld directly; guests are part of `all`.
#  - in a project configured with the toolchain file sdk/cmake/riscv64.cmake or riscv32.cmake
#    (which include this file after project()): tandem_add_guest wraps add_executable.
#
#   tandem_add_guest(<name> SOURCES <file>...
#                    [ARCH rv64|rv32] [ISA <isa>] [OPT <flag>...]
#                    [DEFINES <def>...] [INCLUDES <dir>...]
#                    [COMPILE_OPTIONS <flag>...] [LINK_OPTIONS <flag>...] [DEPENDS <file>...]
#                    [SOFT])
#
#   SOFT builds the "soft" variant: defines TANDEM_SOFT=1, so the coprocessor functions of
#   tandem/guest.h run the SDK's portable code (sdk/src/soft/, which also compiles the curve
#   coprocessor's freestanding sources) inside the VM instead of calling the host, and links that
#   code in (built once per ISA).
#
#   ISA is a -march string without F/D, e.g. rv64imac (the default for rv64), rv64im, rv32imac
#   (the default for rv32), rv32im, rv64imac_zba_zbb.  OPT defaults to -O2.
#   Output: ${CMAKE_BINARY_DIR}/guests/<name>.elf, also in the target property TANDEM_GUEST_ELF
#   ($<TARGET_PROPERTY:<name>,TANDEM_GUEST_ELF>) and the variable <name>_ELF in the caller's scope.
#   Properties TANDEM_GUEST_ISA and TANDEM_GUEST_XLEN (32 or 64) are set too.
#
# Needs clang and ld.lld (any version from 14), picolibc-riscv64-unknown-elf, and
# gcc-riscv64-unknown-elf for its libgcc.a (soft-float and 64-bit helpers): clang 14 ships no
# RISC-V compiler-rt.
include_guard(GLOBAL)
# The toolchain files include this file after every project(), CMake's own compiler-check
# projects too, which must stay plain C.
get_property(_tandem_in_try_compile GLOBAL PROPERTY IN_TRY_COMPILE)
if(_tandem_in_try_compile)
  return()
endif()

include("${CMAKE_CURRENT_LIST_DIR}/TandemGuestPaths.cmake")

if(TANDEM_GUEST_TOOLCHAIN)
  set(_tandem_guest_mode toolchain)
  set(TANDEM_GUEST_CLANG "${CMAKE_C_COMPILER}")
  set(TANDEM_GUEST_LLD "${CMAKE_LINKER}")
  enable_language(ASM)
else()
  set(_tandem_guest_mode host)
  find_program(TANDEM_GUEST_CLANG NAMES clang clang-19 clang-18 clang-17 clang-16 clang-15 clang-14
               DOC "clang used to compile RISC-V guests")
  find_program(TANDEM_GUEST_LLD NAMES ld.lld ld.lld-19 ld.lld-18 ld.lld-17 ld.lld-16 ld.lld-15
               ld.lld-14 DOC "ld.lld used to link RISC-V guests")
endif()
find_program(TANDEM_GUEST_GCC NAMES riscv64-unknown-elf-gcc
             DOC "riscv64-unknown-elf-gcc, asked where its libgcc.a for each multilib is")

set(_tandem_missing "")
foreach(tool TANDEM_GUEST_CLANG TANDEM_GUEST_LLD TANDEM_GUEST_GCC)
  if(NOT ${tool})
    list(APPEND _tandem_missing ${tool})
  endif()
endforeach()
if(NOT EXISTS "${TANDEM_GUEST_PICOLIBC_DIR}/include/stdio.h")
  list(APPEND _tandem_missing "picolibc (TANDEM_GUEST_PICOLIBC_DIR=${TANDEM_GUEST_PICOLIBC_DIR})")
endif()
if(_tandem_missing)
  message(FATAL_ERROR "Building tandem guests needs clang, lld, picolibc and the RISC-V gcc; "
          "not found: ${_tandem_missing}.  On Debian/Ubuntu: apt-get install clang lld "
          "gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf.  Or configure with "
          "-DTANDEM_BUILD_GUESTS=OFF to build without guests.")
endif()

# Parses an ISA string into <prefix>_XLEN, _ABI, _TRIPLE, _MULTILIB (the picolibc/libgcc
# multilib the ISA can use: extensions beyond I, M, A, C do not change the C library),
# _LIBDIR, _LIBGCC.
function(_tandem_guest_isa isa prefix)
  string(TOLOWER "${isa}" isa)
  if(NOT isa MATCHES "^rv(32|64)([a-z]+)(_[a-z0-9_]+)?$")
    message(FATAL_ERROR "tandem_add_guest: ISA '${isa}' is not an -march string like rv64imac")
  endif()
  set(xlen ${CMAKE_MATCH_1})
  set(letters ${CMAKE_MATCH_2})
  if(NOT letters MATCHES "^i")
    message(FATAL_ERROR "tandem_add_guest: ISA '${isa}' must start with rv${xlen}i")
  endif()
  if(letters MATCHES "[fdgqv]")
    message(FATAL_ERROR "tandem_add_guest: ISA '${isa}' has floating-point or vector registers; "
            "tandem guests are soft-float (use e.g. rv${xlen}imac)")
  endif()
  set(has_m OFF)
  set(has_a OFF)
  set(has_c OFF)
  if(letters MATCHES "m")
    set(has_m ON)
  endif()
  if(letters MATCHES "a")
    set(has_a ON)
  endif()
  if(letters MATCHES "c")
    set(has_c ON)
  endif()
  if(xlen STREQUAL "64")
    set(abi lp64)
  else()
    set(abi ilp32)
  endif()
  # Prefer the multilib with every one of M/A/C the ISA has; picolibc lacks some combinations
  # (rv64imc, rv64ima), so fall back to one with fewer extensions, which the CPU still runs.
  set(multilib "")
  foreach(drop "" "c" "a" "ac")
    set(m "rv${xlen}i")
    if(has_m)
      string(APPEND m "m")
    endif()
    if(has_a AND NOT drop MATCHES "a")
      string(APPEND m "a")
    endif()
    if(has_c AND NOT drop MATCHES "c")
      string(APPEND m "c")
    endif()
    if(EXISTS "${TANDEM_GUEST_PICOLIBC_LIB}/${m}/${abi}/libc.a")
      set(multilib ${m})
      break()
    endif()
  endforeach()
  if(NOT multilib)
    message(FATAL_ERROR "tandem_add_guest: picolibc has no multilib for ISA '${isa}' "
            "under ${TANDEM_GUEST_PICOLIBC_LIB}")
  endif()
  set(cache_var _TANDEM_LIBGCC_${multilib})
  if(NOT ${cache_var} OR NOT EXISTS "${${cache_var}}")
    execute_process(
      COMMAND "${TANDEM_GUEST_GCC}" -march=${multilib} -mabi=${abi} -print-libgcc-file-name
      OUTPUT_VARIABLE libgcc OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE rc)
    # gcc answers with its default multilib (hard-float) when it has none for the request.
    if(NOT rc EQUAL 0 OR NOT EXISTS "${libgcc}" OR NOT libgcc MATCHES "/${multilib}/${abi}/")
      message(FATAL_ERROR "tandem_add_guest: ${TANDEM_GUEST_GCC} has no libgcc.a for "
              "-march=${multilib} -mabi=${abi} (it answered '${libgcc}')")
    endif()
    set(${cache_var} "${libgcc}" CACHE INTERNAL "libgcc.a for tandem guests (${multilib})")
  endif()
  set(${prefix}_ISA ${isa} PARENT_SCOPE)
  set(${prefix}_XLEN ${xlen} PARENT_SCOPE)
  set(${prefix}_ABI ${abi} PARENT_SCOPE)
  set(${prefix}_TRIPLE riscv${xlen}-unknown-elf PARENT_SCOPE)
  set(${prefix}_MULTILIB ${multilib} PARENT_SCOPE)
  set(${prefix}_LIBDIR "${TANDEM_GUEST_PICOLIBC_LIB}/${multilib}/${abi}" PARENT_SCOPE)
  set(${prefix}_LIBGCC "${${cache_var}}" PARENT_SCOPE)
endfunction()

# The SDK's own objects (crt0, syscalls) for one multilib, built once per build tree.  Sets
# <out_target> to a target to depend on and <out_objects> to the object files (host mode) or to
# the OBJECT library's name (toolchain mode).
function(_tandem_guest_runtime multilib abi triple out_target out_objects)
  set(target tandem_guest_sdk_${multilib})
  set(dir "${CMAKE_BINARY_DIR}/guests/sdk/${multilib}")
  set(sources "${TANDEM_SDK_DIR}/src/crt0.S" "${TANDEM_SDK_DIR}/src/syscalls.c")
  if(_tandem_guest_mode STREQUAL "toolchain")
    if(NOT TARGET ${target})
      add_library(${target} OBJECT ${sources})
      target_compile_options(${target} PRIVATE ${TANDEM_GUEST_COMMON_CFLAGS} -march=${multilib}
                             -mabi=${abi} -O2 -Wall -Wextra)
    endif()
    set(${out_target} ${target} PARENT_SCOPE)
    set(${out_objects} ${target} PARENT_SCOPE)
    return()
  endif()
  set(objects "")
  foreach(src IN LISTS sources)
    get_filename_component(base "${src}" NAME_WE)
    list(APPEND objects "${dir}/${base}.o")
  endforeach()
  get_property(done GLOBAL PROPERTY _TANDEM_GUEST_SDK_${multilib})
  if(NOT done)
    set_property(GLOBAL PROPERTY _TANDEM_GUEST_SDK_${multilib} ON)
    file(MAKE_DIRECTORY "${dir}")
    foreach(src obj IN ZIP_LISTS sources objects)
      add_custom_command(
        OUTPUT "${obj}"
        COMMAND "${TANDEM_GUEST_CLANG}" --target=${triple} -march=${multilib} -mabi=${abi}
                ${TANDEM_GUEST_COMMON_CFLAGS} -O2 -Wall -Wextra -MD -MF "${obj}.d"
                -c "${src}" -o "${obj}"
        DEPENDS "${src}"
        DEPFILE "${obj}.d"
        COMMENT "Guest SDK (${multilib}): ${src}"
        VERBATIM)
    endforeach()
    add_custom_target(${target} DEPENDS ${objects})
  endif()
  set(${out_target} ${target} PARENT_SCOPE)
  set(${out_objects} ${objects} PARENT_SCOPE)
endfunction()

# The portable code of the soft build (sdk/src/soft/, and the curve coprocessor's freestanding
# sources it wraps), compiled once per ISA with -DTANDEM_SOFT=1 and shared by every soft guest of
# that ISA.  Same outputs as _tandem_guest_runtime.
set(TANDEM_GUEST_SOFT_SOURCES
    keccak.c sha256.c ripemd160.c blake2f.c sha512.c ecdsa.c ed25519.c modexp.c eth_precompile.c
    resident.c ntt.c ec.cpp ../../../coproc/ec/bn254.cpp ../../../coproc/ec/bls12_381.cpp
    ../../../coproc/ec/bls12_381_map.cpp)
function(_tandem_guest_soft isa abi triple out_target out_objects)
  string(MAKE_C_IDENTIFIER "${isa}" id)
  set(target tandem_guest_soft_${id})
  set(dir "${CMAKE_BINARY_DIR}/guests/soft/${isa}")
  set(sources "")
  foreach(f IN LISTS TANDEM_GUEST_SOFT_SOURCES)
    get_filename_component(src "${TANDEM_SDK_DIR}/src/soft/${f}" ABSOLUTE)
    list(APPEND sources "${src}")
  endforeach()
  set(cxx_flags -std=c++20 -fno-exceptions -fno-rtti -fno-threadsafe-statics)
  if(_tandem_guest_mode STREQUAL "toolchain")
    get_property(languages GLOBAL PROPERTY ENABLED_LANGUAGES)
    if(NOT "CXX" IN_LIST languages)
      message(FATAL_ERROR "tandem_add_guest(... SOFT): the soft code includes C++ sources; "
              "enable C++ in the project: project(<name> C CXX)")
    endif()
    if(NOT TARGET ${target})
      add_library(${target} OBJECT ${sources})
      target_compile_options(${target} PRIVATE ${TANDEM_GUEST_COMMON_CFLAGS} -march=${isa}
                             -mabi=${abi} -O2 $<$<COMPILE_LANGUAGE:CXX>:${cxx_flags}>)
      target_compile_definitions(${target} PRIVATE TANDEM_SOFT=1)
      target_include_directories(${target} PRIVATE "${TANDEM_SDK_DIR}/..")
    endif()
    set(${out_target} ${target} PARENT_SCOPE)
    set(${out_objects} $<TARGET_OBJECTS:${target}> PARENT_SCOPE)
    return()
  endif()
  set(objects "")
  foreach(src IN LISTS sources)
    get_filename_component(base "${src}" NAME)
    list(APPEND objects "${dir}/${base}.o")
  endforeach()
  get_property(done GLOBAL PROPERTY _TANDEM_GUEST_SOFT_${id})
  if(NOT done)
    set_property(GLOBAL PROPERTY _TANDEM_GUEST_SOFT_${id} ON)
    file(MAKE_DIRECTORY "${dir}")
    foreach(src obj IN ZIP_LISTS sources objects)
      set(lang_flags "")
      if(src MATCHES "\\.cpp$")
        set(lang_flags ${cxx_flags})
      endif()
      add_custom_command(
        OUTPUT "${obj}"
        COMMAND "${TANDEM_GUEST_CLANG}" --target=${triple} -march=${isa} -mabi=${abi}
                ${TANDEM_GUEST_COMMON_CFLAGS} -I "${TANDEM_SDK_DIR}/.." -DTANDEM_SOFT=1 -O2
                ${lang_flags} -MD -MF "${obj}.d" -c "${src}" -o "${obj}"
        DEPENDS "${src}"
        DEPFILE "${obj}.d"
        COMMENT "Guest soft code (${isa}): ${src}"
        VERBATIM)
    endforeach()
    add_custom_target(${target} DEPENDS ${objects})
  endif()
  set(${out_target} ${target} PARENT_SCOPE)
  set(${out_objects} ${objects} PARENT_SCOPE)
endfunction()

function(tandem_add_guest name)
  cmake_parse_arguments(PARSE_ARGV 1 G "SOFT" "ARCH;ISA"
                        "SOURCES;OPT;DEFINES;INCLUDES;COMPILE_OPTIONS;LINK_OPTIONS;DEPENDS")
  if(G_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "tandem_add_guest(${name}): unknown arguments ${G_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT G_SOURCES)
    message(FATAL_ERROR "tandem_add_guest(${name}): SOURCES is required")
  endif()
  if(G_SOFT)
    list(APPEND G_DEFINES TANDEM_SOFT=1)
  endif()
  if(NOT G_ARCH)
    if(G_ISA MATCHES "^rv32")
      set(G_ARCH rv32)
    elseif(G_ISA MATCHES "^rv64")
      set(G_ARCH rv64)
    elseif(_tandem_guest_mode STREQUAL "toolchain")
      set(G_ARCH ${TANDEM_GUEST_TOOLCHAIN})
    else()
      set(G_ARCH rv64)
    endif()
  endif()
  if(NOT G_ARCH MATCHES "^rv(32|64)$")
    message(FATAL_ERROR "tandem_add_guest(${name}): ARCH must be rv64 or rv32, not '${G_ARCH}'")
  endif()
  if(NOT G_ISA)
    set(G_ISA ${G_ARCH}imac)
  endif()
  if(NOT G_ISA MATCHES "^${G_ARCH}")
    message(FATAL_ERROR "tandem_add_guest(${name}): ISA ${G_ISA} does not match ARCH ${G_ARCH}")
  endif()
  if(_tandem_guest_mode STREQUAL "toolchain" AND NOT G_ARCH STREQUAL TANDEM_GUEST_TOOLCHAIN)
    string(REPLACE "rv" "riscv" other_toolchain "${G_ARCH}")
    message(FATAL_ERROR "tandem_add_guest(${name}): this build uses the ${TANDEM_GUEST_TOOLCHAIN} "
            "toolchain file; build ${G_ARCH} guests in a build tree configured with "
            "sdk/cmake/${other_toolchain}.cmake")
  endif()
  if(NOT G_OPT)
    set(G_OPT -O2)
  endif()
  _tandem_guest_isa(${G_ISA} I)
  _tandem_guest_runtime(${I_MULTILIB} ${I_ABI} ${I_TRIPLE} rt_target rt_objects)
  if(G_SOFT)
    _tandem_guest_soft(${I_ISA} ${I_ABI} ${I_TRIPLE} soft_target soft_objects)
  endif()

  set(out_dir "${CMAKE_BINARY_DIR}/guests")
  set(elf "${out_dir}/${name}.elf")
  set(defines "")
  foreach(d IN LISTS G_DEFINES)
    list(APPEND defines "-D${d}")
  endforeach()
  set(includes "")
  foreach(dir IN LISTS G_INCLUDES)
    get_filename_component(dir "${dir}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    list(APPEND includes "-I${dir}")
  endforeach()
  set(libs "${I_LIBDIR}/libc.a" "${I_LIBDIR}/libm.a" "${I_LIBGCC}")

  if(_tandem_guest_mode STREQUAL "toolchain")
    add_executable(${name} ${G_SOURCES} ${soft_objects})
    target_link_libraries(${name} PRIVATE ${rt_objects} ${libs})
    target_compile_options(${name} PRIVATE ${TANDEM_GUEST_COMMON_CFLAGS} -march=${I_ISA}
                           -mabi=${I_ABI} ${G_OPT} ${G_COMPILE_OPTIONS})
    target_compile_definitions(${name} PRIVATE ${G_DEFINES})
    target_include_directories(${name} PRIVATE ${G_INCLUDES})
    target_link_options(${name} PRIVATE ${TANDEM_GUEST_LINK_FLAGS} ${G_LINK_OPTIONS})
    set_target_properties(${name} PROPERTIES OUTPUT_NAME ${name} SUFFIX ".elf"
                          RUNTIME_OUTPUT_DIRECTORY "${out_dir}"
                          LINK_DEPENDS "${TANDEM_SDK_DIR}/tandem.ld")
    if(G_DEPENDS)
      set_property(SOURCE ${G_SOURCES} APPEND PROPERTY OBJECT_DEPENDS ${G_DEPENDS})
    endif()
  else()
    set(obj_dir "${out_dir}/obj/${name}")
    file(MAKE_DIRECTORY "${obj_dir}")
    set(objects "")
    set(index 0)
    foreach(src IN LISTS G_SOURCES)
      get_filename_component(src "${src}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
      get_filename_component(base "${src}" NAME)
      # The index keeps two sources with one file name (in different folders) apart.
      set(obj "${obj_dir}/${index}_${base}.o")
      math(EXPR index "${index} + 1")
      set(lang_flags "")
      if(src MATCHES "\\.(cc|cpp|cxx)$")
        set(lang_flags -std=c++20 -fno-exceptions -fno-rtti)
      endif()
      add_custom_command(
        OUTPUT "${obj}"
        COMMAND "${TANDEM_GUEST_CLANG}" --target=${I_TRIPLE} -march=${I_ISA} -mabi=${I_ABI}
                ${TANDEM_GUEST_COMMON_CFLAGS} ${includes} ${defines} ${G_OPT} ${lang_flags}
                ${G_COMPILE_OPTIONS} -MD -MF "${obj}.d" -c "${src}" -o "${obj}"
        DEPENDS "${src}" ${G_DEPENDS}
        DEPFILE "${obj}.d"
        COMMENT "Guest ${name} (${I_ISA}): compiling ${base}"
        VERBATIM)
      list(APPEND objects "${obj}")
    endforeach()
    add_custom_command(
      OUTPUT "${elf}"
      COMMAND "${TANDEM_GUEST_LLD}" ${TANDEM_GUEST_LINK_FLAGS} ${G_LINK_OPTIONS}
              ${rt_objects} ${objects} ${soft_objects} ${libs} -o "${elf}"
      DEPENDS ${rt_objects} ${objects} ${soft_objects} "${TANDEM_SDK_DIR}/tandem.ld"
      COMMENT "Guest ${name} (${I_ISA}): linking ${name}.elf"
      VERBATIM)
    add_custom_target(${name} ALL DEPENDS "${elf}")
    add_dependencies(${name} ${rt_target})
    if(G_SOFT)
      add_dependencies(${name} ${soft_target})
    endif()
  endif()

  set_target_properties(${name} PROPERTIES TANDEM_GUEST_ELF "${elf}" TANDEM_GUEST_ISA ${I_ISA}
                        TANDEM_GUEST_XLEN ${I_XLEN})
  set(${name}_ELF "${elf}" PARENT_SCOPE)
endfunction()
