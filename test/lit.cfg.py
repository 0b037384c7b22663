# -*- Python -*-
# lit configuration for qfold's regression tests.

import os

import lit.formats
import lit.util
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "QFOLD"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.qfold_obj_root, "test")
config.excludes = ["CMakeLists.txt", "README.txt", "lit.cfg.py",
                   "lit.site.cfg.py", "Inputs"]

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%shlibext", config.llvm_shlib_ext))
config.substitutions.append(("%qfold_src_root", config.qfold_src_root))
config.substitutions.append(("%qfold_obj_root", config.qfold_obj_root))
config.substitutions.append(("%mlir_lib_dir", config.mlir_lib_dir))
config.substitutions.append(
    ("%onnx_testdata", "/usr/share/libonnx-testdata/data"))
config.substitutions.append(("%qfold_lib_dir", config.qfold_lib_dir))
config.substitutions.append(("%cmake_generator", config.cmake_generator))
config.substitutions.append(("%cmake", config.cmake_command))
config.substitutions.append(("%cxx", config.cxx_compiler))

# Built with ASan + UBSan (scripts/test-sanitizers.sh).
if lit.util.pythonize_bool(config.qfold_sanitizers):
    config.available_features.add("sanitizers")

llvm_config.with_system_environment(
    ["HOME", "INCLUDE", "LIB", "TMP", "TEMP", "ASAN_OPTIONS", "UBSAN_OPTIONS",
     "LSAN_OPTIONS"])
llvm_config.use_default_substitutions()

tool_dirs = [config.qfold_tools_dir, config.llvm_tools_dir]
tools = [
    "qfold-opt",
    "qfold-run",
    "qfold-aot",
    "qfold-aot-example",
    "qfold-aot-c-example",
    "qfold-aot-threads",
    "qfold-translate",
    "qfold-onnx-conformance",
    "qfold-lsp-server",
    "mlir-opt",
    "mlir-runner",
    "mlir-translate",
    "llc",
    "llvm-objdump",
    "not",
    "count",
    ToolSubst("%unittests", os.path.join(config.qfold_obj_root, "unittests"),
              unresolved="ignore"),
]
llvm_config.add_tool_substitutions(tools, tool_dirs)

# Debian's interpreter with python3-torch, torchvision and onnx (the default
# python3 on PATH may be another one): the whole-network tests build their
# models with it. scripts/setup.sh installs the packages.
TORCH_PYTHON = "/usr/bin/python3"
try:
    import subprocess
    if subprocess.run([TORCH_PYTHON, "-c", "import torch, torchvision, onnx"],
                      stdout=subprocess.DEVNULL,
                      stderr=subprocess.DEVNULL).returncode == 0:
        config.available_features.add("torch")
except OSError:
    pass
config.substitutions.append(("%torch_python", TORCH_PYTHON))

# Hosts whose CPU executes vpdpbusd (AVX512-VNNI or AVX-VNNI): the tests that
# run it there say UNSUPPORTED elsewhere rather than pass silently.
try:
    with open("/proc/cpuinfo") as cpuinfo:
        flags = set(cpuinfo.read().split())
    if {"avx512_vnni", "avx_vnni"} & flags:
        config.available_features.add("vnni")
    # Intel's matrix tiles: code for CPUs that have them cannot run without.
    if "amx_tile" in flags:
        config.available_features.add("amx")
    # Code compiled for haswell (qfold-run --target-cpu=haswell) runs here.
    if {"avx2", "fma", "bmi2", "movbe", "f16c"} <= flags:
        config.available_features.add("haswell")
except OSError:
    pass

# ThreadSanitizer's runtime (Debian's libclang-rt-22-dev, which the sanitizer
# suite installs) and LLVM's OpenMP tool that tells it about OpenMP's
# synchronization (libarcher, in libomp-22-dev).
try:
    import subprocess
    resource = subprocess.run([config.cxx_compiler, "-print-resource-dir"],
                              capture_output=True, text=True).stdout.strip()
    archer = os.path.join(config.mlir_lib_dir, "libarcher.so")
    if resource and os.path.exists(archer) and os.path.exists(os.path.join(
            resource, "lib", "linux", "libclang_rt.tsan-x86_64.a")):
        config.available_features.add("tsan")
        config.substitutions.append(("%archer", archer))
except OSError:
    pass
