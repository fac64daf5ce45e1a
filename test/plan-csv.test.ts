// The action-plan CSV: the parser's rules and error positions, the export's format, and import
// into a real store in a temp folder (all or nothing, versions, history, stale rows, the CLI).
import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Action, Dataset, Milestone, Organisation, Theme } from '../src/domain/model.ts';
import { COLLECTION_NAMES } from '../src/domain/model.ts';
import { updateMilestone } from '../src/domain/milestones/update-milestone.ts';
import { EXPORT_COLUMNS, PLAN_COLUMNS, compareIdsNaturally, guardCell, unguardCell, type PlanColumn } from '../src/plan-csv/csv-format.ts';
import { exportMilestonesCsv } from '../src/plan-csv/export-plan-csv.ts';
import { ImportInvalidError, importPlan } from '../src/plan-csv/import-plan.ts';
import { parsePlanCsv, type RowError } from '../src/plan-csv/parse-plan-csv.ts';
import { runPlanCsvCli, type CliIo } from '../src/cli/plan-csv-cli.ts';
import { seedEmptyStore } from '../src/seed/seed-store.ts';
import { openStore } from '../src/store/open-store.ts';
import type { ChangeContext, ReadView, Repository } from '../src/store/repository.ts';
import { makeTempDir, removeTempDirs } from './helpers/temp-dir.ts';

// --- fixtures --------------------------------------------------------------------------------------

const THEMES: Theme[] = [
  { id: 'coordination', title: 'Coordination and overarching activity', order: 1 },
  { id: 'civic-pride', title: 'A strong civic community and pride of place', order: 2 },
  { id: 'bringing-together', title: 'Bringing people together', order: 3 },
  { id: 'rights-responsibilities', title: 'Our rights and responsibilities towards each other', order: 4 },
  { id: 'opportunity', title: 'Expanding opportunity and economic security', order: 5 },
];

const ORGANISATIONS: Organisation[] = [
  { id: 'rmbc', name: 'Rotherham Metropolitan Borough Council', shortName: 'RMBC', kind: 'council' },
  { id: 'syp', name: 'South Yorkshire Police', shortName: 'SYP', kind: 'police' },
  { id: 'var', name: 'Voluntary Action Rotherham', shortName: 'VAR', kind: 'vcs' },
];

const REFERENCE = { organisations: ORGANISATIONS, themes: THEMES };

type Row = Partial<Record<PlanColumn | 'version' | 'updated_at' | 'updated_by', string>>;

/** A valid row; each test overrides what it is about. */
function row(overrides: Row = {}): Row {
  return {
    theme: 'civic-pride',
    action_id: 'BSC-2.3',
    action_title: 'Promote civic pride through events',
    action_lead_organisation: 'rmbc',
    action_lead_role: 'Community Cohesion Manager',
    milestone_id: 'BSC-2.3-M1',
    milestone: 'Hold a civic pride roadshow in each locality',
    owner_organisation: 'var',
    owner_role: 'Community Development Officer',
    due: '2026-03-31',
    revised_due: '',
    status: 'on-track',
    commentary: '',
    evidence: '',
    ...overrides,
  };
}

/** A CSV text with the given header (the plan columns by default), quoting cells as RFC 4180 asks. */
function csvOf(rows: Row[], options: { columns?: readonly string[]; eol?: string } = {}): string {
  const columns = options.columns ?? PLAN_COLUMNS;
  const eol = options.eol ?? '\n';
  const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = [columns.join(','), ...rows.map((r) => columns.map((c) => quote(r[c as keyof Row] ?? '')).join(','))];
  return lines.join(eol) + eol;
}

function errorsOf(text: string): RowError[] {
  const result = parsePlanCsv(text, REFERENCE);
  if (result.ok) throw new Error('expected the file to be refused');
  return result.errors;
}

function okOf(text: string) {
  const result = parsePlanCsv(text, REFERENCE);
  if (!result.ok) throw new Error(`expected the file to parse, got ${JSON.stringify(result.errors)}`);
  return result;
}

/** Just where each error is, for compact assertions. */
function where(errors: RowError[]): string[] {
  return errors.map((e) => `${e.line}:${e.column ?? '-'}`);
}

// --- parser ----------------------------------------------------------------------------------------

describe('plan CSV parser', () => {
  it('reads a good file into actions and milestones, resolving themes and organisations forgivingly', () => {
    const result = okOf(
      csvOf([
        row({ theme: 'A STRONG civic community and pride of place', action_lead_organisation: 'Rotherham Metropolitan Borough Council' }),
        row({ milestone_id: 'BSC-2.3-M2', milestone: 'Publish a calendar', owner_organisation: 'syp', status: 'Amber', revised_due: '30/06/2026', commentary: 'Venue fell through' }),
        row({
          theme: 'Bringing people together',
          action_id: 'BSC-3.1',
          action_title: 'Community events',
          action_lead_organisation: 'VAR',
          milestone_id: 'BSC-3.1-M1',
          status: 'complete',
          evidence: 'Report to forum, May',
        }),
      ]),
    );
    expect(result.actions).to.deep.equal([
      { id: 'BSC-2.3', themeId: 'civic-pride', title: 'Promote civic pride through events', lead: { organisationId: 'rmbc', role: 'Community Cohesion Manager' }, supportingOrganisationIds: [] },
      { id: 'BSC-3.1', themeId: 'bringing-together', title: 'Community events', lead: { organisationId: 'var', role: 'Community Cohesion Manager' }, supportingOrganisationIds: [] },
    ] satisfies Action[]);
    expect(result.milestones).to.have.length(3);
    expect(result.milestones[1]).to.deep.equal({
      id: 'BSC-2.3-M2',
      actionId: 'BSC-2.3',
      description: 'Publish a calendar',
      owner: { organisationId: 'syp', role: 'Community Development Officer' },
      originalDue: '2026-03-31',
      revisedDue: '2026-06-30',
      status: 'delayed',
      commentary: 'Venue fell through',
    });
    expect(result.milestones[0]).to.not.have.property('commentary');
    expect(result.sources.milestones.get('BSC-3.1-M1')).to.deep.equal({ line: 4 });
  });

  it('accepts ISO and UK dates and refuses impossible or unreadable ones', () => {
    const result = okOf(csvOf([row({ due: '29/02/2028' }), row({ milestone_id: 'M2', due: '1/4/2026' }), row({ milestone_id: 'M3', due: '2026-12-31' })]));
    expect(result.milestones.map((m) => m.originalDue)).to.deep.equal(['2028-02-29', '2026-04-01', '2026-12-31']);

    const errors = errorsOf(
      csvOf([
        row({ due: '31/02/2026' }),
        row({ milestone_id: 'M2', due: '2026-13-01' }),
        row({ milestone_id: 'M3', due: '31-03-2026' }),
        row({ milestone_id: 'M4', due: '03/31/2026' }),
        row({ milestone_id: 'M5', due: '29/02/2027' }),
      ]),
    );
    expect(where(errors)).to.deep.equal(['2:due', '3:due', '4:due', '5:due', '6:due']);
    expect(errors[0]?.message).to.equal('31/02/2026 is not a real date');
    expect(errors[2]?.message).to.equal('expected a date like 2026-03-31 or 31/03/2026, not "31-03-2026"');
  });

  it('accepts history back to 2000 and refuses a year no plan covers (a typing slip such as 0202 or 2206)', () => {
    expect(okOf(csvOf([row({ due: '31/03/2017' })])).milestones[0]?.originalDue).to.equal('2017-03-31');
    const errors = errorsOf(csvOf([row({ due: '01/04/0202' }), row({ milestone_id: 'M2', due: '2206-04-01' })]));
    expect(where(errors)).to.deep.equal(['2:due', '3:due']);
    expect(errors[0]?.message).to.equal('01/04/0202 is outside the years a plan covers (2000 to 2100)');
  });

  it('understands the status words people use as well as the store ids', () => {
    const words: [string, string][] = [
      ['Grey', 'not-started'],
      ['not started', 'not-started'],
      ['Green', 'on-track'],
      ['On Track', 'on-track'],
      ['on-track', 'on-track'],
      ['Red', 'off-track'],
      ['off track', 'off-track'],
      ['Blue', 'complete'],
      ['Completed', 'complete'],
      ['closed', 'closed'],
      ['AMBER', 'delayed'],
    ];
    const rows = words.map(([status], i) => row({ milestone_id: `M${i + 1}`, status, revised_due: '2026-06-30', commentary: 'why', evidence: 'what' }));
    const result = okOf(csvOf(rows));
    expect(result.milestones.map((m) => m.status)).to.deep.equal(words.map(([, id]) => id));

    const errors = errorsOf(csvOf([row({ status: 'Purple' })]));
    expect(where(errors)).to.deep.equal(['2:status']);
    expect(errors[0]?.message).to.match(/"Purple" is not a status; use one of not-started, on-track/);
  });

  it("applies the forum's status rules: delayed and off-track need commentary and a revised date, complete needs evidence", () => {
    const errors = errorsOf(
      csvOf([
        row({ status: 'delayed' }),
        row({ milestone_id: 'M2', status: 'Red', commentary: 'Funding gap' }),
        row({ milestone_id: 'M3', status: 'complete' }),
        row({ milestone_id: 'M4', status: 'off-track', revised_due: '30/02/2026' }),
      ]),
    );
    expect(where(errors)).to.deep.equal(['2:commentary', '2:revised_due', '3:revised_due', '4:evidence', '5:revised_due', '5:commentary']);
    expect(errors[0]?.message).to.equal('a milestone marked delayed (Amber) needs a commentary saying why');
    expect(errors[3]?.message).to.equal('a milestone marked complete (Blue) needs an evidence note (what shows it was done)');
    // The unreadable revised date is reported as such, not also as missing.
    expect(errors[4]?.message).to.equal('30/02/2026 is not a real date');
  });

  it('names unknown and ambiguous organisations and unknown themes', () => {
    const organisations: Organisation[] = [
      ...ORGANISATIONS,
      { id: 'sy-fire', name: 'South Yorkshire Fire and Rescue', shortName: 'SYFR', kind: 'fire' },
      { id: 'syfr-trust', name: 'SYFR', kind: 'vcs' },
    ];
    const result = parsePlanCsv(
      csvOf([
        row({ owner_organisation: 'Rotherham Counsil', theme: 'Pride' }),
        row({ milestone_id: 'M2', action_id: 'BSC-2.4', action_lead_organisation: 'syfr' }),
        // An id wins over another organisation's name or short name.
        row({ milestone_id: 'M3', action_id: 'BSC-2.5', action_lead_organisation: 'SY-FIRE' }),
      ]),
      { organisations, themes: THEMES },
    );
    expect(result.ok).to.equal(false);
    const errors = result.ok ? [] : result.errors;
    expect(where(errors)).to.deep.equal(['2:theme', '2:owner_organisation', '3:action_lead_organisation']);
    expect(errors[0]?.message).to.match(/^no theme "Pride"; use one of coordination, civic-pride/);
    expect(errors[1]?.message).to.match(/^no organisation called "Rotherham Counsil"/);
    expect(errors[2]?.message).to.equal('"syfr" could be sy-fire or syfr-trust; use the organisation\'s id');
  });

  it('refuses a milestone id used twice, pointing at the first row, even when ids differ only in case', () => {
    const errors = errorsOf(csvOf([row(), row({ milestone: 'Another' }), row({ milestone_id: 'bsc-2.3-m1' })]));
    expect(where(errors)).to.deep.equal(['3:milestone_id', '4:milestone_id']);
    expect(errors[0]?.message).to.equal('milestone BSC-2.3-M1 is already on line 2; each milestone has one row');
  });

  it('refuses rows of one action that disagree on its theme, title or lead', () => {
    const errors = errorsOf(
      csvOf([
        row(),
        row({ milestone_id: 'M2', action_title: 'Promote civic pride' }),
        row({ milestone_id: 'M3', action_lead_organisation: 'syp', action_lead_role: 'Inspector' }),
        row({ milestone_id: 'M4', theme: 'opportunity' }),
        row({ milestone_id: 'M5', action_lead_organisation: 'RMBC' }), // the same organisation, named differently: fine
      ]),
    );
    expect(where(errors)).to.deep.equal(['3:action_title', '4:action_lead_organisation', '4:action_lead_role', '5:theme']);
    expect(errors[0]?.message).to.equal(
      'action BSC-2.3 has title "Promote civic pride through events" on line 2 but "Promote civic pride" here; every row of one action must give the same action_title',
    );
  });

  it('reports every empty required cell of a row', () => {
    const errors = errorsOf(csvOf([row({ theme: '', action_title: ' ', milestone: '', owner_role: '', due: '', status: '' })]));
    expect(where(errors)).to.deep.equal(['2:theme', '2:action_title', '2:milestone', '2:owner_role', '2:due', '2:status']);
    expect(errors[0]?.message).to.equal('the theme is empty');
  });

  it('refuses text over the store limits and ids it could not use', () => {
    const errors = errorsOf(
      csvOf([
        row({ action_title: 'x'.repeat(501) }),
        row({ milestone_id: 'M2', commentary: 'y'.repeat(20_001) }),
        row({ milestone_id: 'BSC 2.3 M3' }),
        row({ milestone_id: `M${'9'.repeat(120)}` }),
      ]),
    );
    expect(where(errors)).to.deep.equal(['2:action_title', '3:commentary', '4:milestone_id', '5:milestone_id']);
    expect(errors[0]?.message).to.equal('the action title is 501 characters long; the limit is 500');
    expect(errors[1]?.message).to.equal('the commentary is 20001 characters long; the limit is 20000');
  });

  it('counts lines from the file, so a quoted cell spanning lines moves the rows after it', () => {
    const text = csvOf(
      [
        row({ commentary: 'First line\nsecond line\n\nfourth line' }),
        row({ milestone_id: 'M2', milestone: 'A "quoted"\nword' }),
        row({ milestone_id: 'M3', due: 'soon' }),
      ],
      { eol: '\r\n' },
    );
    // header 1; first row 2-5; second row 6-7; third row 8.
    expect(where(errorsOf(text))).to.deep.equal(['8:due']);

    const withCrLfInside = csvOf([row({ commentary: 'a\r\nb\r\nc' }), row({ milestone_id: 'M2', status: 'Red' })], { eol: '\r\n' });
    expect(where(errorsOf(withCrLfInside))).to.deep.equal(['5:commentary', '5:revised_due']);
  });

  it('collects every problem in the file, in line order, instead of stopping at the first', () => {
    const errors = errorsOf(
      csvOf([
        row({ due: '2026-02-30' }),
        row({ milestone_id: 'M2' }),
        row({ milestone_id: 'M3', owner_organisation: 'nobody', status: 'blue' }),
        row({ milestone_id: 'M2', action_title: 'Other' }),
      ]),
    );
    expect(where(errors)).to.deep.equal(['2:due', '4:owner_organisation', '4:evidence', '5:milestone_id', '5:action_title']);
  });

  it('tolerates a byte order mark, CRLF line endings, header names in other case, and blank rows', () => {
    const columns = PLAN_COLUMNS.map((c) => c.toUpperCase().replace(/_/g, ' '));
    const text = `\uFEFF${csvOf([row()], { eol: '\r\n' })}\r\n,,,,,,,,,,,,,\r\n`.replace(PLAN_COLUMNS.join(','), columns.join(','));
    const result = okOf(text);
    expect(result.milestones.map((m) => m.id)).to.deep.equal(['BSC-2.3-M1']);
  });

  it('names unknown header columns and missing required ones', () => {
    const errors = errorsOf(csvOf([row()], { columns: ['priority', ...PLAN_COLUMNS.filter((c) => c !== 'due' && c !== 'status')] }));
    expect(where(errors)).to.deep.equal(['1:priority', '1:due', '1:status']);
    expect(errors[0]?.message).to.match(/^unknown column "priority"; the columns are theme, action_id/);
    expect(errors[1]?.message).to.equal('required column due is missing from the header');
  });

  it('still checks the rows when the header only has an unknown column', () => {
    const errors = errorsOf(csvOf([row({ due: 'x' })], { columns: [...PLAN_COLUMNS, 'notes'] }));
    expect(where(errors)).to.deep.equal(['1:notes', '2:due']);
  });

  it('refuses a semicolon-separated file from Excel instead of misreading it', () => {
    const text = csvOf([row()]).replace(/,/g, ';');
    const errors = errorsOf(text);
    expect(errors).to.have.length(1);
    expect(errors[0]).to.include({ line: 1 });
    expect(errors[0]?.message).to.match(/separated by semicolons/);
  });

  it('reports rows with the wrong number of cells and broken quoting, with their lines', () => {
    const text =
      csvOf([row()]) +
      'civic-pride,BSC-2.3,too few\n' +
      'civic-pride,BSC-2.3,Title,rmbc,Manager,BSC-2.3-M3,He said "hi",var,Officer,2026-03-31,,on-track,,\n';
    const errors = errorsOf(text);
    expect(where(errors)).to.deep.equal(['3:-', '4:-']);
    expect(errors[0]?.message).to.match(/^this row has 3 cells but the header has 14/);
    expect(errors[1]?.message).to.match(/a " appears inside a cell/);
  });

  it('refuses an empty file and a header with no rows', () => {
    expect(errorsOf('')).to.deep.equal([{ line: 1, message: 'the file is empty; the first line must be the header row' }]);
    expect(errorsOf(`${PLAN_COLUMNS.join(',')}\n`)).to.deep.equal([{ line: 2, message: 'there are no milestone rows after the header' }]);
  });

  it('takes off exactly the apostrophe the export puts in front of a formula-like cell', () => {
    const result = okOf(csvOf([row({ milestone: "'=HYPERLINK(\"http://x\")", commentary: "''+44 only one comes off", status: 'on track' })]));
    expect(result.milestones[0]?.description).to.equal('=HYPERLINK("http://x")');
    expect(result.milestones[0]?.commentary).to.equal("'+44 only one comes off");
    // An apostrophe before ordinary text is the person's own and stays.
    expect(okOf(csvOf([row({ milestone: "'Tis the season" })])).milestones[0]?.description).to.equal("'Tis the season");
  });
});

describe('plan CSV format helpers', () => {
  it('sorts ids in natural order', () => {
    const ids = ['BSC-2.10', 'BSC-2.9', 'BSC-10.1', 'BSC-2.10-M10', 'BSC-2.10-M2', 'BSC-1.1'];
    expect([...ids].sort(compareIdsNaturally)).to.deep.equal(['BSC-1.1', 'BSC-2.9', 'BSC-2.10', 'BSC-2.10-M2', 'BSC-2.10-M10', 'BSC-10.1']);
  });

  it('guards formula-like cells so that unguarding gives back the original text', () => {
    for (const text of ['=1+1', '+44', '-5', '@SUM(A1)', '\tx', '\rx', "'=x", "''@", 'plain', "'plain", '']) {
      expect(unguardCell(guardCell(text)), JSON.stringify(text)).to.equal(text);
    }
    expect(guardCell('=1+1')).to.equal("'=1+1");
    expect(guardCell('plain')).to.equal('plain');
  });
});

// --- export ----------------------------------------------------------------------------------------

function milestone(overrides: Partial<Milestone> & Pick<Milestone, 'id'>): Milestone {
  return {
    actionId: 'BSC-2.3',
    description: 'A milestone',
    owner: { organisationId: 'var', role: 'Officer' },
    originalDue: '2026-03-31',
    status: 'not-started',
    updatedAt: '2026-01-05T10:00:00.000Z',
    updatedBy: 'seed',
    version: 1,
    ...overrides,
  };
}

function emptyDataset(): Dataset {
  return Object.fromEntries(COLLECTION_NAMES.map((c) => [c, []])) as unknown as Dataset;
}

/** A read view over plain arrays, for the export's pure tests. */
function viewOf(data: Partial<Dataset>): ReadView {
  const dataset: Dataset = { ...emptyDataset(), ...data };
  return {
    get: (collection, id) => (dataset[collection] as { id: string }[]).find((r) => r.id === id) as never,
    all: (collection) => dataset[collection],
    count: (collection) => dataset[collection].length,
  };
}

function planView(milestones: Milestone[]): ReadView {
  return viewOf({
    themes: THEMES,
    organisations: ORGANISATIONS,
    actions: [
      { id: 'BSC-2.3', themeId: 'civic-pride', title: 'Civic pride, "together"', lead: { organisationId: 'rmbc', role: 'Manager' }, supportingOrganisationIds: [] },
      { id: 'BSC-2.10', themeId: 'civic-pride', title: 'Later action', lead: { organisationId: 'syp', role: 'Inspector', personId: 'p1' }, supportingOrganisationIds: ['var'] },
    ],
    milestones,
  });
}

describe('plan CSV export', () => {
  const milestones = [
    milestone({ id: 'BSC-2.10-M1', actionId: 'BSC-2.10', status: 'complete', evidence: 'Minutes, item 4' }),
    milestone({ id: 'BSC-2.3-M2', status: 'delayed', revisedDue: '2026-06-30', commentary: 'Line one,\nline "two"', version: 3, updatedBy: 'Jo' }),
    milestone({ id: 'BSC-2.3-M1', description: '=cmd|calc!A1', commentary: '@risk', status: 'on-track' }),
    milestone({ id: 'BSC-2.9-M1', actionId: 'BSC-2.3' }),
  ];

  it('writes a header and one row per milestone in natural id order, with the read-only columns last', () => {
    const csv = exportMilestonesCsv(planView(milestones));
    const rows = parse(csv) as string[][];
    expect(rows[0]).to.deep.equal([...EXPORT_COLUMNS]);
    expect(rows.slice(1).map((r) => r[5])).to.deep.equal(['BSC-2.3-M1', 'BSC-2.3-M2', 'BSC-2.9-M1', 'BSC-2.10-M1']);
    expect(rows[2]?.slice(-3)).to.deep.equal(['3', '2026-01-05T10:00:00.000Z', 'Jo']);
    expect(rows[1]?.[3]).to.equal('Rotherham Metropolitan Borough Council');
  });

  it('quotes as RFC 4180 asks, with CRLF between records', () => {
    const csv = exportMilestonesCsv(planView(milestones));
    expect(csv.endsWith('\r\n')).to.equal(true);
    expect(csv).to.include('"Civic pride, ""together"""');
    expect(csv).to.include('"Line one,\nline ""two"""');
  });

  it('puts an apostrophe in front of cells a spreadsheet would run as a formula', () => {
    const csv = exportMilestonesCsv(planView(milestones));
    expect(csv).to.include(",'=cmd|calc!A1,");
    expect(csv).to.include(",'@risk,");
    expect(csv).to.not.match(/,=cmd/);
  });

  it('re-imports cleanly: parsing an export gives back the same actions and milestones', () => {
    const view = planView(milestones);
    const result = okOf(exportMilestonesCsv(view));
    const strip = ({ updatedAt: _a, updatedBy: _b, version: _v, ...rest }: Milestone) => rest;
    expect(result.milestones).to.deep.equal([...milestones].sort((a, b) => compareIdsNaturally(a.id, b.id)).map(strip));
    expect(result.actions.map((a) => a.id)).to.deep.equal(['BSC-2.3', 'BSC-2.10']);
    expect(result.sources.milestones.get('BSC-2.3-M2')).to.deep.equal({ line: 3, exportedVersion: 3 });
  });
});

// --- import into a real store -------------------------------------------------------------------------

const IMPORT_CTX: ChangeContext = { actor: { name: 'csv import (test)' }, via: 'import' };

async function referenceStore(): Promise<{ repo: Repository; dataDir: string }> {
  const dataDir = makeTempDir('scf-');
  const repo = await openStore({ dataDir });
  await repo.transact({ actor: { name: 'test setup' }, via: 'system' }, (tx) => {
    for (const theme of THEMES) tx.put('themes', theme, { action: 'test.setup' });
    for (const organisation of ORGANISATIONS) tx.put('organisations', organisation, { action: 'test.setup' });
  });
  return { repo, dataDir };
}

const GOOD_FILE = csvOf([
  row(),
  row({ milestone_id: 'BSC-2.3-M2', status: 'delayed', revised_due: '30/06/2026', commentary: 'Venue fell through' }),
  row({ milestone_id: 'BSC-2.3-M3', status: 'not-started' }),
]);

describe('plan CSV import into the store', () => {
  let repo: Repository | undefined;
  const store = () => {
    if (!repo) throw new Error('no store open');
    return repo;
  };
  afterEach(async () => {
    await repo?.close();
    repo = undefined;
  });
  after(() => removeTempDirs());

  it('creates actions and milestones at version 1, with history for those already under way', async () => {
    ({ repo } = await referenceStore());
    const result = await importPlan(store(), GOOD_FILE, IMPORT_CTX, {});
    expect(result).to.include({ actionsCreated: 1, milestonesCreated: 3, milestonesUpdated: 0, milestonesUnchanged: 0 });
    const m2 = store().get('milestones', 'BSC-2.3-M2');
    expect(m2).to.include({ status: 'delayed', revisedDue: '2026-06-30', version: 1, updatedBy: 'csv import (test)' });
    const history = store().all('milestoneUpdates');
    expect(history.map((u) => u.id).sort()).to.deep.equal(['BSC-2.3-M1-U1', 'BSC-2.3-M2-U1']);
    expect(store().get('milestoneUpdates', 'BSC-2.3-M2-U1')).to.include({ via: 'import', status: 'delayed', commentary: 'Venue fell through', version: 1 });
    const audit = await store().readAudit({ collection: 'milestones' });
    expect(audit.map((e) => e.action)).to.deep.equal(['import.milestone', 'import.milestone', 'import.milestone']);
    expect((await store().readAudit({ collection: 'actions' }))[0]).to.include({ action: 'import.action', via: 'import' });
  });

  it('writes nothing at all when any row is bad', async () => {
    ({ repo } = await referenceStore());
    const before = store().info().lastSeq;
    const bad = csvOf([row(), row({ milestone_id: 'BSC-2.3-M2', due: '31/02/2026' })]);
    let thrown: unknown;
    try {
      await importPlan(store(), bad, IMPORT_CTX, {});
    } catch (error) {
      thrown = error;
    }
    expect(thrown).to.be.instanceOf(ImportInvalidError);
    expect((thrown as ImportInvalidError).code).to.equal('IMPORT_INVALID');
    expect((thrown as ImportInvalidError).errors).to.deep.equal([{ line: 3, column: 'due', message: '31/02/2026 is not a real date' }]);
    expect(store().count('actions')).to.equal(0);
    expect(store().count('milestones')).to.equal(0);
    expect(store().info().lastSeq).to.equal(before);
  });

  it('leaves an unchanged milestone alone on re-import: no new version, no history, no write', async () => {
    ({ repo } = await referenceStore());
    await importPlan(store(), GOOD_FILE, IMPORT_CTX, {});
    const seq = store().info().lastSeq;
    const result = await importPlan(store(), GOOD_FILE, IMPORT_CTX, {});
    expect(result).to.include({ actionsUnchanged: 1, milestonesUnchanged: 3, milestonesUpdated: 0, milestonesCreated: 0 });
    expect(store().all('milestones').map((m) => m.version)).to.deep.equal([1, 1, 1]);
    expect(store().count('milestoneUpdates')).to.equal(2);
    expect(store().info().lastSeq).to.equal(seq);
  });

  it('bumps the version of a changed milestone and records the change in its history', async () => {
    ({ repo } = await referenceStore());
    await importPlan(store(), GOOD_FILE, IMPORT_CTX, {});
    const edited = csvOf([
      row({ status: 'complete', evidence: 'Roadshow report' }),
      row({ milestone_id: 'BSC-2.3-M2', status: 'delayed', revised_due: '30/06/2026', commentary: 'Venue fell through' }),
      row({ milestone_id: 'BSC-2.3-M3', status: 'not-started', milestone: 'Reworded description' }),
    ]);
    const result = await importPlan(store(), edited, { ...IMPORT_CTX, actor: { name: 'Sam' } }, {});
    expect(result).to.include({ milestonesUpdated: 2, milestonesUnchanged: 1 });
    expect(store().get('milestones', 'BSC-2.3-M1')).to.include({ status: 'complete', evidence: 'Roadshow report', version: 2, updatedBy: 'Sam' });
    expect(store().get('milestoneUpdates', 'BSC-2.3-M1-U2')).to.include({ previousStatus: 'on-track', status: 'complete', evidence: 'Roadshow report', by: 'Sam' });
    // A reworded description is a change (new version) but not a status update for the history.
    expect(store().get('milestones', 'BSC-2.3-M3')).to.include({ description: 'Reworded description', version: 2 });
    expect(store().get('milestoneUpdates', 'BSC-2.3-M3-U2')).to.equal(undefined);
  });

  it('keeps milestones the file does not list, and keeps store values of optional columns the file leaves out', async () => {
    ({ repo } = await referenceStore());
    await importPlan(store(), GOOD_FILE, IMPORT_CTX, {});
    const withoutCommentary = PLAN_COLUMNS.filter((c) => c !== 'commentary' && c !== 'revised_due');
    const result = await importPlan(store(), csvOf([row({ milestone_id: 'BSC-2.3-M3', status: 'on-track' })], { columns: withoutCommentary }), IMPORT_CTX, {});
    expect(result).to.include({ milestonesUpdated: 1, milestonesUnchanged: 0, milestonesRemoved: 0 });
    expect(store().count('milestones')).to.equal(3);
    expect(store().get('milestones', 'BSC-2.3-M2')).to.include({ commentary: 'Venue fell through', version: 1 });
  });

  it('with replace, removes milestones and actions the file does not list', async () => {
    ({ repo } = await referenceStore());
    await importPlan(store(), GOOD_FILE, IMPORT_CTX, {});
    const other = csvOf([row({ action_id: 'BSC-3.1', milestone_id: 'BSC-3.1-M1', theme: 'bringing-together' })]);
    const result = await importPlan(store(), other, IMPORT_CTX, { replace: true });
    expect(result).to.include({ actionsCreated: 1, actionsRemoved: 1, milestonesCreated: 1, milestonesRemoved: 3 });
    expect(store().all('milestones').map((m) => m.id)).to.deep.equal(['BSC-3.1-M1']);
    expect(store().all('actions').map((a) => a.id)).to.deep.equal(['BSC-3.1']);
  });

  it('refuses a row edited from an export older than a change made in the bot since', async () => {
    ({ repo } = await referenceStore());
    await importPlan(store(), GOOD_FILE, IMPORT_CTX, {});
    const exported = exportMilestonesCsv(store());
    await updateMilestone(store(), { actor: { name: 'Jo' }, via: 'teams' }, { milestoneId: 'BSC-2.3-M3', expectedVersion: 1, status: 'on-track' }, { kind: 'system' });
    // Someone edits the old export in a spreadsheet: M3 is on line 4.
    const edited = exported.replace(/(BSC-2\.3-M3,)Hold a civic pride roadshow in each locality/, '$1Reworded');
    let thrown: unknown;
    try {
      await importPlan(store(), edited, IMPORT_CTX, {});
    } catch (error) {
      thrown = error;
    }
    expect(thrown).to.be.instanceOf(ImportInvalidError);
    const errors = (thrown as ImportInvalidError).errors;
    expect(where(errors)).to.deep.equal(['4:version']);
    expect(errors[0]?.message).to.match(/^milestone BSC-2.3-M3 was changed in the bot after this file was exported \(the file has version 1, the bot has version 2, last changed by Jo/);
    expect(store().get('milestones', 'BSC-2.3-M3')).to.include({ status: 'on-track', version: 2 });
    // Rows of the same old export that agree with the store are not a conflict.
    const result = await importPlan(store(), exported.replace(/(BSC-2\.3-M3,[^\r]*?),not-started,/, '$1,on-track,'), IMPORT_CTX, {});
    expect(result).to.include({ milestonesUnchanged: 3 });
  });

  it('checks a dry run against the store without writing', async () => {
    ({ repo } = await referenceStore());
    const seq = store().info().lastSeq;
    const result = await importPlan(store(), GOOD_FILE, IMPORT_CTX, { dryRun: true });
    expect(result).to.include({ dryRun: true, milestonesCreated: 3 });
    expect(store().count('milestones')).to.equal(0);
    expect(store().info().lastSeq).to.equal(seq);
  });

  it('exports the seeded plan and re-imports it with nothing changed', async () => {
    const dataDir = makeTempDir('scf-');
    repo = await openStore({ dataDir });
    const seeded = await seedEmptyStore(store(), { seedPath: path.resolve('storage/seed/action-plan.json'), now: new Date() });
    expect(seeded.seeded).to.equal(true);
    const versions = store().all('milestones').map((m) => [m.id, m.version]);
    const result = await importPlan(store(), exportMilestonesCsv(store()), IMPORT_CTX, {});
    expect(result).to.include({ milestonesCreated: 0, milestonesUpdated: 0, actionsUpdated: 0, actionsCreated: 0 });
    expect(result.milestonesUnchanged).to.equal(store().count('milestones'));
    expect(store().all('milestones').map((m) => [m.id, m.version])).to.deep.equal(versions);
  });
});

// --- the command line ----------------------------------------------------------------------------------

describe('plan CSV command line', () => {
  after(() => removeTempDirs());

  function captureIo(): CliIo & { stdout: string[]; stderr: string[] } {
    const stdout: string[] = [];
    const stderr: string[] = [];
    return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
  }

  async function preparedFolder(): Promise<string> {
    const { repo, dataDir } = await referenceStore();
    await repo.close();
    return dataDir;
  }

  it('prints every row error with line and column, ends with "Nothing was imported." and exits 1', async () => {
    const dataDir = await preparedFolder();
    const file = path.join(dataDir, 'plan.csv');
    writeFileSync(file, csvOf([row({ due: 'soon' }), row({ milestone_id: 'M2', status: 'Red' })]));
    const io = captureIo();
    const code = await runPlanCsvCli(['import', file], { DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, io);
    expect(code).to.equal(1);
    expect(io.stderr).to.deep.equal([
      'line 2, column due: expected a date like 2026-03-31 or 31/03/2026, not "soon"',
      'line 3, column commentary: a milestone marked off-track (Red) needs a commentary saying why',
      'line 3, column revised_due: a milestone marked off-track (Red) needs a revised due date (expected a date like 2026-03-31 or 31/03/2026)',
      'Nothing was imported.',
    ]);
  });

  it('imports a good file with a one-line summary, and exports it again to a file Excel reads as UTF-8', async () => {
    const dataDir = await preparedFolder();
    const file = path.join(dataDir, 'plan.csv');
    writeFileSync(file, GOOD_FILE);
    const io = captureIo();
    expect(await runPlanCsvCli(['import', file, '--dry-run'], { DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, io)).to.equal(0);
    expect(await runPlanCsvCli(['import', file], { DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, io)).to.equal(0);
    expect(io.stdout).to.deep.equal([
      'Dry run of plan.csv: the file is valid and would change milestones: 3 new, 0 updated, 0 unchanged; actions: 1 new, 0 updated, 0 unchanged. Nothing was written.\n',
      'Imported plan.csv: milestones: 3 new, 0 updated, 0 unchanged; actions: 1 new, 0 updated, 0 unchanged.\n',
    ]);
    const out = path.join(dataDir, 'out.csv');
    expect(await runPlanCsvCli(['export', out], { DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, io)).to.equal(0);
    const exported = readFileSync(out, 'utf8');
    expect(exported.startsWith('\uFEFFtheme,action_id,')).to.equal(true);
    expect(okOf(exported).milestones).to.have.length(3);
  });

  it('is refused with a clear message while the bot holds the data folder', async () => {
    const { repo, dataDir } = await referenceStore();
    try {
      const io = captureIo();
      const code = await runPlanCsvCli(['export'], { DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, io);
      expect(code).to.equal(1);
      expect(io.stderr.join('\n')).to.match(/is in use by another bot process[\s\S]*stop it and run this command again/);
      expect(io.stdout).to.deep.equal([]);
    } finally {
      await repo.close();
    }
  });
});
