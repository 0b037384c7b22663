"""Writes the .npy inputs of the qfold-run tests: make_npy.py DIR"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..",
                                "Integration", "lib"))
import qfold_ref as ref  # noqa: E402

d = sys.argv[1]
os.makedirs(d, exist_ok=True)
ref.write_npy(os.path.join(d, "x.npy"), "f32", [2, 3],
              [-1.0, 2.0, -3.0, 4.0, -5.0, 6.0])
ref.write_npy(os.path.join(d, "y.npy"), "u8", [4, 3], list(range(12)))
ref.write_npy(os.path.join(d, "y_i8.npy"), "i8", [4, 3], list(range(12)))
ref.write_npy(os.path.join(d, "x_bad_shape.npy"), "f32", [3, 2], [0.0] * 6)
ref.write_npy(os.path.join(d, "y_bad_rank.npy"), "u8", [12], list(range(12)))
with open(os.path.join(d, "x.npy"), "rb") as f:
    data = f.read()
with open(os.path.join(d, "truncated.npy"), "wb") as f:
    f.write(data[:-5])
with open(os.path.join(d, "garbage.npy"), "wb") as f:
    f.write(b"this is not a numpy file")
with open(os.path.join(d, "fortran.npy"), "wb") as f:
    f.write(data.replace(b"'fortran_order': False", b"'fortran_order': True "))
with open(os.path.join(d, "f64.npy"), "wb") as f:
    f.write(data.replace(b"<f4", b"<f8"))
