/** Runtime tensors as JSON tensor data: the element values a REST response carries. */
import type { Tensor } from '../runtime/tensor';
import { halfToNumber } from '../runtime/tensor-bytes';

/** JSON-safe element values of a tensor (BigInt → number, BOOL bytes → boolean, FP16 bits → their value). */
export function toJsonData(tensor: Tensor): (number | boolean | string)[] {
  const data = tensor.data as ArrayLike<number | bigint | string>;
  const out = new Array<number | boolean | string>(data.length);
  if (tensor.datatype === 'BOOL') {
    for (let i = 0; i < data.length; i++) out[i] = data[i] === 1;
  } else if (tensor.datatype === 'FP16') {
    for (let i = 0; i < data.length; i++) out[i] = halfToNumber(data[i] as number);
  } else {
    for (let i = 0; i < data.length; i++) {
      const v = data[i];
      out[i] = typeof v === 'bigint' ? Number(v) : v;
    }
  }
  return out;
}
