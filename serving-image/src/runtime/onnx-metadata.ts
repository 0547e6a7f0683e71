/**
 * Reads ModelProto.metadata_props from an ONNX file: onnxruntime-node does not expose them,
 * and a protobuf library is not worth a runtime dependency for two string fields.
 */
import { ModelLoadError } from './model';

/** Yields the length-delimited fields of a protobuf message (other wire types are skipped). */
function* lengthDelimitedFields(bytes: Uint8Array): Generator<[number, Uint8Array]> {
  let pos = 0;
  const varint = (): number => {
    let result = 0;
    for (let shift = 0; ; shift += 7) {
      const b = bytes[pos++];
      if (b === undefined || shift > 49) throw new ModelLoadError('model.onnx is not a valid protobuf');
      result += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return result;
    }
  };
  while (pos < bytes.length) {
    const key = varint();
    const wire = key & 7;
    if (wire === 0) varint();
    else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else if (wire === 2) {
      const len = varint();
      yield [Math.floor(key / 8), bytes.subarray(pos, pos + len)];
      pos += len;
    } else throw new ModelLoadError(`model.onnx is not a valid protobuf (wire type ${wire})`);
  }
}

/** ModelProto field 14 (metadata_props: StringStringEntryProto{key = 1, value = 2}) as a record. */
export function readMetadataProps(bytes: Uint8Array): Record<string, string> {
  const text = new TextDecoder();
  const props: Record<string, string> = {};
  for (const [field, entry] of lengthDelimitedFields(bytes)) {
    if (field !== 14) continue;
    let key = '';
    let value = '';
    for (const [f, data] of lengthDelimitedFields(entry)) {
      if (f === 1) key = text.decode(data);
      if (f === 2) value = text.decode(data);
    }
    if (key) props[key] = value;
  }
  return props;
}
