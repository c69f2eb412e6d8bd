"""PyTorch's half of bench/kernels_vs_pytorch.sh, and the table that puts both halves side by side.

Reads kernels_bench's rows (NVRTC compile times per lever, activation-kernel bandwidth next to a
device-to-device copy, K candidates trained in lockstep) and, when PyTorch sees a GPU, trains the
same candidate functions (kernels_bench --export writes each one's PyTorch export) one after
another under the same protocol: eager, then torch.compile where its backend works. Writes the
figures as JSON with --json. Needs PyTorch only for the peer; the summary works without it.

Usage: kernels_vs_pytorch.py --ours ROWS [--candidates DIR] [--data DIR] [--eager N] [--compiled N]
                             [--compile-budget SECONDS] [--json FILE]
"""

import argparse
import importlib.util
import json
import math
import os
import signal
import statistics
import sys
import time


def parse_rows(path):
    rows = [line.rstrip("\n").split("\t") for line in open(path) if line.strip()]
    out = {"nvrtc": [], "train": [], "bandwidth": [], "copy_gbps": None, "notes": [], "skipped": []}
    for row in rows:
        kind = row[0]
        if kind == "nvrtc":
            _, lever, count, compiled, cold, cold_cpu, warm, arch, size = row
            out["nvrtc"].append({"lever": lever, "candidates": int(count), "compiled": int(compiled),
                                 "cold_s": float(cold), "cold_cpu_s": float(cold_cpu), "warm_s": float(warm),
                                 "arch": arch, "image_bytes": int(size)})
        elif kind == "train":
            _, k, epochs, seconds, rate, accuracy, ok = row
            out["train"].append({"k": int(k), "candidate_epochs": int(epochs), "seconds": float(seconds),
                                 "candidate_epochs_per_s": float(rate), "mean_val_accuracy": float(accuracy),
                                 "ok": int(ok)})
        elif kind == "copy":
            out["copy_gbps"] = float(row[2])
            out["elements"] = int(row[1])
        elif kind == "bandwidth":
            out["bandwidth"].append({"candidate": int(row[1]), "forward_gbps": float(row[2]),
                                     "backward_gbps": float(row[3]), "function": row[4]})
        elif kind == "note":
            out["notes"].append(" ".join(row[1:]))
        elif kind == "skip":
            out["skipped"].append({"what": row[1], "why": row[2] if len(row) > 2 else ""})
    return out


def load_activation(path):
    """The Activation class of one candidate's PyTorch export."""
    spec = importlib.util.spec_from_file_location(os.path.basename(path)[:-3], path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.Activation


def peer_model(torch, peer, sizes, activation_class, seed):
    """trainer_vs_pytorch's MLP (same He-normal weights from the seed), with one activation module
    per hidden layer, so every layer has its own trainable constants as in actsearch."""
    model = peer.Mlp(sizes, lambda x: x, seed)
    activations = torch.nn.ModuleList(activation_class() for _ in sizes[1:-1])

    class WithActivations(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.inner = model
            self.activations = activations

        def forward(self, x):
            for layer, phi in zip(self.inner.layers[:-1], self.activations):
                x = phi(layer(x))
            return self.inner.layers[-1](x)

    return WithActivations()


def synchronize(torch):
    if torch.cuda.is_available():
        torch.cuda.synchronize()


def epoch(torch, peer, model, data, seed, batch=128, lr=0.05):
    import torch.nn.functional as F

    x_train, y_train, x_val, y_val = data
    optimiser = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    order = torch.from_numpy(peer.shuffled(len(x_train), peer.stream_key(seed, peer.STREAM_SHUFFLE, 0)))
    order = order.to(x_train.device)
    synchronize(torch)
    start = time.perf_counter()
    for first in range(0, len(order), batch):
        index = order[first : first + batch]
        optimiser.zero_grad(set_to_none=True)
        F.cross_entropy(model(x_train[index]), y_train[index]).backward()
        optimiser.step()
    with torch.no_grad():
        accuracy = (model(x_val).argmax(dim=1) == y_val).double().mean().item()
    synchronize(torch)
    return time.perf_counter() - start, accuracy


class OutOfTime(Exception):
    pass


def run_peer(args, figures, save):
    """The same candidates one after another: eager, then torch.compile (first epoch of each
    candidate includes its compilation; a second epoch gives the steady rate)."""
    try:
        import torch
    except ImportError as error:
        figures["pytorch"] = {"skipped": f"PyTorch is not installed ({error})"}
        return
    if args.device == "cuda" and not torch.cuda.is_available():
        figures["pytorch"] = {"skipped": "PyTorch sees no GPU"}
        return
    device = torch.device(args.device)
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import trainer_vs_pytorch as peer

    torch.backends.cuda.matmul.allow_tf32 = False  # float32 GEMMs, as the CUDA backend's pedantic cuBLAS
    torch.backends.cudnn.allow_tf32 = False
    files = sorted(f for f in os.listdir(args.candidates) if f.endswith(".py"))
    classes = [load_activation(os.path.join(args.candidates, f)) for f in files]
    data = [t.to(device) for t in peer.load(args.data, 0)]
    sizes = [784, 256, 256, 10]
    name = torch.cuda.get_device_name(0) if device.type == "cuda" else f"cpu, {torch.get_num_threads()} threads"
    result = {"torch": torch.__version__, "device": name}

    # A warm-up run (cuBLAS handles, allocator) that is not counted.
    epoch(torch, peer, peer_model(torch, peer, sizes, classes[0], 0).to(device), data, 0)
    eager = []
    for i, cls in enumerate(classes[: args.eager]):
        seconds, accuracy = epoch(torch, peer, peer_model(torch, peer, sizes, cls, i).to(device), data, i)
        eager.append({"candidate": i, "seconds": seconds, "val_accuracy": accuracy})
    result["eager"] = eager
    result["eager_candidate_epochs_per_s"] = len(eager) / sum(e["seconds"] for e in eager)
    figures["pytorch"] = result
    save()  # what eager measured survives whatever torch.compile does next

    # torch.compile gets a time budget: each candidate is a new function, so a new compilation,
    # and a slow or stuck toolchain must not take the other figures with it.
    def out_of_time(signum, frame):
        raise OutOfTime(f"torch.compile did not finish {args.compiled} candidate(s) in {args.compile_budget} s")

    previous = signal.signal(signal.SIGALRM, out_of_time)
    signal.alarm(args.compile_budget)
    compiled = []
    try:
        for i, cls in enumerate(classes[: args.compiled]):
            model = torch.compile(peer_model(torch, peer, sizes, cls, i).to(device))
            first, _ = epoch(torch, peer, model, data, i)
            second, accuracy = epoch(torch, peer, model, data, i)
            compiled.append({"candidate": i, "first_epoch_s": first, "steady_epoch_s": second,
                             "val_accuracy": accuracy})
    except Exception as error:  # torch.compile needs a working Triton/inductor toolchain
        result["compiled_skipped"] = f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    if compiled:
        result["compiled"] = compiled
        result["compiled_candidate_epochs_per_s_with_compile"] = len(compiled) / sum(c["first_epoch_s"] for c in compiled)
        result["compiled_candidate_epochs_per_s_steady"] = len(compiled) / sum(c["steady_epoch_s"] for c in compiled)
    figures["pytorch"] = result


def print_summary(figures):
    if figures["nvrtc"]:
        row = figures["nvrtc"][0]
        print(f"NVRTC, {row['candidates']} candidates for {row['arch']}: cold compile into an empty cache, then a cache hit")
        print(f"  {'lever':<28} {'compiled':>8} {'cold s':>8} {'cold CPU s':>10} {'cache hit ms':>12} {'image KiB':>10}")
        for r in figures["nvrtc"]:
            print(f"  {r['lever']:<28} {r['compiled']:>8} {r['cold_s']:>8.2f} {r['cold_cpu_s']:>10.2f} "
                  f"{1000 * r['warm_s']:>12.1f} {r['image_bytes'] / 1024:>10.0f}")
        print("  targets: cold < 2 s, cache hit < 20 ms")
    for s in figures["skipped"]:
        print(f"{s['what']}: not measured ({s['why']})")
    for n in figures["notes"]:
        print(f"note: {n}")
    if figures["bandwidth"]:
        copy = figures["copy_gbps"]
        fwd = [b["forward_gbps"] for b in figures["bandwidth"]]
        bwd = [b["backward_gbps"] for b in figures["bandwidth"]]
        print(f"\nActivation kernels over {figures['elements']} elements, median of 9 launches each")
        print(f"  device-to-device copy {copy:.0f} GB/s")
        print(f"  forward:  median {statistics.median(fwd):.0f} GB/s ({statistics.median(fwd) / copy:.0%} of copy), "
              f"worst {min(fwd):.0f}")
        print(f"  backward: median {statistics.median(bwd):.0f} GB/s ({statistics.median(bwd) / copy:.0%} of copy), "
              f"worst {min(bwd):.0f}")
        print("  target: >= 70% of copy bandwidth")
        figures["bandwidth_summary"] = {"copy_gbps": copy, "forward_median_gbps": statistics.median(fwd),
                                        "backward_median_gbps": statistics.median(bwd),
                                        "forward_min_gbps": min(fwd), "backward_min_gbps": min(bwd)}
    peer = figures.get("pytorch", {})
    if figures["train"]:
        print("\nOne epoch of 784-256-256-10 on Fashion-MNIST (50k), batch 128, SGD momentum 0.9, lr 0.05")
        if "skipped" in peer:
            print(f"  PyTorch: not measured ({peer['skipped']})")
        eager = peer.get("eager_candidate_epochs_per_s")
        if eager:
            print(f"  PyTorch eager, the same candidates one after another: {eager:.2f} candidate-epochs/s "
                  f"({len(peer['eager'])} candidates)")
        if "compiled_candidate_epochs_per_s_steady" in peer:
            print(f"  PyTorch torch.compile: {peer['compiled_candidate_epochs_per_s_with_compile']:.2f} candidate-epochs/s "
                  f"with each candidate's compile, {peer['compiled_candidate_epochs_per_s_steady']:.2f} steady "
                  f"({len(peer['compiled'])} candidates)")
        elif "compiled_skipped" in peer:
            print(f"  PyTorch torch.compile: not measured ({peer['compiled_skipped']})")
        print(f"  {'K':>4} {'seconds':>9} {'cand-epochs/s':>14} {'x eager':>8} {'val acc':>8} {'ok':>4}")
        for t in figures["train"]:
            ratio = f"{t['candidate_epochs_per_s'] / eager:8.1f}" if eager else f"{'-':>8}"
            t["x_pytorch_eager"] = t["candidate_epochs_per_s"] / eager if eager else None
            print(f"  {t['k']:>4} {t['seconds']:9.2f} {t['candidate_epochs_per_s']:14.2f} {ratio} "
                  f"{t['mean_val_accuracy']:8.4f} {t['ok']:>4}")
        print("  target: >= 20x PyTorch eager's candidate throughput")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ours", required=True)
    parser.add_argument("--candidates", help="kernels_bench --export DIR: the candidates' PyTorch exports")
    parser.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    parser.add_argument("--eager", type=int, default=8, help="candidates PyTorch eager trains")
    parser.add_argument("--compiled", type=int, default=2, help="candidates torch.compile trains")
    parser.add_argument("--compile-budget", type=int, default=120, help="seconds torch.compile may take in all")
    parser.add_argument("--device", default="cuda", help="where the peer trains (cpu: to test this script)")
    parser.add_argument("--json")
    args = parser.parse_args()

    figures = parse_rows(args.ours)

    def save():
        if args.json:
            with open(args.json + ".tmp", "w") as f:
                json.dump(figures, f, indent=2)
            os.replace(args.json + ".tmp", args.json)

    save()
    if (figures["train"] or args.device == "cpu") and args.candidates:
        try:
            run_peer(args, figures, save)
        except Exception as error:  # the summary of our figures must survive a broken peer
            figures.setdefault("pytorch", {})["skipped"] = f"{type(error).__name__}: {error}"
    print_summary(figures)
    save()
    return 0


if __name__ == "__main__":
    sys.exit(main())
