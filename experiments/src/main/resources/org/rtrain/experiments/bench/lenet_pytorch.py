"""PyTorch reference for rtrain's LeNet throughput bench (target 4 of the performance issue).

The same network as rtrain's LeNet (Caffe's lenet_train_test.prototxt: conv 20 5x5, max-pool 2,
conv 50 5x5, max-pool 2, dense 500 ReLU, dropout 0.5, dense 10, softmax cross-entropy) and the same
optimiser (SGD, Nesterov momentum 0.9, lr 0.01, weight decay 5e-4), trained eagerly on the CPU with the
given number of threads on random batches shaped like Fashion-MNIST. Prints one JSON line.
Run by `rtrain bench`; needs Debian's python3-torch (or any PyTorch) importable by the interpreter used.
"""
import json
import sys
import time

import torch
from torch import nn


def main():
    batch, warmup, timed, threads = (int(v) for v in sys.argv[1:5])
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    net = nn.Sequential(
        nn.Conv2d(1, 20, 5), nn.MaxPool2d(2, 2),
        nn.Conv2d(20, 50, 5), nn.MaxPool2d(2, 2),
        nn.Flatten(), nn.Linear(800, 500), nn.ReLU(),
        nn.Dropout(0.5), nn.Linear(500, 10))
    optimizer = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9, nesterov=True, weight_decay=5e-4)
    loss_fn = nn.CrossEntropyLoss()
    images = torch.rand(16, batch, 1, 28, 28)
    labels = torch.randint(0, 10, (16, batch))

    def step(i):
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(net(images[i % 16]), labels[i % 16])
        loss.backward()
        optimizer.step()

    net.train()
    for i in range(warmup):
        step(i)
    start = time.perf_counter()
    for i in range(timed):
        step(i)
    seconds = time.perf_counter() - start
    print(json.dumps({"imagesPerSecond": batch * timed / seconds, "torch": torch.__version__, "threads": threads}))


if __name__ == "__main__":
    main()
