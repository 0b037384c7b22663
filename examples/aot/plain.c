/*===- plain.c - calling an ahead-of-time compiled network from C --------===*
 *
 * The plain C entry qfold-aot exports next to the memref-descriptor one:
 * contiguous row-major buffers in, a buffer out, and a thread count. No
 * knowledge of MLIR's calling convention is needed:
 *
 *   qfold-aot examples/conv_bn_relu.mlir -o conv_bn_relu.o --header
 *conv_bn_relu.h cc plain.c conv_bn_relu.o -L/usr/lib/llvm-22/lib -lomp -lm -o
 *plain
 *   ./plain [THREADS]
 *
 * (-lomp: the object runs its loop nests on LLVM's OpenMP runtime; an
 * object compiled with --threads=1 needs no library.) Prints a summary of
 * the result and a hash of its bits, which do not depend on THREADS.
 *
 *===---------------------------------------------------------------------===*/

#include "conv_bn_relu.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  /* The shapes the header's comment gives: input 1x3x16x16, result
     1x16x8x8, both f32 in NCHW order. */
  static float input[1 * 3 * 16 * 16];
  static float output[1 * 16 * 8 * 8];
  int threads = argc > 1 ? atoi(argv[1]) : 0;
  for (size_t i = 0; i < sizeof input / sizeof input[0]; ++i)
    input[i] = sinf(0.37f * (float)i) * 0.8f;

  qfold_conv_bn_relu(input, output, threads);

  /* FNV-1a over the result's bytes: equal hashes, equal bits. */
  unsigned long long hash = 1469598103934665603ull;
  double sum = 0.0;
  size_t count = sizeof output / sizeof output[0];
  for (size_t i = 0; i < count; ++i) {
    unsigned char bytes[sizeof(float)];
    memcpy(bytes, &output[i], sizeof bytes);
    for (size_t b = 0; b < sizeof bytes; ++b)
      hash = (hash ^ bytes[b]) * 1099511628211ull;
    sum += output[i];
  }
  printf("conv_bn_relu: %zu outputs, sum %.6f, first %.6f, bits %016llx\n",
         count, sum, (double)output[0], hash);
  return 0;
}
