# Generates a Markdown reference from ODS into ${QFOLD_DOCS_BINARY_DIR}.
# The committed copies under docs/ are compared with these by the test suite
# and refreshed with the `qfold-update-docs` target.
function(qfold_add_doc td_name output_name)
  set(LLVM_TARGET_DEFINITIONS ${td_name}.td)
  tablegen(MLIR ${output_name}.md ${ARGN})
  set(generated ${QFOLD_DOCS_BINARY_DIR}/${output_name}.md)
  add_custom_command(
    OUTPUT ${generated}
    COMMAND ${CMAKE_COMMAND} -E copy
            ${CMAKE_CURRENT_BINARY_DIR}/${output_name}.md ${generated}
    DEPENDS ${CMAKE_CURRENT_BINARY_DIR}/${output_name}.md)
  add_custom_target(${output_name}DocGen DEPENDS ${generated})
  add_dependencies(qfold-doc ${output_name}DocGen)
endfunction()

# Installs a qfold library into the QFoldTargets export set that
# QFoldConfig.cmake imports (as QFold::<name>).
function(qfold_install_library name)
  target_include_directories(${name} PUBLIC $<INSTALL_INTERFACE:include>)
  # Instrumented libraries need the sanitizer runtimes in whatever links
  # them, including an out-of-tree compiler built without the sanitizers.
  if(QFOLD_ENABLE_SANITIZERS OR QFOLD_BUILD_FUZZERS)
    target_link_options(${name} INTERFACE
      $<INSTALL_INTERFACE:-fsanitize=address,undefined>)
  endif()
  install(TARGETS ${name} EXPORT QFoldTargets
    LIBRARY DESTINATION lib
    ARCHIVE DESTINATION lib
    RUNTIME DESTINATION bin)
endfunction()

# A qfold library: linked against the shared libMLIR.so, never part of it.
function(add_qfold_library name)
  cmake_parse_arguments(ARG "" "" "DEPENDS;LINK_LIBS;MLIR_LIBS" ${ARGN})
  add_mlir_library(${name} ${ARG_UNPARSED_ARGUMENTS}
    EXCLUDE_FROM_LIBMLIR
    DISABLE_INSTALL
    DEPENDS ${ARG_DEPENDS}
    LINK_LIBS PUBLIC ${ARG_LINK_LIBS})
  mlir_target_link_libraries(${name} PUBLIC ${ARG_MLIR_LIBS})
  qfold_install_library(${name})
endfunction()

# A qfold tool, installed into bin/.
function(add_qfold_tool name)
  add_llvm_executable(${name} ${ARGN})
  llvm_update_compile_flags(${name})
  install(TARGETS ${name} RUNTIME DESTINATION bin)
endfunction()
