//===- Passes.td - qfold CPU code generation passes --------*- tablegen -*-===//

#ifndef QFOLD_CODEGEN_PASSES_TD
#define QFOLD_CODEGEN_PASSES_TD

include "mlir/Pass/PassBase.td"

def TileAndVectorizeConvs : Pass<"qfold-tile-and-vectorize-convs",
                                 "::mlir::func::FuncOp"> {
  let summary = "Register-block, decompose and vectorize NHWC convolutions";
  let description = [{
    The CPU strategy for the linalg convolutions that convert-qfold-to-linalg
    produces (float and integer `linalg.conv_2d_nhwc_hwcf`,
    `linalg.depthwise_conv_2d_nhwc_hwc`), on tensors:

    1. The epilogue `linalg.generic` (bias, requantization, clamp) is tiled
       over (batch, row, columns, channels) = (1, 1, C, F) with the register
       tile of qfold/Codegen/TileSizes.h, and the convolution and its
       zero-fill are fused into the tile, so the epilogue runs on
       accumulators still in registers.
    2. The fused convolution's kernel rows and input channels are tiled to 1,
       making it a 1-D convolution (`linalg.conv_1d_nwc_wcf` /
       `linalg.depthwise_conv_1d_nwc_wc`) after decomposition.
    3. Loops whose step does not divide the extent are peeled, so every tile
       has a static shape, and the tiles are vectorized.
    4. The accumulator reads and writes are hoisted out of the reduction
       loops (loop-carried vectors), and the slices between the loops and
       the epilogue are folded into the transfers, so the accumulators reach
       the epilogue as vectors and no tile buffer is allocated.
    5. Layout transposes (the function's NCHW boundary) are tiled into
       lanes x lanes blocks over the output's innermost dimension and the
       input's, and vectorized: each block reads and writes whole cache
       lines instead of one strided element at a time.

    Integer convolutions (i8 operands, i32 accumulators) on AVX2 hosts take
    their input channels two at a time when there is an even number of them,
    for `qfold-lower-pair-dot-products`, reading an input widened to i16 once
    (so a column's pair is one 32-bit load; the widening is fused with the
    sign flip of u8 inputs and done before the padding) and a constant
    filter widened to i16 and re-laid at compile time as [.., C/2, 2F] with
    each channel pair's rows interleaved, the (w0[f], w1[f]) order vpmaddwd
    multiplies (each kernel column's [2 x F] step is then
    `transpose(shape_cast(row))` of one vector<2F> read); otherwise one at a
    time, with a constant i8 filter sign-extended to i32 at compile time.
    Elementwise ops and copies outside the tiles (the sign flip of u8 inputs,
    that widening, NHWC arguments copied into padded buffers) are tiled into
    rows of the innermost dimension and vectorized.

    An integer convolution whose epilogue first adds a per-channel bias
    accumulates from the bias (broadcast into the tile) instead of from zero,
    and its epilogue drops that add.

    In the vectorized epilogues, the fixed-point requantization's i64
    arithmetic (the i32 x i32 product, its rounding and right shift in one
    step, truncated to i32) runs on the even and odd i32 lanes in place,
    viewed as i64 lanes (one vpmuldq each on x86), instead of on vectors
    sign-extended to i64 and truncated back.

    An int8 depthwise convolution (i8 input, constant i8 filter of at most
    four kernel rows) where quads are chosen (`int8-dot=quads`, or VNNI
    targets) keeps its kernel rows and i8 filter in its tiles of one vector
    of channels: each tile is `qfold.quad_dot` over the kernel rows, each
    input column's rows interleaved per channel once (flipped to unsigned,
    the accumulators starting 128 * sum(w) lower) and dotted with the
    filter's rows interleaved the same way, one quad_dot per kernel column
    and output column, instead of a widened multiply and add per tap. With
    stride and dilation 1 over rows and at most three kernel rows (on
    32-register targets), a tile takes two output rows: each input column's
    rows (the kernel rows and the one below) are interleaved once for both,
    the second row's filter quads holding the kernel rows one byte up.

    A depthwise convolution of a padded input of 256 KiB or more (stride and
    dilation 1) is split before tiling: the interior of the output, where no
    tap reads the padding, is convolved on the unpadded input, and the border
    strips on small padded slices of it, each with its slice of the
    epilogue, inserted into the result. The padded copy of the input (a full
    pass over it, as costly as the depthwise convolution) is not made.

    Convolutions it cannot handle (grouped, depthwise with a channel
    multiplier) are left to the loop lowering.
  }];
  let options = [
    Option<"vectorLanes", "vector-lanes", "int64_t", /*default=*/"0",
           "32-bit lanes per vector register (0: this machine's)">,
    Option<"vectorRegisters", "vector-registers", "int64_t", /*default=*/"0",
           "Vector registers of the target (0: this machine's)">,
    Option<"cacheBytes", "cache-bytes", "int64_t", /*default=*/"0",
           "Private (L2) cache per core in bytes (0: the target's; a filter "
           "larger than half of it is tiled with its output channel blocks "
           "outermost)">,
    Option<"targetCpu", "target-cpu", "std::string", /*default=*/"",
           "The x86 CPU to tune for (an LLVM CPU name; empty: this machine)">,
    Option<"int8Dot", "int8-dot", "::mlir::qfold::Int8DotKind",
           /*default=*/"::mlir::qfold::Int8DotKind::autoSelect",
           "Input channels per integer reduction step",
           [{::mlir::qfold::int8DotKindValues()}]>
  ];
  let dependentDialects = [
    "::mlir::affine::AffineDialect",
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
    "::mlir::vector::VectorDialect",
    "::mlir::qfold::QFoldDialect"
  ];
}

def LowerPairDotProducts : Pass<"qfold-lower-pair-dot-products",
                                "::mlir::func::FuncOp"> {
  let summary = "Integer convolution steps over channel pairs to AVX2 vpmaddwd";
  let description = [{
    Rewrites the vectorized steps of integer 1-D convolutions whose reduction
    runs over two input channels,

    ```
    vector.contract {(n, w, c), (c, f) -> (n, w, f)}
      (extsi(x : i8/i16), extsi(w : i8/i16)) into acc : vector<..xi32>
    ```

    with `c = 2` and `f` a multiple of `lanes`, into: the two filter rows
    sign-extended to i16 and interleaved into (w0[f], w1[f]) pairs (or, for
    a filter `transpose(shape_cast(row : vector<2F>))` that
    `qfold-tile-and-vectorize-convs` re-laid at compile time, slices of
    `row`, which holds the pairs already), each
    column's input pair broadcast as one i32, and
    `llvm.x86.avx2.pmadd.wd` (vpmaddwd: 16 multiply-adds per instruction
    instead of 8 with vpmulld + vpaddd) added into the accumulator. Exact:
    a pair sum of i16 products of i8/i9 values is far inside i32, and
    vpmaddwd saturates only for -32768 * -32768 twice.

    With `lanes=16` the groups are 16 channels wide and use AVX-512BW's
    `llvm.x86.avx512.pmaddw.d.512` (zmm). On hosts with AVX-VNNI or
    AVX512-VNNI, LLVM fuses each vpmaddwd and its add into `vpdpwssd`
    (non-saturating, so still exact).

    Runs after bufferization (the intrinsic call has no declared memory
    effects, which the bufferization passes reject) and needs an AVX2
    target (AVX-512BW for 16 lanes): the qfold-to-llvm pipeline adds it only
    on such hosts.
  }];
  let options = [
    Option<"lanes", "lanes", "int64_t", /*default=*/"8",
           "i32 lanes per vpmaddwd: 8 (AVX2, ymm) or 16 (AVX-512BW, zmm)">
  ];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect",
                           "::mlir::vector::VectorDialect"];
}

def LowerQuadDotProducts : Pass<"qfold-lower-quad-dot-products",
                                "::mlir::func::FuncOp"> {
  let summary = "Integer convolution steps over four input channels to "
                "qfold.quad_dot (vpdpbusd)";
  let description = [{
    Rewrites the vectorized steps of integer 1-D convolutions whose reduction
    runs over four input channels,

    ```
    vector.contract {(n, w, c), (c, f) -> (n, w, f)}
      (extsi(x : i8), extsi(w : i8)) into acc : vector<..xi32>
    ```

    with `c = 4` and `f` a multiple of `lanes`, into `qfold.quad_dot` ops
    (u8 x i8 byte quads accumulated into i32 lanes: vpdpbusd, 64 multiply-adds
    per zmm instruction, twice vpdpwssd's). The filter quads come from the
    layout `qfold-tile-and-vectorize-convs` re-lays constant filters in (one
    slice per block of `lanes` output channels), or are interleaved here.
    Each column's four input bytes are broadcast as one i32 and made
    unsigned by flipping their sign bits (x + 128); the 128 * sum(w) this
    adds is one more quad_dot per filter vector and step. In a reduction
    nest whose accumulator goes through such steps only (the loops of
    kernel rows and input channels, each passing the accumulator on
    unchanged), the steps do not subtract it: the nest's result subtracts
    the total once. The totals depend on the filter alone: when it is read
    from a constant global they are computed in a nest of their own, moved
    out of the loops over rows and column tiles and tabulated over the
    loop of channel blocks (a stack table filled once per call); otherwise
    they add up in one more accumulator per filter vector threaded through
    the nest. A step elsewhere subtracts its correction from each
    accumulator. Exact in i32 like the contraction it replaces.
  }];
  let options = [
    Option<"lanes", "lanes", "int64_t", /*default=*/"16",
           "i32 lanes per quad_dot (16: zmm, 8: ymm)">
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::qfold::QFoldDialect",
                           "::mlir::vector::VectorDialect"];
}

def LowerQuadDots : Pass<"qfold-lower-quad-dots"> {
  let summary = "qfold.quad_dot to vpdpbusd or to generic vector arithmetic";
  let description = [{
    With `intrinsics` (VNNI targets: AVX512-VNNI for 16 lanes, AVX512-VNNI
    with VL or AVX-VNNI for 8), a `qfold.quad_dot` of 16 or 8 lanes becomes
    `llvm.x86.avx512.vpdpbusd.512` / `.256`. Otherwise, and for other lane
    counts, it becomes the op's definition in generic vector arithmetic
    (zero- and sign-extension to i32, products, a sum over each quad, the
    accumulator added), which LLVM compiles for any target with the same
    results: the layout and the arithmetic around the dot products are then
    run and checked on every host.
  }];
  let options = [
    Option<"intrinsics", "intrinsics", "bool", /*default=*/"false",
           "Emit vpdpbusd (the target must have VNNI)">
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::LLVM::LLVMDialect",
                           "::mlir::vector::VectorDialect"];
}

def LowerTransposesX86 : Pass<"qfold-lower-transposes-x86",
                               "::mlir::func::FuncOp"> {
  let summary = "The boundary transposes' f32 and i8 blocks as x86 shuffles";
  let description = [{
    A `vector.transpose` that swaps two dimensions of 8 or 16 f32 or i8
    elements (all other dimensions 1: the blocks of the NCHW <-> NHWC
    boundary transposes once their transfers are lowered) becomes two-source
    `vector.shuffle`s of its rows. 8x8 blocks: for f32 the 24 of AVX's
    unpacks, in-lane shuffles and 128-bit lane permutes, for i8 the 12 of
    SSE's byte, word and double-word unpacks (two output rows per 16-byte
    vector). 16x16 (the tiles of AVX-512 hosts): for f32 64 shuffles of zmm
    rows (in-lane unpacks and shuffles, then 128-bit lane selections), for i8
    four rounds of byte interleaves of 16-byte rows. Rectangles of 8 and 16
    (a tile's remainder) go in 8x8 blocks; 2 or 4 rows of 8 or 16 (an
    image's channels, padded to 4 for int8) in one or two rounds of
    interleaving row i with row i + rows/2, each result vector holding
    several result rows. The generic lowering moves one
    element at a time. Run before convert-vector-to-llvm; the qfold-to-llvm
    pipeline adds it on AVX2 and AVX-512 hosts.
  }];
  let dependentDialects = ["::mlir::ub::UBDialect",
                           "::mlir::vector::VectorDialect"];
}

def NhwcFunctionBoundary : Pass<"qfold-nhwc-function-boundary",
                                "::mlir::func::FuncOp"> {
  let summary = "Let entry functions take and return NHWC tensors";
  let description = [{
    After convert-qfold-to-linalg: every 4-D tensor argument and result of a
    public function is NHWC (N, H, W, C) instead of NCHW (private functions
    are left alone; a public function called from the module is an error,
    as its callers pass NCHW).
    The pass transposes such arguments back to NCHW at entry and results to
    NHWC before the return; canonicalization then cancels these against the
    body's own layout transposes, so a network that computes in NHWC does no
    layout work at its boundary. For runtimes that keep activations NHWC.
    This changes the ABI of the function, so it is opt-in
    (`qfold-to-llvm{nhwc-boundary}`, `qfold-run --nhwc-boundary`).
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect"];
}

def RealignStack : Pass<"qfold-realign-stack", "::mlir::ModuleOp"> {
  let summary = "Let every function align its stack for its vector spills";
  let description = [{
    A register tile that keeps a few vectors on the stack (LLVM spills some
    of the 22-24 accumulators and broadcasts of a 3x3 tile) is fast only if
    those slots are vector-aligned. LLVM aligns a spill slot beyond the
    ABI's 16 bytes only when it reserved a frame pointer before register
    allocation, which it does not for a function that needs none: the
    spills of zmm registers then go to 16-byte aligned slots that split a
    cache line or not depending on where the caller's stack happens to be
    (measured on Zen 5: W4 fp32 2140 or 3270 us, decided by the size of the
    process's environment). Every function with a body gets LLVM's
    `stackrealign` attribute (`passthrough`): it realigns its stack on entry
    (one `and` of the stack pointer) to what its slots need.
  }];
}

def AlignGlobals : Pass<"qfold-align-globals", "::mlir::ModuleOp"> {
  let summary = "Give memref.global constants a cache-line alignment";
  let description = [{
    Bufferization turns constant tensors (filters re-laid at compile time,
    per-channel parameters) into `memref.global` ops without an alignment,
    so LLVM places them at its default alignment (1 for i8 arrays) and the
    vector loads of the inner loops split cache lines or not depending on
    where the JIT or linker happened to put them: a layer's time then moved
    by up to 2x from one process to the next (measured on Zen 5, W4 int8
    593-1233 us). Every global without an alignment gets `alignment`.
  }];
  let options = [
    Option<"alignment", "alignment", "int64_t", /*default=*/"64",
           "Alignment in bytes (a power of two)">
  ];
  let dependentDialects = ["::mlir::memref::MemRefDialect"];
}

def MemRefCopyToLinalg : Pass<"qfold-memref-copy-to-linalg"> {
  let summary = "Rewrite memref.copy as linalg.copy";
  let description = [{
    Bufferization turns `tensor.pad` and some result copies into
    `memref.copy`, which the LLVM lowering turns into a call to `memrefCopy`
    from the runner-utils library whenever a side is strided. As
    `linalg.copy` it lowers to loops instead, so the code qfold generates
    (JIT or object file) needs no runtime library. A copy of a static shape
    of at most 1024 elements (a row of a tiled copy) becomes one
    `vector.transfer_read` + `vector.transfer_write` instead of
    element-at-a-time loops.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::vector::VectorDialect"];
}

def OutlineLoopNests : Pass<"qfold-outline-loop-nests", "::mlir::ModuleOp"> {
  let summary = "Give each top-level loop nest of a function its own function";
  let description = [{
    After tiling and vectorization, on tensors: every top-level `scf.for`
    nest of a function with at least `min-loops` of them (a layer's
    convolution, a boundary transpose) moves into a private function marked
    `noinline` and is called in its place; the constants it uses are cloned
    into it. LLVM's optimizer and code generator are superlinear in function
    size, so a network lowered to one function took longer per layer the
    deeper it was; with one function per nest the JIT time per layer is
    constant. A nest on tensors whose result is inserted into a larger
    tensor (a piece of a split convolution) stays: at a call its slice would
    be copied in and out by bufferization. The run on buffers outlines it,
    its subviews crossing the call as they are.
  }];
  let options = [
    Option<"minLoops", "min-loops", "unsigned", /*default=*/"4",
           "Outline only in functions with at least this many loop nests">
  ];
  let dependentDialects = ["::mlir::func::FuncDialect",
                           "::mlir::scf::SCFDialect"];
}

def WriteResultsInPlace : Pass<"qfold-write-results-in-place",
                               "::mlir::func::FuncOp"> {
  let summary = "Compute results produced by loop nests in their out-params";
  let description = [{
    After buffer-results-to-out-params: a result computed into a
    `memref.alloc` by loops that pass that buffer through their iter_args
    and then copied into an out-param just before the return is computed
    in the out-param instead (the allocation is replaced by it and the copy
    disappears). buffer-results-to-out-params does this only when the
    returned value is the allocation itself.
  }];
}

def HoistVectorTransfers : Pass<"qfold-hoist-vector-transfers",
                                "::mlir::func::FuncOp"> {
  let summary = "Hoist loop-invariant vector transfers on memrefs";
  let description = [{
    After bufferization, moves vector.transfer_read/write pairs on the same
    loop-invariant memref slice out of scf.for loops
    (linalg::hoistRedundantVectorTransfers), keeping accumulators in
    registers across the reduction loops.
  }];
}

def HoistStaticAllocas : Pass<"qfold-hoist-static-allocas",
                              "::mlir::func::FuncOp"> {
  let summary = "Move fixed-size stack buffers out of loops to the function entry";
  let description = [{
    `convert-vector-to-scf` gives each vector transfer it unrolls a stack
    buffer (`memref.alloca`) at the start of the enclosing automatic
    allocation scope, which in MLIR 22 is the innermost `scf.for`. Nothing
    restores the stack pointer at the end of an iteration when the loops are
    lowered to branches, so every iteration allocates anew: a loop over the
    rows of a 112x112 layer overflowed the 8 MiB stack (an unfolded
    MobileNetV2 at 224x224). The buffers are scratch for one transfer,
    never live across iterations, so one buffer each at the function's
    entry serves every iteration. A buffer inside an `omp.parallel` (after
    `convert-scf-to-openmp`) moves to the start of its region instead, once
    per thread (each thread needs its own), and one inside an
    `scf.parallel` to the start of its body. Allocas with dynamic sizes
    stay.
  }];
}

def ParallelizeLoopNests : Pass<"qfold-parallelize-loop-nests",
                                "::mlir::func::FuncOp"> {
  let summary = "Make the outer parallel loops of each loop nest parallel work";
  let description = [{
    On buffers, before `convert-scf-to-openmp`. Tiling marks the `scf.for`
    loops that tile a parallel dimension (batch, rows, column and channel
    blocks of a convolution, pool or data movement) with the unit attribute
    `qfold.parallel`; the loop lowering of the remaining linalg ops
    (`convert-linalg-to-parallel-loops`) gives `scf.parallel` loops. For
    every loop nest at the top level of a function (one per function after
    `qfold-outline-loop-nests`), the outermost band of perfectly nested such
    loops becomes one multi-dimensional `scf.parallel`, which OpenMP runs as
    one collapsed iteration space split statically among the threads, when
    the nest's estimated work (operations executed, a vector op counting one
    per 16 elements) is at least `min-work`, or it writes at least
    `min-bytes` bytes: smaller nests cost less run serially than waking the
    threads, but a nest that writes a large buffer (a data movement nest,
    little work per byte) shares it so that each thread writes the part the
    next parallel nest's thread reads, instead of that thread reading it
    from another core's cache. Only the band's outer loops up to
    `band-iterations` iterations join the parallel loop (OpenMP recovers the
    collapsed indices by division in every iteration), and never the
    innermost of several when the body has no loops (a straight-line body's
    innermost loop, left serial, stays one LLVM can vectorize); the others
    become `scf.for` loops inside it. Every other `scf.parallel` (inside a
    band, in a small nest, not at the top level) becomes `scf.for` loops, and
    the marks are removed.

    Only parallel dimensions are split: no reduction is divided among
    threads, so results do not depend on the thread count.
  }];
  let options = [
    Option<"minWork", "min-work", "int64_t",
           /*default=*/"::mlir::qfold::kDefaultParallelMinWork",
           "Run nests estimated to execute fewer operations serially">,
    Option<"minBytes", "min-bytes", "int64_t",
           /*default=*/"::mlir::qfold::kDefaultParallelMinBytes",
           "...unless they write at least this many bytes">,
    Option<"bandIterations", "band-iterations", "int64_t", /*default=*/"256",
           "Collapse the band's outer loops into the parallel loop until "
           "they have this many iterations; the inner ones stay serial">
  ];
  let dependentDialects = ["::mlir::scf::SCFDialect"];
}

def CopyRepeatedResults : Pass<"qfold-copy-repeated-results",
                               "::mlir::func::FuncOp"> {
  let summary = "Give every returned tensor its own buffer";
  let description = [{
    A function that returns the same tensor twice (for example after an
    identity batch_norm folded away) would make two results share one
    buffer, which buffer-results-to-out-params cannot express (upstream
    crashes on it). Every repeated return operand becomes a `linalg.copy`
    into a new tensor before bufferization.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect"];
}

#endif // QFOLD_CODEGEN_PASSES_TD
