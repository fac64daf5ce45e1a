// Rights requests with the real command (issue 19, §3): a person who wrote to the bot, owned and
// updated a milestone, logged an intelligence report and replied to a meeting, all over real HTTP;
// then, with the bot stopped, `npm run data:subject -- find | export | erase` as a child process
// against that data folder. Erasure leaves no trace of them in any file of the folder (backups and
// the audit log included), keeps the audit trail (every entry still there, pseudonymised) and the
// forum's records (the milestone's history, the report), and each step is audited.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { findMilestones } from '../../src/domain/milestones/milestone-queries.ts';
import { localDate } from '../../src/domain/calendar.ts';
import { assignOwner, registerTeamsPerson } from '../helpers/forum-people.ts';
import { subscribeTeamsChannel } from '../helpers/reminder-setup.ts';
import { runNpmScript } from '../helpers/run-npm-script.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { startStandInConnector, type StandInConnector } from '../helpers/stand-in-connector.ts';
import { cardActionActivity, cardButtons, cardOf, cardText, invokeResult, messageActivity, postActivity, teamsUser } from '../helpers/teams-activities.ts';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.ts';
import { filesContaining } from '../helpers/files-containing.ts';

const REPORT_TEXT = 'Posters for a counter-demonstration appeared on the Wickersley bus shelters overnight';
const CHANNEL = '19:forum-partners@thread.tacv2';
const REVIEW_NOTE = 'Phoned Jordan Bloggs to thank them and ask for a photo';


/** A fingerprint of every file in the folder, to show a refused command changed nothing. */
function folderFingerprint(folder: string): string {
  const hash = createHash('sha256');
  for (const e of readdirSync(folder, { recursive: true, withFileTypes: true }).filter((f) => f.isFile()).sort((a, b) => path.join(a.parentPath, a.name).localeCompare(path.join(b.parentPath, b.name)))) {
    hash.update(path.join(e.parentPath, e.name)).update(readFileSync(path.join(e.parentPath, e.name)));
  }
  return hash.digest('hex');
}

const auditLines = (dataDir: string) => readFileSync(path.join(dataDir, 'audit.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { seq: number; action: string; actor: { name: string; personId?: string; account?: string }; detail?: Record<string, unknown> });

describe('Rights requests: npm run data:subject -- find | export | erase', function () {
  this.timeout(120_000);
  const root = makeTempDir('scf-subject-');
  const dataDir = path.join(root, 'data');
  const env = { DATA_DIR: dataDir };
  const jordan = teamsUser('Jordan Bloggs');
  const reviewer = teamsUser('Rita Reviewer');
  let personId = '';
  let milestoneId = '';
  let reportId = '';
  let meetingId = '';
  let bot: RunningBot | undefined;
  let connector: StandInConnector;

  before(async () => {
    connector = await startStandInConnector();
    bot = await startRunningBot(env);
    personId = (await registerTeamsPerson(bot.store, jordan, ['member', 'coordinator'], 'voluntary-action-rotherham')).id;
    await registerTeamsPerson(bot.store, reviewer, ['intel-reviewer'], 'south-yorkshire-police');
    // Jordan writes to the bot 1:1 (the bot keeps that chat), owns and updates a milestone...
    await postActivity(bot.url, messageActivity('whoami', { from: jordan, serviceUrl: connector.url }));
    milestoneId = findMilestones(bot.store, { today: localDate(new Date()), statuses: ['not-started', 'on-track'] })[0]?.id ?? '';
    await assignOwner(bot.store, milestoneId, personId);
    const version = bot.store.get('milestones', milestoneId)?.version;
    const updated = await postActivity(bot.url, cardActionActivity('milestone.update', { id: milestoneId, version, status: 'on-track', commentary: 'Venue booked by Jordan Bloggs for the roadshow', revisedDue: '', evidence: '' }, { from: jordan }));
    expect(cardText(invokeResult(updated).value)).to.include('Saved by Jordan Bloggs');
    // ...logs a report (a reviewer notes a call back, naming them)...
    const yesterday = localDate(new Date(Date.now() - 86_400_000));
    const logged = await postActivity(bot.url, cardActionActivity('intel.submit', {
      occurredDate: yesterday, occurredTime: '07:30', areaId: 'E05013015', location: '', category: 'protest-or-march', hateStrands: '', communitiesAffected: 'race',
      description: REPORT_TEXT, sourceType: 'own-observation', sourceReliability: 'reliable', informationConfidence: 'known-directly', tensionLevel: '2', tensionTrend: 'stable',
      reportedToPolice: 'false', policeReference: '', actionsTaken: '', handling: 'OFFICIAL',
    }, { from: jordan }));
    reportId = /Report logged: (INT-[\w-]+)/.exec(cardText(invokeResult(logged).value))?.[1] ?? '';
    const reviewed = await postActivity(bot.url, cardActionActivity('intel.review', { id: reportId, version: 1, status: 'reviewed', note: REVIEW_NOTE }, { from: reviewer }));
    expect(cardText(invokeResult(reviewed).value)).to.include('Saved');
    // ...subscribes a forum channel to reminders, and replies to the next meeting.
    await subscribeTeamsChannel(bot.url, jordan, CHANNEL, connector.url);
    const pack = cardOf((await postActivity(bot.url, messageActivity('meeting pack', { from: jordan }))).activities[0]);
    const attending = cardButtons(pack).find((b) => b.title === 'Attending');
    meetingId = String(attending?.data.meetingId);
    await postActivity(bot.url, cardActionActivity('meeting.rsvp', { ...attending?.data, note: 'Bringing Jordan Bloggs\'s colleague' }, { from: jordan, conversation: 'channel', serviceUrl: connector.url }));
    expect(bot.store.get('meetings', meetingId)?.rsvps.map((r) => r.personId)).to.include(personId);
    await bot.stop();
    bot = undefined;
  });
  after(async () => {
    await bot?.stop();
    await connector.close();
    removeTempDirs();
  });

  it('find lists every record that names them, by person id or by account, and is audited', async () => {
    const byId = await runNpmScript('data:subject', ['find', personId, '--by', 'Dee Protection', '--request', 'SAR-2026-014'], env);
    expect(byId.code, byId.stderr).to.equal(0);
    for (const line of ['people: ' + personId + ' (their own record)', `milestones: ${milestoneId}`, 'milestoneUpdates:', `intelReports: ${reportId} (their own record)`, `meetings: ${meetingId}`]) expect(byId.stdout).to.include(line);
    expect(byId.stdout).to.match(/\d+ records and \d+ audit entries name/);
    const byAccount = await runNpmScript('data:subject', ['find', `teams:${jordan.aadObjectId}`], env);
    expect(byAccount.stdout.split('\n').slice(1)).to.deep.equal(byId.stdout.split('\n').slice(1));
    const audited = auditLines(dataDir).filter((e) => e.action === 'subject.find');
    expect(audited[0]).to.deep.include({ actor: { name: 'Dee Protection' } });
    expect(audited[0]?.detail).to.include({ subject: personId, request: 'SAR-2026-014' });
  });

  it('export writes a readable file outside the data folder, readable by its owner only, and is audited; inside the data folder it is refused', async () => {
    const out = path.join(root, 'jordan.md');
    const run = await runNpmScript('data:subject', ['export', personId, '--out', out, '--by', 'Dee Protection'], env);
    expect(run.code, run.stderr).to.equal(0);
    const text = readFileSync(out, 'utf8');
    expect(statSync(out).mode & 0o777).to.equal(0o600);
    expect(text).to.include('# Personal data held by the Stronger Communities Forum bot about').and.include('Review before disclosure');
    expect(text).to.include(`### ${reportId} (their own record)`).and.include(REPORT_TEXT);
    expect(text).to.include('Venue booked by Jordan Bloggs').and.include('Bringing Jordan Bloggs');
    expect(text).to.match(/## Audit entries naming them \(\d+\)/).and.include('intel.log');
    expect(auditLines(dataDir).some((e) => e.action === 'subject.export')).to.equal(true);

    const inside = await runNpmScript('data:subject', ['export', personId, '--out', path.join(dataDir, 'x.md')], env);
    expect(inside.code).to.equal(2);
    expect(inside.stderr).to.include('outside the data folder');
  });

  it('erase without --yes, or with an unknown option, changes nothing', async () => {
    // Opening the store writes a start-up backup: compare the data and the audit trail, not the backups folder.
    const before = [folderFingerprint(path.join(dataDir, 'collections')), readFileSync(path.join(dataDir, 'audit.jsonl'), 'utf8')];
    const unconfirmed = await runNpmScript('data:subject', ['erase', personId], env);
    expect(unconfirmed.code).to.equal(2);
    expect(unconfirmed.stderr).to.include('Nothing was changed');
    const odd = await runNpmScript('data:subject', ['erase', personId, '--yes', '--everything'], env);
    expect(odd.code).to.equal(2);
    expect(odd.stderr).to.include('unknown option "--everything"');
    expect([folderFingerprint(path.join(dataDir, 'collections')), readFileSync(path.join(dataDir, 'audit.jsonl'), 'utf8')]).to.deep.equal(before);
  });

  it('erase removes them from every file of the data folder, keeps the audit trail (pseudonymised) and the forum\'s records, and is audited', async () => {
    const trailBefore = auditLines(dataDir).map((e) => [e.seq, e.action]);
    const run = await runNpmScript('data:subject', ['erase', personId, '--yes', '--by', 'Dee Protection', '--request', 'ERASE-2026-003'], env);
    expect(run.code, run.stderr).to.equal(0);
    const pseudonym = /Pseudonym: (erased-[0-9a-f]{10})/.exec(run.stdout)?.[1] ?? '';
    expect(pseudonym, run.stdout).to.not.equal('');
    expect(run.stdout).to.not.include('Still naming them');

    for (const trace of [personId, jordan.aadObjectId, 'Jordan Bloggs']) expect(filesContaining(dataDir, trace), trace).to.deep.equal([]);
    const trail = auditLines(dataDir);
    expect(trail.slice(0, trailBefore.length).map((e) => [e.seq, e.action]), 'every earlier entry is still there, in order').to.deep.equal(trailBefore);
    expect(trail.some((e) => e.actor.name === pseudonym && e.action === 'intel.log')).to.equal(true);
    expect(trail.map((e) => e.action)).to.include.members(['subject.find', 'subject.export', 'subject.erase', 'subject.erase-copies']);
    expect(trail.find((e) => e.action === 'subject.erase' && e.detail?.request)?.detail).to.include({ pseudonym, request: 'ERASE-2026-003' });

    // The forum's records stay, without them; the bot starts on the folder as it is now.
    bot = await startRunningBot(env);
    expect(bot.store.get('people', personId)).to.equal(undefined);
    expect(bot.store.get('intelReports', reportId)).to.deep.include({ reporterPersonId: pseudonym, description: REPORT_TEXT });
    expect(bot.store.get('intelReports', reportId)?.reviewNotes[0]?.note).to.equal(`Phoned ${pseudonym} to thank them and ask for a photo`);
    expect(bot.store.get('milestones', milestoneId)?.owner.personId, 'ownership falls back to the role').to.equal(undefined);
    const history = bot.store.all('milestoneUpdates').filter((u) => u.milestoneId === milestoneId && u.by === pseudonym);
    expect(history.map((u) => u.commentary)).to.deep.equal([`Venue booked by ${pseudonym} for the roadshow`]);
    expect(bot.store.get('meetings', meetingId)?.rsvps.some((r) => r.name === pseudonym || r.personId === personId), 'the reply to a meeting to come is gone').to.equal(false);
    const subscription = bot.store.all('subscriptions').find((sub) => sub.target.platform === 'teams' && sub.target.conversationId === CHANNEL);
    expect(subscription?.createdBy, 'the channel stays subscribed').to.equal(pseudonym);
    expect(subscription?.target.conversationReference, 'without who spoke when it was taken').to.not.have.property('user');
    const whoami = await postActivity(bot.url, messageActivity('whoami', { from: jordan }));
    expect(whoami.activities[0]?.text).to.include(`teams:${jordan.aadObjectId}`).and.not.include('Jordan Bloggs (');
    await bot.stop();
    bot = undefined;

    const again = await runNpmScript('data:subject', ['find', personId], env);
    expect(again.stdout).to.include(`Nothing in the data names ${personId}`);
  });
});
