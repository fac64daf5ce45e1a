// Hostile action-plan CSV files, imported into a real store (the seeded plan, in a temp folder) and
// through the command line: any bytes, any cells, and the plan's own export with cells replaced,
// columns dropped or swapped, rows duplicated, quotes, line breaks, formula-looking text and huge
// cells. Properties: the import either succeeds or fails with the importer's own error listing
// the problems (never another exception); a refused file (or a dry run) leaves the data files
// byte for byte as they were; what the command line prints has no stack trace; and whatever text
// is imported comes back unchanged through export and import (a second import changes nothing).
import { expect } from 'chai';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { runPlanCsvCli } from '../../src/cli/plan-csv-cli.ts';
import { unguardCell } from '../../src/plan-csv/csv-format.ts';
import { exportMilestonesCsv } from '../../src/plan-csv/export-plan-csv.ts';
import { ImportInvalidError, importPlan } from '../../src/plan-csv/import-plan.ts';
import { seedEmptyStore } from '../../src/seed/seed-store.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { ChangeContext, Repository } from '../../src/store/repository.ts';
import { awkwardString, dataFingerprint, fuzzParameters, internalDetail } from '../helpers/fuzz.ts';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.ts';

const CTX: ChangeContext = { actor: { name: 'csv import (fuzz)' }, via: 'import' };

/** Cells people paste into spreadsheets, and the ones that break naive CSV handling. */
const cell = fc.oneof(
  { weight: 3, arbitrary: awkwardString },
  { weight: 2, arbitrary: fc.constantFrom('', '"', '""', 'a,b', 'line\nbreak', '\r\n', '=HYPERLINK("http://evil","x")', '+1', '-2', '@SUM(A1)', "'=1", '\uFEFF', 'Grey', 'Amber', 'red', 'complete', '31/02/2026', '2026-02-29', '2026-13-01', '01/01/2026', 'rmbc', 'RMBC', 'civic-pride', 'BSC-0.1', 'BSC-0.1-M1', 'bsc-0.1-m1') },
  { weight: 1, arbitrary: fc.integer({ min: 500, max: 25_000 }).map((n) => 'y'.repeat(n)) },
);

/** Columns of free text, where anything typed should be taken as it is and survive a round trip. */
const TEXT_COLUMNS = ['milestone', 'commentary', 'evidence', 'owner_role'] as const;

type Edit =
  | { kind: 'text'; row: number; column: (typeof TEXT_COLUMNS)[number]; value: string }
  | { kind: 'cell'; row: number; column: number; value: string }
  | { kind: 'drop-column'; column: number }
  | { kind: 'swap-columns'; a: number; b: number }
  | { kind: 'duplicate-row'; row: number }
  | { kind: 'drop-row'; row: number }
  | { kind: 'extra-cell'; row: number; value: string }
  | { kind: 'header'; column: number; value: string };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('text' as const), row: fc.nat(), column: fc.constantFrom(...TEXT_COLUMNS), value: cell.filter((v) => v.trim() !== '') }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('cell' as const), row: fc.nat(), column: fc.nat(), value: cell }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('drop-column' as const), column: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('swap-columns' as const), a: fc.nat(), b: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicate-row' as const), row: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('drop-row' as const), row: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('extra-cell' as const), row: fc.nat(), value: cell }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('header' as const), column: fc.nat(), value: cell }) },
);

function applyEdits(table: string[][], edits: readonly Edit[]): string[][] {
  const rows = table.map((r) => [...r]);
  const width = () => rows[0]?.length ?? 1;
  const body = (n: number) => 1 + (n % Math.max(1, rows.length - 1));
  for (const e of edits) {
    switch (e.kind) {
      case 'text': {
        const target = rows[body(e.row)];
        const column = rows[0]?.indexOf(e.column) ?? -1;
        if (target && column >= 0) target[column] = e.value;
        break;
      }
      case 'cell': {
        const target = rows[body(e.row)];
        if (target) target[e.column % width()] = e.value;
        break;
      }
      case 'drop-column':
        for (const r of rows) r.splice(e.column % width(), 1);
        break;
      case 'swap-columns':
        for (const r of rows) {
          const [i, j] = [e.a % width(), e.b % width()];
          [r[i], r[j]] = [r[j] ?? '', r[i] ?? ''];
        }
        break;
      case 'duplicate-row':
        rows.splice(body(e.row), 0, [...(rows[body(e.row)] ?? [])]);
        break;
      case 'drop-row':
        if (rows.length > 1) rows.splice(body(e.row), 1);
        break;
      case 'extra-cell':
        rows[body(e.row)]?.push(e.value);
        break;
      case 'header':
        if (rows[0]) rows[0][e.column % width()] = e.value;
        break;
    }
  }
  return rows;
}

describe('Hostile input: action-plan CSV imports (fuzz)', function () {
  this.timeout(120_000);
  let repo: Repository;
  let dataDir: string;
  /** A few rows of the plan's own export, as it is now (so versions are current); the edits work on these. */
  const exported = (): string[][] => (parse(exportMilestonesCsv(repo), { bom: true }) as string[][]).slice(0, 6);

  before(async () => {
    dataDir = makeTempDir('scf-csv-fuzz-');
    repo = await openStore({ dataDir });
    await seedEmptyStore(repo, { seedPath: path.resolve('storage/seed/action-plan.json'), now: new Date() });
  });
  after(async () => {
    await repo.close();
    removeTempDirs();
  });

  /** Imports `text`; a refusal must be the importer's own error and change no byte of the data. */
  async function importOrRefuse(text: string, dryRun: boolean): Promise<'imported' | 'refused'> {
    const before = await dataFingerprint(dataDir);
    const seq = repo.info().lastSeq;
    try {
      await importPlan(repo, text, CTX, { dryRun });
    } catch (error) {
      expect(error, error instanceof Error ? (error.stack ?? error.message) : String(error)).to.be.instanceOf(ImportInvalidError);
      const message = error instanceof ImportInvalidError ? [error.message, ...error.errors.map((e) => e.message)].join('\n') : '';
      const leaked = internalDetail(message, text);
      expect(leaked, leaked).to.equal(undefined);
      expect(repo.info().lastSeq).to.equal(seq);
      expect(await dataFingerprint(dataDir), 'a refused file changes no byte of the data').to.equal(before);
      return 'refused';
    }
    if (dryRun) expect(await dataFingerprint(dataDir), 'a dry run changes no byte of the data').to.equal(before);
    return 'imported';
  }

  it('refuses any bytes that are not a plan with the importer\'s own error, writing nothing', async () => {
    const files = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 400 }),
      fc.array(fc.array(cell, { maxLength: 16 }), { maxLength: 8 }).map((rows) => stringify(rows)),
      fc.array(fc.array(cell, { minLength: 14, maxLength: 14 }), { minLength: 1, maxLength: 4 }).map((rows) => stringify([exported()[0] ?? [], ...rows])),
    );
    await fc.assert(fc.asyncProperty(files, fc.boolean(), async (text, dryRun) => void (await importOrRefuse(text, dryRun))), fuzzParameters(200));
  });

  it('takes the plan\'s own export with any edits: imported, or refused with nothing written; a second import changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 5 }), fc.boolean(), async (edits, dryRun) => {
        const table = applyEdits(exported(), edits);
        const outcome = await importOrRefuse(stringify(table), dryRun);
        if (outcome === 'refused' || dryRun) return;
        // Free text is taken as typed (trimmed): quotes, line breaks, formula-like text and all; a
        // leading apostrophe is the spreadsheet's "take this literally" mark, as the export writes it,
        // and text that is not valid UTF-16 (a lone surrogate) is read with U+FFFD in its place, as
        // from any file on disk.
        if (edits.every((e) => e.kind === 'text')) {
          const header = table[0] ?? [];
          for (const row of table.slice(1)) {
            const stored = repo.get('milestones', row[header.indexOf('milestone_id')] ?? '');
            const field = { milestone: 'description', commentary: 'commentary', evidence: 'evidence' } as const;
            const typed = (column: string) => Buffer.from(unguardCell(row[header.indexOf(column)] ?? ''), 'utf8').toString('utf8').trim();
            for (const [column, key] of Object.entries(field)) expect(stored?.[key] ?? '', column).to.equal(typed(column));
            expect(stored?.owner.role, 'owner_role').to.equal(typed('owner_role'));
          }
        }
        // Whatever the file said is now the plan: exporting and importing it again changes nothing.
        const again = await importPlan(repo, exportMilestonesCsv(repo), CTX, {});
        expect(again, 'a second import of the export').to.include({ milestonesCreated: 0, milestonesUpdated: 0, actionsCreated: 0, actionsUpdated: 0 });
      }),
      fuzzParameters(150),
    );
  });

  it('refuses a status cell naming a property every object has ("constructor", "toString") as not a status (found by fuzzing: was a TypeError)', async () => {
    for (const word of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const table = exported().slice(0, 2);
      const header = table[0] ?? [];
      const row = table[1] ?? [];
      row[header.indexOf('status')] = word;
      const refusal = await importPlan(repo, stringify(table), CTX).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refusal, word).to.be.instanceOf(ImportInvalidError);
      expect(refusal instanceof ImportInvalidError ? refusal.errors : [], word).to.deep.include({ line: 2, column: 'status', message: `"${word}" is not a status; use one of not-started, on-track, delayed, off-track, complete, closed (or Grey, Green, Amber, Red, Blue)` });
    }
  });

  it('prints no stack trace or internal detail at the command line, for any file', async () => {
    const rows = exported();
    await repo.close();
    try {
      const file = path.join(makeTempDir('scf-csv-file-'), 'plan.csv');
      await fc.assert(
        fc.asyncProperty(fc.array(edit, { maxLength: 4 }), fc.constantFrom<string[]>([], ['--dry-run']), async (edits, flags) => {
          const text = stringify(applyEdits(rows, edits));
          writeFileSync(file, text);
          const said: string[] = [];
          const code = await runPlanCsvCli(['import', file, ...flags], { DATA_DIR: dataDir, LOG_LEVEL: 'warn' }, { out: (t) => said.push(t), err: (t) => said.push(t) });
          expect(code, said.join('\n')).to.be.oneOf([0, 1]);
          const leaked = internalDetail(said.join('\n'), text, [dataDir]);
          expect(leaked, leaked).to.equal(undefined);
        }),
        fuzzParameters(40),
      );
    } finally {
      repo = await openStore({ dataDir });
    }
  });
});
