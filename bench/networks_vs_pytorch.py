#!/usr/bin/python3
"""One epoch of a shipped task's network, this engine against PyTorch, both on one core.

For each task and activation, each repeat trains one epoch with the engine (`actsearch eval EXPR --task`
on a copy of the task with `training.epochs: 1`; the seconds are the epoch's own, training and
validation, as the trainer measures them) and then one with PyTorch (the same network, optimiser, batch
and examples, from bench/tasks_vs_pytorch.py), so both sides see the same machine load. PyTorch is pinned
to one core: torch.set_num_threads(1) and OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 (Debian's PyTorch
ignores the first inside its BLAS); the engine trains one job on one thread. Each side's CPU utilisation
is (user + system) / wall of the process that trained.

Usage: networks_vs_pytorch.py ACTSEARCH TASK.yaml [TASK.yaml ...] [--repeats 3]
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
import torch  # noqa: E402
import yaml  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tasks_vs_pytorch import load, train  # noqa: E402

ACTIVATIONS = {"relu": "relu(x)", "swish": "silu(x)", "mish": "mish(x)"}


def ours(actsearch, task_file, expression):
    """(epoch seconds, validation accuracy, CPU utilisation) of one engine epoch."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    out = subprocess.run([actsearch, "eval", expression, "--task", task_file, "--json"], check=True,
                         capture_output=True, text=True).stdout
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) / wall
    training = json.loads(out)["training"]
    return training["epochs"][0]["seconds"], training["val_accuracy"], cpu


def theirs(task, data, name):
    before = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    accuracy, seconds = train(task, data, name, seed=1, epochs=1)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) / wall
    return seconds, accuracy if accuracy is not None else float("nan"), cpu


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("actsearch")
    parser.add_argument("tasks", nargs="+")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    torch.set_num_threads(1)
    print(f"One epoch (training + validation), one core each, median of {args.repeats} interleaved repeats;")
    print("cpu = (user + system) / wall of the training process.")
    print(f"{'task':<16} {'activation':<10} {'ours s':>8} {'torch s':>8} {'ratio':>7} {'cpu ours':>9} "
          f"{'cpu torch':>9} {'ours acc':>9} {'torch acc':>9}")
    for task_file in args.tasks:
        task = yaml.safe_load(open(task_file))
        one_epoch = dict(task, training=dict(task.get("training", {}), epochs=1))
        dataset = task.get("dataset", {})
        data = load(dataset.get("dir", "/usr/share/datasets/fashion-mnist"), dataset.get("seed", 0),
                    dataset.get("validation_examples", 10000))
        with tempfile.NamedTemporaryFile("w", suffix=".yaml", dir=os.path.dirname(os.path.abspath(task_file))) as f:
            yaml.safe_dump(one_epoch, f)
            f.flush()
            for name, expression in ACTIVATIONS.items():
                rows_ours, rows_theirs = [], []
                for _ in range(args.repeats):
                    rows_ours.append(ours(args.actsearch, f.name, expression))
                    rows_theirs.append(theirs(one_epoch, data, name))
                o = [statistics.median(r[i] for r in rows_ours) for i in range(3)]
                t = [statistics.median(r[i] for r in rows_theirs) for i in range(3)]
                print(f"{task.get('name', task_file):<16} {name:<10} {o[0]:>8.2f} {t[0]:>8.2f} {o[0] / t[0]:>6.2f}x "
                      f"{100 * o[2]:>8.0f}% {100 * t[2]:>8.0f}% {o[1]:>9.4f} {t[1]:>9.4f}", flush=True)


if __name__ == "__main__":
    main()
