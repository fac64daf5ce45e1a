// The baseline for Slack's acknowledgement (issue 15): a bare Bolt app in its own process, compiled
// the same way as the bot, with the same signing secret, acknowledging every slash command and
// doing nothing else. SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN and SLACK_API_URL come from the harness.
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';

const signingSecret = process.env.SLACK_SIGNING_SECRET ?? '';
const receiver = new HTTPReceiver({ signingSecret, endpoints: '/slack/events', logLevel: LogLevel.ERROR });
const app = new App({ token: process.env.SLACK_BOT_TOKEN ?? '', receiver, logLevel: LogLevel.ERROR, clientOptions: { slackApiUrl: process.env.SLACK_API_URL ?? '' } });
app.command(/.*/, async ({ ack }) => {
  await ack();
});
const server = await app.start(Number(process.env.PORT ?? 0));
const address = server.address();
const port = typeof address === 'object' && address ? address.port : 0;
process.stdout.write(`${JSON.stringify({ msg: 'listening', url: `http://127.0.0.1:${port}` })}\n`);
process.once('SIGTERM', () => void app.stop().then(() => process.exit(0)));
