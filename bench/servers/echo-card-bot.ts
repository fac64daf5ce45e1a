// The baseline for the message path (issue 15): the same stack as the bot (botbuilder CloudAdapter
// behind restify, compiled the same way, in its own process), answering with a pre-built reply of
// the same bytes as the bot's. The harness registers each reply once (POST /bench/replies); then a
// message whose text is the reply's key is answered with that reply's activities (expectReplies),
// and an invoke whose verb is the key with its invoke response. A reply registered with
// `lineBytes` is a write: each answer first appends a line of that size to a file and fdatasyncs it,
// as the bot's journal does. So the ratio bot / baseline is what building the answer from data costs.
import { appendFileSync, fdatasyncSync, openSync } from 'node:fs';
import path from 'node:path';
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication, type InvokeResponse } from 'botbuilder';
import restify from 'restify';
import { z } from 'zod';

const registration = z.object({
  key: z.string().min(1),
  /** What the bot's reply to a message carried: its activities (text, attachments). */
  activities: z.array(z.record(z.string(), z.unknown())).optional(),
  /** What the bot answered an invoke with: the invoke response body. */
  invokeBody: z.unknown().optional(),
  lineBytes: z.number().int().positive().optional(),
});
type Registration = z.infer<typeof registration>;

const replies = new Map<string, Registration>();
const journalDir = process.env.BENCH_WRITE_DIR ?? process.cwd();
const journal = openSync(path.join(journalDir, `echo-card-journal-${process.pid}.jsonl`), 'a');
const lines = new Map<number, Buffer>();

function durableLine(bytes: number): void {
  let line = lines.get(bytes);
  if (!line) {
    line = Buffer.from(`${'x'.repeat(bytes - 1)}\n`);
    lines.set(bytes, line);
  }
  appendFileSync(journal, line);
  fdatasyncSync(journal);
}

class EchoCardBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      const reply = replies.get(context.activity.text ?? '');
      if (reply?.lineBytes) durableLine(reply.lineBytes);
      if (reply?.activities) await context.sendActivities(reply.activities.map((a) => ({ ...a, type: 'message' })));
      else await context.sendActivity(`no reply registered for ${context.activity.text ?? ''}`);
      await next();
    });
  }

  protected override async onInvokeActivity(context: Parameters<ActivityHandler['run']>[0]): Promise<InvokeResponse> {
    const verb = z.object({ action: z.object({ verb: z.string() }) }).safeParse(context.activity.value);
    const reply = verb.success ? replies.get(verb.data.action.verb) : undefined;
    if (!reply) return { status: 404 };
    if (reply.lineBytes) durableLine(reply.lineBytes);
    return { status: 200, body: reply.invokeBody };
  }
}

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
const bot = new EchoCardBot();
const server = restify.createServer();
server.post('/api/messages', restify.plugins.bodyParser(), async (req, res) => {
  await adapter.process(req, res, (context) => bot.run(context));
});
server.post('/bench/replies', restify.plugins.bodyParser(), async (req, res) => {
  const parsed = registration.safeParse(req.body);
  if (!parsed.success) {
    res.send(400, { error: parsed.error.message });
    return;
  }
  replies.set(parsed.data.key, parsed.data);
  res.send(204);
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ msg: 'listening', url: `http://127.0.0.1:${server.address().port}` })}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
