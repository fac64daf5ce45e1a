// `npm run package:teams`: builds the Teams app package (dist/teams-app.zip: manifest.json and
// the two icons) for sideloading or an organisation's app catalogue. The manifest comes from
// manifests/teams/manifest.template.json with the bot's app id, the version from package.json and
// the command lists from the bot's own command registry, so Teams' command menu cannot drift from
// `help`. It is checked against Microsoft's published schema before anything is written.
// `--manifest` instead rewrites the committed manifests/teams/manifest.json (placeholder id).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AjvDraft04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import JSZip from 'jszip';
import { COMMANDS } from '../bot/commands/commands.ts';
import { PROJECT_ROOT } from '../project-root.ts';

const AjvDraft04 = AjvDraft04Module.default;
const addFormats = addFormatsModule.default;
const require = createRequire(import.meta.url);
const ROOT = PROJECT_ROOT;
export const TEAMS_FOLDER = path.join(ROOT, 'manifests/teams');
export const TEMPLATE_FILE = path.join(TEAMS_FOLDER, 'manifest.template.json');
export const MANIFEST_FILE = path.join(TEAMS_FOLDER, 'manifest.json');
/** The host of milestone links (PUBLIC_URL) in the committed manifest.json; a package takes PUBLIC_URL's. */
export const PLACEHOLDER_PUBLIC_HOST = 'your-host.example.org';
/** The id in the committed manifest.json; a package is never built with it. */
export const PLACEHOLDER_APP_ID = '00000000-0000-0000-0000-000000000000';
export const ICONS = { color: { file: 'color.png', size: 192 }, outline: { file: 'outline.png', size: 32 } } as const;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Teams' own limits for bot commands, tighter than the schema's. */
export const COMMAND_LIMITS = { perList: 10, title: 32, description: 128 } as const;

export type Scope = 'personal' | 'team' | 'groupChat';
export interface CommandList {
  scopes: Scope[];
  commands: { title: string; description: string }[];
}
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A problem with the package's inputs, reported to the operator as one readable message. */
export class TeamsPackageError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'TeamsPackageError';
  }
}

/**
 * One command list per scope, from the registry: the commands whose `menus` name the scope, chosen
 * for what people do there (Teams shows at most 10 per list; everything else is in `help`). A
 * coordinator's commands may be offered in a channel's menu: others who pick one are told who may.
 * Titles are the command's first phrase.
 */
export function teamsCommandLists(): CommandList[] {
  const forScope = (scope: Scope): CommandList => {
    const commands = COMMANDS.filter((c) => c.menus?.includes(scope)).map((c) => ({ title: (c.phrases[0] ?? []).join(' '), description: c.summary }));
    const problems = [
      ...(commands.length > COMMAND_LIMITS.perList ? [`${scope}: ${commands.length} commands, Teams shows at most ${COMMAND_LIMITS.perList}`] : []),
      ...commands.filter((c) => c.title.length > COMMAND_LIMITS.title).map((c) => `"${c.title}": title longer than ${COMMAND_LIMITS.title} characters`),
      ...commands.filter((c) => c.description.length > COMMAND_LIMITS.description).map((c) => `"${c.title}": summary longer than ${COMMAND_LIMITS.description} characters`),
    ];
    if (problems.length > 0) throw new TeamsPackageError(`The command registry does not fit Teams' command menu:\n  ${problems.join('\n  ')}`, 1);
    return { scopes: [scope], commands };
  };
  return [forScope('personal'), forScope('team'), forScope('groupChat')];
}

/** The template with its ${{TOKEN}} values filled in (whole JSON values, never text pasted into JSON). */
export function buildTeamsManifest(options: { appId: string; version: string; publicHost?: string }): Record<string, Json> {
  const values: Record<string, Json> = {
    MicrosoftAppId: options.appId,
    PUBLIC_HOST: options.publicHost ?? PLACEHOLDER_PUBLIC_HOST,
    APP_VERSION: options.version,
    COMMAND_LISTS: teamsCommandLists() as unknown as Json,
  };
  const fill = (node: Json): Json => {
    if (typeof node === 'string') {
      const token = /^\$\{\{(\w+)\}\}$/.exec(node)?.[1];
      if (!token) return node;
      const value = values[token];
      if (value === undefined) throw new TeamsPackageError(`${path.relative(ROOT, TEMPLATE_FILE)} uses \${{${token}}}, which the packager does not know`, 1);
      return value;
    }
    if (Array.isArray(node)) return node.map(fill);
    if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, fill(v)]));
    return node;
  };
  const template: unknown = JSON.parse(readFileSync(TEMPLATE_FILE, 'utf8'));
  const manifest = fill(template as Json);
  if (!manifest || typeof manifest !== 'object' || Array.isArray(manifest)) throw new TeamsPackageError(`${TEMPLATE_FILE} is not a JSON object`, 1);
  return manifest;
}

/** Microsoft's schema for the manifest's own manifestVersion, from @microsoft/app-manifest. */
export function teamsSchemaFile(manifestVersion: string): string {
  const pkg = require.resolve('@microsoft/app-manifest/package.json');
  return path.join(path.dirname(pkg), 'build/json-schemas/teams', `v${manifestVersion}`, 'MicrosoftTeams.schema.json');
}

/** Problems with a manifest by the official schema of its version ([] when valid). */
export function validateTeamsManifest(manifest: Record<string, unknown>): string[] {
  const version = manifest.manifestVersion;
  if (typeof version !== 'string') return ['manifestVersion is missing'];
  const schemaFile = teamsSchemaFile(version);
  if (!existsSync(schemaFile)) return [`no official schema for manifestVersion ${version} (looked for ${schemaFile})`];
  const ajv = new AjvDraft04({ strict: false, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')) as object);
  if (validate(manifest)) return [];
  return (validate.errors ?? []).map((e) => {
    const extra = e.keyword === 'additionalProperties' ? `: "${String(e.params.additionalProperty)}"` : e.keyword === 'enum' ? ` ${JSON.stringify(e.params.allowedValues)}` : '';
    return `${e.instancePath || '(manifest)'} ${e.message ?? e.keyword}${extra}`;
  });
}

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(png: Buffer): { width: number; height: number } | undefined {
  const signature = '89504e470d0a1a0a';
  if (png.length < 24 || png.subarray(0, 8).toString('hex') !== signature || png.subarray(12, 16).toString('latin1') !== 'IHDR') return undefined;
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

export function checkAppId(appId: string | undefined): string {
  if (!appId) throw new TeamsPackageError('MicrosoftAppId is not set. Put the bot\'s Microsoft App ID (a GUID from its Azure Bot resource) in the environment or in .env, then run this again.', 2);
  if (!GUID.test(appId)) throw new TeamsPackageError(`MicrosoftAppId "${appId}" is not a GUID (like 1b2c3d4e-1234-4abc-9def-0123456789ab). Copy it from the Azure Bot resource's Configuration page.`, 2);
  if (appId === PLACEHOLDER_APP_ID) throw new TeamsPackageError('MicrosoftAppId is the all-zero placeholder; use the bot\'s real Microsoft App ID.', 2);
  return appId;
}

export function packageVersion(): string {
  const pkg: unknown = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const version = pkg && typeof pkg === 'object' && 'version' in pkg ? pkg.version : undefined;
  // Teams takes MAJOR.MINOR.PATCH only, and refuses an update whose version has not gone up.
  if (typeof version !== 'string' || !/^\d+\.\d+\.\d+$/.test(version)) throw new TeamsPackageError(`package.json version ${JSON.stringify(version)} is not MAJOR.MINOR.PATCH, which Teams requires`, 1);
  return version;
}

/** The host milestone links are unfurled on: PUBLIC_URL's, when it is set and readable. */
export function publicHostOf(publicUrl: string | undefined): string | undefined {
  if (!publicUrl) return undefined;
  try {
    return new URL(publicUrl).host;
  } catch {
    throw new TeamsPackageError(`PUBLIC_URL "${publicUrl}" is not an address like https://forum-bot.example.org`, 2);
  }
}

function validManifest(appId: string, publicHost?: string): Record<string, Json> {
  const manifest = buildTeamsManifest({ appId, version: packageVersion(), ...(publicHost ? { publicHost } : {}) });
  const problems = validateTeamsManifest(manifest);
  if (problems.length > 0) throw new TeamsPackageError(`The Teams manifest does not match Microsoft's schema (v${String(manifest.manifestVersion)}):\n  ${problems.join('\n  ')}`, 1);
  return manifest;
}

/** Builds, validates and writes the zip; returns the manifest it holds. */
export async function packageTeamsApp(options: { appId: string; out: string; publicHost?: string }): Promise<Record<string, Json>> {
  const manifest = validManifest(checkAppId(options.appId), options.publicHost);
  const zip = new JSZip();
  // A fixed date keeps the package byte-for-byte the same for the same inputs.
  const date = new Date('2017-05-01T00:00:00Z');
  zip.file('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`, { date });
  for (const { file, size } of Object.values(ICONS)) {
    const png = readFileSync(path.join(TEAMS_FOLDER, file));
    const actual = pngSize(png);
    if (!actual || actual.width !== size || actual.height !== size) throw new TeamsPackageError(`${file} must be a ${size}x${size} PNG (run npm run icons:teams)`, 1);
    zip.file(file, png, { date });
  }
  const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
  mkdirSync(path.dirname(options.out), { recursive: true });
  writeFileSync(options.out, bytes);
  return manifest;
}

/** Rewrites the committed manifest.json (placeholder app id) from the template and the commands. */
export function writeCommittedManifest(): void {
  writeFileSync(MANIFEST_FILE, `${JSON.stringify(validManifest(PLACEHOLDER_APP_ID), null, 2)}\n`);
}

async function main(args: string[]): Promise<void> {
  if (args.includes('--manifest')) {
    writeCommittedManifest();
    process.stdout.write(`wrote ${path.relative(process.cwd(), MANIFEST_FILE)}\n`);
    return;
  }
  const outIndex = args.indexOf('--out');
  const outArg = outIndex >= 0 ? args[outIndex + 1] : 'dist/teams-app.zip';
  if (!outArg || outArg.startsWith('--')) throw new TeamsPackageError('--out needs the path of the zip to write, e.g. --out dist/teams-app.zip', 2);
  const out = path.resolve(outArg);
  // Same rule as `npm start`: .env (or ENV_FILE) if present; the environment wins over the file.
  const envFile = process.env.ENV_FILE ?? '.env';
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  const publicHost = publicHostOf(process.env.PUBLIC_URL);
  const manifest = await packageTeamsApp({ appId: process.env.MicrosoftAppId ?? '', out, ...(publicHost ? { publicHost } : {}) });
  process.stdout.write(`wrote ${path.relative(process.cwd(), out) || out}: Teams app ${String(manifest.id)}, version ${String(manifest.version)}\n`);
  const developer = manifest.developer;
  if (JSON.stringify(developer).includes('example.org')) process.stdout.write('note: the developer URLs are placeholders (example.org); set real ones in manifests/teams/manifest.template.json before publishing to your organisation.\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    if (error instanceof TeamsPackageError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(error.exitCode);
    }
    throw error;
  });
}
