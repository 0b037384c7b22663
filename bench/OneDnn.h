//===- OneDnn.h - the same layers in oneDNN ---------------------*- C++ -*-===//

#ifndef QFOLD_BENCH_ONEDNN_H
#define QFOLD_BENCH_ONEDNN_H

#include "Layers.h"

#include <functional>
#include <memory>

namespace bench {

/// A oneDNN convolution (NHWC activations, weights in the layout oneDNN
/// picks, bias, ReLU post-op; int8: u8 x s8 -> u8 with per-channel output
/// scales), set up once; run() executes it. output() is NCHW.
class OneDnnLayer {
public:
  OneDnnLayer(const LayerSpec &spec, const LayerData &data, bool quantized);
  ~OneDnnLayer();
  void run();
  /// The result converted to NCHW (f32, or u8 widened to float).
  std::vector<float> output();

private:
  struct Impl;
  std::unique_ptr<Impl> impl;
};

} // namespace bench

#endif // QFOLD_BENCH_ONEDNN_H
