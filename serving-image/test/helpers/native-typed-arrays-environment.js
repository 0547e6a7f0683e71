/**
 * Jest's node environment runs tests in a separate V8 context with its own typed-array
 * constructors. onnxruntime-node's native binding creates output tensors with the real
 * (outer-context) BigInt64Array/Float32Array, and onnxruntime-common then rejects them with
 * "A int64 tensor's data must be type of BigInt64Array". Sharing the outer constructors
 * makes tests see exactly what the server sees in production.
 */
const { TestEnvironment } = require('jest-environment-node');

const TYPED_ARRAYS = ['ArrayBuffer', 'SharedArrayBuffer', 'DataView', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray',
  'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array'];

class NativeTypedArraysEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of TYPED_ARRAYS) this.global[name] = globalThis[name];
  }
}

module.exports = NativeTypedArraysEnvironment;
