//===- Layers.h - the benchmark's layers and their data ---------*- C++ -*-===//

#ifndef QFOLD_BENCH_LAYERS_H
#define QFOLD_BENCH_LAYERS_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

#include <cstdint>
#include <string>
#include <vector>

namespace bench {

/// A batch-1, stride-1 square convolution with bias and ReLU.
struct LayerSpec {
  std::string name;
  std::string description;
  int64_t channels, outChannels, kernel, size, pad, groups;

  int64_t outSize() const { return size + 2 * pad - kernel + 1; }
  int64_t macs() const {
    return outChannels * outSize() * outSize() * (channels / groups) *
           kernel * kernel;
  }
  size_t inputElements() const { return channels * size * size; }
  size_t filterElements() const {
    return outChannels * (channels / groups) * kernel * kernel;
  }
  size_t outputElements() const { return outChannels * outSize() * outSize(); }
};

/// W1-W4 of the issue: ResNet and MobileNet shapes.
std::vector<LayerSpec> getLayers();

/// Seeded data of a layer in both precisions (NCHW / OIHW).
struct LayerData {
  std::vector<float> input, filter, bias;
  // int8: u8 activations (zero point 0), per-channel symmetric i8 weights,
  // i32 bias, u8 output (zero point 0, so ReLU is the saturation).
  std::vector<uint8_t> qinput;
  std::vector<int8_t> qfilter;
  std::vector<int32_t> qbias;
  float inputScale, outputScale;
  std::vector<float> filterScales;
  // BatchNorm statistics for the folded/unfolded comparison.
  std::vector<float> gamma, beta, mean, variance;
};
LayerData makeLayerData(const LayerSpec &spec, unsigned seed);

/// The layer as a qfold function @layer taking and returning NCHW tensors:
/// conv2d -> relu (fp32 or quantized), or conv2d -> batch_norm -> relu.
mlir::OwningOpRef<mlir::ModuleOp> buildLayer(mlir::MLIRContext &context,
                                             const LayerSpec &spec,
                                             const LayerData &data,
                                             bool quantized, bool batchNorm);

/// A chain of `layers` conv3x3 -> batch_norm -> relu blocks (16 channels,
/// 16x16) for measuring compile time.
mlir::OwningOpRef<mlir::ModuleOp> buildChain(mlir::MLIRContext &context,
                                             int layers);

} // namespace bench

#endif // QFOLD_BENCH_LAYERS_H
