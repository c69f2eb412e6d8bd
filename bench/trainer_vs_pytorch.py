#!/usr/bin/python3
"""PyTorch's half of bench/trainer_vs_pytorch.sh, and the table that sets both halves side by side.

Trains the benchmark protocol (one epoch of 784-256-256-10 on the 50k Fashion-MNIST train split,
batch 128, SGD momentum 0.9, lr 0.05, He-normal) with PyTorch on one thread. The train/validation
split, the standardisation, the initial weights and the per-epoch data order are reproduced exactly
from the seed with the trainer's SplitMix64 recipes (trainer/random.hpp), so both trainers start from
the same weights and see the same batches; remaining differences come from floating-point
summation order only.

Run by trainer_vs_pytorch.sh with OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 besides
torch.set_num_threads(1): the set_num_threads call alone leaves the BLAS that Debian's PyTorch calls
free to use more cores. Each row carries the process's (user + system) / wall CPU utilisation.

Usage: trainer_vs_pytorch.py [--only NAME | --rate-only] [--data DIR] [--seed S] [--repeats N]
       trainer_vs_pytorch.py --ours FILE --torch FILE   (the combined table from collected rows)
Rows: run <name> <median seconds> <accuracy> <loss> <CPU utilisation>; torch-rate <threads> <rate> <util>
"""
import argparse
import gzip
import math
import resource
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

MASK = (1 << 64) - 1
GAMMA = 0x9E3779B97F4A7C15
STREAM_SPLIT, STREAM_INIT, STREAM_SHUFFLE = 1, 5, 6


def mix(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def stream_key(seed, purpose, index=0):
    return mix((mix((seed + purpose * GAMMA) & MASK) + index) & MASK)


def shuffled(n, key):
    """Fisher-Yates exactly as trainer::shuffle: one stream output per position."""
    values = list(range(n))
    state = key
    for i in range(n, 1, -1):
        state = (state + GAMMA) & MASK
        j = (mix(state) * i) >> 64
        values[i - 1], values[j] = values[j], values[i - 1]
    return np.array(values, dtype=np.int64)


def mix_np(z):
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def normals(key, count):
    """normal_at(key, i) for i < count: Box-Muller on outputs 2i and 2i+1 of the stream."""
    with np.errstate(over="ignore"):
        counters = np.arange(1, 2 * count + 1, dtype=np.uint64)
        bits = mix_np(np.uint64(key) + counters * np.uint64(GAMMA))
    uniform = (bits >> np.uint64(11)).astype(np.float64) * 2.0**-53
    u1, u2 = uniform[0::2], uniform[1::2]
    return np.sqrt(-2.0 * np.log1p(-u1)) * np.cos(2.0 * math.pi * u2)


def read_idx(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    ndims = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * d : 8 + 4 * d], "big") for d in range(ndims)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndims).reshape(dims)


def load(data_dir, seed, validation=10000):
    images = read_idx(f"{data_dir}/train-images-idx3-ubyte.gz").reshape(60000, -1)
    labels = read_idx(f"{data_dir}/train-labels-idx1-ubyte.gz").astype(np.int64)
    pixels = images.astype(np.float32) / np.float32(255.0)
    order = shuffled(len(pixels), stream_key(seed, STREAM_SPLIT))
    train, val = order[: len(order) - validation], order[len(order) - validation :]
    x_train, x_val = pixels[train], pixels[val]
    as_double = x_train.astype(np.float64)
    mean = as_double.mean()
    scale = 1.0 / math.sqrt((as_double * as_double).mean() - mean * mean)
    standardise = lambda x: ((x.astype(np.float64) - mean) * scale).astype(np.float32)
    return (torch.from_numpy(standardise(x_train)), torch.from_numpy(labels[train]),
            torch.from_numpy(standardise(x_val)), torch.from_numpy(labels[val]))


ACTIVATIONS = {
    "relu": F.relu,
    "swish": F.silu,
    "mish": F.mish,
    "complex": lambda x: torch.maximum(x * torch.sigmoid(1.5 * x), torch.tanh(x)) + 0.1 * torch.sin(x) * torch.exp(-x * x),
}


class Mlp(torch.nn.Module):
    def __init__(self, sizes, activation, seed):
        super().__init__()
        self.layers = torch.nn.ModuleList(torch.nn.Linear(a, b) for a, b in zip(sizes, sizes[1:]))
        self.activation = activation
        with torch.no_grad():
            for j, layer in enumerate(self.layers):
                fan_out, fan_in = layer.weight.shape
                w = math.sqrt(2.0 / fan_in) * normals(stream_key(seed, STREAM_INIT, j), fan_in * fan_out)
                layer.weight.copy_(torch.from_numpy(w.reshape(fan_out, fan_in).astype(np.float32)))
                layer.bias.zero_()

    def forward(self, x):
        for layer in self.layers[:-1]:
            x = self.activation(layer(x))
        return self.layers[-1](x)


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run(name, data, seed, batch=128, lr=0.05):
    x_train, y_train, x_val, y_val = data
    torch.manual_seed(seed)
    model = Mlp([784, 256, 256, 10], ACTIVATIONS[name], seed)
    optimiser = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    order = torch.from_numpy(shuffled(len(x_train), stream_key(seed, STREAM_SHUFFLE, 0)))
    start = time.perf_counter()
    for first in range(0, len(order), batch):
        index = order[first : first + batch]
        optimiser.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x_train[index]), y_train[index])
        loss.backward()
        optimiser.step()
    with torch.no_grad():
        logits = model(x_val)
        val_loss = F.cross_entropy(logits, y_val).item()
        accuracy = (logits.argmax(dim=1) == y_val).double().mean().item()
    return time.perf_counter() - start, accuracy, val_loss


def read_rows(path):
    """{name: [(seconds, accuracy, loss, utilisation), ...]} and {threads: (rate, utilisation)}."""
    runs, rates = {}, {}
    with open(path) as f:
        for line in f:
            fields = line.split()
            if fields and fields[0] == "run":
                runs.setdefault(fields[1], []).append(tuple(float(v) for v in fields[2:6]))
            elif fields and fields[0] == "rate":
                rates[int(fields[1])] = (float(fields[4]), float(fields[5]))
            elif fields and fields[0] == "torch-rate":
                rates[int(fields[1])] = (float(fields[2]), float(fields[3]))
    return runs, rates


def table(ours_path, torch_path):
    ours, our_rates = read_rows(ours_path)
    theirs, torch_rates = read_rows(torch_path)
    counts = sorted({len(v) for v in list(ours.values()) + list(theirs.values())})
    print("One epoch of 784-256-256-10 on 50k Fashion-MNIST (batch 128, SGD momentum 0.9, lr 0.05), one thread each;")
    print("both trainers start from the same weights and see the same batches; PyTorch pinned with")
    print("torch.set_num_threads(1), OPENBLAS_NUM_THREADS=1, OMP_NUM_THREADS=1; runs of the two interleaved.")
    print(f"Seconds (training + validation): median of {'/'.join(map(str, counts))} runs; cpu = (user+sys)/wall;")
    print()
    print("CPU s = seconds x utilisation, the core time each side used: on a loaded machine the fairer figure.")
    print()
    print(f"{'activation':<10} {'ours s':>8} {'torch s':>8} {'ratio':>7} {'cpu ours':>9} {'cpu torch':>9} "
          f"{'ours CPU s':>10} {'torch CPU s':>11} {'ratio':>7} "
          f"{'ours acc':>9} {'torch acc':>9} {'ours loss':>9} {'torch loss':>10}")
    for name in ACTIVATIONS:
        if name not in ours or name not in theirs:
            print(f"{name:<10} (missing)")
            continue
        o, t = ours[name], theirs[name]
        o_s, t_s = statistics.median(r[0] for r in o), statistics.median(r[0] for r in t)
        o_u, t_u = statistics.median(r[3] for r in o), statistics.median(r[3] for r in t)
        o_c, t_c = statistics.median(r[0] * r[3] for r in o), statistics.median(r[0] * r[3] for r in t)
        print(f"{name:<10} {o_s:>8.3f} {t_s:>8.3f} {o_s / t_s:>6.2f}x {100 * o_u:>8.0f}% {100 * t_u:>8.0f}% "
              f"{o_c:>10.3f} {t_c:>11.3f} {o_c / t_c:>6.2f}x "
              f"{o[-1][1]:>9.4f} {t[-1][1]:>9.4f} {o[-1][2]:>9.4f} {t[-1][2]:>10.4f}")
    print()
    for threads, (rate, util) in sorted(our_rates.items()):
        print(f"ours:  {threads} thread{'s' if threads > 1 else ''}, all {len(ACTIVATIONS)} candidates, {threads} at once: "
              f"{rate:.3f} candidate-epochs/s (cpu {100 * util:.0f}%)")
    for threads, (rate, util) in sorted(torch_rates.items()):
        print(f"torch: torch.set_num_threads({threads}), BLAS pinned to 1, candidates one after another: "
              f"{rate:.3f} candidate-epochs/s (cpu {100 * util:.0f}%)")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ours")
    parser.add_argument("--torch")
    parser.add_argument("--only")
    parser.add_argument("--rate-only", action="store_true")
    parser.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    if args.ours and args.torch:
        return table(args.ours, args.torch)

    data = load(args.data, args.seed)
    if not args.rate_only:
        torch.set_num_threads(1)
        for name in ACTIVATIONS:
            if args.only and name != args.only:
                continue
            cpu0, wall0 = cpu_seconds(), time.perf_counter()
            runs = [run(name, data, args.seed) for _ in range(args.repeats)]
            utilisation = (cpu_seconds() - cpu0) / (time.perf_counter() - wall0)
            seconds = statistics.median(r[0] for r in runs)
            print(f"run\t{name}\t{seconds:.4f}\t{runs[-1][1]:.4f}\t{runs[-1][2]:.4f}\t{utilisation:.3f}", flush=True)
    if args.rate_only or not args.only:
        torch.set_num_threads(2)
        cpu0, start = cpu_seconds(), time.perf_counter()
        for name in ACTIVATIONS:
            run(name, data, args.seed)
        wall = time.perf_counter() - start
        print(f"torch-rate\t2\t{len(ACTIVATIONS) / wall:.3f}\t{(cpu_seconds() - cpu0) / wall:.3f}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
