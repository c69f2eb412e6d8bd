#!/usr/bin/python3
"""configs/tasks/fmnist-mlp4.yaml as a script of the external-task protocol (docs/EXTERNAL.md), for
comparing the native trainer with training through a script: bench/external-list-known.yaml trains the
known set of configs/list-known.yaml through it, and the two leaderboards can be set side by side
(Spearman of the final ranks).

The same network, optimiser and budget as the native task: 784-256-256-256-256-10, He-normal weights and
zero biases drawn with the trainer's SplitMix64 recipes, SGD momentum 0.9, lr 0.02, batch 128, the
train/validation split of dataset seed 0 standardised globally, epoch e visiting the first `examples`
training images in the order of the trainer's shuffle, and the trainer's divergence rule (a batch loss
above 10 times the first). The helpers come from bench/trainer_vs_pytorch.py, which reproduces the
trainer's streams; floating-point summation order still differs.
"""
import argparse
import importlib.util
import json
import math
import os
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import trainer_vs_pytorch as native  # noqa: E402  (the trainer's streams, the data split, He init)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--module", required=True)
    p.add_argument("--result", required=True)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--examples", type=int, default=0)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    a = p.parse_args()
    torch.set_num_threads(max(1, a.threads))
    spec = importlib.util.spec_from_file_location("candidate", a.module)
    candidate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(candidate)

    x_train, y_train, x_val, y_val = native.load(a.data, seed=0)
    m = a.examples if 0 < a.examples < len(x_train) else len(x_train)
    x_train, y_train = x_train[:m], y_train[:m]

    sizes = [784, 256, 256, 256, 256, 10]
    layers = torch.nn.ModuleList(torch.nn.Linear(i, o) for i, o in zip(sizes, sizes[1:]))
    with torch.no_grad():
        for j, layer in enumerate(layers):
            fan_out, fan_in = layer.weight.shape
            w = math.sqrt(2.0 / fan_in) * native.normals(native.stream_key(a.seed, native.STREAM_INIT, j), fan_in * fan_out)
            layer.weight.copy_(torch.from_numpy(w.reshape(fan_out, fan_in).astype("float32")))
            layer.bias.zero_()
    activations = torch.nn.ModuleList(candidate.make_activation() for _ in sizes[1:-1])

    def forward(x):
        for layer, phi in zip(layers[:-1], activations):
            x = phi(layer(x))
        return layers[-1](x)

    parameters = list(layers.parameters()) + list(activations.parameters())
    optimiser = torch.optim.SGD(parameters, lr=0.02, momentum=0.9)
    curve, steps, first_loss = [], 0, None

    def finish(result):
        result["epochs"] = curve
        result["steps"] = steps
        result["learned_params"] = [[q.item() for q in phi.parameters()] for phi in activations]
        with open(a.result, "w") as out:
            json.dump(result, out)

    for epoch in range(a.epochs):
        start, losses = time.time(), []
        order = torch.from_numpy(native.shuffled(m, native.stream_key(a.seed, native.STREAM_SHUFFLE, epoch)))
        for b in range(0, m, 128):
            index = order[b : b + 128]
            loss = F.cross_entropy(forward(x_train[index]), y_train[index])
            value = loss.item()
            first_loss = value if first_loss is None else first_loss
            if not math.isfinite(value) or value > 10 * first_loss:
                return finish({"diverged": True, "message": f"batch loss {value:g} at step {steps}"})
            optimiser.zero_grad(set_to_none=True)
            loss.backward()
            optimiser.step()
            losses.append(value)
            steps += 1
        with torch.no_grad():
            logits = forward(x_val)
            val_loss = F.cross_entropy(logits, y_val).item()
            val_accuracy = (logits.argmax(1) == y_val).double().mean().item()
        curve.append({"epoch": epoch + 1, "train_loss": sum(losses) / len(losses), "val_loss": val_loss,
                      "val_accuracy": val_accuracy, "seconds": time.time() - start})
        if not math.isfinite(val_loss):
            return finish({"diverged": True, "message": "validation loss is not finite"})
    finish({"val_loss": curve[-1]["val_loss"], "val_accuracy": curve[-1]["val_accuracy"],
            "train_loss": curve[-1]["train_loss"]})


if __name__ == "__main__":
    main()
