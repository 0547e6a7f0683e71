/** Runtime tensors as JSON tensor data: the element values a REST response carries. */
import type { Tensor } from '../runtime/tensor';

/** JSON-safe element values of a tensor (BigInt → number, BOOL bytes → boolean). */
export function toJsonData(tensor: Tensor): (number | boolean | string)[] {
  const data = tensor.data as ArrayLike<number | bigint | string>;
  const bool = tensor.datatype === 'BOOL';
  const out = new Array<number | boolean | string>(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    out[i] = typeof v === 'bigint' ? Number(v) : bool ? v === 1 : v;
  }
  return out;
}
