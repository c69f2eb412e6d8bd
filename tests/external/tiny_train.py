"""A real PyTorch training script of the external-task protocol that trains in well under a second:
an MLP with two hidden layers on three Gaussian blobs in 8 dimensions, generated from a fixed seed.
Appends "<expression> <seed>" to $ACTSEARCH_TEST_RUN_LOG (when set) as each run starts, so that tests
can count what was trained."""
import argparse
import importlib.util
import json
import os
import time

import numpy as np
import torch
from torch import nn

parser = argparse.ArgumentParser()
parser.add_argument("--module", required=True)
parser.add_argument("--result", required=True)
parser.add_argument("--seed", type=int, default=0)
parser.add_argument("--epochs", type=int, default=2)
parser.add_argument("--examples", type=int, default=0)
parser.add_argument("--threads", type=int, default=1)
args = parser.parse_args()
torch.set_num_threads(args.threads)

spec = importlib.util.spec_from_file_location("candidate", args.module)
candidate = importlib.util.module_from_spec(spec)
spec.loader.exec_module(candidate)
if os.environ.get("ACTSEARCH_TEST_RUN_LOG"):
    with open(os.environ["ACTSEARCH_TEST_RUN_LOG"], "a") as log:
        log.write(f"{candidate.EXPRESSION} {args.seed}\n")

# The data: the same for every run (its own seed), like a native task's split.
rng = np.random.default_rng(1234)
centres = rng.normal(0, 1.5, size=(3, 8))
labels = rng.integers(0, 3, size=800)
features = centres[labels] + rng.normal(0, 1.0, size=(800, 8))
x = torch.tensor(features, dtype=torch.float32)
y = torch.tensor(labels, dtype=torch.int64)
x_train, y_train, x_val, y_val = x[:600], y[:600], x[600:], y[600:]
if args.examples > 0:
    x_train, y_train = x_train[: args.examples], y_train[: args.examples]

torch.manual_seed(args.seed % (2**63))
activations = [candidate.make_activation(), candidate.make_activation()]
model = nn.Sequential(nn.Linear(8, 32), activations[0], nn.Linear(32, 32), activations[1], nn.Linear(32, 3))
optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
loss_fn = nn.CrossEntropyLoss()

curve = []
diverged = False
for epoch in range(args.epochs):
    start = time.time()
    order = torch.randperm(len(x_train))
    losses = []
    for b in range(0, len(order), 32):
        batch = order[b : b + 32]
        loss = loss_fn(model(x_train[batch]), y_train[batch])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    with torch.no_grad():
        logits = model(x_val)
        val_loss = loss_fn(logits, y_val).item()
        val_accuracy = (logits.argmax(1) == y_val).float().mean().item()
    curve.append({"epoch": epoch + 1, "train_loss": float(np.mean(losses)), "val_loss": val_loss,
                  "val_accuracy": val_accuracy, "seconds": time.time() - start})
    if not np.isfinite(val_loss):
        diverged = True
        break

result = {"epochs": curve, "diverged": diverged,
          "learned_params": [[p.item() for p in a.parameters()] for a in activations]}
if not diverged:
    result.update(val_loss=curve[-1]["val_loss"], val_accuracy=curve[-1]["val_accuracy"],
                  train_loss=curve[-1]["train_loss"])
with open(args.result, "w") as out:
    json.dump(result, out)
