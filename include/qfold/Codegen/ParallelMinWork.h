//===- ParallelMinWork.h - when a loop nest is worth threads ----*- C++ -*-===//

#ifndef QFOLD_CODEGEN_PARALLELMINWORK_H
#define QFOLD_CODEGEN_PARALLELMINWORK_H

#include <cstdint>

namespace mlir::qfold {

/// The default estimated work (qfold-parallelize-loop-nests' operations)
/// below which a loop nest runs serially. Waking OpenMP's threads and
/// joining them cost ~1.2 us on a 2-core Zen 5 VM: the bundled example's
/// int8 3x3 conv (~20K estimated operations, 0.55 us serially) took the
/// whole program from 2.2 to 3.4 us on 2 threads at the old default of
/// 16384. The networks' layers are far above either (ResNet-18 and
/// MobileNetV2 on 2 threads measured the same within noise at 65536).
inline constexpr int64_t kDefaultParallelMinWork = 65536;

/// The bytes a loop nest writes from which it runs on the threads whatever
/// its estimated work: W3 int8's single-layer input flip (451 KB, ~60K
/// estimated operations, 3.5 us serially) run serially left the buffer in
/// one core's cache for the parallel convolution after it (W3 int8 on two
/// threads on a Zen 5 VM: 107 us, 78-83 us with it parallel; lowering
/// min-work to 32768 instead gave 102 us). MobileNetV2 on two threads
/// measured the same within noise; the bundled example's buffers are all
/// under 4 KiB.
inline constexpr int64_t kDefaultParallelMinBytes = 256 * 1024;

} // namespace mlir::qfold

#endif // QFOLD_CODEGEN_PARALLELMINWORK_H
