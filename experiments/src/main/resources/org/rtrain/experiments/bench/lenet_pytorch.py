"""PyTorch reference for rtrain's LeNet throughput bench (target 4 of the performance issue).

The same network as rtrain's LeNet (Caffe's lenet_train_test.prototxt: conv 20 5x5, max-pool 2,
conv 50 5x5, max-pool 2, dense 500 ReLU, dropout 0.5, dense 10, softmax cross-entropy) and the same
optimiser cost (SGD with momentum 0.9, lr 0.01, weight decay 5e-4), trained eagerly on the CPU with the
given number of threads on 16 random batches shaped like Fashion-MNIST, cycled.

Usage: lenet_pytorch.py BATCH THREADS. Prints one JSON line describing the build, then reads step
counts from standard input, one per line; for each it runs that many training steps and prints one
JSON line with their wall-clock seconds. `rtrain bench` drives it this way so that blocks of PyTorch
steps alternate with blocks of DL4J steps in the same minutes. Needs PyTorch importable by the
interpreter used (Debian: python3-torch).
"""
import json
import re
import sys
import time

import torch
from torch import nn


def main():
    batch, threads = (int(v) for v in sys.argv[1:3])
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    net = nn.Sequential(
        nn.Conv2d(1, 20, 5), nn.MaxPool2d(2, 2),
        nn.Conv2d(20, 50, 5), nn.MaxPool2d(2, 2),
        nn.Flatten(), nn.Linear(800, 500), nn.ReLU(),
        nn.Dropout(0.5), nn.Linear(500, 10))
    optimizer = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9, weight_decay=5e-4)
    loss_fn = nn.CrossEntropyLoss()
    images = torch.rand(16, batch, 1, 28, 28)
    labels = torch.randint(0, 10, (16, batch))
    net.train()
    done = 0

    def step(i):
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(net(images[i % 16]), labels[i % 16])
        loss.backward()
        optimizer.step()

    blas = re.search(r"BLAS_INFO=(\w+)", torch.__config__.show())
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(),
                      "blas": blas.group(1) if blas else "unknown"}), flush=True)
    for line in sys.stdin:
        steps = int(line)
        start = time.perf_counter()
        for _ in range(steps):
            step(done)
            done += 1
        seconds = time.perf_counter() - start
        print(json.dumps({"steps": steps, "seconds": seconds}), flush=True)


if __name__ == "__main__":
    main()
