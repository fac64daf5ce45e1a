// 200 due reminders across three instances behind nginx (issue 16), through the set-up of
// `npm run cluster`: 20 Teams channels subscribed and 10 meetings made over real HTTP (a mention and
// the meeting form, as coordinators do: test/helpers/reminder-setup.ts), then every reminder made due
// at once. The stand-in Bot Connector answers 429 (Retry-After: 0) to every third call, and two
// instances are killed (SIGKILL) in the middle of the round and started again. Afterwards: no
// reminder was accepted twice; every reminder not in doubt was accepted once; the ones in doubt (a
// send cut off by a kill: claimed, maybe posted, never recorded as sent) are no more than the kills,
// were not resent, and each is reported to the admin privately and recorded as `job.interrupted`
// (what `status` counts). The instances run with a 1 s poll and a 4 s lease
// (SCHEDULER_POLL_SECONDS, SCHEDULER_LEASE_SECONDS), so a dead sender's claim expires within the test.
import { expect } from 'chai';
import { startCluster, type Cluster } from '../../scripts/cluster/cluster.ts';
import { sharedPostgres } from '../../scripts/postgres-server.ts';
import type { Job } from '../../src/domain/model.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Repository } from '../../src/store/repository.ts';
import { registerTeamsPerson } from '../helpers/forum-people.ts';
import { openTeamsChat, saveMeeting, subscribeTeamsChannel } from '../helpers/reminder-setup.ts';
import { startRunningBot } from '../helpers/running-bot.ts';
import { startStandInConnector, type StandInConnector } from '../helpers/stand-in-connector.ts';
import { cardText, teamsUser } from '../helpers/teams-activities.ts';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.ts';

const CHANNELS = Array.from({ length: 20 }, (_, i) => `19:reminders-${i + 1}@thread.tacv2`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const REMINDERS = { REMINDER_DAYS_BEFORE: '7', NUDGE_DAYS_BEFORE: '' };

/** A day `days` ahead of today, as the meeting form takes it (YYYY-MM-DD). */
function dayAhead(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

describe('several instances behind nginx: 200 due reminders, instances killed mid-round, 429 to every third call', function () {
  this.timeout(300_000);
  let connector: StandInConnector;
  let cluster: Cluster | undefined;
  let store: Repository | undefined;
  const coordinator = teamsUser('Chris Coordinator');
  const admin = teamsUser('Ada Admin');
  const meetings = Array.from({ length: 10 }, (_, i) => ({ title: `Partnership meeting no. ${i + 1} of 10`, date: dayAhead(30 + i) }));

  before(async () => {
    connector = await startStandInConnector();
  });
  after(async () => {
    await store?.close();
    await cluster?.stop();
    await connector.close();
    removeTempDirs();
  });

  it('sends each reminder not in doubt exactly once, none twice; the ones in doubt are no more than the kills, not resent, and reported', async () => {
    cluster = await startCluster({
      instances: 3,
      postgres: await sharedPostgres(),
      env: { ...REMINDERS, SCHEDULER_POLL_SECONDS: '1', SCHEDULER_LEASE_SECONDS: '4', LOG_LEVEL: 'info' },
      // The forum as coordinators set it up, over HTTP, before any instance runs.
      prepare: async (databaseUrl) => {
        const setup = await startRunningBot({ DATABASE_URL: databaseUrl, APP_SECRET: 'a-setup-secret-of-at-least-32-characters', ...REMINDERS });
        try {
          await registerTeamsPerson(setup.store, coordinator, ['coordinator']);
          await registerTeamsPerson(setup.store, admin, ['admin']);
          await openTeamsChat(setup.url, admin, connector.url);
          for (const channel of CHANNELS) await subscribeTeamsChannel(setup.url, coordinator, channel, connector.url);
          for (const meeting of meetings) await saveMeeting(setup.url, coordinator, meeting);
        } finally {
          await setup.stop();
        }
      },
    });
    store = await openStore({ dataDir: makeTempDir('scf-reminders-'), databaseUrl: cluster.databaseUrl });
    const meetingIds = new Map(store.all('meetings').filter((m) => meetings.some((x) => x.title === m.title)).map((m) => [m.id, m.title]));
    expect(meetingIds.size).to.equal(10);
    const ours = (): Readonly<Job>[] => (store?.all('jobs') ?? []).filter((j) => j.kind === 'meeting-reminder' && meetingIds.has(String(j.payload.meetingId)));
    expect(ours().filter((j) => j.status === 'pending'), '20 channels x 10 meetings, planned').to.have.length(200);

    // The round: every reminder due now (as if the clock had reached 09:00 seven days before each
    // meeting), with every third call to the connector answered 429.
    connector.throttleEvery(3, 0);
    const dueAt = new Date(Date.now() - 60_000).toISOString();
    await store.transact({ actor: { name: 'test clock' }, via: 'cli' }, (tx) => {
      for (const job of ours()) tx.put('jobs', { ...job, dueAt }, { action: 'test.due-now' });
    });
    const accepted = () => connector.calls.filter((c) => c.method === 'POST' && c.status === 200 && CHANNELS.some((ch) => c.path.includes(encodeURIComponent(ch)))).length;
    const kills: number[] = [];
    for (const threshold of [40, 110]) {
      for (let i = 0; i < 1200 && accepted() < threshold; i += 1) await sleep(25);
      const victim = Math.floor(Math.random() * 3);
      expect(await cluster.stopInstance(victim, 'SIGKILL')).to.deep.equal({ code: null, signal: 'SIGKILL' });
      kills.push(victim);
      await cluster.startInstance(victim);
    }
    // Until every reminder is sent or failed (bounded: a ceiling, not a measure).
    const settled = () => ours().every((j) => j.status === 'sent' || j.status === 'failed');
    for (let i = 0; i < 1200 && !settled(); i += 1) await sleep(100);
    const jobs = ours();
    expect(jobs.filter((j) => j.status !== 'sent' && j.status !== 'failed').map((j) => `${j.id} ${j.status}`), 'every reminder settled').to.deep.equal([]);

    // Per reminder: the posts the connector accepted for its channel and meeting.
    const postsFor = (job: Readonly<Job>) => {
      const channel = store?.get('subscriptions', String(job.payload.subscriptionId))?.target;
      const conversation = channel?.platform === 'teams' ? channel.conversationId : '';
      const title = meetingIds.get(String(job.payload.meetingId)) ?? '';
      return connector.calls.filter((c) => c.method === 'POST' && c.status === 200 && c.path.includes(encodeURIComponent(conversation)) && cardText(c.body).includes(title));
    };
    const inDoubt = jobs.filter((j) => j.status === 'failed' && /^interrupted/.test(j.lastError ?? ''));
    const failedOtherwise = jobs.filter((j) => j.status === 'failed' && !inDoubt.includes(j));
    expect(failedOtherwise.map((j) => `${j.id}: ${j.lastError ?? ''}`), 'no reminder failed for another reason').to.deep.equal([]);
    const twice = jobs.filter((j) => postsFor(j).length > 1).map((j) => j.id);
    expect(twice, 'no reminder accepted twice').to.deep.equal([]);
    const missed = jobs.filter((j) => !inDoubt.includes(j) && postsFor(j).length !== 1).map((j) => j.id);
    expect(missed, 'every reminder not in doubt accepted once').to.deep.equal([]);
    expect(inDoubt.length, 'in doubt: no more than the kills').to.be.at.most(kills.length);
    expect(connector.calls.filter((c) => c.status === 429).length, 'the connector did throttle').to.be.greaterThan(0);

    // Each one in doubt: reported to the admin privately, and audited as interrupted (what `status` counts).
    const toAdmin = () => connector.calls.filter((c) => c.status === 200 && c.path.includes(encodeURIComponent(`a:personal-${admin.aadObjectId}`))).map((c) => JSON.stringify(c.body));
    const reportedLines = () => toAdmin().flatMap((text) => text.split('\\n')).filter((line) => line.includes(`meeting-reminder due ${dueAt} (interrupted`));
    for (let i = 0; i < 400 && reportedLines().length < inDoubt.length; i += 1) await sleep(25);
    expect(reportedLines().length, 'each reminder in doubt reported to the admin').to.equal(inDoubt.length);
    const audit = await store.readAudit({ collection: 'jobs' });
    const interrupted = new Set(audit.filter((e) => e.action === 'job.interrupted').map((e) => e.recordId));
    for (const job of inDoubt) expect(interrupted.has(job.id), `${job.id} audited as interrupted`).to.equal(true);
    expect(jobs.filter((j) => j.status === 'sent').length + inDoubt.length).to.equal(200);
  });
});
