// A raw data set (collections of records as read from disk) through the record codec: decoded
// before it is validated, encoded before it is written. Collections without encrypted fields pass
// through untouched.
import { COLLECTION_NAMES } from '../domain/model.ts';
import type { RawDataset } from './dataset-validation.ts';
import type { RecordCodec } from './field-cipher.ts';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function decodeDataset(codec: RecordCodec, data: RawDataset): RawDataset {
  const out: RawDataset = { ...data };
  for (const collection of COLLECTION_NAMES) {
    const records = data[collection];
    if (records) out[collection] = records.map((r) => (isRecord(r) ? codec.decode(collection, r) : r));
  }
  return out;
}
