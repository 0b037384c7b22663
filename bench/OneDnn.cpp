//===- OneDnn.cpp - the same layers in oneDNN -----------------------------===//

#include "OneDnn.h"

#include <dnnl.hpp>

#include <cstring>

namespace bench {

using dnnl::memory;

struct OneDnnLayer::Impl {
  Impl(const LayerSpec &spec, bool quantized)
      : spec(spec), quantized(quantized) {}
  LayerSpec spec;
  bool quantized;
  dnnl::engine engine{dnnl::engine::kind::cpu, 0};
  dnnl::stream stream{engine};
  memory src, weights, bias, dst;
  dnnl::convolution_forward conv;
};

OneDnnLayer::OneDnnLayer(const LayerSpec &spec, const LayerData &data,
                         bool quantized)
    : impl(std::make_unique<Impl>(spec, quantized)) {
  Impl &d = *impl;
  int64_t n = 1, c = spec.channels, o = spec.outChannels, k = spec.kernel,
          h = spec.size, oh = spec.outSize(), g = spec.groups;
  auto act = quantized ? memory::data_type::u8 : memory::data_type::f32;
  auto wt = quantized ? memory::data_type::s8 : memory::data_type::f32;
  auto bt = quantized ? memory::data_type::s32 : memory::data_type::f32;
  memory::dims srcDims = {n, c, h, h}, dstDims = {n, o, oh, oh};
  memory::dims weightDims =
      g == 1 ? memory::dims{o, c, k, k} : memory::dims{g, o / g, c / g, k, k};
  auto srcMd = memory::desc(srcDims, act, memory::format_tag::nhwc);
  auto dstMd = memory::desc(dstDims, act, memory::format_tag::nhwc);
  auto weightsAny = memory::desc(weightDims, wt, memory::format_tag::any);
  auto biasMd = memory::desc({o}, bt, memory::format_tag::x);
  auto desc = dnnl::convolution_forward::desc(
      dnnl::prop_kind::forward_inference, dnnl::algorithm::convolution_direct,
      srcMd, weightsAny, biasMd, dstMd, {1, 1}, {spec.pad, spec.pad},
      {spec.pad, spec.pad});
  dnnl::post_ops ops;
  ops.append_eltwise(1.0f, dnnl::algorithm::eltwise_relu, 0.0f, 0.0f);
  dnnl::primitive_attr attr;
  attr.set_post_ops(ops);
  if (quantized) {
    std::vector<float> scales;
    for (float ws : data.filterScales)
      scales.push_back(data.inputScale * ws / data.outputScale);
    attr.set_output_scales(1 << 1, scales);
  }
  auto pd = dnnl::convolution_forward::primitive_desc(desc, attr, d.engine);
  d.conv = dnnl::convolution_forward(pd);

  // NCHW -> NHWC input, OIHW -> oneDNN's weight layout (not timed).
  d.src = memory(pd.src_desc(), d.engine);
  d.dst = memory(pd.dst_desc(), d.engine);
  d.bias = memory(pd.bias_desc(), d.engine);
  d.weights = memory(pd.weights_desc(), d.engine);
  size_t in = spec.inputElements();
  for (size_t i = 0; i < in; ++i) {
    size_t ch = i / (h * h), pix = i % (h * h);
    size_t j = pix * c + ch;
    if (quantized)
      static_cast<uint8_t *>(d.src.get_data_handle())[j] = data.qinput[i];
    else
      static_cast<float *>(d.src.get_data_handle())[j] = data.input[i];
  }
  auto userWeightsMd = memory::desc(weightDims, wt,
                                    g == 1 ? memory::format_tag::oihw
                                           : memory::format_tag::goihw);
  memory userWeights(userWeightsMd, d.engine,
                     quantized ? (void *)data.qfilter.data()
                               : (void *)data.filter.data());
  dnnl::reorder(userWeights, d.weights)
      .execute(d.stream, userWeights, d.weights);
  std::memcpy(d.bias.get_data_handle(),
              quantized ? (const void *)data.qbias.data()
                        : (const void *)data.bias.data(),
              o * 4);
  d.stream.wait();
}

OneDnnLayer::~OneDnnLayer() = default;

void OneDnnLayer::run() {
  impl->conv.execute(impl->stream, {{DNNL_ARG_SRC, impl->src},
                                    {DNNL_ARG_WEIGHTS, impl->weights},
                                    {DNNL_ARG_BIAS, impl->bias},
                                    {DNNL_ARG_DST, impl->dst}});
  impl->stream.wait();
}

std::vector<float> OneDnnLayer::output() {
  const LayerSpec &s = impl->spec;
  int64_t o = s.outChannels, oh = s.outSize();
  std::vector<float> result(s.outputElements());
  for (int64_t ch = 0; ch < o; ++ch)
    for (int64_t p = 0; p < oh * oh; ++p) {
      size_t j = p * o + ch;
      result[ch * oh * oh + p] =
          impl->quantized
              ? float(static_cast<uint8_t *>(impl->dst.get_data_handle())[j])
              : static_cast<float *>(impl->dst.get_data_handle())[j];
    }
  return result;
}

} // namespace bench
