"""A small ResNet on Fashion-MNIST, trained for actsearch's external-task protocol (docs/EXTERNAL.md).

Every activation of the network is the candidate's: one make_activation() per use, so each use learns
its own constants. Data: the IDX files under --data (Debian's dataset-fashion-mnist), read with numpy;
the last 10,000 training images (after a fixed shuffle) are the validation split, the official test
set is the test split. CUDA when present, the CPU otherwise.
"""
import argparse
import gzip
import importlib.util
import json
import os
import time

import numpy as np
import torch
from torch import nn
import torch.nn.functional as F


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def find(folder, stem):
    for name in (stem, stem + ".gz"):
        if os.path.exists(os.path.join(folder, name)):
            return os.path.join(folder, name)
    raise FileNotFoundError(f"{stem}[.gz] not in {folder}")


def load(folder):
    images = read_idx(find(folder, "train-images-idx3-ubyte"))
    labels = read_idx(find(folder, "train-labels-idx1-ubyte"))
    order = np.random.default_rng(0).permutation(len(labels))  # the same split for every run
    images, labels = images[order], labels[order]
    test_images = read_idx(find(folder, "t10k-images-idx3-ubyte"))
    test_labels = read_idx(find(folder, "t10k-labels-idx1-ubyte"))

    def tensors(x, y):
        x = torch.tensor(x, dtype=torch.float32).unsqueeze(1) / 255.0
        return (x - 0.2860) / 0.3530, torch.tensor(y, dtype=torch.int64)

    return tensors(images[:-10000], labels[:-10000]), tensors(images[-10000:], labels[-10000:]), tensors(
        test_images, test_labels)


class Block(nn.Module):
    """conv-bn-phi-conv-bn plus the shortcut, then phi."""

    def __init__(self, make_activation, channels_in, channels, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(channels_in, channels, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(channels)
        self.conv2 = nn.Conv2d(channels, channels, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(channels)
        self.phi1, self.phi2 = make_activation(), make_activation()
        self.shortcut = nn.Sequential()
        if stride != 1 or channels_in != channels:
            self.shortcut = nn.Sequential(nn.Conv2d(channels_in, channels, 1, stride, bias=False), nn.BatchNorm2d(channels))

    def forward(self, x):
        out = self.phi1(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return self.phi2(out + self.shortcut(x))


class ResNet(nn.Module):
    def __init__(self, make_activation, width):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(1, width, 3, 1, 1, bias=False), nn.BatchNorm2d(width))
        self.phi = make_activation()
        self.blocks = nn.Sequential(
            Block(make_activation, width, width, 1),
            Block(make_activation, width, 2 * width, 2),
            Block(make_activation, 2 * width, 4 * width, 2),
        )
        self.head = nn.Linear(4 * width, 10)

    def forward(self, x):
        x = self.blocks(self.phi(self.stem(x)))
        return self.head(F.adaptive_avg_pool2d(x, 1).flatten(1))

    def activations(self):
        return [m for m in self.modules() if type(m).__name__ == "Activation"]


def evaluate(model, x, y, device, batch=1000):
    model.eval()
    loss, correct = 0.0, 0
    with torch.no_grad():
        for i in range(0, len(y), batch):
            logits = model(x[i : i + batch].to(device))
            target = y[i : i + batch].to(device)
            loss += F.cross_entropy(logits, target, reduction="sum").item()
            correct += (logits.argmax(1) == target).sum().item()
    model.train()
    return loss / len(y), correct / len(y)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--module", required=True)
    p.add_argument("--result", required=True)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--examples", type=int, default=0)
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--test", type=int, default=0)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--width", type=int, default=8)
    p.add_argument("--validation", type=int, default=2000, help="validation images scored (of 10,000)")
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    a = p.parse_args()
    torch.set_num_threads(max(1, a.threads))
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

    spec = importlib.util.spec_from_file_location("candidate", a.module)
    candidate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(candidate)

    (x, y), (x_val, y_val), (x_test, y_test) = load(a.data)
    if a.examples > 0:
        x, y = x[: a.examples], y[: a.examples]
    x_val, y_val = x_val[: a.validation], y_val[: a.validation]

    torch.manual_seed(a.seed % (2**63))
    generator = torch.Generator().manual_seed(a.seed % (2**63))
    model = ResNet(candidate.make_activation, a.width).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)

    curve, steps = [], 0
    for epoch in range(a.epochs):
        start, losses = time.time(), []
        order = torch.randperm(len(y), generator=generator)
        for i in range(0, len(y), a.batch_size):
            batch = order[i : i + a.batch_size]
            loss = F.cross_entropy(model(x[batch].to(device)), y[batch].to(device))
            if not torch.isfinite(loss):
                json.dump({"diverged": True, "message": f"loss {loss.item()} at step {steps}", "epochs": curve},
                          open(a.result, "w"))
                return
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
            steps += 1
        val_loss, val_accuracy = evaluate(model, x_val, y_val, device)
        curve.append({"epoch": epoch + 1, "train_loss": float(np.mean(losses)), "val_loss": val_loss,
                      "val_accuracy": val_accuracy, "seconds": time.time() - start})

    result = {"val_loss": curve[-1]["val_loss"], "val_accuracy": curve[-1]["val_accuracy"],
              "train_loss": curve[-1]["train_loss"], "steps": steps, "epochs": curve,
              "learned_params": [[q.item() for q in act.parameters()] for act in model.activations()]}
    if a.test:
        result["test_loss"], result["test_accuracy"] = evaluate(model, x_test, y_test, device)
    json.dump(result, open(a.result, "w"))


if __name__ == "__main__":
    main()
