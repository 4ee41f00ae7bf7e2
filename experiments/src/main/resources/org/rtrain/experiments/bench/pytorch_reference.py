"""PyTorch reference for `rtrain bench` through a Python interpreter (`rtrain bench --python CMD`).

The default reference is DJL's PyTorch engine (org.rtrain.experiments.bench.pytorch.DjlPyTorchWorker); this script runs
the same workloads on whatever PyTorch the interpreter imports, and speaks the same protocol:

- lenet: rtrain's LeNet (Caffe's lenet_train_test.prototxt: conv 20 5x5, max-pool 2, conv 50 5x5, max-pool 2,
  dense 500 ReLU, dropout 0.5, dense 10, softmax cross-entropy), SGD with momentum 0.9, lr 0.01, weight decay 5e-4;
- pgd: PGD with 40 steps of eps/30 from a random start at eps 0.1 on that LeNet in inference mode, the input's
  gradient only (torch.autograd.grad); one step attacks one batch;
- wrn: WRN-16-4 as rtrain's WideResNet builds it (pre-activation blocks, 1x1 strided shortcuts reading the block's
  first BN-ReLU, dropout 0.3, no convolution biases) on 32x32x3 inputs, SGD with Nesterov momentum 0.9, lr 0.1,
  weight decay 5e-4.

Usage: pytorch_reference.py LENET_BATCH PGD_BATCH WRN_BATCH THREADS. Prints one JSON line describing the build,
then reads requests "WORKLOAD STEPS" from standard input, one a line; for each it runs that many steps and prints
one JSON line with their wall-clock seconds. Random pixels and labels, 16 batches cycled (step time does not depend
on the values).
"""
import json
import re
import sys
import time

import torch
from torch import nn
import torch.nn.functional as F


def lenet():
    return nn.Sequential(
        nn.Conv2d(1, 20, 5), nn.MaxPool2d(2, 2),
        nn.Conv2d(20, 50, 5), nn.MaxPool2d(2, 2),
        nn.Flatten(), nn.Linear(800, 500), nn.ReLU(),
        nn.Dropout(0.5), nn.Linear(500, 10))


class Block(nn.Module):
    def __init__(self, width, out, stride, drop):
        super().__init__()
        self.bn1, self.bn2 = nn.BatchNorm2d(width), nn.BatchNorm2d(out)
        self.conv1 = nn.Conv2d(width, out, 3, stride, 1, bias=False)
        self.conv2 = nn.Conv2d(out, out, 3, 1, 1, bias=False)
        self.drop = nn.Dropout(drop)
        self.shortcut = nn.Conv2d(width, out, 1, stride, bias=False) if width != out or stride != 1 else None

    def forward(self, x):
        a = F.relu(self.bn1(x))
        y = self.conv2(self.drop(F.relu(self.bn2(self.conv1(a)))))
        return y + (x if self.shortcut is None else self.shortcut(a))


def wide_resnet(depth, widen, drop):
    layers, width = [nn.Conv2d(3, 16, 3, 1, 1, bias=False)], 16
    for stage in range(3):
        out = (16 << stage) * widen
        for i in range((depth - 4) // 6):
            layers.append(Block(width, out, 2 if stage > 0 and i == 0 else 1, drop))
            width = out
    layers += [nn.BatchNorm2d(width), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(width, 10)]
    return nn.Sequential(*layers)


class Training:
    def __init__(self, net, optimizer, shape):
        self.net, self.optimizer, self.done = net, optimizer, 0
        self.images = torch.rand(16, *shape)
        self.labels = torch.randint(0, 10, (16, shape[0]))
        self.loss = nn.CrossEntropyLoss()

    def __call__(self, steps):
        self.net.train()
        for _ in range(steps):
            i = self.done % 16
            self.optimizer.zero_grad(set_to_none=True)
            self.loss(self.net(self.images[i]), self.labels[i]).backward()
            self.optimizer.step()
            self.done += 1


def pgd(net, batch, epsilon=0.1, steps=40):
    images = torch.rand(16, batch, 1, 28, 28)
    labels = torch.randint(0, 10, (16, batch))
    done = [0]

    def attack(count):
        net.eval()
        for _ in range(count):
            i = done[0] % 16
            x, y = images[i], labels[i]
            lower, upper = (x - epsilon).clamp(min=0), (x + epsilon).clamp(max=1)
            adv = torch.max(torch.min(x + torch.empty_like(x).uniform_(-epsilon, epsilon), upper), lower)
            for _ in range(steps):
                adv.requires_grad_(True)
                grad, = torch.autograd.grad(F.cross_entropy(net(adv), y), adv)
                adv = torch.max(torch.min(adv.detach() + epsilon / 30 * grad.sign(), upper), lower)
            done[0] += 1
    return attack


def main():
    lenet_batch, pgd_batch, wrn_batch, threads = (int(v) for v in sys.argv[1:5])
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    net = lenet()
    wrn = wide_resnet(16, 4, 0.3)
    workloads = {
        "lenet": Training(net, torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9, weight_decay=5e-4),
                          (lenet_batch, 1, 28, 28)),
        "pgd": pgd(net, pgd_batch),
        "wrn": Training(wrn, torch.optim.SGD(wrn.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4,
                                             nesterov=True), (wrn_batch, 3, 32, 32)),
    }
    config = torch.__config__.show()
    blas = re.search(r"BLAS_INFO=(\w+)", config)
    onednn = re.search(r"oneDNN v([\d.]+)|MKL-DNN v([\d.]+)", config)
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(),
                      "blas": blas.group(1) if blas else "unknown",
                      "kernels": "oneDNN " + next(g for g in onednn.groups() if g) if onednn else "",
                      "via": "Python " + sys.version.split()[0] + " (" + sys.executable + ")",
                      "parameters": {"lenet": sum(p.numel() for p in net.parameters()),
                                     "wrn": sum(p.numel() for p in wrn.parameters())
                                     + sum(b.numel() for n, b in wrn.named_buffers() if "running" in n)}}),
          flush=True)
    for line in sys.stdin:
        workload, steps = line.split()
        start = time.perf_counter()
        workloads[workload](int(steps))
        seconds = time.perf_counter() - start
        print(json.dumps({"workload": workload, "steps": int(steps), "seconds": seconds}), flush=True)


if __name__ == "__main__":
    main()
