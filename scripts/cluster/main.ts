// `npm run cluster`: PostgreSQL, three bot instances (the compiled bot, as in production) and nginx
// in front of them, all on loopback, to try the several-instance set-up on one machine
// (scripts/cluster/cluster.ts; the multi-instance tests drive the same set-up). Ctrl-C or SIGTERM
// stops everything. Teams and Slack settings in the environment (or .env) are passed to every
// instance; without them Teams runs in local mode and Slack is off.
import { existsSync } from 'node:fs';
import { missingPrerequisites, startCluster, type Cluster } from './cluster.ts';

const PASSED_ON = /^(Microsoft|SLACK_|ADMINS$|ALLOWED_|BOT_OPENID_METADATA_URL$|PUBLIC_URL$|DATA_ENCRYPTION_KEY|TIME_ZONE$|REMINDER_|NUDGE_|INTEL_|GRANT|FORUM_ID$|LOG_LEVEL$)/;

async function main(): Promise<void> {
  const missing = missingPrerequisites();
  if (missing.length > 0) {
    process.stderr.write(`npm run cluster needs, on this machine:\n${missing.map((m) => `  - ${m}`).join('\n')}\n`);
    process.exit(1);
  }
  if (existsSync(process.env.ENV_FILE ?? '.env')) process.loadEnvFile(process.env.ENV_FILE ?? '.env');
  const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => PASSED_ON.test(e[0]) && e[1] !== undefined));
  const instances = Number(process.env.CLUSTER_INSTANCES ?? 3);
  if (!Number.isInteger(instances) || instances < 1 || instances > 9) throw new Error('CLUSTER_INSTANCES: expected a number from 1 to 9');
  const started: { cluster?: Cluster } = {};
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping nginx, the instances and PostgreSQL...\n`);
    // Still starting: stopped as soon as it has started (below).
    if (!started.cluster) return;
    await started.cluster.stop();
    process.stdout.write('stopped.\n');
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  const cluster = await startCluster({ instances, env, log: (m) => process.stdout.write(`${m}\n`) });
  started.cluster = cluster;
  if (stopping) {
    await cluster.stop();
    process.stdout.write('stopped.\n');
    process.exit(0);
  }
  const slack = env.SLACK_SIGNING_SECRET ? 'on (the SLACK_* settings you gave)' : 'off (set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET to turn it on)';
  process.stdout.write(`
The forum bot: ${instances} instances on one PostgreSQL database, behind nginx.

  Load balancer (use this)  ${cluster.url}
    Teams endpoint          ${cluster.url}/api/messages
    Slack endpoint          ${cluster.url}/slack/events
    Grants pages            ${cluster.url}/grants
${cluster.instances.map((i) => `  Instance ${i.index + 1}                ${i.url}  (pid ${i.pid() ?? '?'}, /readyz)`).join('\n')}
  PostgreSQL                ${cluster.databaseUrl}
  Logs                      ${cluster.folder} (instance-N.log, nginx/access.log: which instance answered)

Teams: ${env.MicrosoftAppId ? `app ${env.MicrosoftAppId}` : 'local mode (no credentials)'}. To chat with it in the Agents Playground:
  BOT_ENDPOINT=${cluster.url}/api/messages npm run playground:attach
Slack: ${slack}. For a Slack app, point Event Subscriptions and Interactivity at
  <your tunnel to ${cluster.url}>/slack/events
Try: kill -9 one instance's pid and go on; nginx sends to the others.

Ctrl-C stops everything.
`);
}

main().catch((error: unknown) => {
  process.stderr.write(`npm run cluster failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
