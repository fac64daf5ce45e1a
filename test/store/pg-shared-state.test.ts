// Two app instances in one test process on one PostgreSQL database, each with its own HTTP port (as
// two instances behind a load balancer): a Teams activity delivered again to the other instance is
// recognised as a repeat, the grants pages' per-address limit counts across both, a form started on
// one is finished on the other (CSRF and form state signed with the shared APP_SECRET), and a link
// made on one opens on the other. Without APP_SECRET, DATABASE_URL stops the start with a clear
// message. Teams activities follow Microsoft's Bot Framework activity schema (test/helpers/teams-activities.ts).
import { expect } from 'chai';
import { appSecretFrom } from '../../src/config/app-secret.ts';
import { linkKeys } from '../../src/links/link-tokens.ts';
import { Links } from '../../src/links/links.ts';
import { sharedPostgres } from '../../scripts/postgres-server.ts';
import { runBotProcessToExit } from '../helpers/bot-process.ts';
import { registerTeamsPerson } from '../helpers/forum-people.ts';
import { applicationFields, applyOverHttp, ELIGIBLE, GrantsWebClient, hiddenFieldsOf } from '../helpers/grants-web-client.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { startStandInConnector, type StandInConnector } from '../helpers/stand-in-connector.ts';
import { cardActionActivity, invokeResult, messageActivity, postActivity, teamsUser } from '../helpers/teams-activities.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

const APP_SECRET = 'shared-secret-for-two-instances-0123456789';

/** Waits (bounded) until `ready` holds: a ceiling, not a measure. */
async function until(ready: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !ready(); i += 1) await new Promise((r) => setTimeout(r, 25));
  if (!ready()) throw new Error(`never happened: ${what}`);
}

describe('two instances on one PostgreSQL database share repeats, limits, forms and links', function () {
  this.timeout(120_000);
  let a: RunningBot;
  let b: RunningBot;
  let connector: StandInConnector;

  before(async () => {
    const url = await (await sharedPostgres()).createDatabase();
    connector = await startStandInConnector();
    const env = { DATABASE_URL: url, APP_SECRET, LOG_LEVEL: 'info', GRANTS_SUBMISSIONS_PER_HOUR: '3', TRUSTED_PROXIES: '127.0.0.1' };
    a = await startRunningBot(env);
    b = await startRunningBot(env);
  });
  after(async () => {
    await a?.stop();
    await b?.stop();
    await connector?.close();
    removeTempDirs();
  });

  it('a Teams card action delivered again to the other instance is answered as a repeat; the report is saved once', async () => {
    const officer = teamsUser('Pat Officer');
    await registerTeamsPerson(a.store, officer, ['member']);
    await until(() => b.store.all('people').some((p) => p.displayName === 'Pat Officer'), 'the person on B');
    const reports = a.store.count('intelReports');
    const submit = cardActionActivity('intel.submit', {
      occurredDate: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10), occurredTime: '18:00', areaId: 'borough-wide', category: 'positive-community-event',
      description: 'A street party was held', sourceType: 'own-observation', sourceReliability: 'reliable', informationConfidence: 'known-directly', tensionLevel: '1', tensionTrend: 'stable', handling: 'OFFICIAL', reportedToPolice: 'false',
    }, { from: officer, serviceUrl: `${connector.url}/` });
    const first = await postActivity(a.url, submit);
    expect(JSON.stringify(invokeResult(first))).to.include('Report logged');
    const repeat = await postActivity(b.url, submit);
    expect(repeat.status).to.equal(200);
    expect(String(invokeResult(repeat).value)).to.include('already received');
    await until(() => b.store.count('intelReports') === reports + 1, 'the report on B');
    expect(a.store.count('intelReports')).to.equal(reports + 1);
    expect(b.logs.some((l) => l.msg === 'ignored a repeated delivery of an activity already handled')).to.equal(true);
  });

  it('a Teams request on B just after a write on A sees it, though B has heard nothing of it yet', async () => {
    // B stands in for an instance the notice has not reached: its listener is closed, and its poll runs every 250 ms.
    const listener = (b.store as unknown as { listener?: { end(): Promise<void> } }).listener;
    await listener?.end();
    for (let round = 0; round < 5; round += 1) {
      const newcomer = teamsUser(`Quick Newcomer ${round}`);
      await registerTeamsPerson(a.store, newcomer, ['member']);
      const answer = await postActivity(b.url, messageActivity('whoami', { from: newcomer }));
      expect(answer.status).to.equal(200);
      expect(JSON.stringify(answer.activities), `round ${round}`).to.include(`You are Quick Newcomer ${round}`);
    }
  });

  it('the per-address limit of grant applications counts across both instances', async () => {
    // GRANTS_SUBMISSIONS_PER_HOUR=3: two applications on A and one on B use the address's allowance.
    const on = (bot: RunningBot) => new GrantsWebClient(bot.url, { 'x-forwarded-for': '203.0.113.40' });
    expect((await applyOverHttp(on(a))).reference).to.match(/^BSC-/);
    expect((await applyOverHttp(on(b))).reference).to.match(/^BSC-/);
    expect((await applyOverHttp(on(a))).reference).to.match(/^BSC-/);
    const fourth = await applyOverHttp(on(b));
    expect(fourth.page.status, 'refused on B after three across both').to.equal(429);
    expect((await applyOverHttp(on(a))).page.status).to.equal(429);
    expect((await applyOverHttp(new GrantsWebClient(b.url, { 'x-forwarded-for': '198.51.100.41' }))).reference, 'another address').to.match(/^BSC-/);
  });

  it('a grant application started on one instance is finished on the other (CSRF cookie and form state)', async () => {
    const onA = new GrantsWebClient(a.url, { 'x-forwarded-for': '203.0.113.50' });
    const onB = new GrantsWebClient(b.url, { 'x-forwarded-for': '203.0.113.50' });
    const start = await onA.get('/grants/apply');
    onB.cookie = onA.cookie;
    const eligible = await onB.post('/grants/apply/eligibility', [...hiddenFieldsOf(start.html, '/grants/apply/eligibility'), ...ELIGIBLE]);
    const check = await onA.post('/grants/apply/details', [...hiddenFieldsOf(eligible.html, '/grants/apply/details'), ...applicationFields({ groupName: 'Across Two Instances' })]);
    expect(check.html).to.include('Check your answers');
    const done = await onB.post('/grants/apply/submit', [...hiddenFieldsOf(check.html, '/grants/apply/submit'), ['website', '']]);
    expect(done.status).to.equal(200);
    const reference = done.html.match(/<strong>(BSC-[A-Z0-9]{6})<\/strong>/)?.[1] ?? '';
    expect(reference).to.match(/^BSC-/);
    // Sent again to A (a double click landing elsewhere): the same application, not a second one.
    const again = await onA.post('/grants/apply/submit', [...hiddenFieldsOf(check.html, '/grants/apply/submit'), ['website', '']]);
    expect(again.html).to.include(reference).and.include('it was not sent twice');
    const status = done.html.match(/href="http[^"]*(\/grants\/status\/[^"]+)"/)?.[1] ?? '';
    expect((await onA.get(status)).status, 'the status link made on B opens on A').to.equal(200);
  });

  it('a download link made on one instance opens on the other', async () => {
    const base = a.store.all('meetings')[0];
    if (!base) throw new Error('the seed has no meeting');
    const meeting = { ...base, id: 'MTG-TWO-INSTANCES', startsAt: '2029-01-15T13:00:00.000Z', endsAt: '2029-01-15T15:00:00.000Z', status: 'scheduled' as const };
    await a.store.transact({ actor: { name: 'test setup' }, via: 'cli' }, (tx) => tx.put('meetings', meeting, { action: 'meeting.create' }));
    const links = new Links(a.store, linkKeys(appSecretFrom(APP_SECRET, 'APP_SECRET')), () => a.url);
    const issued = await links.issue({ actor: { name: 'test' }, via: 'teams' }, { purpose: 'meeting-ics', holder: 'teams:someone', subject: meeting.id });
    const path = new URL(issued.url).pathname;
    // Reads come from each instance's view, current within the poll (docs/storage.md): wait until B has the link.
    await until(() => b.store.count('links') === a.store.count('links'), 'the link on B');
    const response = await fetch(`${b.url}${path}`);
    expect(response.status).to.equal(200);
    expect(await response.text()).to.include('BEGIN:VCALENDAR');
  });

  it('refuses to start with DATABASE_URL but no APP_SECRET, saying why (exit 2, no stack trace)', async () => {
    const result = await runBotProcessToExit({ DATABASE_URL: 'postgres://bot:pw@127.0.0.1:9/forum', APP_SECRET: '' });
    expect(result.code).to.equal(2);
    const output = result.stderr + result.stdout;
    expect(output).to.include('APP_SECRET: required when DATABASE_URL is set');
    expect(output).to.not.match(/\n\s+at /);
  });
});
