"""FastAPI + uvicorn peer of the serving image: Open Inference Protocol V2 JSON over the same model.onnx.

Handlers are `async def`: the model is tiny, so running it on the event loop is FastAPI's fastest
configuration (a plain `def` would add a thread-pool hop per request).

Request bodies are validated with pydantic models (as FastAPI services and KServe's own Python
server do), the input is checked against the model's shape, and the response carries the same
outputs, datatypes and shapes as the Fastify server's. Run with
  MODEL_DIR=serving-image/model/iris python3 -m uvicorn fastapi_server:app --app-dir bench/peers --port 8081
"""
import os
from typing import Any, Dict, List, Optional, Union

import numpy as np
from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

from onnx_numpy import NumpyOnnxModel

MODEL_NAME = os.environ.get("MODEL_NAME", "iris")
MODEL_VERSION = os.environ.get("MODEL_VERSION", "1.0.0")
MODEL = NumpyOnnxModel(os.path.join(os.environ["MODEL_DIR"], "model.onnx"))
FEATURES = 4
DATATYPES = {"label": "INT64", "probabilities": "FP32"}


class RequestInput(BaseModel):
    name: str
    shape: List[int]
    datatype: str
    parameters: Optional[Dict[str, Any]] = None
    data: List[Union[float, List[float]]]


class RequestOutput(BaseModel):
    name: str


class InferenceRequest(BaseModel):
    id: Optional[str] = None
    parameters: Optional[Dict[str, Any]] = None
    inputs: List[RequestInput]
    outputs: Optional[List[RequestOutput]] = None


app = FastAPI(title="FastAPI peer")


@app.get("/v2/health/live")
async def live():
    return {"live": True}


@app.get("/v2/health/ready")
async def ready():
    return {"ready": True}


@app.post("/v2/models/{model}/infer")
async def infer(model: str, request: InferenceRequest):
    if model != MODEL_NAME:
        raise HTTPException(404, f"unknown model {model}")
    if len(request.inputs) != 1 or request.inputs[0].name != MODEL.inputs[0]:
        raise HTTPException(400, f"expected one input named {MODEL.inputs[0]}")
    tensor = request.inputs[0]
    if tensor.datatype != "FP32" or len(tensor.shape) != 2 or tensor.shape[1] != FEATURES:
        raise HTTPException(400, f"input must be FP32 with shape [batch, {FEATURES}]")
    batch = np.asarray(tensor.data, dtype=np.float32).reshape(-1)
    if batch.size != tensor.shape[0] * FEATURES:
        raise HTTPException(400, f"shape {tensor.shape} does not match {batch.size} elements")
    results = MODEL.run({MODEL.inputs[0]: batch.reshape(tensor.shape)})
    names = [o.name for o in request.outputs] if request.outputs else MODEL.outputs
    outputs = [{
        "name": name,
        "datatype": DATATYPES[name],
        "shape": list(results[name].shape),
        "data": results[name].reshape(-1).tolist(),
    } for name in names]
    response = {"model_name": MODEL_NAME, "model_version": MODEL_VERSION, "outputs": outputs}
    if request.id is not None:
        response["id"] = request.id
    return response
