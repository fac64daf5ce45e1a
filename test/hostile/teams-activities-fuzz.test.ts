// Hostile input on the Teams endpoint, over real HTTP: Bot Framework activities with fields
// dropped, retyped, swapped for huge or strange strings, unknown activity types and invoke names,
// and adaptiveCard/action invokes carrying any `value`. Sent by people the forum does not know, so
// none of it may write. Properties: the server keeps answering (/healthz), no 5xx except 501 for
// an invoke the bot does not implement, the store is unchanged, and nothing the bot says (HTTP
// body, replies to the stand-in Bot Connector) carries a stack trace or an internal detail.
import { expect } from 'chai';
import fc from 'fast-check';
import { anyJson, awkwardString, fuzzParameters, healthy, internalDetail, startupWritesDone } from '../helpers/fuzz.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { startStandInConnector, type StandInConnector } from '../helpers/stand-in-connector.ts';
import { baseActivity, cardActionActivity, messageActivity, postActivity, teamsUser, TENANT, type Activity } from '../helpers/teams-activities.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

/** Fields of an activity the bot or the Bot Framework SDK reads (dotted paths). */
const PATHS = [
  'type', 'id', 'name', 'text', 'textFormat', 'value', 'locale', 'timestamp', 'localTimestamp', 'channelId', 'replyToId', 'deliveryMode',
  'from', 'from.id', 'from.name', 'from.aadObjectId', 'from.role',
  'recipient', 'recipient.id', 'recipient.name',
  'conversation', 'conversation.id', 'conversation.conversationType', 'conversation.tenantId', 'conversation.isGroup', 'conversation.name',
  'channelData', 'channelData.tenant', 'channelData.tenant.id', 'channelData.channel', 'channelData.channel.name', 'channelData.team',
  'entities', 'attachments', 'membersAdded', 'membersRemoved', 'value.action', 'value.action.verb', 'value.action.data', 'value.action.type',
] as const;

const ACTIVITY_TYPES = ['message', 'invoke', 'event', 'conversationUpdate', 'installationUpdate', 'messageReaction', 'messageUpdate', 'messageDelete', 'typing', 'endOfConversation', 'command', 'trace', 'handoff', 'Message', ''] as const;
const INVOKE_NAMES = ['adaptiveCard/action', 'task/fetch', 'task/submit', 'composeExtension/query', 'signin/verifyState', 'healthCheck', 'actionableMessage/executeAction', 'forum/home', ''] as const;
const EVENT_NAMES = ['forum/home', 'continueConversation', 'application/vnd.microsoft.meetingStart', ''] as const;

type Mutation = { kind: 'set'; path: string; value: unknown } | { kind: 'delete'; path: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), path: fc.constantFrom(...PATHS), value: anyJson }),
  fc.record({ kind: fc.constant('delete' as const), path: fc.constantFrom(...PATHS) }),
  fc.record({ kind: fc.constant('set' as const), path: fc.constant('type'), value: fc.constantFrom<unknown>(...ACTIVITY_TYPES) }),
  fc.record({ kind: fc.constant('set' as const), path: fc.constant('name'), value: fc.constantFrom<unknown>(...INVOKE_NAMES, ...EVENT_NAMES) }),
  fc.record({ kind: fc.constant('set' as const), path: fc.constant('membersAdded'), value: fc.constant([{ id: '28:scf-bot', name: 'Stronger Communities' }]) }),
);

function apply(activity: Activity, m: Mutation): void {
  const parts = m.path.split('.');
  const last = parts.pop() ?? '';
  let node: unknown = activity;
  for (const part of parts) {
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (!record[part] || typeof record[part] !== 'object') record[part] = {};
    node = record[part];
  }
  if (!node || typeof node !== 'object' || Array.isArray(node)) return;
  const record = node as Record<string, unknown>;
  if (m.kind === 'delete') delete record[last];
  else record[last] = m.value;
}

/** A valid activity of some kind from someone unknown, then up to six mutations. */
function hostileActivity(connectorUrl: string): fc.Arbitrary<Activity> {
  const base = fc.oneof(
    awkwardString.map((text) => messageActivity(text, { from: teamsUser('Stranger') })),
    fc.constantFrom('personal', 'groupChat', 'channel').map((c) => messageActivity('summary', { from: teamsUser('Stranger'), conversation: c as 'personal' })),
    anyJson.map((value): Activity => ({ ...cardActionActivity('milestone.show', {}, { from: teamsUser('Stranger') }), value })),
    fc.tuple(fc.constantFrom('milestone.update', 'intel.submit', 'person.save', 'meeting.save', 'milestones.page', 'nonsense'), fc.dictionary(awkwardString, anyJson, { maxKeys: 6 })).map(([verb, data]) =>
      cardActionActivity(verb, data, { from: teamsUser('Stranger') }),
    ),
    anyJson.map((value) => messageActivity('', { from: teamsUser('Stranger'), overrides: { value } })),
    fc.constantFrom(...ACTIVITY_TYPES).map((type) => baseActivity(type, { from: teamsUser('Stranger') })),
  );
  return fc.tuple(base, fc.array(mutation, { maxLength: 6 }), fc.boolean()).map(([activity, mutations, expectReplies]) => {
    const copy = structuredClone(activity);
    for (const m of mutations) apply(copy, m);
    // Replies that do not come back in the response go to the stand-in connector: never to a
    // made-up address (an unreachable serviceUrl costs seconds of retries per request).
    if ('serviceUrl' in copy) copy.serviceUrl = connectorUrl;
    if (!expectReplies && copy.deliveryMode === 'expectReplies') delete copy.deliveryMode;
    return copy;
  });
}

describe('Hostile input: Bot Framework activities on /api/messages (fuzz)', function () {
  this.timeout(120_000);
  let bot: RunningBot;
  let connector: StandInConnector;

  before(async () => {
    connector = await startStandInConnector();
    bot = await startRunningBot();
    await startupWritesDone(bot.store);
  });
  after(async () => {
    await bot.stop();
    await connector.close();
    removeTempDirs();
  });

  async function checkOne(activity: Activity, botUnderTest: RunningBot): Promise<void> {
    const seq = botUnderTest.store.info().lastSeq;
    const calls = connector.calls.length;
    const answer = await postActivity(botUnderTest.url, activity);
    const invoke = activity.type === 'invoke' && activity.name !== 'adaptiveCard/action';
    expect(answer.status >= 500 && !(invoke && answer.status === 501), `status ${answer.status}: ${JSON.stringify(answer.body)?.slice(0, 300)}`).to.equal(false);
    expect(botUnderTest.store.info().lastSeq, 'nothing from a stranger is written').to.equal(seq);
    const said = JSON.stringify(answer.body ?? '') + JSON.stringify(connector.calls.slice(calls).map((c) => c.body));
    const leaked = internalDetail(said, activity, [botUnderTest.dataDir]);
    expect(leaked, leaked).to.equal(undefined);
  }

  it('answers any mutated activity without a 5xx, a write or an internal detail, and keeps serving', async () => {
    await fc.assert(fc.asyncProperty(hostileActivity(connector.url), (activity) => checkOne(activity, bot)), fuzzParameters(300));
    expect(await healthy(bot.url)).to.equal(true);
    const errors = bot.logs.filter((l) => Number(l.level) >= 50).map((l) => `${String(l.msg)}: ${JSON.stringify(l.err ?? l.detail ?? '').slice(0, 300)}`);
    expect(errors, 'a stranger\'s malformed request is not an error for the operator').to.deep.equal([]);
  });

  it('does the same with a tenant allow-list (the middleware reads the tenant from wrongly typed fields)', async () => {
    const guarded = await startRunningBot({ ALLOWED_TENANTS: TENANT });
    try {
      await startupWritesDone(guarded.store);
      await fc.assert(fc.asyncProperty(hostileActivity(connector.url), (activity) => checkOne(activity, guarded)), fuzzParameters(150));
      expect(await healthy(guarded.url)).to.equal(true);
      expect(guarded.logs.filter((l) => Number(l.level) >= 50).map((l) => String(l.msg))).to.deep.equal([]);
    } finally {
      await guarded.stop();
    }
  });

  it('refuses with 400 the shapes the fuzzing found failing a turn (were: 500 or an error log line)', async () => {
    const connectorReplies = (activity: Activity) => ({ ...structuredClone(activity), serviceUrl: connector.url, deliveryMode: undefined });
    const found: [string, (a: Activity) => void, string][] = [
      // The SDK copies `from` into the reply's address; the connector client refused to serialize it.
      ['from.role an object', (a) => ((a.from as Activity).role = {}), 'from.role must be text'],
      ['conversation.isGroup a number', (a) => ((a.conversation as Activity).isGroup = 5), 'conversation.isGroup must be true or false'],
      ['conversation.id with a control character (an HTTP header of the reply)', (a) => ((a.conversation as Activity).id = 'a:\u0000'), 'conversation.id is not a conversation id'],
      ['conversation.id "..", which walked up the connector path', (a) => ((a.conversation as Activity).id = '..'), 'conversation.id is not a conversation id'],
      ['text a number (read as the command)', (a) => (a.text = 5), 'text must be text'],
      ['membersAdded not a list', (a) => (a.membersAdded = 'bot'), 'membersAdded must be a list'],
      ['an entity without a type', (a) => (a.entities = [{}]), 'entities.0.type is missing'],
      ['a mention naming nobody', (a) => (a.entities = [{ type: 'mention', text: '<at>x</at>' }]), 'entities.0.mentioned is a mention that names nobody'],
    ];
    for (const [what, mutate, problem] of found) {
      const activity = connectorReplies(messageActivity('help', { from: teamsUser('Stranger') }));
      mutate(activity);
      const answer = await postActivity(bot.url, activity);
      expect(answer.status, what).to.equal(400);
      expect(JSON.stringify(answer.body), what).to.include(problem);
    }
    expect(await healthy(bot.url)).to.equal(true);
  });

  it('answers a body that is not an activity at all (any JSON, any bytes) with 4xx', async () => {
    const bodies = fc.oneof(
      anyJson.map((value) => JSON.stringify(value) ?? 'null'),
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify({ type: 'message', body: v })),
    );
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        const seq = bot.store.info().lastSeq;
        const answer = await postActivity(bot.url, body);
        expect(answer.status, `${answer.status} for ${body.slice(0, 80)}`).to.be.within(200, 499);
        expect(bot.store.info().lastSeq).to.equal(seq);
        expect(internalDetail(JSON.stringify(answer.body ?? ''), body, [bot.dataDir])).to.equal(undefined);
      }),
      fuzzParameters(150),
    );
    expect(await healthy(bot.url)).to.equal(true);
  });
});
