#!/usr/bin/env bash
# The main job on the bundled example: set up and build qfold, fold the
# conv -> batch_norm -> relu network in examples/ (printing it before and
# after), then compile it for this CPU and run it folded and unfolded.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${QFOLD_BUILD_DIR:-$ROOT/build}"
"$ROOT/scripts/setup.sh"

EXAMPLE="$ROOT/examples/conv_bn_relu.mlir"
OPT="$BUILD_DIR/bin/qfold-opt"
ELIDE=(--mlir-elide-elementsattrs-if-larger=8)

echo "=== before: $EXAMPLE"
"$OPT" "${ELIDE[@]}" "$EXAMPLE"
echo
echo "=== after: qfold-opt --qfold-fold"
"$OPT" "${ELIDE[@]}" --qfold-fold "$EXAMPLE"
echo
for op in qfold.conv2d qfold.batch_norm qfold.relu qfold.clamp; do
  before=$("$OPT" "$EXAMPLE" | grep -c "= $op " || true)
  after=$("$OPT" --qfold-fold "$EXAMPLE" | grep -c "= $op " || true)
  printf '%-18s %2d -> %2d\n' "$op" "$before" "$after"
done

echo
echo "=== compile and run: qfold-run --compare-unfolded --bench 200"
"$BUILD_DIR/bin/qfold-run" "$EXAMPLE" --compare-unfolded --bench 200

CALIBRATION="${TMPDIR:-/tmp}/qfold-example-calibration.json"
echo
echo "=== post-training quantization: calibrate on 8 random input sets, then"
echo "=== compare int8 with float on a different input (seed 100)"
"$BUILD_DIR/bin/qfold-run" "$EXAMPLE" --calibrate="$CALIBRATION"
"$BUILD_DIR/bin/qfold-run" "$EXAMPLE" --quantize="$CALIBRATION" --seed 100 \
  --bench 200

ONNX_DIR="$ROOT/examples/onnx/conv_bn_relu"
echo
echo "=== the multi-layer ONNX example (grouped + depthwise conv, BN, Relu, Clip 0..6)"
echo "--- imported: qfold-translate --import-onnx | qfold-opt --qfold-fold"
"$BUILD_DIR/bin/qfold-translate" --import-onnx "$ONNX_DIR/model.onnx" |
  "$BUILD_DIR/bin/qfold-opt" --qfold-fold "${ELIDE[@]}"
echo "--- against the numpy reference made by examples/onnx/make_model.py"
"$BUILD_DIR/bin/qfold-onnx-conformance" --filter=/conv_bn_relu "$ROOT/examples/onnx"
"$BUILD_DIR/bin/qfold-run" "$ONNX_DIR/model.onnx" \
  --input="$ONNX_DIR/test_data_set_0/input_0.pb" --compare-unfolded --bench 200
