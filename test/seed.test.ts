import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findArea, listAreas, readAreas } from '../src/domain/areas.ts';
import { collectionSchemas, type CollectionName, type Milestone } from '../src/domain/model.ts';
import { openStore } from '../src/store/open-store.ts';
import { buildSeedRecords, dateResolver, type SeedRecords } from '../src/seed/build-seed.ts';
import { parseDateSpec, parseSeed, readSeedFile, SeedFileError, type DateSpec } from '../src/seed/seed-file.ts';
import { seedEmptyStore } from '../src/seed/seed-store.ts';

const SEED_PATH = fileURLToPath(new URL('../storage/seed/action-plan.json', import.meta.url));
const CREATED_AT = new Date('2026-11-23T10:00:00Z');
const TODAY = '2026-11-23';

const seed = readSeedFile(SEED_PATH);
const build = (createdAt: Date = CREATED_AT): SeedRecords => buildSeedRecords(seed, createdAt);

const effectiveDue = (m: Milestone) => m.revisedDue ?? m.originalDue;
const isOpen = (m: Milestone) => m.status !== 'complete' && m.status !== 'closed';
const addDaysIso = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const spec = (text: string): DateSpec => {
  const parsed = parseDateSpec(text);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
};

describe('seed action plan', () => {
  describe('the seed file', () => {
    it('parses, with the five themes in order', () => {
      expect(seed.themes.map((t) => [t.id, t.order])).to.deep.equal([
        ['coordination', 0], ['civic-pride', 1], ['bringing-together', 2], ['rights-responsibilities', 3], ['opportunity', 4],
      ]);
      expect(seed._readme).to.match(/relative/i);
    });

    it('has a plan of a useful size: 15-22 actions and 35-50 milestones', () => {
      const records = build();
      expect(records.actions.length).to.be.within(15, 22);
      expect(records.milestones.length).to.be.within(35, 50);
    });

    it('is reported with the file name and the first problem path when a rule is broken', () => {
      const dir = mkdtempSync(join(tmpdir(), 'seed-test-'));
      try {
        const raw = JSON.parse(readFileSync(SEED_PATH, 'utf8'));
        const delayed = raw.actions[0].milestones.findIndex((m: { status: string }) => m.status === 'delayed');
        delete raw.actions[0].milestones[delayed].commentary;
        const broken = join(dir, 'broken-plan.json');
        writeFileSync(broken, JSON.stringify(raw));
        expect(() => readSeedFile(broken))
          .to.throw(SeedFileError)
          .with.property('message')
          .that.includes('broken-plan.json')
          .and.includes(`actions[0].milestones[${delayed}].commentary`)
          .and.includes('needs a commentary');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('reports an unknown organisation and an unreadable date at their paths', () => {
      const dir = mkdtempSync(join(tmpdir(), 'seed-test-'));
      try {
        const raw = JSON.parse(readFileSync(SEED_PATH, 'utf8'));
        raw.actions[1].lead.organisationId = 'rmbcc';
        const file = join(dir, 'typo.json');
        writeFileSync(file, JSON.stringify(raw));
        expect(() => readSeedFile(file)).to.throw(/typo\.json.*actions\[1\]\.lead\.organisationId.*unknown organisation "rmbcc"/);

        raw.actions[1].lead.organisationId = 'rmbc';
        raw.meetings[0].startsAt.in = 'in two weeks';
        writeFileSync(file, JSON.stringify(raw));
        expect(() => readSeedFile(file)).to.throw(/meetings\[0\]\.startsAt\.in.*not a date spec/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('reports a file that is not JSON with its name', () => {
      const dir = mkdtempSync(join(tmpdir(), 'seed-test-'));
      try {
        const file = join(dir, 'not-json.json');
        writeFileSync(file, '{ "themes": [');
        expect(() => readSeedFile(file)).to.throw(SeedFileError, /not-json\.json.*cannot be read as JSON/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('built records', () => {
    const records = build();

    it('every record passes its store schema', () => {
      for (const [collection, list] of Object.entries(records) as [CollectionName, unknown[]][]) {
        for (const record of list) {
          const result = collectionSchemas[collection].safeParse(record);
          expect(result.success, `${collection} ${JSON.stringify(record)}: ${result.error?.message}`).to.equal(true);
        }
      }
    });

    it('ids are unique within each collection', () => {
      for (const [collection, list] of Object.entries(records) as [string, { id: string }[]][]) {
        const ids = list.map((r) => r.id);
        expect(new Set(ids).size, collection).to.equal(ids.length);
      }
    });

    it('every referenced action, theme and organisation exists', () => {
      const actions = new Set(records.actions.map((a) => a.id));
      const themes = new Set(records.themes.map((t) => t.id));
      const orgs = new Set(records.organisations.map((o) => o.id));
      for (const m of records.milestones) {
        expect(actions, m.id).to.include(m.actionId);
        expect(orgs, m.id).to.include(m.owner.organisationId);
      }
      for (const a of records.actions) {
        expect(themes, a.id).to.include(a.themeId);
        for (const o of [a.lead.organisationId, ...a.supportingOrganisationIds]) expect(orgs, a.id).to.include(o);
      }
      const milestones = new Set(records.milestones.map((m) => m.id));
      for (const u of records.milestoneUpdates) expect(milestones).to.include(u.milestoneId);
    });

    it('every theme has actions and every action has milestones', () => {
      for (const theme of records.themes) {
        expect(records.actions.filter((a) => a.themeId === theme.id), theme.id).to.have.length.above(0);
      }
      for (const action of records.actions) {
        expect(records.milestones.filter((m) => m.actionId === action.id), action.id).to.have.length.above(0);
      }
    });

    it('names roles, not invented people', () => {
      const owners = [...records.actions.map((a) => a.lead), ...records.milestones.map((m) => m.owner)];
      for (const o of owners) expect(o.personId).to.equal(undefined);
    });

    it('seeds the five 2017 timetable items as complete history with evidence', () => {
      const timetable = {
        'BSC-0.1-M1': '2017-05', // first forum meeting
        'BSC-0.2-M1': '2017-05', // coordinator funding decision
        'BSC-0.3-M1': '2017-06', // grants programme open
        'BSC-0.2-M2': '2017-07', // coordinator in post
        'BSC-0.1-M2': '2017-07', // action plan reviewed by the forum
      };
      for (const [id, month] of Object.entries(timetable)) {
        const m = records.milestones.find((x) => x.id === id);
        expect(m, id).to.not.equal(undefined);
        expect(m?.status, id).to.equal('complete');
        expect(m?.originalDue.startsWith(month), id).to.equal(true);
        expect(m?.updatedAt.startsWith(month), id).to.equal(true);
        expect(m?.evidence, id).to.be.a('string').with.length.above(0);
      }
    });

    it('follows the forum rules: Amber/Red have commentary and a revised date, Complete has evidence', () => {
      for (const m of records.milestones) {
        if (m.status === 'delayed' || m.status === 'off-track') {
          expect(m.commentary, m.id).to.be.a('string').with.length.above(0);
          expect(m.revisedDue, m.id).to.be.a('string');
        }
        if (m.status === 'complete') expect(m.evidence, m.id).to.be.a('string').with.length.above(0);
      }
    });

    it('uses every milestone status', () => {
      const statuses = new Set(records.milestones.map((m) => m.status));
      expect([...statuses].sort()).to.deep.equal(['closed', 'complete', 'delayed', 'not-started', 'off-track', 'on-track']);
    });

    it('stamps every milestone as version 1 by the seed, updated no later than store creation', () => {
      for (const m of records.milestones) {
        expect(m.version).to.equal(1);
        expect(m.updatedBy).to.equal('seed');
        expect(m.updatedAt <= CREATED_AT.toISOString(), m.id).to.equal(true);
      }
    });

    it('gives each milestone with a status other than not-started one history entry matching it', () => {
      const started = records.milestones.filter((m) => m.status !== 'not-started');
      expect(records.milestoneUpdates).to.have.length(started.length);
      for (const m of started) {
        const u = records.milestoneUpdates.find((x) => x.milestoneId === m.id);
        expect(u, m.id).to.include({ status: m.status, version: 1, via: 'seed', by: 'Seed action plan', at: m.updatedAt });
        expect(u?.commentary).to.equal(m.commentary);
        expect(u?.revisedDue).to.equal(m.revisedDue);
        expect(u?.evidence).to.equal(m.evidence);
      }
    });
  });

  describe('a living plan on the day the store is created', () => {
    const records = build();

    it('has overdue milestones (past their due date and still open)', () => {
      const overdue = records.milestones.filter((m) => isOpen(m) && effectiveDue(m) < TODAY);
      expect(overdue.length).to.be.at.least(3);
    });

    it('has milestones due within the next 30 days', () => {
      const soon = records.milestones.filter((m) => isOpen(m) && effectiveDue(m) >= TODAY && effectiveDue(m) <= addDaysIso(TODAY, 30));
      expect(soon.length).to.be.at.least(3);
    });

    it('has a next forum meeting in the future and past meetings marked held', () => {
      const now = CREATED_AT.toISOString();
      const next = records.meetings.filter((m) => m.status === 'scheduled' && m.startsAt > now).sort((a, b) => a.startsAt.localeCompare(b.startsAt))[0];
      // "+12d" is Saturday 5 December; forum meetings move off weekends to the Monday.
      expect(next?.startsAt).to.equal('2026-12-07T14:00:00.000Z');
      expect(next).to.include({ id: 'MTG-3', chair: 'Leader of the Council', version: 1 });
      expect(next?.rsvps).to.deep.equal([]);
      for (const m of records.meetings.filter((x) => x.startsAt < now)) expect(m.status).to.equal('held');
    });

    it('dates this year\'s grants monitoring report at the financial year end', () => {
      expect(records.milestones.find((m) => m.id === 'BSC-0.3-M3')?.originalDue).to.equal('2027-03-31');
      expect(records.milestones.find((m) => m.id === 'BSC-0.3-M2')?.originalDue).to.equal('2026-03-31');
    });

    it('stays living whatever day the store is created', () => {
      for (let month = 0; month < 12; month++) {
        const createdAt = new Date(Date.UTC(2027, month, 11, 9));
        const today = createdAt.toISOString().slice(0, 10);
        const r = build(createdAt);
        expect(r.milestones.filter((m) => isOpen(m) && effectiveDue(m) < today).length, today).to.be.at.least(3);
        expect(r.meetings.some((m) => m.status === 'scheduled' && m.startsAt > createdAt.toISOString()), today).to.equal(true);
      }
    });
  });

  describe('dates', () => {
    it('turns a 14:00 London meeting into 14:00Z in winter and 13:00Z in summer', () => {
      // The next meeting is "+12d" at 14:00 local time: Tuesday 19 January and Tuesday 13 July.
      expect(build(new Date('2027-01-07T10:00:00Z')).meetings[2]?.startsAt).to.equal('2027-01-19T14:00:00.000Z');
      expect(build(new Date('2027-07-01T10:00:00Z')).meetings[2]?.startsAt).to.equal('2027-07-13T13:00:00.000Z');
    });

    it('moves a relative meeting day that falls at a weekend to the Monday, but keeps a fixed one', () => {
      const raw = JSON.parse(readFileSync(SEED_PATH, 'utf8'));
      raw.meetings = [
        { title: 'Relative', startsAt: { in: '+5d', at: '14:00' }, agenda: [], status: 'scheduled' },
        { title: 'Fixed', startsAt: { in: '2027-01-02', at: '10:00' }, agenda: [], status: 'scheduled' },
      ];
      // Monday 28 December 2026 + 5 days = Saturday 2 January 2027.
      const meetings = buildSeedRecords(parseSeed(raw, 'test.json'), new Date('2026-12-28T09:00:00Z')).meetings;
      expect(meetings.map((m) => m.startsAt)).to.deep.equal(['2027-01-04T14:00:00.000Z', '2027-01-02T10:00:00.000Z']);
    });

    it('counts relative days from the London calendar day, not the UTC one', () => {
      // 23:30Z on 30 June is already 1 July in London (BST).
      const resolve = dateResolver(new Date('2026-06-30T23:30:00Z'));
      expect(resolve(spec('+0d'))).to.equal('2026-07-01');
      expect(resolve(spec('-20d'))).to.equal('2026-06-11');
      expect(resolve(spec('+3m'))).to.equal('2026-10-01');
    });

    it('resolves the financial year end and yearly days around their own date', () => {
      const on = (iso: string) => dateResolver(new Date(`${iso}T12:00:00Z`));
      expect(on('2027-03-31')(spec('next-financial-year-end'))).to.equal('2027-03-31');
      expect(on('2027-03-31')(spec('previous-financial-year-end'))).to.equal('2026-03-31');
      expect(on('2027-04-01')(spec('next-financial-year-end'))).to.equal('2028-03-31');
      expect(on('2027-04-01')(spec('previous-financial-year-end'))).to.equal('2027-03-31');
      expect(on('2027-01-28')(spec('next:01-27'))).to.equal('2028-01-27');
    });

    it('refuses date specs it cannot resolve', () => {
      expect(parseDateSpec('2017-02-30')).to.be.a('string');
      expect(parseDateSpec('next:02-29')).to.be.a('string');
      expect(parseDateSpec('soon')).to.be.a('string');
    });
  });

  describe('seeding an empty store (the real JSON store in a temp folder)', () => {
    let dataDir: string;
    beforeEach(() => {
      dataDir = mkdtempSync(join(tmpdir(), 'seed-store-'));
    });
    afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

    it('writes every record in one transaction, audited as seed.load, and only once', async () => {
      const records = build();
      const repo = await openStore({ dataDir, now: () => CREATED_AT });
      try {
        const first = await seedEmptyStore(repo, { seedPath: SEED_PATH, now: CREATED_AT });
        expect(first.seeded).to.equal(true);
        expect(first.counts).to.deep.equal({
          themes: 5, organisations: records.organisations.length, actions: records.actions.length,
          milestones: records.milestones.length, milestoneUpdates: records.milestoneUpdates.length, meetings: records.meetings.length, grantRounds: 1,
        });
        for (const [collection, count] of Object.entries(first.counts)) expect(repo.count(collection as CollectionName), collection).to.equal(count);
        expect(repo.get('milestones', 'BSC-0.1-M1')).to.deep.equal(records.milestones.find((m) => m.id === 'BSC-0.1-M1'));

        const audit = await repo.readAudit();
        const total = Object.values(first.counts).reduce((a, b) => a + b, 0);
        expect(audit).to.have.length(total);
        expect(new Set(audit.map((e) => e.seq)).size, 'one transaction').to.equal(1);
        for (const e of audit) expect(e).to.deep.include({ action: 'seed.load', via: 'seed', actor: { name: 'seed' } });
      } finally {
        await repo.close();
      }

      const reopened = await openStore({ dataDir, now: () => CREATED_AT });
      try {
        const second = await seedEmptyStore(reopened, { seedPath: SEED_PATH, now: new Date('2027-06-01T10:00:00Z') });
        expect(second).to.deep.equal({ seeded: false, counts: {} });
        expect(reopened.get('milestones', 'BSC-0.1-M3')?.originalDue, 'dates of the first start').to.equal('2026-12-05');
      } finally {
        await reopened.close();
      }
    });

    it('leaves a store that has a plan alone, without even reading the seed file', async () => {
      const repo = await openStore({ dataDir, now: () => CREATED_AT });
      try {
        await repo.transact({ actor: { name: 'test' }, via: 'cli' }, (tx) =>
          tx.put('themes', { id: 'coordination', title: 'Coordination and overarching activity', order: 0 }, { action: 'test.setup' }),
        );
        const result = await seedEmptyStore(repo, { seedPath: join(dataDir, 'no-such-seed.json'), now: CREATED_AT });
        expect(result).to.deep.equal({ seeded: false, counts: {} });
        expect(repo.count('themes')).to.equal(1);
      } finally {
        await repo.close();
      }
    });
  });
});

describe('areas', () => {
  it('lists the 25 wards by name, then Borough-wide, Outside Rotherham and Unknown', () => {
    const areas = listAreas();
    const wards = areas.filter((a) => a.kind === 'ward');
    expect(wards).to.have.length(25);
    expect(wards.map((w) => w.name)).to.deep.equal([...wards.map((w) => w.name)].sort((a, b) => a.localeCompare(b, 'en-GB')));
    expect(areas.slice(25).map((a) => [a.id, a.name, a.kind])).to.deep.equal([
      ['borough-wide', 'Borough-wide', 'other'], ['outside-rotherham', 'Outside Rotherham', 'other'], ['unknown', 'Unknown', 'other'],
    ]);
  });

  it('finds an area by name or id, forgiving of case, spacing and "&"', () => {
    expect(findArea('boston castle')).to.deep.include({ id: 'E05012996', name: 'Boston Castle' });
    expect(findArea('E05012996')?.name).to.equal('Boston Castle');
    expect(findArea('Anston and Woodsetts')?.id).to.equal('E05012993');
    expect(findArea('borough wide')?.id).to.equal('borough-wide');
    expect(findArea('Atlantis')).to.equal(undefined);
  });

  it('fails loudly with the file and line on a bad row', () => {
    const dir = mkdtempSync(join(tmpdir(), 'areas-test-'));
    try {
      const file = join(dir, 'wards.csv');
      writeFileSync(file, 'code,name\nE05012993,Anston & Woodsetts\nE0501299,Aston & Todwick\n');
      expect(() => readAreas(file)).to.throw(/wards\.csv line 3: "E0501299" is not a ward code/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
