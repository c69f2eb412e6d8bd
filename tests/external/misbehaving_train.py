"""A script of the external-task protocol that misbehaves by candidate (it reads the module's text and
imports nothing heavy): it crashes, hangs, prints garbage, writes no result or reports NaN, and writes a
made-up result for every other function."""
import json
import re
import sys
import time

module, result = sys.argv[1], sys.argv[2]
expression = re.search(r'^EXPRESSION = (".*")$', open(module).read(), re.M)
expression = json.loads(expression.group(1))
if expression == "sin(x)":
    print("RuntimeError: CUDA out of memory (pretend)", file=sys.stderr)
    sys.exit(1)
if expression == "tanh(x)":
    time.sleep(600)
if expression == "softsign(x)":
    open(result, "w").write("epoch 1: loss 0.3\n")
    sys.exit(0)
if expression == "cos(x)":
    sys.exit(0)
if expression == "softplus(x)":
    json.dump({"val_accuracy": 0.1, "val_loss": float("nan")}, open(result, "w"))
    sys.exit(0)
json.dump({"val_accuracy": 0.5 + 0.01 * len(expression) % 0.4, "val_loss": 1.0}, open(result, "w"))
