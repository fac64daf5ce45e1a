// One typed configuration, read from environment variables (and an optional .env file loaded by
// Node itself in main.ts). Every default works on a laptop with no accounts; a wrong value stops
// the start with a message naming the variable and what it expects.
import path from 'node:path';
import { z } from 'zod';
import { ForumError } from '../domain/errors.ts';
import { parseKey } from '../store/field-cipher.ts';
import { trustedProxyProblem } from '../server/client-address.ts';

const list = z
  .string()
  .optional()
  .transform((value) => (value ?? '').split(',').map((s) => s.trim()).filter(Boolean));

const adminEntry = /^(teams:[0-9a-f-]{36}|slack:T[A-Z0-9]+:[UW][A-Z0-9]+)$/i;
const tenantId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const slackTeamId = /^[TE][A-Z0-9]+$/;
// A host name, IPv4 or IPv6 address: no spaces, no scheme, no port.
const hostName = /^([A-Za-z0-9.-]+|[0-9A-Fa-f:.]+(%[A-Za-z0-9]+)?)$/;
/** Their values are never repeated in an error message (a mistyped token is still a secret). */
const SECRET_VARIABLES: ReadonlySet<string> = new Set(['DATABASE_URL', 'APP_SECRET', 'MicrosoftAppPassword', 'SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'DATA_ENCRYPTION_KEY', 'DATA_ENCRYPTION_KEY_PREVIOUS']);
const KEY_EXPECTED = 'expected a 32-byte key: base64 (e.g. the output of `openssl rand -base64 32`) or 64 hex digits';
/** Shortest APP_SECRET accepted: 32 characters of random text carry at least 128 bits (base64: 192). */
export const APP_SECRET_MIN_LENGTH = 32;
/** Where Slack's response_url addresses live; only there does the bot post an answer. */
export const SLACK_RESPONSE_URL_ORIGIN = 'https://hooks.slack.com';

const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
    .optional()
    .transform((v) => (v === undefined ? fallback : ['true', '1', 'yes'].includes(v)));

const whole = (fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v === '' ? String(fallback) : v))
    .pipe(z.string().regex(/^\d+$/, `expected a whole number from ${min} to ${max}`).transform(Number))
    .pipe(z.number().min(min, `expected a whole number from ${min} to ${max}`).max(max, `expected a whole number from ${min} to ${max}`));

const optionalText = z.string().optional().transform((v) => (v ? v : undefined));

const envSchema = z.object({
  PORT: whole(3978, 1, 65535),
  HOST: z.string().default('127.0.0.1').refine((h) => hostName.test(h), 'expected a host name or IP address to listen on, such as 127.0.0.1 or 0.0.0.0'),
  DATABASE_URL: optionalText.refine((v) => v === undefined || /^postgres(ql)?:\/\/./.test(v), 'expected a PostgreSQL address such as postgres://forum_bot:PASSWORD@db.example.org:5432/forum_bot'),
  FORUM_ID: z.string().default('default').refine((v) => /^[a-z0-9][a-z0-9-]{0,62}$/.test(v), 'expected a short name of lower-case letters, digits and dashes, such as rotherham'),
  DATA_DIR: z.string().min(1, 'expected a folder path (absolute, or relative to the working directory)').default('storage/data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TIME_ZONE: z
    .string()
    .default('Europe/London')
    .refine((tz) => isTimeZone(tz), 'expected an IANA time zone such as Europe/London'),
  BACKUPS_KEEP: whole(14, 1, 3650),
  PUBLIC_URL: z.url({ message: 'expected the https address people reach the bot at, e.g. https://forum-bot.example.org' }).optional(),
  REMINDER_DAYS_BEFORE: z
    .string()
    .default('7,1')
    .refine((v) => v.trim() === '' || v.split(',').every((d) => /^\s*\d{1,2}\s*$/.test(d) && Number(d) <= 60), 'expected comma-separated whole days before the meeting, e.g. 7,1 (empty: no reminders)'),
  REMINDER_TIME: z.string().default('09:00').refine((v) => /^([01]\d|2[0-3]):[0-5]\d$/.test(v), 'expected a UK time of day like 09:00'),
  SCHEDULER_POLL_SECONDS: whole(30, 1, 3600),
  SCHEDULER_LEASE_SECONDS: whole(120, 3, 3600),
  NUDGE_DAYS_BEFORE: z.string().default('5').refine((v) => v.trim() === '' || (/^\d{1,2}$/.test(v.trim()) && Number(v) <= 60), 'expected whole days before the meeting, e.g. 5 (empty: no nudges)'),
  INTEL_RETENTION_MONTHS: whole(12, 1, 120),
  INTEL_WARD_ALERT_THRESHOLD: whole(5, 2, 1000),
  GRANT_CONTACT_RETENTION_MONTHS: whole(12, 0, 120),
  SEED_FILE: z.string().min(1, 'expected a file path (absolute, or relative to the working directory)').default('storage/seed/action-plan.json'),
  SEED_ON_FIRST_START: flag(true),
  DATA_ENCRYPTION_KEY: optionalText.refine((v) => v === undefined || parseKey(v) !== undefined, KEY_EXPECTED),
  DATA_ENCRYPTION_KEY_PREVIOUS: optionalText.refine((v) => v === undefined || parseKey(v) !== undefined, KEY_EXPECTED),
  APP_SECRET: optionalText.refine((v) => v === undefined || v.length >= APP_SECRET_MIN_LENGTH, `expected at least ${APP_SECRET_MIN_LENGTH} characters of random text, e.g. the output of \`openssl rand -base64 32\``),

  MicrosoftAppId: optionalText,
  MicrosoftAppPassword: optionalText,
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional(),
  MicrosoftAppTenantId: optionalText,
  MicrosoftAppCertificateThumbprint: optionalText.refine((v) => v === undefined || /^[0-9a-f]{40}$/i.test(v), 'expected the certificate\'s SHA-1 thumbprint: 40 hex digits'),
  MicrosoftAppCertificateKeyFile: optionalText,
  BOT_OPENID_METADATA_URL: z.url({ message: 'expected the URL of an OpenID configuration document' }).optional(),

  SLACK_MODE: z.enum(['http', 'socket']).optional(),
  SLACK_BOT_TOKEN: optionalText.refine((v) => v === undefined || v.startsWith('xoxb-'), 'expected a bot token starting xoxb-'),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText.refine((v) => v === undefined || v.startsWith('xapp-'), 'expected an app-level token starting xapp-'),
  SLACK_API_URL: z.url({ message: 'expected a URL such as https://slack.com/api/' }).optional(),
  SLACK_RESPONSE_URL_ORIGIN: z
    .url({ message: `expected a scheme and host such as ${SLACK_RESPONSE_URL_ORIGIN}` })
    // `z.url` reports a non-URL; this check only looks at one that parses.
    .refine((v) => !URL.canParse(v) || isOrigin(new URL(v)), `expected only a scheme and host (and port), such as ${SLACK_RESPONSE_URL_ORIGIN}`)
    .default(SLACK_RESPONSE_URL_ORIGIN),

  // X-Forwarded-For is believed only from these proxy addresses or ranges (src/server/client-address.ts).
  TRUSTED_PROXIES: list.superRefine((items, ctx) => {
    for (const item of items) {
      const problem = trustedProxyProblem(item);
      if (problem) ctx.addIssue({ code: 'custom', message: `expected comma-separated IP addresses or CIDR ranges of your load balancer or reverse proxies: ${problem}` });
    }
  }),
  GRANTS_SUBMISSIONS_PER_HOUR: whole(10, 1, 10_000),
  ADMINS: list.refine((items) => items.every((i) => adminEntry.test(i)), 'expected comma-separated teams:<AAD object id> or slack:<team id>:<user id>'),
  ALLOWED_TENANTS: list.refine((items) => items.every((i) => tenantId.test(i)), 'expected comma-separated Microsoft Entra tenant ids (GUIDs)'),
  ALLOWED_SLACK_TEAMS: list.refine((items) => items.every((i) => slackTeamId.test(i)), 'expected comma-separated Slack team ids such as T0123ABCD'),
});

export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  /** PostgreSQL instead of the data folder (docs/storage.md): several instances share it. */
  database?: { url: string; forumId: string };
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  timeZone: string;
  backupsKeep: number;
  /** Where people's browsers reach the bot (download links); the listening address by default. */
  publicUrl?: string;
  /** When reminders and owners' nudges go out before each meeting (UK time). */
  reminders: { daysBefore: number[]; at: string; nudgeDaysBefore?: number };
  /** How often due scheduled messages are looked for, and how long a claim on one holds without renewal (several instances: docs/storage.md). */
  scheduler: { pollMs: number; leaseMs: number };
  /** Intelligence reports keep their details this long, then are anonymised by a daily job. */
  intelRetentionMonths: number;
  /** Grant applicants' contact details are kept this long after their programme ends, then removed. */
  grantContactRetentionMonths: number;
  /** Reports in one ward within 7 days at which the reviewers are alerted. */
  intelWardAlertThreshold: number;
  seedFile: string;
  seedOnFirstStart: boolean;
  /**
   * The server secret that signs links and Slack form state. Absent: one is generated into the
   * data folder on the first start (src/config/app-secret.ts).
   */
  appSecret?: string;
  /**
   * Encryption at rest of intelligence reports' free text (src/store/field-cipher.ts): the current
   * key, and during a rotation the previous one to read with. Absent: stored plain.
   */
  dataEncryption?: { current: Buffer; previous: Buffer[] };
  /** Absent in local mode: the Teams endpoint then accepts unauthenticated local clients. */
  microsoft?: {
    appId: string;
    appPassword?: string;
    appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
    tenantId?: string;
    /** Certificate credentials instead of a secret: thumbprint and the PEM private key file. */
    certificate?: { thumbprint: string; keyFile: string };
    /** Where Bot Framework's signing keys are published; Microsoft's own by default. */
    openIdMetadataUrl?: string;
  };
  /** Absent when Slack is not configured: the bot runs without it. */
  slack?: {
    mode: 'http' | 'socket';
    botToken: string;
    signingSecret?: string;
    appToken?: string;
    apiUrl?: string;
    /** The only origin (scheme, host, port) the bot posts response_url answers to: Slack's own unless a test says otherwise. */
    responseUrlOrigin: string;
  };
  /** The public grants pages (src/grants-web/): how many applications one address may send an hour. */
  grants: { submissionsPerHour: number };
  /** Load balancers and reverse proxies whose X-Forwarded-For is believed (addresses or CIDR ranges); none by default. */
  trustedProxies: string[];
  admins: string[];
  allowedTenants: string[];
  allowedSlackTeams: string[];
}

export class ConfigError extends ForumError {
  constructor(readonly problems: string[]) {
    super('CONFIG_INVALID', `The configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message} (${shownValue(String(issue.path[0]), env)})`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  const microsoft = microsoftSettings(e, problems);
  const slack = slackSettings(e, problems);
  const current = e.DATA_ENCRYPTION_KEY ? parseKey(e.DATA_ENCRYPTION_KEY) : undefined;
  const previous = e.DATA_ENCRYPTION_KEY_PREVIOUS ? parseKey(e.DATA_ENCRYPTION_KEY_PREVIOUS) : undefined;
  if (previous && !current) problems.push('DATA_ENCRYPTION_KEY_PREVIOUS: set only during a key rotation, together with the new DATA_ENCRYPTION_KEY');
  if (e.DATABASE_URL && !e.APP_SECRET) {
    problems.push('APP_SECRET: required when DATABASE_URL is set (several instances must share one secret, or a link or Slack form made on one will not open on another)');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(cwd, e.DATA_DIR),
    ...(e.DATABASE_URL ? { database: { url: e.DATABASE_URL, forumId: e.FORUM_ID } } : {}),
    logLevel: e.LOG_LEVEL,
    timeZone: e.TIME_ZONE,
    backupsKeep: e.BACKUPS_KEEP,
    ...(e.PUBLIC_URL ? { publicUrl: e.PUBLIC_URL } : {}),
    reminders: {
      daysBefore: e.REMINDER_DAYS_BEFORE.split(',').map((d) => d.trim()).filter(Boolean).map(Number),
      at: e.REMINDER_TIME,
      ...(e.NUDGE_DAYS_BEFORE.trim() ? { nudgeDaysBefore: Number(e.NUDGE_DAYS_BEFORE) } : {}),
    },
    scheduler: { pollMs: e.SCHEDULER_POLL_SECONDS * 1000, leaseMs: e.SCHEDULER_LEASE_SECONDS * 1000 },
    intelRetentionMonths: e.INTEL_RETENTION_MONTHS,
    intelWardAlertThreshold: e.INTEL_WARD_ALERT_THRESHOLD,
    grantContactRetentionMonths: e.GRANT_CONTACT_RETENTION_MONTHS,
    seedFile: path.resolve(cwd, e.SEED_FILE),
    seedOnFirstStart: e.SEED_ON_FIRST_START,
    ...(e.APP_SECRET ? { appSecret: e.APP_SECRET } : {}),
    ...(current ? { dataEncryption: { current, previous: previous ? [previous] : [] } } : {}),
    ...(microsoft ? { microsoft } : {}),
    ...(slack ? { slack } : {}),
    grants: { submissionsPerHour: e.GRANTS_SUBMISSIONS_PER_HOUR },
    trustedProxies: e.TRUSTED_PROXIES,
    admins: e.ADMINS,
    allowedTenants: e.ALLOWED_TENANTS,
    allowedSlackTeams: e.ALLOWED_SLACK_TEAMS,
  };
}

type Env = z.infer<typeof envSchema>;

function microsoftSettings(e: Env, problems: string[]): AppConfig['microsoft'] {
  if (!e.MicrosoftAppId) {
    if (e.MicrosoftAppPassword || e.MicrosoftAppTenantId) problems.push('MicrosoftAppId: required when MicrosoftAppPassword or MicrosoftAppTenantId is set');
    return undefined;
  }
  const appType = e.MicrosoftAppType ?? 'SingleTenant';
  const certificate = e.MicrosoftAppCertificateThumbprint && e.MicrosoftAppCertificateKeyFile ? { thumbprint: e.MicrosoftAppCertificateThumbprint, keyFile: e.MicrosoftAppCertificateKeyFile } : undefined;
  if (Boolean(e.MicrosoftAppCertificateThumbprint) !== Boolean(e.MicrosoftAppCertificateKeyFile)) problems.push('MicrosoftAppCertificateThumbprint and MicrosoftAppCertificateKeyFile: set both (certificate credentials) or neither');
  if (appType !== 'UserAssignedMSI' && !e.MicrosoftAppPassword && !certificate) problems.push(`MicrosoftAppPassword: required for a ${appType} app (the client secret of the app registration), unless certificate credentials are set`);
  if (appType !== 'MultiTenant' && !e.MicrosoftAppTenantId) problems.push(`MicrosoftAppTenantId: required for a ${appType} app (your Microsoft Entra tenant id)`);
  return {
    appId: e.MicrosoftAppId,
    appType,
    ...(e.MicrosoftAppPassword ? { appPassword: e.MicrosoftAppPassword } : {}),
    ...(e.MicrosoftAppTenantId ? { tenantId: e.MicrosoftAppTenantId } : {}),
    ...(certificate ? { certificate } : {}),
    ...(e.BOT_OPENID_METADATA_URL ? { openIdMetadataUrl: e.BOT_OPENID_METADATA_URL } : {}),
  };
}

function slackSettings(e: Env, problems: string[]): AppConfig['slack'] {
  const anySet = e.SLACK_MODE || e.SLACK_BOT_TOKEN || e.SLACK_SIGNING_SECRET || e.SLACK_APP_TOKEN;
  if (!anySet) return undefined;
  const mode = e.SLACK_MODE ?? (e.SLACK_APP_TOKEN ? 'socket' : 'http');
  if (!e.SLACK_BOT_TOKEN) problems.push('SLACK_BOT_TOKEN: required when Slack is configured (the bot token, xoxb-...)');
  if (mode === 'http' && !e.SLACK_SIGNING_SECRET) problems.push('SLACK_SIGNING_SECRET: required when SLACK_MODE is http (from the Slack app\'s Basic Information page)');
  if (mode === 'socket' && !e.SLACK_APP_TOKEN) problems.push('SLACK_APP_TOKEN: required when SLACK_MODE is socket (an app-level token, xapp-..., with connections:write)');
  if (!e.SLACK_BOT_TOKEN) return undefined;
  return {
    mode,
    botToken: e.SLACK_BOT_TOKEN,
    ...(e.SLACK_SIGNING_SECRET ? { signingSecret: e.SLACK_SIGNING_SECRET } : {}),
    ...(e.SLACK_APP_TOKEN ? { appToken: e.SLACK_APP_TOKEN } : {}),
    ...(e.SLACK_API_URL ? { apiUrl: e.SLACK_API_URL } : {}),
    responseUrlOrigin: new URL(e.SLACK_RESPONSE_URL_ORIGIN).origin,
  };
}

function shownValue(name: string, env: NodeJS.ProcessEnv): string {
  const value = env[name] ?? '';
  return SECRET_VARIABLES.has(name) ? `got a value of ${value.length} characters, not shown` : `got ${JSON.stringify(value)}`;
}

/** Just a scheme, host and port: `https://hooks.slack.com` (a trailing slash allowed). */
function isOrigin(url: URL): boolean {
  return url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
