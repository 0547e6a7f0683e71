/**
 * Process environment onnxruntime must see before its native library initialises, imported
 * first by the ONNX adapter.
 *
 * onnxruntime-node 1.29+ ships 1DS telemetry on Linux. Unless ORT_DISABLE_TELEMETRY=1 is set
 * when the library initialises, every process creates an empty /tmp/mat-debug-<pid>.log (the
 * telemetry SDK's trace file), writes a device id under $XDG_CACHE_HOME or ~/.cache, and tries to
 * upload a ProcessInfo event to an external collector. A model server writes nothing outside
 * what its docs list and makes no outbound calls, so it is off unless the operator sets the
 * variable explicitly.
 */
if (process.env.ORT_DISABLE_TELEMETRY === undefined) process.env.ORT_DISABLE_TELEMETRY = '1';

export {};
