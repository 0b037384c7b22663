//===- Reference.h - naive convolutions the results are checked against ---===//

#ifndef QFOLD_BENCH_REFERENCE_H
#define QFOLD_BENCH_REFERENCE_H

#include "Layers.h"

namespace bench {

/// The 7-loop direct convolution (NCHW x OIHW) + bias + ReLU, f32.
void referenceConvF32(const LayerSpec &spec, const LayerData &data,
                      float *output);

/// The quantized layer with qfold's `tflite` semantics (exact integers).
void referenceConvU8(const LayerSpec &spec, const LayerData &data,
                     uint8_t *output);

} // namespace bench

#endif // QFOLD_BENCH_REFERENCE_H
