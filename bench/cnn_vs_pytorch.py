"""PyTorch side of bench/cnn_vs_pytorch.sh: one epoch of a network task (its model.layers, train_examples,
batch, SGD settings), from the same initial weights (the engine's SplitMix64 streams, He-normal with
fan_in = C_in*k*k) and in the same batch order as the engine, for ReLU, Swish and Mish; then the table.

Usage: cnn_vs_pytorch.py TASK.yaml [--only NAME]  |  cnn_vs_pytorch.py --ours FILE --torch FILE --title T
"""
import argparse
import math
import os
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from trainer_vs_pytorch import STREAM_INIT, STREAM_SHUFFLE, cpu_seconds, load, normals, shuffled, stream_key  # noqa: E402

ACTIVATIONS = {"relu": F.relu, "swish": F.silu, "mish": F.mish}


class Block(torch.nn.Module):
    def __init__(self, cin, cout, stride, act):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(cin, cout, 3, stride, 1)
        self.bn1 = torch.nn.BatchNorm2d(cout)
        self.conv2 = torch.nn.Conv2d(cout, cout, 3, 1, 1)
        self.bn2 = torch.nn.BatchNorm2d(cout)
        self.short = None
        if stride != 1 or cin != cout:
            self.short = torch.nn.Sequential(torch.nn.Conv2d(cin, cout, 1, stride, 0), torch.nn.BatchNorm2d(cout))
        self.act = act

    def linears(self):
        return [self.conv1, self.conv2] + ([self.short[0]] if self.short is not None else [])

    def forward(self, x):
        y = self.bn2(self.conv2(self.act(self.bn1(self.conv1(x)))))
        return self.act(y + (x if self.short is None else self.short(x)))


class Act(torch.nn.Module):
    def __init__(self, f):
        super().__init__()
        self.f = f

    def forward(self, x):
        return self.f(x)


def build(layers, act, seed, classes=10):
    c, h, w = 1, 28, 28
    modules, linears = [], []
    for text in layers:
        t = text.split()
        if t[0] == "conv":
            k, s = int(t[2][0]), int(t[3][1:]) if len(t) > 3 else 1
            m = torch.nn.Conv2d(c, int(t[1]), k, s, k // 2)
            linears.append(m)
            c, h, w = int(t[1]), (h + s - 1) // s, (w + s - 1) // s
        elif t[0] == "block":
            s = int(t[2][1:]) if len(t) > 2 else 1
            m = Block(c, int(t[1]), s, Act(act))
            linears += m.linears()
            c, h, w = int(t[1]), (h + s - 1) // s, (w + s - 1) // s
        elif t[0] == "bn":
            m = torch.nn.BatchNorm2d(c)
        elif t[0] == "act":
            m = Act(act)
        elif t[0] in ("maxpool", "avgpool"):
            m = torch.nn.MaxPool2d(2) if t[0] == "maxpool" else torch.nn.AvgPool2d(2)
            h, w = h // 2, w // 2
        elif t[0] == "gap":
            m = torch.nn.AdaptiveAvgPool2d(1)
            h, w = 1, 1
        else:
            raise ValueError("the benchmark does not build '%s'" % text)
        modules.append(m)
    head = torch.nn.Linear(c * h * w, classes)
    linears.append(head)
    net = torch.nn.Sequential(*modules, torch.nn.Flatten(), head)
    with torch.no_grad():
        for j, m in enumerate(linears):  # the engine's order: listed layers, a block's conv1, conv2, shortcut
            fan_out, fan_in = m.weight.shape[0], m.weight[0].numel()
            wts = math.sqrt(2.0 / fan_in) * normals(stream_key(seed, STREAM_INIT, j), fan_in * fan_out)
            m.weight.copy_(torch.from_numpy(wts.reshape(m.weight.shape).astype(np.float32)))
            m.bias.zero_()
    return net


def run(task, name, data, seed=0):
    x_train, y_train, x_val, y_val = data
    x_train, x_val = x_train.reshape(-1, 1, 28, 28), x_val.reshape(-1, 1, 28, 28)
    torch.manual_seed(seed)
    net = build(task["model"]["layers"], ACTIVATIONS[name], seed)
    opt = task.get("optimizer", {})
    optimiser = torch.optim.SGD(net.parameters(), lr=opt.get("lr", 0.02), momentum=opt.get("momentum", 0.9))
    m = task["training"].get("train_examples", 0) or len(x_train)
    batch = task["training"].get("batch_size", 128)
    order = torch.from_numpy(shuffled(m, stream_key(seed, STREAM_SHUFFLE, 0)))
    start = time.perf_counter()
    net.train()
    for first in range(0, m, batch):
        index = order[first : first + batch]
        optimiser.zero_grad(set_to_none=True)
        F.cross_entropy(net(x_train[index]), y_train[index]).backward()
        optimiser.step()
    net.eval()
    with torch.no_grad():
        logits = torch.cat([net(x_val[i : i + 1000]) for i in range(0, len(x_val), 1000)])
        val_loss = F.cross_entropy(logits, y_val).item()
        accuracy = (logits.argmax(dim=1) == y_val).double().mean().item()
    return time.perf_counter() - start, accuracy, val_loss


def rows(path):
    out = {}
    with open(path) as f:
        for line in f:
            fields = line.split()
            if fields and fields[0] == "run":
                out.setdefault(fields[1], []).append([float(v) for v in fields[2:6]])
    return out


def table(ours_path, torch_path, title):
    ours, theirs = rows(ours_path), rows(torch_path)
    print(title)
    print(f"{'activation':<10} {'ours s':>8} {'torch s':>8} {'ratio':>7} {'cpu ours':>9} {'cpu torch':>9} "
          f"{'ours acc':>9} {'torch acc':>9}")
    for name in ACTIVATIONS:
        if name not in ours or name not in theirs:
            print(f"{name:<10} (missing)")
            continue
        o, t = ours[name], theirs[name]
        o_s, t_s = statistics.median(r[0] for r in o), statistics.median(r[0] for r in t)
        o_u, t_u = statistics.median(r[3] for r in o), statistics.median(r[3] for r in t)
        print(f"{name:<10} {o_s:>8.3f} {t_s:>8.3f} {o_s / t_s:>6.2f}x {100 * o_u:>8.0f}% {100 * t_u:>8.0f}% "
              f"{o[-1][1]:>9.4f} {t[-1][1]:>9.4f}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("task", nargs="?")
    parser.add_argument("--only")
    parser.add_argument("--ours")
    parser.add_argument("--torch")
    parser.add_argument("--title", default="")
    args = parser.parse_args()
    if args.ours and args.torch:
        return table(args.ours, args.torch, args.title)
    with open(args.task) as f:
        task = yaml.safe_load(f)
    torch.set_num_threads(1)
    data = load(task["dataset"]["dir"], task["dataset"].get("seed", 0), task["dataset"].get("validation_examples", 10000))
    for name in ACTIVATIONS:
        if args.only and name != args.only:
            continue
        cpu0, wall0 = cpu_seconds(), time.perf_counter()
        seconds, accuracy, loss = run(task, name, data)
        utilisation = (cpu_seconds() - cpu0) / (time.perf_counter() - wall0)
        print(f"run\t{name}\t{seconds:.4f}\t{accuracy:.4f}\t{loss:.4f}\t{utilisation:.3f}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
