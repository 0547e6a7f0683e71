"""Evaluates an ONNX graph with numpy, node by node, from the model file's own initializers.

Debian ships python3-onnx (to read the model) but no onnxruntime for Python, and the machine
cannot reach PyPI, so the FastAPI peer runs the same model.onnx through this small interpreter.
It supports exactly the operators the bundled Iris model uses and refuses anything else, so it
can never silently compute something different from onnxruntime.
"""
import numpy as np
import onnx
from onnx import numpy_helper


def _softmax(x, axis):
    shifted = x - np.max(x, axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=axis, keepdims=True)


def _argmax(x, axis, keepdims):
    out = np.argmax(x, axis=axis).astype(np.int64)
    return np.expand_dims(out, axis) if keepdims else out


_OPS = {
    "MatMul": lambda ins, at: np.matmul(ins[0], ins[1]),
    "Add": lambda ins, at: ins[0] + ins[1],
    "Softmax": lambda ins, at: _softmax(ins[0], at.get("axis", -1)),
    "ArgMax": lambda ins, at: _argmax(ins[0], at.get("axis", 0), at.get("keepdims", 1)),
}


class NumpyOnnxModel:
    """The graph of one model.onnx, runnable on numpy arrays."""

    def __init__(self, path):
        model = onnx.load(path)
        graph = model.graph
        self.values = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
        self.nodes = []
        for node in graph.node:
            if node.domain not in ("", "ai.onnx") or node.op_type not in _OPS:
                raise ValueError(f"operator {node.domain}:{node.op_type} is not supported by the numpy evaluator")
            attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
            self.nodes.append((node.op_type, list(node.input), list(node.output), attrs))
        self.inputs = [i.name for i in graph.input if i.name not in self.values]
        self.outputs = [o.name for o in graph.output]

    def run(self, feeds):
        values = dict(self.values)
        values.update(feeds)
        for op, inputs, outputs, attrs in self.nodes:
            values[outputs[0]] = _OPS[op]([values[name] for name in inputs], attrs)
        return {name: values[name] for name in self.outputs}
