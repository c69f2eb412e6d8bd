"""PyTorch reference for tests/trainer/network_torch_test.cpp.

Reads a case written by the test (layer list, input shape, the engine's flat parameters, batches),
builds the same network in torch with the same weights, and writes what torch computes: for each batch,
the training-mode loss and the gradient in the engine's parameter layout; then the batch-norm running
statistics after those training passes and the evaluation-mode loss sum and correct count on the first
batch. Usage: network_reference.py CASE_FILE OUT_FILE
"""
import sys

import torch
import torch.nn.functional as F


def read_case(path):
    with open(path) as f:
        lines = f.read().split("\n")
    layers = [l for l in lines[0].split(";") if l]
    c, h, w, batch, classes, batches, dtype = lines[1].split()
    params = [float(v) for v in lines[2].split()]
    inputs = [[float(v) for v in lines[3 + 2 * i].split()] for i in range(int(batches))]
    labels = [[int(v) for v in lines[4 + 2 * i].split()] for i in range(int(batches))]
    return layers, (int(c), int(h), int(w)), int(batch), int(classes), params, inputs, labels, dtype


class Phi(torch.nn.Module):
    def forward(self, x):
        return x * torch.sigmoid(x)


class Block(torch.nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(cin, cout, 3, stride, 1)
        self.bn1 = torch.nn.BatchNorm2d(cout)
        self.conv2 = torch.nn.Conv2d(cout, cout, 3, 1, 1)
        self.bn2 = torch.nn.BatchNorm2d(cout)
        self.short = None
        if stride != 1 or cin != cout:
            self.short = torch.nn.Sequential(torch.nn.Conv2d(cin, cout, 1, stride, 0), torch.nn.BatchNorm2d(cout))
        self.act = Phi()

    def ordered(self):  # the engine's order of parameterised modules
        out = [self.conv1, self.bn1, self.conv2, self.bn2]
        if self.short is not None:
            out += [self.short[0], self.short[1]]
        return out

    def forward(self, x):
        y = self.bn2(self.conv2(self.act(self.bn1(self.conv1(x)))))
        return self.act(y + (x if self.short is None else self.short(x)))


def build(layers, shape, classes):
    c, h, w = shape
    flat = h == 1 and w == 1
    modules, ordered = [], []
    for text in layers:
        t = text.split()
        if t[0] == "conv":
            k = int(t[2][0])
            s = int(t[3][1:]) if len(t) > 3 else 1
            m = torch.nn.Conv2d(c, int(t[1]), k, s, k // 2)
            c, h, w = int(t[1]), (h + s - 1) // s, (w + s - 1) // s
        elif t[0] == "block":
            s = int(t[2][1:]) if len(t) > 2 else 1
            m = Block(c, int(t[1]), s)
            c, h, w = int(t[1]), (h + s - 1) // s, (w + s - 1) // s
        elif t[0] == "bn":
            m = torch.nn.BatchNorm1d(c) if flat else torch.nn.BatchNorm2d(c)
        elif t[0] == "ln":
            m = torch.nn.LayerNorm([c] if flat else [c, h, w])
        elif t[0] == "act":
            m = Phi()
        elif t[0] in ("maxpool", "avgpool"):
            m = torch.nn.MaxPool2d(2) if t[0] == "maxpool" else torch.nn.AvgPool2d(2)
            h, w = h // 2, w // 2
        elif t[0] == "gap":
            m = torch.nn.Sequential(torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten())
            h, w, flat = 1, 1, True
        elif t[0] == "dense":
            m = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(c * h * w, int(t[1])))
            c, h, w, flat = int(t[1]), 1, 1, True
        else:
            raise ValueError(text)
        modules.append(m)
        if isinstance(m, Block):
            ordered += m.ordered()
        elif isinstance(m, torch.nn.Sequential) and isinstance(m[-1], torch.nn.Linear):
            ordered.append(m[-1])
        elif isinstance(m, (torch.nn.Conv2d, torch.nn.BatchNorm1d, torch.nn.BatchNorm2d, torch.nn.LayerNorm)):
            ordered.append(m)
    head = torch.nn.Linear(c * h * w, classes)
    modules += [torch.nn.Flatten(), head]
    ordered.append(head)
    return torch.nn.Sequential(*modules), ordered


def tensors(ordered):
    """(tensor, engine layout) in the engine's block order."""
    out = []
    for m in ordered:
        if isinstance(m, torch.nn.Linear):
            out += [(m.weight, "colmajor"), (m.bias, "flat")]
        else:
            out += [(m.weight, "flat"), (m.bias, "flat")]
    return out


def main():
    layers, shape, batch, classes, params, inputs, labels, dtype = read_case(sys.argv[1])
    torch.set_default_dtype(torch.float64 if dtype == "double" else torch.float32)
    torch.manual_seed(0)
    net, ordered = build(layers, shape, classes)
    align = 8 if dtype == "double" else 16
    offset = 0
    layout = []
    with torch.no_grad():
        for t, kind in tensors(ordered):
            n = t.numel()
            values = torch.tensor(params[offset:offset + n])
            if kind == "colmajor":
                t.copy_(values.reshape(t.shape[1], t.shape[0]).t())
            else:
                t.copy_(values.reshape(t.shape))
            layout.append((t, kind, offset))
            offset += (n + align - 1) // align * align
    out = []
    net.train()
    for x, y in zip(inputs, labels):
        net.zero_grad()
        xt = torch.tensor(x).reshape(batch, *shape)
        loss = F.cross_entropy(net(xt), torch.tensor(y))
        loss.backward()
        grads = [0.0] * len(params)
        for t, kind, at in layout:
            g = t.grad.t().reshape(-1) if kind == "colmajor" else t.grad.reshape(-1)
            grads[at:at + g.numel()] = g.tolist()
        out.append("%.17g" % loss.item())
        out.append(" ".join("%.17g" % v for v in grads))
    stats = []
    for m in ordered:
        if isinstance(m, (torch.nn.BatchNorm1d, torch.nn.BatchNorm2d)):
            stats += m.running_mean.tolist() + m.running_var.tolist()
    out.append(" ".join("%.17g" % v for v in stats))
    net.eval()
    with torch.no_grad():
        logits = net(torch.tensor(inputs[0]).reshape(batch, *shape))
        y = torch.tensor(labels[0])
        loss_sum = F.cross_entropy(logits, y, reduction="sum").item()
        correct = int((logits.argmax(1) == y).sum().item())
    out.append("%.17g %d" % (loss_sum, correct))
    with open(sys.argv[2], "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
