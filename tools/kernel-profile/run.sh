#!/usr/bin/env bash
# oneDNN's verbose kernel times of LeNet training (batch 64, 2 threads), for LeanConvolution and for DL4J's own
# ConvolutionLayer, each from runs of 10 and 40 steps (table.py subtracts them: per step, without warm-up).
# Usage (after ./rtrain has built the checkout): tools/kernel-profile/run.sh OUTDIR && tools/kernel-profile/table.py OUTDIR
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"; root="$(cd "$here/../.." && pwd)"; out="$1"; mkdir -p "$out"
cp="$root/experiments/target/experiments-0.1.0-SNAPSHOT.jar:$(cat "$root/experiments/target/runtime-classpath.txt")"
for kind in lean dl4j; do
  for n in 10 40; do
    OMP_NUM_THREADS=2 OMP_WAIT_POLICY=PASSIVE DNNL_VERBOSE=1 java -Xmx2g -cp "$cp" \
      "$here/KernelProfile.java" "$n" "$kind" > "$out/$kind-$n.log" 2> "$out/$kind-$n.err"
    tail -1 "$out/$kind-$n.err"
  done
done
