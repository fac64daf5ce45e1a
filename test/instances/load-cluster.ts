// The set-up of the several-instance tests: `npm run cluster`'s own (scripts/cluster/cluster.ts:
// PostgreSQL with production durability, compiled bot instances, nginx in front) filled with the
// load harness's data (the seeded plan and one partner officer per simulated user, each with a
// milestone of their own), with the load harness's stand-in Bot Connector and Slack Web API on
// loopback recording what the instances send, and its simulated officers (bench/load/) driving the
// real HTTP endpoints through nginx: Teams activities on /api/messages (local mode: the stand-in
// connector receives the replies without a token) and Slack requests on /slack/events signed with
// the signing secret (HMAC-SHA256), both built from the shapes in test/helpers/ (their sources are
// named there).
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { addDays, subDays } from 'date-fns';
import { meetingButtons } from '../../bench/load/load-harness.ts';
import { Ledger } from '../../bench/load/ledger.ts';
import { prepareLoadData, type LoadData, type OfficerAccount } from '../../bench/load/load-data.ts';
import { Recorder } from '../../bench/load/recorder.ts';
import { startLoadConnector, startLoadSlackApi, type LoadSlackApi, type LoadStandIn } from '../../bench/load/stand-ins.ts';
import { isoDay, pickAction, type RunContext } from '../../bench/load/virtual-users.ts';
import { seededRandom } from '../../bench/dataset.ts';
import { startCluster, type Cluster, type ClusterOptions } from '../../scripts/cluster/cluster.ts';
import { sharedPostgres } from '../../scripts/postgres-server.ts';
import { BOT_TOKEN, SIGNING_SECRET, slackUser } from '../helpers/slack-requests.ts';
import { teamsUser } from '../helpers/teams-activities.ts';

export interface LoadCluster {
  cluster: Cluster;
  connector: LoadStandIn;
  slack: LoadSlackApi;
  data: LoadData;
  ctx: RunContext;
  ledger: Ledger;
  stop(): Promise<void>;
}

/** The Slack settings every instance gets: HTTP mode against the stand-in Web API. */
export function slackSettings(slack: LoadSlackApi): Record<string, string> {
  return { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl, SLACK_RESPONSE_URL_ORIGIN: slack.url };
}

export async function startLoadCluster(options: { users: number; instances?: number; cluster?: Partial<ClusterOptions> }): Promise<LoadCluster> {
  const connector = await startLoadConnector();
  const slack = await startLoadSlackApi();
  const accounts = Array.from({ length: options.users }, (_, i): OfficerAccount => (i % 2 === 0 ? { platform: 'teams', account: teamsUser(`Teams Officer ${i + 1}`) } : { platform: 'slack', account: slackUser(`Slack Officer ${i + 1}`) }));
  const now = new Date();
  let data: LoadData | undefined;
  let cluster: Cluster | undefined;
  try {
    cluster = await startCluster({
      instances: options.instances ?? 3,
      postgres: await sharedPostgres(),
      env: { ...slackSettings(slack), SEED_ON_FIRST_START: 'false', LOG_LEVEL: 'info' },
      prepare: async (databaseUrl) => void (data = await prepareLoadData(path.join(os.tmpdir(), 'unused'), accounts, now, databaseUrl)),
      ...options.cluster,
    });
    if (!data?.meeting) throw new Error('the seeded plan has no scheduled meeting to answer');
    const meeting = await meetingButtons(cluster.url, connector, slack, data.officers);
    const ledger = new Ledger(`multi${randomBytes(3).toString('hex')}`, data.milestones, data.meeting);
    const ctx: RunContext = { botUrl: cluster.url, connector, slack, ledger, recorder: new Recorder(), meeting, occurredDate: isoDay(subDays(now, 1)), revisedDue: isoDay(addDays(now, 120)) };
    const started = cluster;
    return {
      cluster,
      connector,
      slack,
      data,
      ctx,
      ledger,
      stop: async () => {
        await started.stop();
        await connector.close();
        await slack.close();
      },
    };
  } catch (error) {
    await cluster?.stop();
    await connector.close();
    await slack.close();
    throw error;
  }
}

/**
 * The officers repeat the load harness's mix of actions (lists, summaries, milestone updates,
 * intelligence reports, RSVPs) until `until()` is past; bounded by it, and each step by its own timeout.
 */
export async function runOfficers(load: LoadCluster, until: () => number, seed: number): Promise<void> {
  const random = seededRandom(seed);
  await Promise.all(
    load.data.officers.map(async (officer) => {
      for (let n = officer.index; Date.now() < until(); n += 1) {
        await pickAction(random())(load.ctx, officer, n);
      }
    }),
  );
}
