#!/usr/bin/env bash
# The main job: set up and build qfold, then
#  1. the bundled conv -> batch_norm -> relu example: fold it (printed before
#     and after), compile it for this CPU, run it folded and unfolded, and
#     quantize it;
#  2. a whole network, ResNet-18 at 224x224 from ONNX (torchvision's
#     architecture with random weights and realistic BatchNorm statistics,
#     made by examples/networks/make_networks.py): its ops before and after
#     folding, float folded vs unfolded vs PyTorch, int8 (post-training
#     quantization calibrated on 8 inputs) accuracy and latency, and ONNX
#     Runtime's float and int8 latency on the same input, both on every core.
# QFOLD_EXAMPLE_NET=mobilenet_v2 runs MobileNetV2 instead;
# QFOLD_EXAMPLE_THREADS=N runs both on N threads (1: qfold's serial code).
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

NET="${QFOLD_EXAMPLE_NET:-resnet18}"
NET_DIR="$BUILD_DIR/networks/$NET-224"
echo
echo "=== a whole network: $NET at 224x224 ($NET_DIR)"
if [[ ! -f "$NET_DIR/model.onnx" ]]; then
  /usr/bin/python3 "$ROOT/examples/networks/make_networks.py" --net "$NET" \
    --size 224 --inputs 9 --out "$NET_DIR"
fi
MODEL="$NET_DIR/model.onnx"
SAMPLE="$NET_DIR/input_8.npy"
IMPORTED="$NET_DIR/imported.mlir"
"$BUILD_DIR/bin/qfold-translate" --import-onnx "$MODEL" -o "$IMPORTED"
echo "--- qfold ops before -> after folding (qfold-opt --qfold-fold)"
for op in qfold.conv2d qfold.batch_norm qfold.relu qfold.clamp qfold.add \
    qfold.max_pool2d qfold.avg_pool2d; do
  before=$(grep -c "= $op " "$IMPORTED" || true)
  after=$("$OPT" --qfold-fold "$IMPORTED" | grep -c "= $op " || true)
  printf '%-18s %3d -> %3d\n' "$op" "$before" "$after"
done
THREADS="${QFOLD_EXAMPLE_THREADS:-$(nproc)}"
echo "--- float, folded vs unfolded (qfold-run --compare-unfolded), $THREADS thread(s)"
"$BUILD_DIR/bin/qfold-run" "$MODEL" --input="$SAMPLE" --threads="$THREADS" \
  --output="$NET_DIR/qfold_output.npy" --compare-unfolded --bench 20 |
  grep -v "^result 0: f32"
/usr/bin/python3 - "$NET_DIR/qfold_output.npy" "$NET_DIR/output_8.npy" <<'PY'
import sys
import numpy as np
got, want = np.load(sys.argv[1]), np.load(sys.argv[2])
print("vs PyTorch (float32 eval): max |difference| %.2e = %.2e of max |output|;"
      " top-1 %d (PyTorch %d)" % (np.abs(got - want).max(),
      np.abs(got - want).max() / np.abs(want).max(), got.argmax(), want.argmax()))
PY
echo "--- int8: calibrate on 8 inputs, run on a 9th (qfold-run --quantize)"
CAL=()
for k in 0 1 2 3 4 5 6 7; do CAL+=("--calibration-data=$NET_DIR/input_$k.npy"); done
"$BUILD_DIR/bin/qfold-run" "$MODEL" --calibrate="$NET_DIR/calibration.json" "${CAL[@]}"
"$BUILD_DIR/bin/qfold-run" "$MODEL" --input="$SAMPLE" --threads="$THREADS" \
  --quantize="$NET_DIR/calibration.json" --bench 20 | grep -v "^result 0: f32"
echo "--- ONNX Runtime on the same input ($THREADS thread(s)): float, and int8 on the"
echo "--- Q/DQ model examples/networks/make_qdq.py makes from the same 8 inputs"
if "$ROOT/scripts/install-onnxruntime.sh" >/dev/null; then
  if [[ ! -f "$NET_DIR/qdq/model.onnx" ]]; then
    /usr/bin/python3 "$ROOT/examples/networks/make_qdq.py" --model "$MODEL" \
      --out "$NET_DIR/qdq" --form ort --ort-reference off \
      --calibration "$NET_DIR"/input_{0..7}.npy 2>/dev/null
  fi
  printf 'float: '
  node "$ROOT/scripts/ort-run.js" "$MODEL" --input "$SAMPLE" --bench 20 \
    --threads "$THREADS"
  printf 'int8:  '
  node "$ROOT/scripts/ort-run.js" "$NET_DIR/qdq/model.onnx" --input "$SAMPLE" \
    --bench 20 --threads "$THREADS"
else
  echo "(ONNX Runtime could not be installed: skipped)"
fi
