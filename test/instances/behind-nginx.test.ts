// Several instances behind nginx (issue 16): one instance, picked at random, is killed with SIGKILL
// while partner officers on Teams and Slack update milestones, log intelligence and answer RSVPs
// through the load balancer. Every write an officer was told was saved is in the database afterwards
// (read by a store opened apart from every instance). The only steps allowed to fail are those in
// flight at the instant of the kill (a request nginx had handed to the killed instance: a POST is not
// sent again, since it may have been acted on); every step that began after it succeeds, on the others.
import { expect } from 'chai';
import { verifyStore } from '../../bench/load/verify-store.ts';
import { openStore } from '../../src/store/open-store.ts';
import { removeTempDirs, makeTempDir } from '../helpers/temp-dir.ts';
import { runOfficers, startLoadCluster, type LoadCluster } from './load-cluster.ts';

describe('several instances behind nginx: SIGKILL of one during mixed load', function () {
  this.timeout(300_000);
  let load: LoadCluster | undefined;
  after(async () => {
    await load?.stop();
    removeTempDirs();
  });

  it('keeps every acknowledged write; only steps in flight while it was being killed may fail, and nginx sends the rest to the others', async () => {
    load = await startLoadCluster({ users: 6 });
    const { cluster, ctx } = load;
    const victim = Math.floor(Math.random() * cluster.instances.length);
    const port = cluster.instances[victim]?.port;
    // Load for about 3 s, the kill, then about 4 s more on the others (bounded by the deadline).
    const started = Date.now();
    const deadline = started + 7000;
    const kill = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 3000));
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

    const fives = cluster.nginx.accessLog().split('\n').filter((l) => / 5\d\d upstream=/.test(l));
    const diagnosis = `killed instance ${victim + 1} (port ${port})\n${failures.join('\n')}\nnginx 5xx:\n${fives.join('\n')}\nnginx errors:\n${cluster.nginx.errorLog().slice(-3000)}`;
    expect(recorder.errors, `steps that failed without being in flight at the kill: ${diagnosis}`).to.equal(0);
    expect(recorder.lostInCrash, 'failed steps in flight at the kill: at most one per officer').to.be.at.most(load.data.officers.length);
    expect(recorder.completed, 'the officers got work done').to.be.greaterThan(20);
    // nginx's log: every 5xx it gave came from the killed instance.
    for (const line of fives) expect(line, 'a 5xx from nginx names the killed instance').to.include(`127.0.0.1:${port}`);
    expect(fives.length).to.be.at.most(recorder.lostInCrash);

    const verifyRepo = await openStore({ dataDir: makeTempDir('scf-verify-'), databaseUrl: cluster.databaseUrl });
    try {
      const verification = await verifyStore(verifyRepo, ctx.ledger.snapshot());
      expect(verification.problems).to.deep.equal([]);
      const acked = ctx.ledger.updates.filter((u) => u.acknowledged).length + ctx.ledger.reports.filter((r) => r.acknowledged).length + ctx.ledger.rsvps.filter((r) => r.acknowledged).length;
      expect(acked, 'acknowledged writes were checked').to.be.greaterThan(5);
    } finally {
      await verifyRepo.close();
    }
  });
});
