"""The formulas the step mode shows: the loss, and the optimizer's update of one weight with the
step's real numbers filled in (Keras 3's update rules, as ``core.optimizers`` computes them).

``update_lines(trace, key, index)`` recomputes the update of ``weights[key][index]`` in float64
from the recorded gradient and optimizer state; the last line shows the new weight the step
actually wrote, so the learner can check the arithmetic (it agrees to float32 rounding)."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QCoreApplication


def _tr(text: str) -> str:
    return QCoreApplication.translate("StepFormulas", text)


# loss name (Keras's, lower case, aliases resolved) -> formula over the batch of n samples
LOSS_FORMULAS = {
    "categorical_crossentropy": "L = −(1/n) Σᵢ Σₖ yᵢₖ · log ŷᵢₖ",
    "sparse_categorical_crossentropy": "L = −(1/n) Σᵢ log ŷᵢ,yᵢ",
    "binary_crossentropy": "L = −(1/n) Σᵢ [yᵢ · log ŷᵢ + (1 − yᵢ) · log(1 − ŷᵢ)]",
    "mean_squared_error": "L = (1/n) Σᵢ (ŷᵢ − yᵢ)²",
    "mean_absolute_error": "L = (1/n) Σᵢ |ŷᵢ − yᵢ|",
}
_ALIASES = {"mse": "mean_squared_error", "mae": "mean_absolute_error", "bce": "binary_crossentropy",
            "meansquarederror": "mean_squared_error", "meanabsoluteerror": "mean_absolute_error",
            "categoricalcrossentropy": "categorical_crossentropy", "binarycrossentropy": "binary_crossentropy",
            "sparsecategoricalcrossentropy": "sparse_categorical_crossentropy"}


def loss_name(loss) -> str:
    """A compiled loss (name, instance or config) as Keras's snake-case name."""
    if isinstance(loss, dict):
        loss = loss.get("class_name") or loss.get("config", {}).get("name") or ""
    name = loss if isinstance(loss, str) else getattr(loss, "name", None) or type(loss).__name__
    key = name.lower().replace("_", "")
    return _ALIASES.get(key, _ALIASES.get(name.lower(), name.lower()))


def loss_formula(loss) -> str:
    """The loss's formula, or a sentence naming it when it has none here."""
    name = loss_name(loss)
    return LOSS_FORMULAS.get(name) or _tr("L = {name}(y, ŷ), averaged over the batch").format(name=name)


def _f(x) -> str:
    x = float(x)
    return f"{x:.6g}" if x == 0 or 1e-4 <= abs(x) < 1e5 else f"{x:.4e}"


def update_lines(trace, key: str, index: tuple) -> list[str]:
    """The update of weight ``key`` at ``index`` as lines of formula = numbers.

    ``trace`` is a ``core.introspect.StepTrace``. Known rules: SGD (with and without momentum,
    Nesterov), RMSprop (plain, momentum, centered), Adam; others show old + change = new.
    """
    h = trace.hyper
    lr = h["learning_rate"]
    w0 = float(trace.weights_before[key][index])
    w1 = float(trace.weights_after[key][index])
    g = float(trace.gradients[key][index])
    before = {s: float(a[index]) for s, a in trace.state_before.get(key, {}).items()}
    after = {s: float(a[index]) for s, a in trace.state_after.get(key, {}).items()}
    opt = trace.optimizer
    lines = [f"w = {_f(w0)}    g = ∂L/∂w = {_f(g)}    η = {_f(lr)}"]
    if h.get("weight_decay"):
        lines.append(_tr("weight decay first: w ← w − w · {wd} · η").format(wd=_f(h["weight_decay"])))
    if opt == "SGD" and not h.get("momentum"):
        lines.append(f"w ← w − η · g = {_f(w0)} − {_f(lr)} · {_f(g)} = {_f(w0 - lr * g)}")
    elif opt == "SGD":
        mu, m0, m1 = h["momentum"], before.get("momentum", 0.0), after.get("momentum", 0.0)
        lines.append(f"m ← μ · m − η · g = {_f(mu)} · {_f(m0)} − {_f(lr)} · {_f(g)} = {_f(mu * m0 - lr * g)}")
        if h.get("nesterov"):
            lines.append(f"w ← w + μ · m − η · g = {_f(w0)} + {_f(mu)} · {_f(m1)} − {_f(lr)} · {_f(g)} = "
                         f"{_f(w0 + mu * m1 - lr * g)}")
        else:
            lines.append(f"w ← w + m = {_f(w0)} + {_f(m1)} = {_f(w0 + m1)}")
    elif opt == "RMSprop":
        rho, eps, v0 = h["rho"], h["epsilon"], before.get("velocity", 0.0)
        v1 = rho * v0 + (1 - rho) * g * g
        lines.append(f"v ← ρ · v + (1 − ρ) · g² = {_f(rho)} · {_f(v0)} + {_f(1 - rho)} · {_f(g)}² = {_f(v1)}")
        if h.get("centered"):
            a0 = before.get("average_gradient", 0.0)
            a1 = rho * a0 + (1 - rho) * g
            lines.append(f"a ← ρ · a + (1 − ρ) · g = {_f(a1)}")
            den = math.sqrt(max(v1 - a1 * a1 + eps, 0.0))
            lines.append(f"√(v − a² + ε) = {_f(den)}")
        else:
            den = math.sqrt(v1 + eps)
        step = lr * g / den if den else 0.0
        if h.get("momentum"):
            mu, m0 = h["momentum"], before.get("momentum", 0.0)
            lines.append(f"m ← μ · m + η · g / √(v + ε) = {_f(mu)} · {_f(m0)} + {_f(step)} = {_f(mu * m0 + step)}")
            lines.append(f"w ← w − m = {_f(w0)} − {_f(mu * m0 + step)} = {_f(w0 - mu * m0 - step)}")
        else:
            lines.append(f"w ← w − η · g / √(v + ε) = {_f(w0)} − {_f(lr)} · {_f(g)} / √({_f(v1)} + {_f(eps)}) "
                         f"= {_f(w0 - step)}")
    elif opt == "Adam":
        b1, b2, eps, t = h["beta_1"], h["beta_2"], h["epsilon"], trace.iteration
        m0, v0 = before.get("momentum", 0.0), before.get("velocity", 0.0)
        m1 = b1 * m0 + (1 - b1) * g
        v1 = b2 * v0 + (1 - b2) * g * g
        alpha = lr * math.sqrt(1 - b2 ** t) / (1 - b1 ** t)
        lines.append(f"m ← β₁ · m + (1 − β₁) · g = {_f(b1)} · {_f(m0)} + {_f(1 - b1)} · {_f(g)} = {_f(m1)}")
        lines.append(f"v ← β₂ · v + (1 − β₂) · g² = {_f(b2)} · {_f(v0)} + {_f(1 - b2)} · {_f(g)}² = {_f(v1)}")
        lines.append(f"α = η · √(1 − β₂ᵗ) / (1 − β₁ᵗ) = {_f(lr)} · √(1 − {_f(b2)}^{t}) / (1 − {_f(b1)}^{t}) "
                     f"= {_f(alpha)}")
        lines.append(f"w ← w − α · m / (√v + ε) = {_f(w0)} − {_f(alpha)} · {_f(m1)} / (√{_f(v1)} + {_f(eps)}) "
                     f"= {_f(w0 - alpha * m1 / (math.sqrt(v1) + eps))}")
    else:
        lines.append(_tr("{name}'s own rule: w ← w + Δ").format(name=opt))
    lines.append(_tr("new weight written by the step: {new}   (change {delta})").format(
        new=_f(w1), delta=_f(w1 - w0)))
    return lines


def default_index(trace, key: str) -> tuple:
    """The position of the largest gradient of ``key`` (the most-moved weight is the telling one)."""
    g = np.abs(np.asarray(trace.gradients[key]))
    return tuple(int(i) for i in np.unravel_index(int(np.argmax(g)), g.shape)) if g.size else ()
