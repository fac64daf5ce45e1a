// A list shows every record it can: one record that cannot be rendered (damaged by hand, or
// written by a bug) is left out and named to whoever keeps the log, never taking the whole list,
// and everyone's use of it, down with it.

export type SkippedRecord = (id: string, error: unknown) => void;

export function renderEach<T extends { id: string }, R>(records: readonly T[], render: (record: T) => R, skipped: SkippedRecord): R[] {
  const rendered: R[] = [];
  for (const record of records) {
    try {
      rendered.push(render(record));
    } catch (error) {
      skipped(record.id, error);
    }
  }
  return rendered;
}
