// Several instances behind nginx (issue 16), through the real set-up of `npm run cluster`
// (scripts/cluster/: PostgreSQL with fsync and synchronous_commit on, three compiled bot instances,
// nginx in front) and the load harness's simulated partner officers on Teams and Slack
// (test/instances/load-cluster.ts). One cluster for the whole group, in this order:
// - a Slack retry (same event_id, x-slack-retry-num) landing on another instance has one effect;
// - a stale form (Teams card, Slack modal) submitted on instance C after an update on B is refused;
// - a rolling restart of every instance under load fails no request (each is taken out of nginx's
//   rotation, drained by SIGTERM, started again and put back);
// - SIGKILL of a random instance under load: every acknowledged write is in the database afterwards
//   (read by a store opened apart from every instance); the only steps allowed to fail are those in
//   flight while it was being killed (nginx does not send a POST again once handed over, since it
//   may have been acted on); every other step succeeds, on the others.
import { expect } from 'chai';
import { Recorder } from '../../bench/load/recorder.ts';
import { verifyStore } from '../../bench/load/verify-store.ts';
import { slackForm, teamsCardAction, teamsMessage, type RunContext } from '../../bench/load/virtual-users.ts';
import type { Officer } from '../../bench/load/load-data.ts';
import { openStore } from '../../src/store/open-store.ts';
import { cardButtons, cardOf, cardText } from '../helpers/teams-activities.ts';
import { dmEvent, eventBody, modalValues, postSlack, viewSubmission } from '../helpers/slack-requests.ts';
import { textOf } from '../helpers/stand-in-slack-api.ts';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.ts';
import { runOfficers, startLoadCluster, type LoadCluster } from './load-cluster.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('several instances behind nginx', function () {
  this.timeout(300_000);
  let load: LoadCluster;
  before(async () => {
    load = await startLoadCluster({ users: 6 });
  });
  after(async () => {
    await load?.stop();
    removeTempDirs();
  });

  /** The run context aimed at one instance directly (as if the load balancer had picked it). */
  const on = (i: number): RunContext => ({ ...load.ctx, botUrl: load.cluster.instances[i]?.url ?? '' });
  const officer = (platform: 'teams' | 'slack'): Officer => {
    const found = load.data.officers.find((o) => o.platform === platform);
    if (!found) throw new Error(`no ${platform} officer`);
    return found;
  };
  async function verifyAcknowledgedWrites(): Promise<void> {
    const repo = await openStore({ dataDir: makeTempDir('scf-verify-'), databaseUrl: load.cluster.databaseUrl });
    try {
      const verification = await verifyStore(repo, load.ctx.ledger.snapshot());
      expect(verification.problems).to.deep.equal([]);
    } finally {
      await repo.close();
    }
  }

  it('answers a Slack event once when Slack\'s retry of it lands on another instance', async () => {
    const slack = officer('slack');
    if (slack.platform !== 'slack') throw new Error('unreachable');
    const posts = () => load.slack.counts.get('chat.postMessage') ?? 0;
    const before = posts();
    // Bolt's event envelope (test/helpers/slack-requests.ts: Slack's Events API reference), a DM saying "help".
    const body = eventBody(dmEvent(slack.account, 'help'), { eventId: 'Ev0MULTIRETRY1' });
    expect((await postSlack(on(0).botUrl, body)).status).to.equal(200);
    for (let i = 0; i < 400 && posts() === before; i += 1) await sleep(25);
    expect(posts(), 'instance 1 answered the first delivery').to.equal(before + 1);
    // Slack's retries (x-slack-retry-num 1 and 2, reason http_timeout) land on instances 2 and 3.
    expect((await postSlack(on(1).botUrl, body, { retryNum: 1 })).status).to.equal(200);
    expect((await postSlack(on(2).botUrl, body, { retryNum: 2 })).status).to.equal(200);
    // Each says in its log that it ignored the repeat (bounded wait for the line).
    for (const i of [1, 2]) {
      const said = () => load.cluster.instances[i]?.log().includes('"eventId":"Ev0MULTIRETRY1"') ?? false;
      for (let n = 0; n < 200 && !said(); n += 1) await sleep(25);
      expect(load.cluster.instances[i]?.log(), `instance ${i + 1} ignored the retry`).to.match(/ignored a repeated delivery of a Slack event already taken on[^\n]*Ev0MULTIRETRY1|Ev0MULTIRETRY1[^\n]*ignored a repeated delivery of a Slack event already taken on/);
    }
    expect(posts(), 'one answer in all').to.equal(before + 1);
  });

  it('refuses a stale form submitted on instance 3 after an update saved on instance 2 (Teams card and Slack modal)', async () => {
    const teams = officer('teams');
    // Teams: the update form opened on instance 1, the milestone updated on 2, the old form saved on 3.
    const form = cardButtons(cardOf(await teamsMessage(on(0), teams, `update ${teams.milestoneId}`))).find((b) => b.verb === 'milestone.update');
    expect(form, 'the Save button of the update form').to.not.equal(undefined);
    // The saved updates are in the load ledger, so the later checks of every milestone's history count them.
    const teamsToken = load.ctx.ledger.nextToken();
    const fresh = await teamsCardAction(on(1), teams, 'milestone.update', { ...form?.data, status: 'on-track', commentary: teamsToken, revisedDue: '', evidence: '' });
    expect(fresh.text).to.include('Saved by');
    load.ctx.ledger.updates.push({ milestoneId: teams.milestoneId, token: teamsToken, status: 'on-track', via: 'teams', personId: teams.personId, acknowledged: true });
    const stale = await teamsCardAction(on(2), teams, 'milestone.update', { ...form?.data, status: 'complete', commentary: 'Stale, on instance 3', revisedDue: '', evidence: 'Minutes' });
    expect(stale.text).to.not.include('Saved by');
    expect(`${stale.text}\n${cardText(stale.card)}`).to.include('changed this milestone');

    // Slack: the modal opened on instance 1 (its state signed with the shared APP_SECRET), the
    // milestone updated on 2 through a second modal, the first modal submitted on 3.
    const slack = officer('slack');
    if (slack.platform !== 'slack') throw new Error('unreachable');
    const opened = await slackForm(on(0), slack, `update ${slack.milestoneId}`);
    const second = await slackForm(on(1), slack, `update ${slack.milestoneId}`);
    const submit = async (i: number, modal: typeof opened, commentary: string) => {
      const metadata = modal.view && typeof modal.view === 'object' && 'private_metadata' in modal.view ? String(modal.view.private_metadata) : '';
      const values = modalValues(modal.view, { status: 'on-track', commentary });
      return postSlack(on(i).botUrl, viewSubmission(slack.account, { id: modal.viewId, privateMetadata: metadata, values }));
    };
    const slackToken = load.ctx.ledger.nextToken();
    expect(Object(await submit(1, second, slackToken).then((a) => a.json))).to.have.property('response_action', 'clear');
    load.ctx.ledger.updates.push({ milestoneId: slack.milestoneId, token: slackToken, status: 'on-track', via: 'slack', personId: slack.personId, acknowledged: true });
    const refused = await submit(2, opened, 'Stale, on instance 3');
    expect(refused.json).to.have.property('response_action', 'update');
    expect(textOf(Object(refused.json).view)).to.include('changed this milestone');
  });

  it('fails no request during a rolling restart of every instance under load', async () => {
    const { cluster, ctx } = load;
    ctx.recorder = new Recorder();
    let restarted = false;
    const exits: unknown[] = [];
    const rolling = (async () => {
      try {
        await sleep(1500);
        for (let i = 0; i < cluster.instances.length; i += 1) exits.push(await cluster.restartInstance(i));
        await sleep(1500);
      } finally {
        restarted = true;
      }
    })();
    // The officers go on until the last instance is back and has had load (bounded: 3 minutes at most).
    const ceiling = Date.now() + 180_000;
    await runOfficers(load, () => (restarted ? 0 : ceiling), 20_261_206);
    await rolling;
    const failures = [...ctx.recorder.failures].map(([reason, n]) => `${n} x ${reason}`);
    expect(ctx.recorder.errors, `failed steps:\n${failures.join('\n')}\nnginx errors:\n${cluster.nginx.errorLog().slice(-3000)}`).to.equal(0);
    expect(exits, 'each instance stopped cleanly on SIGTERM').to.deep.equal(cluster.instances.map(() => ({ code: 0, signal: null })));
    expect(ctx.recorder.completed, 'the officers got work done').to.be.greaterThan(20);
    await verifyAcknowledgedWrites();
  });

  it('keeps every acknowledged write when a random instance is killed (SIGKILL) under load; only steps in flight while it was being killed may fail', async () => {
    const { cluster, ctx } = load;
    ctx.recorder = new Recorder();
    const logBefore = cluster.nginx.accessLog().length;
    const victim = Math.floor(Math.random() * cluster.instances.length);
    const port = cluster.instances[victim]?.port;
    // Load for about 3 s, the kill, then about 4 s more on the others (bounded by the deadline).
    const deadline = Date.now() + 7000;
    const kill = (async () => {
      await sleep(3000);
      // The kill is not one instant: from the signal until the process is gone (its sockets closed),
      // a connection can still be queued on its port and then reset. Steps in flight at any moment of
      // that window may fail; any other step must not.
      ctx.recorder.crashed(performance.now());
      const exit = await cluster.stopInstance(victim, 'SIGKILL');
      ctx.recorder.restarted(performance.now());
      return exit;
    })();
    await runOfficers(load, () => deadline, 20_260_316);
    expect(await kill).to.deep.equal({ code: null, signal: 'SIGKILL' });
    const recorder = ctx.recorder;
    const failures = [...recorder.failures].map(([reason, n]) => `${n} x ${reason}`);
    const fives = cluster.nginx.accessLog().slice(logBefore).split('\n').filter((l) => / 5\d\d upstream=/.test(l));
    const diagnosis = `killed instance ${victim + 1} (port ${port})\n${failures.join('\n')}\nnginx 5xx:\n${fives.join('\n')}\nnginx errors:\n${cluster.nginx.errorLog().slice(-3000)}`;
    expect(recorder.errors, `steps that failed without being in flight at the kill: ${diagnosis}`).to.equal(0);
    expect(recorder.lostInCrash, 'failed steps in flight at the kill: at most one per officer').to.be.at.most(load.data.officers.length);
    expect(recorder.completed, 'the officers got work done').to.be.greaterThan(20);
    // nginx's log: every 5xx it gave came from the killed instance.
    for (const line of fives) expect(line, 'a 5xx from nginx names the killed instance').to.include(`127.0.0.1:${port}`);
    expect(fives.length).to.be.at.most(recorder.lostInCrash);
    await verifyAcknowledgedWrites();
    const acked = ctx.ledger.updates.filter((u) => u.acknowledged).length + ctx.ledger.reports.filter((r) => r.acknowledged).length + ctx.ledger.rsvps.filter((r) => r.acknowledged).length;
    expect(acked, 'acknowledged writes were checked').to.be.greaterThan(5);
  });
});
