// `npm run manifest:slack`: writes the Slack app manifests, manifests/slack/manifest.yml (HTTP:
// Slack posts events, the slash command and interactivity to POST /slack/events) and
// manifest.socket-mode.yml (Socket Mode: no request URLs). Both come from the one typed object
// below, typed with @slack/web-api's manifest type so tsc refuses an unknown scope or event name,
// and the slash command's usage hint comes from the bot's command registry, so it cannot drift
// from `help`. Each manifest is checked against Slack's published schema before it is written.
// `--base-url https://host` prints the HTTP manifest for a real host instead of writing files.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppsManifestCreateArguments } from '@slack/web-api';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { COMMANDS, type CommandDefinition } from '../bot/commands/commands.ts';
import { toYaml } from './slack-manifest-yaml.ts';
import type { MESSAGE_SHORTCUT_IDS } from '../channels/slack/slack-activities.ts';
import { SHARE_SHORTCUT_ID } from '../channels/slack/slack-share.ts';
import { PROJECT_ROOT } from '../project-root.ts';

const addFormats = addFormatsModule.default;
const ROOT = PROJECT_ROOT;

export type SlackManifest = AppsManifestCreateArguments['manifest'];
export type BotScope = NonNullable<NonNullable<NonNullable<SlackManifest['oauth_config']>['scopes']>['bot']>[number];
export type BotEvent = NonNullable<NonNullable<NonNullable<SlackManifest['settings']>['event_subscriptions']>['bot_events']>[number];
export type SlackMode = 'http' | 'socket';

export const SLACK_FOLDER = path.join(ROOT, 'manifests/slack');
export const MANIFEST_FILES: Readonly<Record<SlackMode, string>> = { http: path.join(SLACK_FOLDER, 'manifest.yml'), socket: path.join(SLACK_FOLDER, 'manifest.socket-mode.yml') };
/** Where test/ keeps the copies of Slack's schema (slackapi/manifest-schema 0.5.0). */
export const SCHEMA_FOLDER = path.join(ROOT, 'test/fixtures/schemas/slack-manifest');
/** The address in the committed HTTP manifest; replace it with the bot's public HTTPS address. */
export const PLACEHOLDER_BASE_URL = 'https://your-host.example.org';
/** Same path as SLACK_EVENTS_PATH in src/channels/slack/slack-channel.ts (the test checks). */
export const EVENTS_PATH = '/slack/events';
export const SLASH_COMMAND = '/forum';
export const APP_NAME = 'Stronger Communities';

/** Every bot scope the app asks for, and what in the Slack channel needs it. Nothing else. */
export const BOT_SCOPES: readonly { scope: BotScope; why: string }[] = [
  { scope: 'app_mentions:read', why: 'app_mention events: the bot answers when @mentioned in a channel' },
  { scope: 'chat:write', why: 'chat.postMessage, chat.postEphemeral, chat.update, chat.delete: replies, forms shown to one person, updated cards' },
  { scope: 'commands', why: 'the /forum slash command' },
  { scope: 'im:history', why: 'message.im events: messages people send the bot in its Messages tab' },
  { scope: 'im:write', why: 'conversations.open: a DM with someone who has never written to the bot (an urgent intelligence alert, a nudge)' },
  { scope: 'links:read', why: 'link_shared events: a milestone address (PUBLIC_URL/m/<id>) pasted in a conversation' },
  { scope: 'links:write', why: "chat.unfurl: the pasted milestone address shown as the milestone's card" },
  { scope: 'users:read', why: "users.info: people's names, rather than bare Slack user ids" },
];

/** The events the adapter listens to (app.event in slack-channel.ts). app_home_opened needs no scope. */
export const BOT_EVENTS: readonly { event: BotEvent; why: string }[] = [
  { event: 'app_home_opened', why: 'draws the Home tab' },
  { event: 'app_mention', why: '@mentions in channels' },
  { event: 'link_shared', why: 'milestone addresses pasted in conversations, to unfurl (links:read)' },
  { event: 'message.im', why: 'direct messages to the bot' },
];

/** The message shortcuts (a message's "..." menu), by the callback ids the Slack channel listens for. Names: 24 characters at most. */
export const SHORTCUTS: readonly { name: string; type: 'message' | 'global'; callback_id: (typeof MESSAGE_SHORTCUT_IDS)[number] | typeof SHARE_SHORTCUT_ID; description: string }[] = [
  { name: 'Share a milestone', type: 'global', callback_id: SHARE_SHORTCUT_ID, description: "Find an action-plan milestone by id, words, owner or organisation, and share its card in a channel." },
  { name: 'Log as intelligence', type: 'message', callback_id: 'forum.log_intel', description: 'Start a private community intelligence report from this message. Nothing is posted in the conversation.' },
  { name: 'Add as progress note', type: 'message', callback_id: 'forum.progress_note', description: 'Add this message to one of your action-plan milestones as its progress note.' },
];

/** The hint Slack shows beside `/forum`: everyone's commands from the registry, optional parts left out. */
export function slackUsageHint(commands: readonly CommandDefinition[] = COMMANDS): string {
  return commands
    .filter((c) => c.audience === 'everyone')
    .map((c) => c.usage.replace(/\s*\[[^\]]*\]/g, '').trim())
    .join(' | ');
}

const DESCRIPTION = "Action-plan milestones and meeting preparation for partners of Rotherham's Stronger Communities Forum.";
const LONG_DESCRIPTION =
  "For council, police, fire, health and voluntary-sector staff on Rotherham's Stronger Communities Forum. Message the app, @mention it in a channel, or type /forum to find the action-plan milestones you or your organisation own, see what is overdue or due soon, and update a milestone's status, progress note, revised date and evidence in a form, with every change attributed and kept in its history. The Home tab shows the plan at a glance. The app never posts community intelligence to a channel. Report crimes to South Yorkshire Police on 101, or 999 in an emergency.";

/** The manifest for one connection mode; `baseUrl` (HTTPS, no path) is used in HTTP mode only. */
export function buildSlackManifest(mode: SlackMode, baseUrl: string = PLACEHOLDER_BASE_URL): SlackManifest {
  const url = mode === 'http' ? { request_url: `${baseUrl.replace(/\/+$/, '')}${EVENTS_PATH}` } : {};
  return {
    _metadata: { major_version: 1, minor_version: 1 },
    display_information: { name: APP_NAME, description: DESCRIPTION, long_description: LONG_DESCRIPTION, background_color: '#0B6E79' },
    features: {
      app_home: { home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: false },
      bot_user: { display_name: APP_NAME, always_online: true },
      shortcuts: SHORTCUTS.map((s) => ({ ...s })),
      // Links on the bot's own host (milestone addresses) unfurl; Slack asks for no other.
      unfurl_domains: [new URL(baseUrl).host],
      slash_commands: [
        {
          command: SLASH_COMMAND,
          ...(url.request_url ? { url: url.request_url } : {}),
          description: 'Milestones, the plan summary and your forum account. Try /forum help',
          usage_hint: slackUsageHint(),
          should_escape: false,
        },
      ],
    },
    oauth_config: { scopes: { bot: BOT_SCOPES.map((s) => s.scope) } },
    settings: {
      event_subscriptions: { ...url, bot_events: BOT_EVENTS.map((e) => e.event) },
      // The share modal's milestone menu asks for its options (block_suggestion) at the same address.
      interactivity: { is_enabled: true, ...url, ...(url.request_url ? { message_menu_options_url: url.request_url } : {}) },
      org_deploy_enabled: false,
      socket_mode_enabled: mode === 'socket',
      token_rotation_enabled: false,
    },
  };
}

function header(mode: SlackMode): string[] {
  const common = ['Slack app manifest for the Stronger Communities Forum bot. Generated by `npm run manifest:slack`', 'from src/cli/slack-manifest.ts: edit that file, not this one. See docs/slack-app.md.'];
  return mode === 'http'
    ? [...common, '', `HTTP mode (SLACK_MODE=http): replace ${PLACEHOLDER_BASE_URL} in the three request URLs (and its`, "host in unfurl_domains) with the bot's public HTTPS address (PUBLIC_URL), or print a filled-in copy with", '`npm run -s manifest:slack -- --base-url https://your.host`.']
    : [...common, '', 'Socket Mode (SLACK_MODE=socket): no request URLs; the bot connects out to Slack with an', 'app-level token (SLACK_APP_TOKEN) that has the connections:write scope. Replace the host in', "unfurl_domains with PUBLIC_URL's, where milestone links point."];
}

export function slackManifestText(mode: SlackMode, baseUrl?: string): string {
  return toYaml(buildSlackManifest(mode, baseUrl), header(mode));
}

/** Problems with a manifest by Slack's published schema ([] when valid). */
export function validateSlackManifest(manifest: SlackManifest, schemaFolder: string = SCHEMA_FOLDER): string[] {
  const read = (file: string): object => JSON.parse(readFileSync(path.join(schemaFolder, file), 'utf8')) as object;
  // strict: false because the schema uses non-standard keywords ("regex", "_note").
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  for (const version of ['1.0.0', '2.0.0']) ajv.addSchema(read(`manifest.schema.${version}.json`), `https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/manifest.schema.${version}.json`);
  const validate = ajv.compile(read('manifest.schema.json'));
  if (validate(manifest)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '(manifest)'} ${e.message ?? e.keyword}${e.keyword === 'additionalProperties' ? `: "${String(e.params.additionalProperty)}"` : ''}`);
}

export class SlackManifestError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'SlackManifestError';
  }
}

function checked(mode: SlackMode, baseUrl?: string): string {
  const problems = validateSlackManifest(buildSlackManifest(mode, baseUrl));
  if (problems.length > 0) throw new SlackManifestError(`The ${mode} Slack manifest does not match Slack's schema:\n  ${problems.join('\n  ')}`, 1);
  return slackManifestText(mode, baseUrl);
}

export function checkBaseUrl(value: string | undefined): string {
  const usage = '--base-url needs the bot\'s public HTTPS address without a path, e.g. --base-url https://forum-bot.example.gov.uk';
  if (!value || value.startsWith('--')) throw new SlackManifestError(usage, 2);
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch (error) {
    throw new SlackManifestError(`${usage} (${error instanceof Error ? error.message : 'not a URL'})`, 2);
  }
  if (parsed.protocol !== 'https:' || parsed.pathname !== '/' || parsed.search || parsed.hash) throw new SlackManifestError(usage, 2);
  return parsed.origin;
}

async function main(args: string[]): Promise<void> {
  const at = args.indexOf('--base-url');
  if (at >= 0) {
    process.stdout.write(checked('http', checkBaseUrl(args[at + 1])));
    return;
  }
  for (const mode of ['http', 'socket'] as const) {
    writeFileSync(MANIFEST_FILES[mode], checked(mode));
    process.stdout.write(`wrote ${path.relative(process.cwd(), MANIFEST_FILES[mode])}\n`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    if (error instanceof SlackManifestError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(error.exitCode);
    }
    throw error;
  });
}
