//===- TileSizes.cpp - register-blocking choices for convolutions ---------===//

#include "qfold/Codegen/TileSizes.h"

#include <algorithm>

namespace mlir::qfold {

ConvRegisterTile chooseConvRegisterTile(int64_t outputWidth,
                                        int64_t outputChannels,
                                        int64_t vectorLanes,
                                        int64_t vectorRegisters) {
  // Channels: two vectors when they divide the channel count, else one, else
  // all channels when there are fewer than a vector's worth.
  int64_t channels;
  if (outputChannels % (2 * vectorLanes) == 0)
    channels = 2 * vectorLanes;
  else if (outputChannels >= vectorLanes)
    channels = vectorLanes;
  else
    channels = outputChannels;
  int64_t vectorsPerColumn = (channels + vectorLanes - 1) / vectorLanes;
  int64_t maxColumns = std::max<int64_t>(1, vectorRegisters / vectorsPerColumn);
  maxColumns = std::min<int64_t>(maxColumns, 16);

  // Columns: the largest divisor of the width that fits, unless it is much
  // smaller than the register budget allows (then peel the remainder).
  int64_t columns = std::min(outputWidth, maxColumns);
  for (int64_t c = columns; c >= 1; --c) {
    if (outputWidth % c == 0) {
      if (2 * c >= columns)
        columns = c;
      break;
    }
  }
  return {columns, channels};
}

} // namespace mlir::qfold
