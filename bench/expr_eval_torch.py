#!/usr/bin/python3
"""PyTorch's half of expr_eval_bench: forward plus autograd backward of the same functions on the
same float32 values, one thread (the caller pins OMP_NUM_THREADS and OPENBLAS_NUM_THREADS to 1 too).

Reads the values from --values (raw float32). Then, per line "<case> <repeats>" on stdin, times
`y = f(x); y.backward(ones)` that many times, writes phi and phi' (x.grad) to <values>.y and
<values>.dy for the caller to compare, and answers
"<median wall seconds> <user+system CPU / wall> <median CPU seconds of one run>".
"""
import argparse
import resource
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

FUNCTIONS = {
    "swish": F.silu,
    "gelu": F.gelu,
    "mish": F.mish,
    "10-node": lambda x: torch.atan(x) * torch.sigmoid(x) - 0.1 * torch.sin(x),
}


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--values", required=True)
    args = parser.parse_args()
    torch.set_num_threads(1)
    values = np.fromfile(args.values, dtype=np.float32)
    x = torch.from_numpy(values.copy()).requires_grad_()
    ones = torch.ones_like(x)
    print("ready", torch.__version__, torch.get_num_threads(), flush=True)
    for line in sys.stdin:
        name, repeats = line.split()
        f = FUNCTIONS[name]
        seconds, cpu = [], []
        cpu0, wall0 = cpu_seconds(), time.perf_counter()
        for _ in range(int(repeats)):
            start, start_cpu = time.perf_counter(), time.process_time()
            x.grad = None
            y = f(x)
            y.backward(ones)
            seconds.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        utilisation = (cpu_seconds() - cpu0) / (time.perf_counter() - wall0)
        y.detach().numpy().tofile(args.values + ".y")
        x.grad.numpy().tofile(args.values + ".dy")
        print(f"{statistics.median(seconds):.6f} {utilisation:.3f} {statistics.median(cpu):.6f}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
