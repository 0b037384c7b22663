//===- Reference.cpp - naive convolutions ---------------------------------===//

#include "Reference.h"

#include "qfold/Support/Requantize.h"

#include <algorithm>

namespace bench {

template <typename In, typename W, typename Acc, typename Out, typename Fn>
static void directConv(const LayerSpec &s, const In *x, const W *w,
                       const Acc *bias, Out *y, Fn epilogue) {
  int64_t c = s.channels, o = s.outChannels, k = s.kernel, h = s.size,
          oh = s.outSize(), cg = c / s.groups, og = o / s.groups;
  for (int64_t oc = 0; oc < o; ++oc) {
    int64_t g = oc / og;
    for (int64_t y0 = 0; y0 < oh; ++y0)
      for (int64_t x0 = 0; x0 < oh; ++x0) {
        Acc acc = bias[oc];
        for (int64_t ci = 0; ci < cg; ++ci)
          for (int64_t ky = 0; ky < k; ++ky) {
            int64_t iy = y0 + ky - s.pad;
            if (iy < 0 || iy >= h)
              continue;
            for (int64_t kx = 0; kx < k; ++kx) {
              int64_t ix = x0 + kx - s.pad;
              if (ix < 0 || ix >= h)
                continue;
              acc += Acc(x[((g * cg + ci) * h + iy) * h + ix]) *
                     Acc(w[((oc * cg + ci) * k + ky) * k + kx]);
            }
          }
        y[(oc * oh + y0) * oh + x0] = epilogue(acc, oc);
      }
  }
}

void referenceConvF32(const LayerSpec &spec, const LayerData &data,
                      float *output) {
  directConv(spec, data.input.data(), data.filter.data(), data.bias.data(),
             output, [](float acc, int64_t) { return std::max(acc, 0.0f); });
}

void referenceConvU8(const LayerSpec &spec, const LayerData &data,
                     uint8_t *output) {
  std::vector<mlir::qfold::QuantizedMultiplier> multipliers;
  for (float ws : data.filterScales)
    multipliers.push_back(*mlir::qfold::quantizeMultiplier(
        double(data.inputScale) * double(ws) / double(data.outputScale)));
  directConv(spec, data.qinput.data(), data.qfilter.data(), data.qbias.data(),
             output, [&](int32_t acc, int64_t oc) {
               return static_cast<uint8_t>(mlir::qfold::requantizeTflite(
                   acc, multipliers[oc], 0, 0, 255));
             });
}

} // namespace bench
