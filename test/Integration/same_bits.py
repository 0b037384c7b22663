#!/usr/bin/env python3
"""Runs qfold-run on one program with one input at several thread counts and
checks that every result is the same bytes as at the first count.

  same_bits.py QFOLD_RUN WORKDIR PROGRAM.mlir THREADS[,THREADS...] [ARG ...]

ARGs go to every qfold-run call. Prints one line per thread count."""

import os
import subprocess
import sys


def main():
    qfold_run, workdir, program, counts = sys.argv[1:5]
    extra = sys.argv[5:]
    os.makedirs(workdir, exist_ok=True)
    name = os.path.splitext(os.path.basename(program))[0]
    first = None
    failed = False
    for threads in counts.split(","):
        out = os.path.join(workdir, "%s.t%s.npy" % (name, threads))
        cmd = [qfold_run, program, "--seed=7", "--output=" + out,
               "--threads=" + threads] + extra
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            print("FAIL: %s at %s threads: %s" % (name, threads,
                                                  proc.stderr.strip()))
            failed = True
            continue
        with open(out, "rb") as f:
            data = f.read()
        if first is None:
            first = (threads, data)
            print("RAN: %s at %s threads (%d bytes)" % (name, threads,
                                                       len(data)))
        elif data == first[1]:
            print("SAME: %s at %s threads as at %s" % (name, threads,
                                                       first[0]))
        else:
            print("FAIL: %s at %s threads differs from %s threads"
                  % (name, threads, first[0]))
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
