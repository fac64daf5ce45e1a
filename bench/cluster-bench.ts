// Several instances on one PostgreSQL database behind nginx (issue 16), on the set-up of
// `npm run cluster` (scripts/cluster/: PostgreSQL with fsync and synchronous_commit on, compiled bot
// instances, nginx). The client is this process; the instances, nginx and PostgreSQL are others.
// - Cross-instance visibility: a milestone updated on instance A (Teams card action, acknowledged),
//   then its details card asked of instance B back to back until it shows the update: the delay from
//   A's acknowledgement to B's first answer that shows it. Target p99 <= 1 s (issue 16).
// - Throughput through nginx with 1, 2 and 3 instances in its rotation (one cluster; nginx reloaded
//   with the others marked down): closed-loop clients, 70 % `milestones` lists and 30 % milestone
//   updates, and the CPU each part used (the instances, PostgreSQL, nginx, this client), which says
//   where the bottleneck is.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { startCluster, type Cluster } from '../scripts/cluster/cluster.ts';
import { childrenOf } from '../scripts/cluster/nginx.ts';
import { startPostgres } from '../scripts/postgres-server.ts';
import { openStore } from '../src/store/open-store.ts';
import type { Benchmark, BenchmarkResult, BenchOptions, Metric } from './bench-types.ts';
import { median, percentile } from './stats.ts';

export const benchmark: Benchmark = {
  name: 'cluster',
  description: 'Three instances on PostgreSQL behind nginx: cross-instance visibility delay, throughput at 1, 2 and 3 instances',
  run: runClusterBenchmark,
};

const FULL = { visibility: 200, seconds: 15, clients: 12 };
const QUICK = { visibility: 10, seconds: 2, clients: 4 };
const ADMIN_AAD = '00000000-0000-4000-8000-00000000c1a5';

let counter = 0;
function activity(type: 'message' | 'invoke', extra: Record<string, unknown>): string {
  counter += 1;
  return JSON.stringify({
    type,
    id: `cluster-bench-${counter}`,
    channelId: 'msteams',
    serviceUrl: 'http://127.0.0.1:9/',
    deliveryMode: type === 'message' ? 'expectReplies' : undefined,
    from: { id: '29:cluster-bench', name: 'Bench Admin', aadObjectId: ADMIN_AAD },
    recipient: { id: '28:bot' },
    conversation: { id: 'cluster-bench-conversation', conversationType: 'personal', tenantId: 'bench-tenant' },
    ...extra,
  });
}

async function post(url: string, body: string): Promise<string> {
  const response = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(30_000) });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${text.slice(0, 200)}`);
  return text;
}

const updateBody = (id: string, version: number, commentary: string) =>
  activity('invoke', { name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'milestone.update', data: { id, version, status: 'on-track', commentary, evidence: '', revisedDue: '' } } } });
const showBody = (id: string) => activity('invoke', { name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'milestone.show', data: { id } } } });

/** CPU seconds (user + system) a process has used, from /proc (Linux); 0 when it is gone. */
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

function postgresPids(dataDir: string): number[] {
  const postmaster = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  return [postmaster, ...childrenOf(postmaster)];
}

/** CPU seconds by part, now. */
function cpuByPart(cluster: Cluster, postgresDataDir: string): Record<string, number> {
  const sum = (pids: number[]) => pids.reduce((s, pid) => s + cpuSeconds(pid), 0);
  const master = cluster.nginx.pid();
  const client = process.cpuUsage();
  return {
    instances: sum(cluster.instances.flatMap((i) => i.pid() ?? [])),
    postgres: sum(postgresPids(postgresDataDir)),
    nginx: master ? sum([master, ...childrenOf(master)]) : 0,
    client: (client.user + client.system) / 1e6,
  };
}

async function runClusterBenchmark(options: BenchOptions): Promise<BenchmarkResult> {
  const plan = options.quick ? QUICK : FULL;
  const postgres = await startPostgres();
  let cluster: Cluster | undefined;
  try {
    cluster = await startCluster({ instances: 3, postgres, env: { ADMINS: `teams:${ADMIN_AAD}`, LOG_LEVEL: 'warn' }, log: options.log });
    const view = await openStore({ dataDir: path.join(options.workDir, 'unused'), databaseUrl: cluster.databaseUrl });
    const milestones = view.all('milestones').map((m) => ({ id: m.id, version: m.version }));
    await view.close();
    if (milestones.length < plan.clients + 1) throw new Error('the seeded plan has too few milestones for the clients');
    const [urlA, urlB, urlC] = cluster.instances.map((i) => i.url);
    if (!urlA || !urlB || !urlC) throw new Error('three instances expected');

    // Visibility: one milestone, updated on A, read on B (and B on C, C on A: every pair in turn).
    const watched = milestones[0] ?? { id: '', version: 1 };
    const pairs = [[urlA, urlB], [urlB, urlC], [urlC, urlA]] as const;
    const delays: number[] = [];
    let polls = 0;
    options.log(`cluster: ${plan.visibility} cross-instance visibility samples`);
    for (let i = 0; i < plan.visibility; i += 1) {
      const [writer, reader] = pairs[i % pairs.length] ?? pairs[0];
      const token = `visibility sample ${i} ${Date.now()}`;
      const saved = await post(writer, updateBody(watched.id, watched.version, token));
      if (!saved.includes('Saved by')) throw new Error(`the update on A was not saved: ${saved.slice(0, 300)}`);
      watched.version += 1;
      const acknowledged = performance.now();
      // Back to back until B shows it (bounded: 10 s of polls is a ceiling, far beyond the target).
      let seen = false;
      while (!seen && performance.now() - acknowledged < 10_000) {
        polls += 1;
        seen = (await post(reader, showBody(watched.id))).includes(token);
      }
      if (!seen) throw new Error(`instance B did not show the update made on A within 10 s (sample ${i})`);
      delays.push(performance.now() - acknowledged);
    }

    // Throughput with 1, 2, 3 instances in nginx's rotation.
    const metrics: Metric[] = [
      { id: 'cluster.visibility.p50', label: 'Cross-instance visibility delay (update on A acknowledged, until B shows it), median', unit: 'ms', value: median(delays) },
      { id: 'cluster.visibility.p99', label: 'Cross-instance visibility delay, p99', unit: 'ms', value: percentile(delays, 99), target: { max: 1000, why: 'issue 16: others see a write within 1 s' } },
    ];
    const context: Record<string, string | number> = { visibilitySamples: plan.visibility, readsPerSample: Number((polls / plan.visibility).toFixed(2)), clients: plan.clients, secondsPerStep: plan.seconds, mix: '70 % milestones list, 30 % milestone update', postgres: 'fsync on, synchronous_commit on', instances: 'compiled dist/' };
    const owned = milestones.slice(1, plan.clients + 1);
    for (const inRotation of [1, 2, 3]) {
      for (let i = 0; i < 3; i += 1) await cluster.setInRotation(i, i < inRotation);
      const lb = cluster.url;
      options.log(`cluster: ${plan.clients} clients for ${plan.seconds} s through nginx, ${inRotation} instance(s) in rotation`);
      const times: number[] = [];
      const readTimes: number[] = [];
      const writeTimes: number[] = [];
      let errors = 0;
      const cpuBefore = cpuByPart(cluster, postgres.dataDir);
      const started = performance.now();
      const ends = started + plan.seconds * 1000;
      await Promise.all(
        owned.map(async (milestone, client) => {
          for (let n = 0; performance.now() < ends; n += 1) {
            const write = (n + client) % 10 < 3;
            const t0 = performance.now();
            try {
              const answer = await post(lb, write ? updateBody(milestone.id, milestone.version, `throughput ${inRotation} ${client} ${n}`) : activity('message', { text: 'milestones' }));
              if (write) {
                if (!answer.includes('Saved by')) throw new Error('not saved');
                milestone.version += 1;
              }
              const took = performance.now() - t0;
              times.push(took);
              (write ? writeTimes : readTimes).push(took);
            } catch {
              errors += 1;
            }
          }
        }),
      );
      const elapsed = (performance.now() - started) / 1000;
      const cpuAfter = cpuByPart(cluster, postgres.dataDir);
      const share = (part: string) => ((cpuAfter[part] ?? 0) - (cpuBefore[part] ?? 0)) / elapsed;
      metrics.push(
        { id: `cluster.throughput.${inRotation}`, label: `Throughput through nginx, ${inRotation} instance(s)`, unit: 'req/s', value: times.length / elapsed },
        { id: `cluster.latency.${inRotation}.p50`, label: `Request time through nginx, ${inRotation} instance(s), median`, unit: 'ms', value: median(times) },
        { id: `cluster.latency.${inRotation}.p99`, label: `Request time through nginx, ${inRotation} instance(s), p99`, unit: 'ms', value: percentile(times, 99) },
        { id: `cluster.errors.${inRotation}`, label: `Failed requests, ${inRotation} instance(s)`, unit: 'count', value: errors, target: { max: 0, why: 'every request answered' } },
      );
      for (const part of ['instances', 'postgres', 'nginx', 'client']) context[`cpu${inRotation}.${part}`] = Number(share(part).toFixed(2));
      context[`readMedianMs${inRotation}`] = Number(median(readTimes).toFixed(1));
      context[`writeMedianMs${inRotation}`] = Number(median(writeTimes).toFixed(1));
      context[`loadAverage${inRotation}`] = Number((readFileSync('/proc/loadavg', 'utf8').split(' ')[0] ?? '0'));
    }
    return { name: 'cluster', metrics, context: { ...context, cpuUnit: 'cores busy (CPU seconds per second) by part, cpuN = N instances', cores: readdirSync('/sys/devices/system/cpu').filter((d) => /^cpu\d+$/.test(d)).length } };
  } finally {
    await cluster?.stop();
    await postgres.stop();
  }
}
