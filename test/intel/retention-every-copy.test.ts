// Retention reaches every copy the bot controls (issue 19, §2). A report is logged and reviewed over
// real HTTP; the bot restarts (its start-up backup holds the report), an operator takes a backup
// and restores it with the real CLI (the replaced files are kept in the data folder); then the
// clock moves past the report's retain-until date. After the daily run, no file anywhere in the
// data folder holds any of the report's text, and an export made now cannot serve it; a report
// still inside its period keeps its text (so the search below is not looking in the wrong place).
import path from 'node:path';
import { expect } from 'chai';
import { registerTeamsPerson } from '../helpers/forum-people.ts';
import { runNpmScript } from '../helpers/run-npm-script.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { cardActionActivity, cardText, invokeResult, messageActivity, postActivity, teamsUser } from '../helpers/teams-activities.ts';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.ts';
import { filesContaining } from '../helpers/files-containing.ts';

const DAY = 86_400_000;
const EXPIRED = {
  description: 'Flyers calling for a gathering outside the Unity Hall were pushed through doors on Cranberry Row',
  location: 'Behind the Cranberry Row allotments',
  actionsTaken: 'Quillfeather outreach team visited the hall committee',
  policeReference: 'OPX-ZEBRA-5521',
  note: 'Rang the hall secretary, who recognised the flyer design',
  corrected: 'Flyers calling for a gathering outside a community hall were pushed through doors nearby',
};
const KEPT = 'Marigold youth club reported a calm weekend after the football final';


const londonDay = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(at);

describe('Retention reaches every copy the bot controls', function () {
  this.timeout(120_000);
  let clock = new Date();
  const dataDir = path.join(makeTempDir('scf-retention-'), 'data');
  const env = { DATA_DIR: dataDir, INTEL_RETENTION_MONTHS: '1' };
  const reporter = teamsUser('Olu Officer');
  const reviewer = teamsUser('Rita Reviewer');
  let bot: RunningBot | undefined;

  after(async () => {
    await bot?.stop();
    removeTempDirs();
  });

  const form = (description: string, extra: Record<string, string> = {}) => ({
    occurredDate: londonDay(new Date(clock.getTime() - DAY)), occurredTime: '18:30', areaId: 'E05012996', location: '', category: 'protest-or-march',
    hateStrands: '', communitiesAffected: 'religion-or-belief', description, sourceType: 'community-member', sourceReliability: 'untested',
    informationConfidence: 'known-indirectly', tensionLevel: '2', tensionTrend: 'stable', reportedToPolice: 'false', policeReference: '', actionsTaken: '', handling: 'OFFICIAL', ...extra,
  });
  const logReport = async (running: RunningBot, data: Record<string, string>): Promise<string> => {
    const answer = await postActivity(running.url, cardActionActivity('intel.submit', data, { from: reporter }));
    const id = /Report logged: (INT-[\w-]+)/.exec(cardText(invokeResult(answer).value))?.[1];
    expect(id, cardText(invokeResult(answer).value)).to.be.a('string');
    return String(id);
  };

  it('after the retain-until date, no file in the data folder holds the report\'s text, and an export cannot serve it', async () => {
    // Day 0: the report is logged with every free-text field, then reviewed with a note and corrected.
    bot = await startRunningBot(env, () => clock);
    await registerTeamsPerson(bot.store, reporter, ['member'], 'voluntary-action-rotherham');
    await registerTeamsPerson(bot.store, reviewer, ['intel-reviewer'], 'south-yorkshire-police');
    const id = await logReport(bot, form(EXPIRED.description, { location: EXPIRED.location, actionsTaken: EXPIRED.actionsTaken, reportedToPolice: 'true', policeReference: EXPIRED.policeReference }));
    const version = bot.store.get('intelReports', id)?.version;
    const reviewed = await postActivity(bot.url, cardActionActivity('intel.review', { id, version, status: 'reviewed', note: EXPIRED.note, description: EXPIRED.corrected, location: EXPIRED.location, actionsTaken: EXPIRED.actionsTaken }, { from: reviewer }));
    expect(cardText(invokeResult(reviewed).value)).to.include('Saved');
    await bot.stop();

    // Day 20: a restart (its start-up backup holds the report); a second report, still to be kept.
    clock = new Date(clock.getTime() + 20 * DAY);
    bot = await startRunningBot(env, () => clock);
    await logReport(bot, form(KEPT));
    await bot.stop();
    bot = undefined;

    // The operator backs up and restores with the real commands: the replaced files stay in the folder.
    const backup = await runNpmScript('backup', [], env);
    expect(backup.code, backup.stderr).to.equal(0);
    const backupFile = /Backup written: (.+)$/m.exec(backup.stdout)?.[1];
    const restore = await runNpmScript('restore', [String(backupFile)], env);
    expect(restore.code, restore.stderr).to.equal(0);
    for (const text of Object.values(EXPIRED)) expect(filesContaining(dataDir, text), `${text} is in copies before retention`).to.not.have.length(0);
    expect(filesContaining(dataDir, EXPIRED.description).some((f) => f.startsWith('replaced-')), 'the restore kept the replaced files').to.equal(true);

    // Day 33: past the first report's date (reported day + 1 month), not the second's.
    clock = new Date(clock.getTime() + 13 * DAY);
    bot = await startRunningBot(env, () => clock);
    await bot.retention.runIfDue();
    expect(bot.store.get('intelReports', id)?.reporterPersonId).to.equal('anonymised');

    const exported = await postActivity(bot.url, messageActivity(`intel export ${londonDay(new Date(clock.getTime() - 40 * DAY))} ${londonDay(clock)}`, { from: reviewer }));
    const link = /\((http:\/\/127\.0\.0\.1:\d+\/downloads\/[A-Za-z0-9_-]{43})\)/.exec(String(exported.activities[0]?.text))?.[1];
    const csv = await (await fetch(String(link))).text();
    expect(csv, 'the export covers both reports').to.include(id).and.include(KEPT);
    for (const text of Object.values(EXPIRED)) expect(csv, text).to.not.include(text);

    for (const text of Object.values(EXPIRED)) expect(filesContaining(dataDir, text), text).to.deep.equal([]);
    expect(filesContaining(dataDir, KEPT), 'the kept report is still in the live files and the copies').to.include.members(['collections/intelReports.json']);
    const audit = (await bot.store.readAudit()).find((e) => e.action === 'intel.retention-copies' && Number(e.detail?.records) > 0);
    expect(audit?.detail?.unreadableFiles, 'every copy could be read').to.deep.equal([]);
    expect(Number(audit?.detail?.filesRewritten)).to.be.greaterThan(2);

    // And after a clean stop (the last checkpoint), still nowhere.
    await bot.stop();
    bot = undefined;
    for (const text of Object.values(EXPIRED)) expect(filesContaining(dataDir, text), text).to.deep.equal([]);
  });
});
