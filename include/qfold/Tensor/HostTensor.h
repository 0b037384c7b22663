//===- HostTensor.h - dense host tensors for the runners ---------*- C++
//-*-===//
//
// The in-memory tensors qfold-run reads from and writes to files and passes
// to compiled code: a dtype, a row-major shape and the bytes.
//
//===----------------------------------------------------------------------===//

#ifndef QFOLD_TENSOR_HOSTTENSOR_H
#define QFOLD_TENSOR_HOSTTENSOR_H

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <new>
#include <optional>
#include <string>
#include <vector>

namespace mlir::qfold {

/// The element types qfold's functions take and return. u8 and i8 are both
/// i8 in the compiled code; the dtype keeps the meaning of the bits.
enum class DType { F32, I8, U8, I32, I64 };

/// "f32", "i8", "u8", "i32", "i64".
llvm::StringRef getDTypeName(DType dtype);
/// The size of one element in bytes.
size_t getDTypeSize(DType dtype);

/// Storage aligned to a cache line (64 bytes). Compiled code reads its
/// arguments with whole vector registers; from malloc's 16-byte alignment
/// every other 64-byte load splits a cache line, and the time of a call
/// depended on where the heap happened to put the buffers (measured on
/// Zen 5: the same layer took ~600 or ~720 us from one process to the next).
template <typename T> struct CacheLineAllocator {
  using value_type = T;
  static constexpr std::align_val_t alignment{64};

  CacheLineAllocator() = default;
  template <typename U> CacheLineAllocator(const CacheLineAllocator<U> &) {}

  T *allocate(size_t n) {
    return static_cast<T *>(::operator new(n * sizeof(T), alignment));
  }
  void deallocate(T *p, size_t) { ::operator delete(p, alignment); }
  template <typename U> bool operator==(const CacheLineAllocator<U> &) const {
    return true;
  }
  template <typename U> bool operator!=(const CacheLineAllocator<U> &) const {
    return false;
  }
};

struct HostTensor {
  DType dtype = DType::F32;
  std::vector<int64_t> shape;
  std::vector<uint8_t, CacheLineAllocator<uint8_t>> bytes;

  HostTensor() = default;
  HostTensor(DType dtype, std::vector<int64_t> shape);

  int64_t getNumElements() const;
  template <typename T> T *data() {
    return reinterpret_cast<T *>(bytes.data());
  }
  template <typename T> const T *data() const {
    return reinterpret_cast<const T *>(bytes.data());
  }
  /// Element i widened to double (for comparisons and printing).
  double getAsDouble(int64_t i) const;
};

/// "1x3x16x16" (or "scalar" for rank 0).
std::string formatShape(const std::vector<int64_t> &shape);

/// A 4-D tensor re-laid from [N, C, H, W] to [N, H, W, C], or back with
/// `toNhwc` false (for functions lowered with qfold-to-llvm{nhwc-boundary}).
/// Tensors of another rank are returned unchanged.
HostTensor relayoutNchw(const HostTensor &tensor, bool toNhwc);

} // namespace mlir::qfold

#endif // QFOLD_TENSOR_HOSTTENSOR_H
