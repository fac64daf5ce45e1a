// The Slack app manifests: the committed .yml files, read back by a real YAML parser, are valid by
// Slack's published schema, equal what `npm run manifest:slack` generates, take the slash
// command's hint from the command registry, and ask for exactly the bot scopes that the Web API
// calls, events and slash command in src/channels/slack/ need.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { COMMANDS, type CommandDefinition } from '../src/bot/commands/commands.ts';
import { SLACK_EVENTS_PATH } from '../src/channels/slack/slack-channel.ts';
import { MESSAGE_SHORTCUT_IDS } from '../src/channels/slack/slack-activities.ts';
import { SHARE_SHORTCUT_ID } from '../src/channels/slack/slack-share.ts';
import { BOT_EVENTS, BOT_SCOPES, buildSlackManifest, EVENTS_PATH, MANIFEST_FILES, PLACEHOLDER_BASE_URL, SLASH_COMMAND, slackManifestText, slackUsageHint, type BotEvent, type BotScope, type SlackMode } from '../src/cli/slack-manifest.ts';
import { load } from 'js-yaml';
import { toYaml, YamlShapeError } from '../src/cli/slack-manifest-yaml.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const SCHEMAS = path.join(ROOT, 'test/fixtures/schemas/slack-manifest');
const SLACK_SOURCE = path.join(ROOT, 'src/channels/slack');
const MODES: readonly SlackMode[] = ['http', 'socket'];

// The committed YAML files are read back with a real YAML parser, not the project's own writer.
const loadYaml = (text: string): unknown => load(text);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface ParsedManifest {
  features: { app_home: Record<string, boolean>; bot_user: { display_name: string; always_online: boolean }; slash_commands: { command: string; url?: string; usage_hint: string }[] };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { request_url?: string; bot_events: string[] }; interactivity: { is_enabled: boolean; request_url?: string }; socket_mode_enabled: boolean };
}
const committedText = (mode: SlackMode): string => readFileSync(MANIFEST_FILES[mode], 'utf8');
const committed = (mode: SlackMode): ParsedManifest & Record<string, Json> => loadYaml(committedText(mode)) as ParsedManifest & Record<string, Json>;

/** Slack's schema, set up here independently of the generator: every external $ref of the root is registered under its URL. */
function slackSchemaErrors(manifest: unknown): string[] {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormatsModule.default(ajv);
  const rootText = readFileSync(path.join(SCHEMAS, 'manifest.schema.json'), 'utf8');
  const refs = [...new Set([...rootText.matchAll(/"\$ref":\s*"(https:[^"]+)"/g)].map((m) => m[1] ?? ''))];
  expect(refs).to.have.length(2);
  for (const url of refs) ajv.addSchema(JSON.parse(readFileSync(path.join(SCHEMAS, path.basename(url)), 'utf8')) as object, url);
  const validate = ajv.compile(JSON.parse(rootText) as object);
  return validate(manifest) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

/** Bot scopes each Web API method needs (Slack's method reference). An unlisted method fails the test: add it here. */
const METHOD_SCOPES: Readonly<Record<string, readonly BotScope[]>> = {
  'auth.test': [],
  'chat.postMessage': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'chat.update': ['chat:write'],
  'chat.delete': ['chat:write'],
  'chat.getPermalink': [],
  'chat.unfurl': ['links:write'],
  'views.open': [],
  'views.update': [],
  'views.push': [],
  'views.publish': [],
  'users.info': ['users:read'],
  'users.lookupByEmail': ['users:read', 'users:read.email'],
  'conversations.open': ['im:write'],
  'reactions.add': ['reactions:write'],
  'team.info': ['team:read'],
};
/** Bot scopes each subscribed event needs. */
const EVENT_SCOPES: Readonly<Record<string, readonly BotScope[]>> = { 'message.im': ['im:history'], app_mention: ['app_mentions:read'], app_home_opened: [], link_shared: ['links:read'] };

function slackSources(folder = SLACK_SOURCE): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(folder, entry.name);
    if (entry.isDirectory()) return slackSources(file);
    return entry.name.endsWith('.ts') ? [readFileSync(file, 'utf8')] : [];
  });
}

/** What the Slack channel's code uses: Web API methods, Bolt event listeners, slash commands. */
function slackUsage(): { methods: Set<string>; events: Set<string>; commands: boolean } {
  const source = slackSources().join('\n');
  const methods = new Set(['auth.test']); // Bolt calls auth.test itself at start (app.init).
  for (const m of source.matchAll(/\bclient\.([a-z]+)\.([a-zA-Z]+)\s*\(/g)) methods.add(`${m[1] ?? ''}.${m[2] ?? ''}`);
  for (const m of source.matchAll(/\.apiCall\(\s*['"`]([\w.]+)['"`]/g)) methods.add(m[1] ?? '');
  if (/\bsay\(/.test(source)) methods.add('chat.postMessage');
  const events = new Set([...source.matchAll(/\bapp\.event\(\s*['"`]([\w.]+)['"`]/g)].map((m) => m[1] ?? ''));
  return { methods, events, commands: /\bapp\.command\(/.test(source) };
}

describe('Slack app manifests (manifests/slack/)', () => {
  for (const mode of MODES) {
    it(`${path.basename(MANIFEST_FILES[mode])} is valid by Slack's manifest schema`, () => {
      expect(slackSchemaErrors(committed(mode))).to.deep.equal([]);
    });

    it(`${path.basename(MANIFEST_FILES[mode])} is exactly what npm run manifest:slack writes`, () => {
      expect(committedText(mode), 'run npm run manifest:slack and commit the result').to.equal(slackManifestText(mode));
      expect(committed(mode)).to.deep.equal(buildSlackManifest(mode));
    });
  }

  it('scope and event names are checked by tsc (@slack/web-api types)', () => {
    // If the types ever widened to plain strings these directives would be unused, and tsc would fail.
    // @ts-expect-error 'chat:wrte' is not a Slack bot scope
    const scope: BotScope = 'chat:wrte';
    // @ts-expect-error 'message.dm' is not a Slack event
    const event: BotEvent = 'message.dm';
    expect(BOT_SCOPES.map((s) => s.scope)).to.not.include(scope);
    expect(BOT_EVENTS.map((e) => e.event)).to.not.include(event);
  });

  it('the schema check rejects what Slack would refuse', () => {
    const manifest = committed('http');
    expect(slackSchemaErrors({ ...manifest, display_information: { name: 'x'.repeat(36) } })).to.not.deep.equal([]);
    expect(slackSchemaErrors({ ...manifest, features: { ...manifest.features, app_home: { messages_tab: true } } })).to.not.deep.equal([]);
    expect(slackSchemaErrors({ ...manifest, settings: { ...manifest.settings, interactivity: { request_url: 'https://x.example.org' } } })).to.not.deep.equal([]);
  });

  it('HTTP mode sends events, interactivity and /forum to POST /slack/events; Socket Mode has no request URLs', () => {
    expect(EVENTS_PATH).to.equal(SLACK_EVENTS_PATH);
    const url = `${PLACEHOLDER_BASE_URL}${SLACK_EVENTS_PATH}`;
    const http = committed('http');
    expect(http.settings.socket_mode_enabled).to.equal(false);
    expect([http.settings.event_subscriptions.request_url, http.settings.interactivity.request_url, http.features.slash_commands[0]?.url]).to.deep.equal([url, url, url]);
    const socket = committed('socket');
    expect(socket.settings.socket_mode_enabled).to.equal(true);
    expect(committedText('socket')).to.not.match(/^\s*-?\s*(url|request_url):/m);
    expect(socket.settings.interactivity.is_enabled).to.equal(true);
    expect(buildSlackManifest('http', 'https://forum.example.gov.uk/').settings?.event_subscriptions?.request_url).to.equal('https://forum.example.gov.uk/slack/events');
  });

  it('the Home tab and the Messages tab are on, and people can write in the Messages tab', () => {
    for (const mode of MODES) {
      const m = committed(mode);
      expect(m.features.app_home).to.deep.equal({ home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: false });
      expect(m.features.bot_user).to.deep.equal({ display_name: 'Stronger Communities', always_online: true });
    }
  });

  it("/forum's usage hint lists everyone's commands from the registry, and follows it", () => {
    const command = committed('http').features.slash_commands[0];
    expect(command?.command).to.equal(SLASH_COMMAND).and.to.equal('/forum');
    expect(command?.usage_hint).to.equal(slackUsageHint());
    for (const c of COMMANDS.filter((d) => d.audience === 'everyone')) expect(command?.usage_hint).to.include((c.phrases[0] ?? []).join(' '));
    for (const c of COMMANDS.filter((d) => d.audience === 'admin')) expect(command?.usage_hint.split(' | ')).to.not.include(c.usage);
    const extra: CommandDefinition = { kind: 'summary', phrases: [['next', 'meeting']], usage: 'next meeting [with agenda]', summary: 'x', audience: 'everyone', read: () => ({ kind: 'summary' }) };
    expect(slackUsageHint([...COMMANDS, extra]).split(' | ').at(-1)).to.equal('next meeting');
  });

  it('asks for every bot scope the Slack channel needs, and no other', () => {
    const usage = slackUsage();
    expect(usage.methods.size, 'the grep found the Web API calls').to.be.greaterThan(3);
    const unknown = [...usage.methods].filter((m) => !(m in METHOD_SCOPES));
    expect(unknown, 'add these Web API methods and their scopes to METHOD_SCOPES').to.deep.equal([]);
    const needed = new Set<string>([...usage.methods].flatMap((m) => METHOD_SCOPES[m] ?? []));
    for (const event of committed('http').settings.event_subscriptions.bot_events) for (const s of EVENT_SCOPES[event] ?? ['(unknown event)']) needed.add(s);
    if (usage.commands) needed.add('commands');
    for (const mode of MODES) expect([...committed(mode).oauth_config.scopes.bot].sort()).to.deep.equal([...needed].sort());
    expect(BOT_SCOPES.map((s) => s.scope).sort()).to.deep.equal([...needed].sort());
  });

  it("subscribes to exactly the events the channel listens to (message as message.im: DMs only)", () => {
    const listened = slackUsage().events;
    expect([...listened].sort()).to.deep.equal(['app_home_opened', 'app_mention', 'link_shared', 'message']);
    const subscribed = committed('socket').settings.event_subscriptions.bot_events;
    expect(subscribed).to.deep.equal(BOT_EVENTS.map((e) => e.event));
    expect([...subscribed].map((e) => (e.startsWith('message.') ? 'message' : e)).sort()).to.deep.equal([...listened].sort());
    expect(subscribed.filter((e) => e.startsWith('message.'))).to.deep.equal(['message.im']);
  });

  it('declares exactly the shortcuts the channel listens for: the message shortcuts, and Share a milestone', () => {
    for (const mode of ['http', 'socket'] as const) {
      const shortcuts = buildSlackManifest(mode).features?.shortcuts ?? [];
      expect(shortcuts.filter((s) => s.type === 'message').map((s) => s.callback_id), mode).to.have.members([...MESSAGE_SHORTCUT_IDS]);
      expect(shortcuts.filter((s) => s.type === 'global').map((s) => s.callback_id), mode).to.deep.equal([SHARE_SHORTCUT_ID]);
    }
    // The milestone menu's options come from the same address as everything else.
    expect(buildSlackManifest('http').settings?.interactivity?.message_menu_options_url).to.equal(`${PLACEHOLDER_BASE_URL}${EVENTS_PATH}`);
  });

  it('the CLI prints a manifest for a real host with --base-url, and refuses a URL that is not HTTPS', () => {
    const cli = path.join(ROOT, 'src/cli/slack-manifest.ts');
    const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], { cwd: ROOT, encoding: 'utf8' });
    const ok = run('--base-url', 'https://forum-bot.example.gov.uk');
    expect(ok.status, ok.stderr).to.equal(0);
    const printed = loadYaml(ok.stdout) as ParsedManifest;
    expect(printed.settings.interactivity.request_url).to.equal('https://forum-bot.example.gov.uk/slack/events');
    expect(slackSchemaErrors(printed)).to.deep.equal([]);
    const bad = run('--base-url', 'http://forum-bot.example.gov.uk/path');
    expect(bad.status).to.equal(2);
    expect(bad.stderr).to.include('HTTPS');
  });
});

describe('the manifest YAML emitter', () => {
  it('writes strings a YAML parser reads back unchanged', () => {
    const awkward = ['yes', 'No', 'true', 'null', '~', '', ' lead', 'trail ', 'a: b', 'ends:', 'x #y', '#x', '-1', '010', '0x1F', '1.5', "it's", 'say "hi"', 'back\\slash', '[x]', '{x}', '@here', '*star', '&amp', '!tag', '%p', '`tick`', '| pipe', '> fold', '? q', 'line\nbreak', 'tab\there', 'Café', 'https://a.example.org/slack/events', '/forum', 'a | b <c>'];
    const document = { _metadata: { major_version: 1 }, items: awkward, maps: [{ name: 'one', on: true, n: 0 }, { empty: [] }], empty: {}, skipped: undefined, 'odd key': 'v', yes: 'k' };
    const parsed = loadYaml(toYaml(document, ['header', '']));
    expect(parsed).to.deep.equal({ _metadata: { major_version: 1 }, items: awkward, maps: [{ name: 'one', on: true, n: 0 }, { empty: [] }], empty: {}, 'odd key': 'v', yes: 'k' });
  });

  it('refuses shapes it cannot write', () => {
    expect(() => toYaml({ a: null })).to.throw(YamlShapeError, 'a: null');
    expect(() => toYaml({ a: 1.5 })).to.throw(YamlShapeError);
    expect(() => toYaml({ a: [[1]] })).to.throw(YamlShapeError, 'a list inside a list');
    expect(() => toYaml({ a: [{}] })).to.throw(YamlShapeError);
  });
});
