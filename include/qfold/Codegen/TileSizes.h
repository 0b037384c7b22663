//===- TileSizes.h - register-blocking choices for convolutions -*- C++ -*-===//
//
// Pure C++ heuristics choosing the register tile of a direct NHWC
// convolution: an (output columns x output channels) block of accumulators
// that stays in vector registers while the reduction (kh, kw, input
// channels) runs. Shared by the codegen pass and its unit tests.
//
//===----------------------------------------------------------------------===//

#ifndef QFOLD_CODEGEN_TILESIZES_H
#define QFOLD_CODEGEN_TILESIZES_H

#include "qfold/Codegen/Int8DotKind.h"

#include <cstdint>

namespace mlir::qfold {

struct ConvRegisterTile {
  /// Output columns per tile; divides the output width when a divisor in
  /// range exists, otherwise the remainder is peeled.
  int64_t columns;
  /// Output channels per tile (a multiple of the vector width when the
  /// channel count allows it).
  int64_t channels;
  /// The reduction steps over one kernel column at a time (kernel columns
  /// become a loop) rather than over all of a kernel row's columns.
  bool kernelColumnLoop = false;
  /// The loop over blocks of output channels encloses the loops over rows
  /// and column tiles (rows, column tiles, channel blocks otherwise).
  bool channelBlocksOutermost = false;
  /// Output rows per tile (a remainder row is peeled).
  int64_t rows = 1;
};

/// What one reduction step of a convolution multiplies.
enum class ConvStepKind {
  /// f32 FMAs of a broadcast input and filter vectors.
  floatFma,
  /// Integer products on widened lanes or i16 pairs (vpmaddwd).
  integer,
  /// u8 x i8 quads (vpdpbusd) with their sign-flip corrections.
  quadDots,
};

/// The vector registers of the CPU code is generated for.
struct VectorTarget {
  /// 32-bit lanes per vector register: 16 with AVX-512, 8 with AVX2.
  int64_t lanes = 8;
  /// Architectural vector registers: 32 with AVX-512, 16 with AVX2.
  int64_t registers = 16;
  /// u8 x i8 dot products (vpdpbusd) are available.
  bool hasVnni = false;
  /// AVX2's i16 pair multiply-add (vpmaddwd) is available.
  bool hasAvx2 = false;
  /// AVX-512BW's 512-bit vpmaddwd is available.
  bool hasAvx512bw = false;
  /// Bytes of a core's private (L2) cache: what a loop nest can reuse from
  /// one outer iteration to the next.
  int64_t cacheBytes = 1 << 20;

  /// Integer convolutions reduce input channels in pairs with vpmaddwd on
  /// registers of `lanes` i32 lanes: ymm with AVX2, zmm with AVX-512BW (an
  /// AVX-512 host without BW keeps widening multiplies).
  bool usePairDotProducts() const {
    return hasAvx2 && (lanes == 8 || (lanes == 16 && hasAvx512bw));
  }

  /// AVX-512 (its 512-bit vectors, and with them mask registers: masked
  /// 64-bit arithmetic).
  bool hasAvx512() const { return lanes == 16; }

  /// u8 x i8 quads (vpdpbusd) are native on registers of `lanes` i32 lanes.
  bool useQuadDotProducts() const {
    return hasVnni && (lanes == 8 || lanes == 16);
  }
};

/// The register tile of a convolution with `kernelWidth` kernel columns:
/// `vectorLanes` is the number of accumulator elements per vector register
/// (16 f32 or i32 lanes with AVX-512) and `vectorRegisters` the number of
/// architectural vector registers, shared by the accumulators, the filter
/// vectors of a reduction step and the broadcast input. Quad dot products
/// also hold a correction per filter vector, the sign-flip constant and the
/// flipped broadcasts later kernel columns reuse. Float convolutions on
/// 32-register targets step over one kernel column at a time.
ConvRegisterTile
chooseConvRegisterTile(int64_t outputWidth, int64_t outputChannels,
                       int64_t kernelWidth, int64_t vectorLanes,
                       int64_t vectorRegisters, ConvStepKind kind);

/// True when two consecutive output rows of a depthwise convolution can
/// share their input rows' quads: stride and dilation 1 over rows, and the
/// kernel rows plus the one below them fit the four bytes of a quad.
inline bool depthwiseRowsShareQuads(int64_t rowStride, int64_t rowDilation,
                                    int64_t kernelRows) {
  return rowStride == 1 && rowDilation == 1 && kernelRows <= 3;
}

/// The register tile of an int8 depthwise convolution on kernel-row quads
/// (one vector of channels per tile). Where `rowsShareQuads` (stride and
/// dilation 1 over rows, at most three kernel rows) and the target has 32
/// registers, a tile takes two output rows: each input column's four rows
/// are interleaved once for both, the second row's filter quads shifted by
/// one byte.
ConvRegisterTile
chooseDepthwiseQuadTile(int64_t outputRows, int64_t outputWidth,
                        int64_t outputChannels, int64_t kernelWidth,
                        bool rowsShareQuads, int64_t vectorLanes,
                        int64_t vectorRegisters);

/// Whether the register tiles of a convolution whose filter takes
/// `filterBytes` run over the output channel blocks outermost: when the
/// filter exceeds half of `cacheBytes` (the private cache), each output row
/// would stream all of it from the next level, where with the blocks
/// outermost each block's slice of it is read once per call.
bool chooseChannelBlocksOutermost(int64_t filterBytes, int64_t outputRows,
                                  int64_t channelBlocks, int64_t cacheBytes);

/// The input channels an integer convolution reduces per step with `dot`:
/// 4 (quads) for a constant filter of i8 values and a channel count that is
/// a multiple of 4, else 2 (pairs) where the target has vpmaddwd and the
/// count is even, else 1. The codegen and the benchmark's kernel names
/// both ask this.
int64_t chooseIntegerChannelGroup(int64_t inputChannels, bool constantI8Filter,
                                  Int8DotKind dot, const VectorTarget &target);

/// True when an int8 depthwise convolution (i8 input) takes quads over its
/// kernel rows with `dot`: a constant filter of i8 values, two to four
/// kernel rows, and quads chosen (int8-dot=quads, or a VNNI target). The
/// codegen and the benchmark's kernel names both ask this.
bool chooseDepthwiseQuads(int64_t kernelRows, bool constantI8Filter,
                          Int8DotKind dot, const VectorTarget &target);

} // namespace mlir::qfold

#endif // QFOLD_CODEGEN_TILESIZES_H
