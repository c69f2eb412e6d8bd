"""PyTorch's half of bench/kernels_vs_pytorch.sh: the same one-epoch MLP runs as kernels_bench, one
candidate at a time on the GPU (eager, then torch.compile where it works), and the table that puts
both side by side with the targets of the CUDA backend."""

import argparse
import sys
import time

import torch
import torch.nn.functional as F

from trainer_vs_pytorch import ACTIVATIONS, Mlp, STREAM_SHUFFLE, load, shuffled, stream_key


def epoch_on_gpu(model, data, seed, batch=128, lr=0.05):
    x_train, y_train, x_val, y_val = data
    optimiser = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    order = torch.from_numpy(shuffled(len(x_train), stream_key(seed, STREAM_SHUFFLE, 0))).cuda()
    torch.cuda.synchronize()
    start = time.perf_counter()
    for first in range(0, len(order), batch):
        index = order[first : first + batch]
        optimiser.zero_grad(set_to_none=True)
        F.cross_entropy(model(x_train[index]), y_train[index]).backward()
        optimiser.step()
    with torch.no_grad():
        accuracy = (model(x_val).argmax(dim=1) == y_val).double().mean().item()
    torch.cuda.synchronize()
    return time.perf_counter() - start, accuracy


def rate(data, name, candidates, compiled):
    seconds = 0.0
    for seed in range(candidates + 1):  # the first run warms up (and compiles) and is not counted
        model = Mlp([784, 256, 256, 10], ACTIVATIONS[name], seed).cuda()
        if compiled:
            model = torch.compile(model)
        elapsed, _ = epoch_on_gpu(model, data, seed)
        if seed > 0:
            seconds += elapsed
    return candidates / seconds


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ours", required=True)
    parser.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    parser.add_argument("--candidates", type=int, default=4)
    args = parser.parse_args()

    rows = [line.rstrip("\n").split("\t") for line in open(args.ours) if line.strip()]
    for row in rows:
        if row[0] == "nvrtc":
            _, count, compiled, cold, warm, arch = row
            print(f"NVRTC, {count} candidates in one module for {arch} ({compiled} compiled):")
            print(f"  cold compile {float(cold):.3f} s (target < 2 s), cache hit {1000 * float(warm):.1f} ms (target < 20 ms)")
        elif row[0] == "skip":
            print(f"{row[1]}: not measured ({row[2]})")

    train = [row for row in rows if row[0] == "train"]
    if not train:
        return 0
    if not torch.cuda.is_available():
        print("PyTorch sees no GPU: no peer figures")
        return 0
    data = [t.cuda() for t in load(args.data, 0)]
    eager = {name: rate(data, name, args.candidates, False) for name in ("swish", "complex")}
    try:
        compiled = rate(data, "swish", args.candidates, True)
    except Exception as error:  # torch.compile needs a working Triton toolchain
        print(f"torch.compile: not measured ({type(error).__name__}: {error})", file=sys.stderr)
        compiled = None
    print("\nOne epoch of 784-256-256-10 on Fashion-MNIST (50k), batch 128, SGD momentum 0.9, lr 0.05")
    print(f"  PyTorch eager, one at a time: swish {eager['swish']:.2f}, complex {eager['complex']:.2f} candidate-epochs/s")
    if compiled is not None:
        print(f"  PyTorch torch.compile, one at a time: swish {compiled:.2f} candidate-epochs/s")
    print(f"  {'K':>4} {'seconds':>9} {'cand-epochs/s':>14} {'x eager swish':>14} {'val acc':>8}")
    for _, k, _, seconds, per_second, accuracy in train:
        ratio = float(per_second) / eager["swish"]
        print(f"  {k:>4} {float(seconds):9.2f} {float(per_second):14.2f} {ratio:14.1f} {float(accuracy):8.4f}")
    print("  target: >= 20x PyTorch eager at K >= 64")
    return 0


if __name__ == "__main__":
    sys.exit(main())
