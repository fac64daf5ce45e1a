// Checks raw records against the domain schemas and reports the first problem in words an
// operator can act on: which collection, which record, which field, what was expected.
import { collectionSchemas, COLLECTION_NAMES, type CollectionName, type Dataset } from '../domain/model.ts';

export type RawDataset = Record<string, unknown[]>;

export interface DatasetProblem {
  collection: CollectionName;
  index: number;
  recordId?: string;
  message: string;
}

export function describeProblem(problem: DatasetProblem): string {
  const which = problem.recordId ? `record "${problem.recordId}"` : `record #${problem.index + 1}`;
  return `${problem.collection}: ${which}: ${problem.message}`;
}

export type ValidationOutcome = { ok: true; dataset: Dataset } | { ok: false; problem: DatasetProblem };

export function validateDataset(raw: RawDataset): ValidationOutcome {
  const dataset: Partial<Record<CollectionName, unknown[]>> = {};
  for (const collection of COLLECTION_NAMES) {
    const records = raw[collection] ?? [];
    const schema = collectionSchemas[collection];
    const seen = new Set<string>();
    const valid: unknown[] = [];
    for (const [index, record] of records.entries()) {
      const result = schema.safeParse(record);
      const recordId = idOf(record);
      if (!result.success) {
        const issue = result.error.issues[0];
        const field = issue && issue.path.length > 0 ? `field ${issue.path.join('.')}: ` : '';
        return { ok: false, problem: { collection, index, recordId, message: `${field}${issue?.message ?? 'invalid'}` } };
      }
      if (seen.has(result.data.id)) {
        return { ok: false, problem: { collection, index, recordId, message: 'the id is used twice' } };
      }
      seen.add(result.data.id);
      valid.push(result.data);
    }
    dataset[collection] = valid;
  }
  return { ok: true, dataset: dataset as Dataset };
}

function idOf(record: unknown): string | undefined {
  if (record && typeof record === 'object' && 'id' in record && typeof record.id === 'string') return record.id;
  return undefined;
}
