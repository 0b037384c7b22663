//===- main.cpp - calling an ahead-of-time compiled qfold network ---------===//
//
// Links the object file qfold-aot made from examples/conv_bn_relu.mlir and
// calls it through the generated header, with nothing else from qfold or
// MLIR. Usage: qfold-aot-example [INPUT.npy OUTPUT.npy] writes the input it
// made up and the result, so the test suite can compare them with qfold-run.
//
//===----------------------------------------------------------------------===//

#include "conv_bn_relu.h"

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

namespace {

/// A row-major memref descriptor over a vector.
template <typename Desc, typename T>
Desc describe(std::vector<T> &data, const std::vector<int64_t> &shape) {
  Desc desc;
  desc.allocated = desc.aligned = data.data();
  desc.offset = 0;
  int64_t stride = 1;
  for (int i = static_cast<int>(shape.size()) - 1; i >= 0; --i) {
    desc.sizes[i] = shape[i];
    desc.strides[i] = stride;
    stride *= shape[i];
  }
  return desc;
}

bool writeNpy(const char *path, const std::vector<float> &data,
              const std::vector<int64_t> &shape) {
  std::string dims;
  for (int64_t d : shape)
    dims += std::to_string(d) + ", ";
  dims.resize(dims.size() - 2);
  std::string header =
      "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }";
  header.append((64 - (10 + header.size() + 1) % 64) % 64, ' ');
  header += '\n';
  FILE *file = std::fopen(path, "wb");
  if (!file)
    return false;
  unsigned char preamble[10] = {0x93,
                                'N',
                                'U',
                                'M',
                                'P',
                                'Y',
                                1,
                                0,
                                static_cast<unsigned char>(header.size()),
                                static_cast<unsigned char>(header.size() >> 8)};
  bool ok =
      std::fwrite(preamble, 1, 10, file) == 10 &&
      std::fwrite(header.data(), 1, header.size(), file) == header.size() &&
      std::fwrite(data.data(), sizeof(float), data.size(), file) == data.size();
  return std::fclose(file) == 0 && ok;
}

} // namespace

int main(int argc, char **argv) {
  const std::vector<int64_t> inShape = {1, 3, 16, 16}, outShape = {1, 16, 8, 8};
  std::vector<float> input(1 * 3 * 16 * 16), output(1 * 16 * 8 * 8);
  for (size_t i = 0; i < input.size(); ++i)
    input[i] = std::sin(0.37f * float(i)) * 0.8f;

  auto in = describe<qfold_memref_f32_4d>(input, inShape);
  auto out = describe<qfold_memref_f32_4d>(output, outShape);
  _mlir_ciface_conv_bn_relu(&in, &out);

  double sum = 0.0;
  int positive = 0;
  for (float v : output) {
    sum += v;
    positive += v > 0.0f;
  }
  std::printf("conv_bn_relu: %zu outputs, %d positive, sum %.6f, first %.6f\n",
              output.size(), positive, sum, double(output[0]));
  if (argc == 3 && !(writeNpy(argv[1], input, inShape) &&
                     writeNpy(argv[2], output, outShape))) {
    std::fprintf(stderr, "cannot write %s or %s\n", argv[1], argv[2]);
    return 1;
  }
  return 0;
}
