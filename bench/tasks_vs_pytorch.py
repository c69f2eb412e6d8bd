#!/usr/bin/python3
"""PyTorch's half of bench/tasks_vs_pytorch.sh: the known activations trained on any task file by an
independent PyTorch implementation of the task's network, and the ranking compared with the engine's.

The network, optimiser, schedule, budget and divergence rule are rebuilt from the task file (docs/TASKS.md);
the data are the same examples (the split and standardisation of trainer_vs_pytorch.py, which reproduce the
trainer's recipes). Weights are PyTorch's own draws from the task's init rule under torch.manual_seed(seed),
and batches PyTorch's own permutations: nothing is shared with the engine but the protocol, so the two
rankings agree only as far as the engine trains these networks the way PyTorch does.

Usage: tasks_vs_pytorch.py TASK.yaml --seeds 5 [--functions relu,swish,...] [--json OUT]
       tasks_vs_pytorch.py --compare ENGINE.json TORCH.json   (Spearman of the two rankings)
ENGINE.json is what `actsearch calibrate TASK --json` writes.
"""
import argparse
import json
import math
import os
import resource
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from trainer_vs_pytorch import load  # noqa: E402  (the same split and standardisation)


class Prelu(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.alpha = torch.nn.Parameter(torch.tensor(0.25))

    def forward(self, x):
        return F.relu(x) - self.alpha * F.relu(-x)


class SwishBeta(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.beta = torch.nn.Parameter(torch.tensor(1.0))

    def forward(self, x):
        return x * torch.sigmoid(self.beta * x)


class Fixed(torch.nn.Module):
    def __init__(self, f):
        super().__init__()
        self.f = f

    def forward(self, x):
        return self.f(x)


# The known set of expr/src/known.cpp (names as there), with each use getting its own constants.
KNOWN = {
    "relu": lambda: Fixed(F.relu),
    "leaky_relu": lambda: Fixed(lambda x: F.leaky_relu(x, 0.01)),
    "prelu": Prelu,
    "elu": lambda: Fixed(F.elu),
    "selu": lambda: Fixed(F.selu),
    "gelu": lambda: Fixed(F.gelu),
    "gelu_tanh": lambda: Fixed(lambda x: F.gelu(x, approximate="tanh")),
    "swish": lambda: Fixed(F.silu),
    "mish": lambda: Fixed(F.mish),
    "softplus": lambda: Fixed(F.softplus),
    "sigmoid": lambda: Fixed(torch.sigmoid),
    "tanh": lambda: Fixed(torch.tanh),
    "softsign": lambda: Fixed(F.softsign),
    "hard_sigmoid": lambda: Fixed(F.hardsigmoid),
    "hard_swish": lambda: Fixed(F.hardswish),
    "relu6": lambda: Fixed(F.relu6),
    "squared_relu": lambda: Fixed(lambda x: F.relu(x) ** 2),
    "identity": lambda: Fixed(lambda x: x),
    "swish_beta": SwishBeta,
}


def init_weight(weight, rule, distribution):
    fan_out = weight.shape[0]
    fan_in = weight[0].numel()
    receptive = weight[0, 0].numel() if weight.dim() > 2 else 1
    sd = {"he": math.sqrt(2.0 / fan_in), "lecun": math.sqrt(1.0 / fan_in),
          "xavier": math.sqrt(2.0 / (fan_in + fan_out * receptive))}[rule]
    with torch.no_grad():
        if distribution == "uniform":
            weight.uniform_(-sd * math.sqrt(3.0), sd * math.sqrt(3.0))
        else:
            weight.normal_(0.0, sd)


class BasicBlock(torch.nn.Module):
    """conv3x3(stride)-BN-act-conv3x3-BN plus the shortcut (identity, or 1x1 conv + BN), then act."""

    def __init__(self, cin, cout, stride, make_act):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(cin, cout, 3, stride, 1)
        self.bn1 = torch.nn.BatchNorm2d(cout)
        self.act1 = make_act()
        self.conv2 = torch.nn.Conv2d(cout, cout, 3, 1, 1)
        self.bn2 = torch.nn.BatchNorm2d(cout)
        self.shortcut = None
        if stride != 1 or cin != cout:
            self.shortcut = torch.nn.Sequential(torch.nn.Conv2d(cin, cout, 1, stride, 0), torch.nn.BatchNorm2d(cout))
        self.act2 = make_act()

    def forward(self, x):
        y = self.bn2(self.conv2(self.act1(self.bn1(self.conv1(x)))))
        return self.act2(y + (x if self.shortcut is None else self.shortcut(x)))


def parse_layer(text):
    """One entry of model.layers: (kind, {options}). Mirrors docs/TASKS.md's grammar."""
    words = text.split()
    kind, options = words[0], {}
    for w in words[1:]:
        if "x" in w and w.replace("x", "").isdigit():
            options["kernel"] = int(w.split("x")[0])
        elif w.startswith("s") and w[1:].isdigit():
            options["stride"] = int(w[1:])
        elif w.isdigit():
            options["size"] = int(w)
        else:
            raise ValueError(f"cannot read layer '{text}'")
    return kind, options


def build_network(model, shape, classes, make_act):
    """(torch module taking N x C x H x W or N x F, list of weight tensors) for a task's model section."""
    layers = []
    kind = model.get("kind", "mlp")
    if kind == "mlp":
        width = int(np.prod(shape))
        hidden = model.get("hidden", [256, 256, 256, 256])
        norm = model.get("norm", "none")
        residual = model.get("residual", False)

        class Mlp(torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.linears = torch.nn.ModuleList()
                self.norms = torch.nn.ModuleList()
                self.acts = torch.nn.ModuleList()
                w = width
                for h in hidden:
                    self.linears.append(torch.nn.Linear(w, h))
                    self.norms.append(torch.nn.LayerNorm(h) if norm == "layer" else torch.nn.Identity())
                    self.acts.append(make_act())
                    w = h
                self.head = torch.nn.Linear(w, classes)

            def forward(self, x):
                x = x.flatten(1)
                for i, (lin, nrm, act) in enumerate(zip(self.linears, self.norms, self.acts)):
                    y = act(nrm(lin(x)))
                    x = x + y if residual and i > 0 and x.shape == y.shape else y
                return self.head(x)

        net = Mlp()
        return net, [m.weight for m in list(net.linears) + [net.head]]

    channels, height, width = (list(shape) + [1, 1])[:3] if len(shape) == 3 else (1, 1, int(np.prod(shape)))
    current = [channels, height, width]
    flat = False
    for entry in model["layers"]:
        name, o = parse_layer(entry)
        c, h, w = current
        if name == "conv":
            k, s = o.get("kernel", 3), o.get("stride", 1)
            layers.append(torch.nn.Conv2d(c, o["size"], k, s, k // 2))
            current = [o["size"], (h + s - 1) // s, (w + s - 1) // s]
        elif name == "bn":
            layers.append(torch.nn.BatchNorm1d(c) if flat else torch.nn.BatchNorm2d(c))
        elif name == "ln":
            layers.append(torch.nn.LayerNorm([c] if flat else [c, h, w]))
        elif name == "act":
            layers.append(make_act())
        elif name in ("maxpool", "avgpool"):
            size = o.get("size", 2)
            layers.append((torch.nn.MaxPool2d if name == "maxpool" else torch.nn.AvgPool2d)(size, size))
            current = [c, h // size, w // size]
        elif name == "gap":
            layers.append(torch.nn.Sequential(torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten()))
            current, flat = [c, 1, 1], True
        elif name == "dense":
            if not flat:
                layers.append(torch.nn.Flatten())
                c, flat = c * h * w, True
            layers.append(torch.nn.Linear(c, o["size"]))
            current = [o["size"], 1, 1]
        elif name == "block":
            s = o.get("stride", 1)
            layers.append(BasicBlock(c, o["size"], s, make_act))
            current = [o["size"], (h + s - 1) // s, (w + s - 1) // s]
        else:
            raise ValueError(f"unknown layer '{entry}'")
    c, h, w = current
    if not flat:
        layers.append(torch.nn.Flatten())
    layers.append(torch.nn.Linear(c * h * w if not flat else c, classes))
    net = torch.nn.Sequential(*layers)
    weights = [m.weight for m in net.modules() if isinstance(m, (torch.nn.Conv2d, torch.nn.Linear))]
    return net, weights


def learning_rate(opt, step, steps_per_epoch, total):
    lr = opt.get("lr", 0.02)
    warmup = opt.get("warmup_epochs", 0.0) * steps_per_epoch
    if warmup > 0 and step < warmup:
        return lr * (step + 1) / warmup
    if opt.get("schedule", "constant") == "cosine":
        progress = (step - warmup) / max(total - warmup, 1)
        low = opt.get("min_lr", 0.0)
        return low + 0.5 * (lr - low) * (1 + math.cos(math.pi * progress))
    return lr


def train(task, data, function, seed, epochs=None):
    """Validation accuracy after training (None when the run diverged) and the seconds training and
    validation took (the set-up excluded)."""
    x_train, y_train, x_val, y_val = data
    training, opt, model_spec = task.get("training", {}), task.get("optimizer", {}), task.get("model", {})
    m = training.get("train_examples", 0) or len(x_train)
    x_train, y_train = x_train[:m], y_train[:m]
    torch.manual_seed(seed)
    shape = data_shape(task)
    net, weights = build_network(model_spec, shape, 10, KNOWN[function])
    for wt in weights:
        init_weight(wt, model_spec.get("init", "he"), model_spec.get("init_distribution", "normal"))
    bias_init = model_spec.get("bias_init", 0.0)
    with torch.no_grad():
        for mod in net.modules():
            if isinstance(mod, (torch.nn.Conv2d, torch.nn.Linear)) and mod.bias is not None:
                mod.bias.fill_(bias_init)
    weight_ids = {id(w) for w in weights}
    decay = opt.get("weight_decay", 0.0)
    groups = [{"params": [p for p in net.parameters() if id(p) in weight_ids], "weight_decay": decay},
              {"params": [p for p in net.parameters() if id(p) not in weight_ids], "weight_decay": 0.0}]
    kind = opt.get("kind", "sgd")
    if kind == "sgd":
        optimiser = torch.optim.SGD(groups, lr=opt.get("lr", 0.02), momentum=opt.get("momentum", 0.9),
                                    nesterov=opt.get("nesterov", False))
    else:
        maker = torch.optim.Adam if kind == "adam" else torch.optim.AdamW
        optimiser = maker(groups, lr=opt.get("lr", 0.02), betas=(opt.get("beta1", 0.9), opt.get("beta2", 0.999)),
                          eps=opt.get("eps", 1e-8))
    epochs, batch = epochs or training.get("epochs", 2), training.get("batch_size", 128)
    factor = training.get("divergence_factor", 10.0)
    steps_per_epoch = (m + batch - 1) // batch
    total, step, first = steps_per_epoch * epochs, 0, None
    x_train = x_train.reshape(len(x_train), *shape)
    x_val = x_val.reshape(len(x_val), *shape)
    start = time.perf_counter()
    for _ in range(epochs):
        net.train()
        order = torch.randperm(m)
        for start in range(0, m, batch):
            index = order[start:start + batch]
            for group in optimiser.param_groups:
                group["lr"] = learning_rate(opt, step, steps_per_epoch, total)
            optimiser.zero_grad(set_to_none=True)
            loss = F.cross_entropy(net(x_train[index]), y_train[index])
            value = loss.item()
            first = value if first is None else first
            if not math.isfinite(value) or value > factor * first:
                return None, time.perf_counter() - start
            loss.backward()
            optimiser.step()
            step += 1
        net.eval()
        with torch.no_grad():
            logits = torch.cat([net(x_val[i:i + 1000]) for i in range(0, len(x_val), 1000)])
            val_loss = F.cross_entropy(logits, y_val).item()
        if not math.isfinite(val_loss):
            return None, time.perf_counter() - start
    return (logits.argmax(dim=1) == y_val).double().mean().item(), time.perf_counter() - start


def data_shape(task):
    kind = task.get("model", {}).get("kind", "mlp")
    return (784,) if kind == "mlp" else (1, 28, 28)


def spearman(a, b):
    def ranks(v):
        order = sorted(range(len(v)), key=lambda i: v[i])
        r = [0.0] * len(v)
        i = 0
        while i < len(order):
            j = i
            while j + 1 < len(order) and v[order[j + 1]] == v[order[i]]:
                j += 1
            for k in range(i, j + 1):
                r[order[k]] = (i + j) / 2.0
            i = j + 1
        return r
    ra, rb = ranks(a), ranks(b)
    ma, mb = statistics.mean(ra), statistics.mean(rb)
    cov = sum((x - ma) * (y - mb) for x, y in zip(ra, rb))
    return cov / math.sqrt(sum((x - ma) ** 2 for x in ra) * sum((y - mb) ** 2 for y in rb))


def compare(engine_path, torch_path):
    """Spearman over the functions that trained in every seed on both sides."""
    engine = json.load(open(engine_path))
    theirs = json.load(open(torch_path))["functions"]
    ours = engine_means(engine)
    names = [n for n in theirs if n in ours and theirs[n]["diverged"] == 0 and ours[n] is not None]
    print(f"{'function':<14} {'engine':>8} {'pytorch':>8}")
    for n in sorted(names, key=lambda n: -theirs[n]["mean"]):
        print(f"{n:<14} {ours[n]:>8.4f} {theirs[n]['mean']:>8.4f}")
    left_out = sorted(set(theirs) - set(names))
    print(f"left out (diverged or missing on a side): {', '.join(left_out) or 'none'}")
    print(f"Spearman over {len(names)} trainable functions: {spearman([ours[n] for n in names], [theirs[n]['mean'] for n in names]):.3f}")


def engine_means(card):
    """{name: mean validation accuracy at the full budget, or None when a seed diverged}."""
    out = {}
    for f in card["functions"]:
        full = f["budgets"][-1]
        out[f["name"]] = full["mean"] if full.get("diverged", 0) == 0 else None
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("task", nargs="?")
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--functions", default=",".join(n for n in KNOWN if n != "swish_beta"))
    parser.add_argument("--json")
    parser.add_argument("--compare", nargs=2)
    args = parser.parse_args()
    if args.compare:
        compare(*args.compare)
        return
    torch.set_num_threads(1)
    task = yaml.safe_load(open(args.task))
    dataset = task.get("dataset", {})
    data = load(dataset.get("dir", "/usr/share/datasets/fashion-mnist"), dataset.get("seed", 0),
                dataset.get("validation_examples", 10000))
    results = {}
    start_cpu, start = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    for name in args.functions.split(","):
        accuracies = [train(task, data, name, seed)[0] for seed in range(1, args.seeds + 1)]
        ok = [a for a in accuracies if a is not None]
        results[name] = {"mean": statistics.mean(ok) if ok else None, "accuracies": accuracies,
                         "diverged": len(accuracies) - len(ok)}
        print(f"{name:<14} {results[name]['mean'] if ok else float('nan'):.4f} diverged {results[name]['diverged']}",
              flush=True)
    end_cpu = resource.getrusage(resource.RUSAGE_SELF)
    wall = time.perf_counter() - start
    cpu = (end_cpu.ru_utime + end_cpu.ru_stime - start_cpu.ru_utime - start_cpu.ru_stime) / wall
    print(f"pytorch: {wall:.0f} s, cpu {100 * cpu:.0f}%")
    if args.json:
        json.dump({"task": task.get("name"), "seeds": args.seeds, "functions": results}, open(args.json, "w"), indent=1)


if __name__ == "__main__":
    main()
