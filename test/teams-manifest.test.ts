// The Teams app package: the committed manifest is valid by Microsoft's schema and in step with
// the command registry, the icons are what Teams asks for, and `npm run package:teams` builds a
// zip with the right app id, or refuses clearly when it has none.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { expect } from 'chai';
import AjvDraft04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import JSZip from 'jszip';
import { COMMANDS } from '../src/bot/commands/commands.ts';
import { buildTeamsManifest, COMMAND_LIMITS, MANIFEST_FILE, PLACEHOLDER_APP_ID, PLACEHOLDER_PUBLIC_HOST, packageVersion, publicHostOf, TEAMS_FOLDER, teamsSchemaFile, validateTeamsManifest } from '../src/cli/package-teams-app.ts';
import { makeTeamsIcons } from '../scripts/make-teams-icons.ts';
import { MESSAGE_ACTIONS } from '../src/bot/message-extensions.ts';
import { SEARCH_COMMAND } from '../src/bot/milestone-search.ts';
import { makeTempDir, removeTempDirs } from './helpers/temp-dir.ts';

const CLI = path.resolve(import.meta.dirname, '../src/cli/package-teams-app.ts');
const TSX_LOADER = import.meta.resolve('tsx');
const APP_ID = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const committed = JSON.parse(readFileSync(MANIFEST_FILE, 'utf8')) as Record<string, unknown> & { bots: Bot[]; composeExtensions?: { botId: string }[] };
interface Bot {
  botId: string;
  scopes: string[];
  supportsFiles: boolean;
  commandLists: { scopes: string[]; commands: { title: string; description: string }[] }[];
}

/** Validates with Microsoft's draft-04 schema for the manifest's version, set up independently of the CLI. */
function officialSchemaErrors(manifest: Record<string, unknown>): string[] {
  const ajv = new AjvDraft04Module.default({ strict: false, allErrors: true });
  addFormatsModule.default(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(teamsSchemaFile(String(manifest.manifestVersion)), 'utf8')) as object);
  return validate(manifest) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

/** Decodes an 8-bit RGB or RGBA, non-interlaced PNG into RGBA pixels (all five row filters). */
function decodePng(png: Buffer): { width: number; height: number; rgba: Uint8Array } {
  expect(png.subarray(0, 8).toString('hex')).to.equal('89504e470d0a1a0a', 'PNG signature');
  let offset = 8;
  let header: Buffer | undefined;
  const data: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.subarray(offset + 4, offset + 8).toString('latin1');
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') header = body;
    if (type === 'IDAT') data.push(body);
    offset += 12 + length;
  }
  if (!header) throw new Error('PNG without IHDR');
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  const [depth, colourType, , , interlace] = header.subarray(8);
  expect({ depth, interlace, colourType: [2, 6].includes(colourType ?? -1) }).to.deep.equal({ depth: 8, interlace: 0, colourType: true });
  const channels = colourType === 6 ? 4 : 3;
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * channels;
  const rows = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const byte = raw[y * (stride + 1) + 1 + x] ?? 0;
      const a = x >= channels ? (rows[y * stride + x - channels] ?? 0) : 0;
      const b = y > 0 ? (rows[(y - 1) * stride + x] ?? 0) : 0;
      const c = x >= channels && y > 0 ? (rows[(y - 1) * stride + x - channels] ?? 0) : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter ?? 0] ?? 0;
      rows[y * stride + x] = (byte + predictor) & 0xff;
    }
  }
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) rgba.set([...rows.subarray(i * channels, i * channels + 3), channels === 4 ? (rows[i * channels + 3] ?? 0) : 255], i * 4);
  return { width, height, rgba };
}

function runPackager(args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  if (!options.env?.MicrosoftAppId) delete env.MicrosoftAppId;
  delete env.ENV_FILE;
  const child = spawn(process.execPath, ['--import', TSX_LOADER, CLI, ...args], { cwd: options.cwd, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('Teams app manifest', () => {
  it('validates against the official Teams schema of its own manifestVersion', () => {
    expect(existsSync(teamsSchemaFile(String(committed.manifestVersion))), `schema v${String(committed.manifestVersion)}`).to.equal(true);
    expect(officialSchemaErrors(committed)).to.deep.equal([]);
  });

  it('is rejected by that schema when it is wrong, with a readable reason from the packager', () => {
    const broken = { ...committed, accentColor: 'teal', botsExtra: true };
    expect(officialSchemaErrors(broken)).to.not.deep.equal([]);
    expect(validateTeamsManifest(broken)).to.include.members(['/accentColor must match pattern "^#[0-9a-fA-F]{6}$"', '(manifest) must NOT have additional properties: "botsExtra"']);
  });

  it('is what the template and the command registry produce (run npm run manifest:teams after changing either)', () => {
    expect(committed).to.deep.equal(buildTeamsManifest({ appId: PLACEHOLDER_APP_ID, version: packageVersion() }));
  });

  it('describes one bot for personal, team and group chats, without files or domains', () => {
    expect(committed.bots).to.have.length(1);
    const [bot] = committed.bots;
    expect(bot?.scopes).to.have.members(['personal', 'team', 'groupChat']);
    expect(bot?.supportsFiles).to.equal(false);
    expect(bot?.botId).to.equal(committed.id);
    expect(committed.validDomains).to.deep.equal([]);
    expect(committed.name).to.deep.equal({ short: 'Stronger Communities', full: 'Rotherham Stronger Communities Forum' });
  });

  it('lists, for each scope, the registry commands chosen for it, within Teams limits', () => {
    const entry = (c: (typeof COMMANDS)[number]) => ({ title: (c.phrases[0] ?? []).join(' '), description: c.summary });
    const lists = committed.bots[0]?.commandLists ?? [];
    const forScope = (scope: string) => lists.filter((l) => l.scopes.includes(scope)).flatMap((l) => l.commands);
    for (const scope of ['personal', 'team', 'groupChat'] as const) expect(forScope(scope), scope).to.deep.equal(COMMANDS.filter((c) => c.menus?.includes(scope)).map(entry));
    // What a coordinator needs in a forum channel or group chat is in its menu (issue 14).
    for (const scope of ['team', 'groupChat']) {
      const titles = forScope(scope).map((c) => c.title);
      expect(titles, scope).to.include.members(['subscribe reminders', 'meeting pack', 'log intel', 'summary', 'help']);
      expect(titles, `${scope}: nothing that only works 1:1 without a way round`).to.not.include.members(['intel', 'update', 'whoami']);
    }
    expect(forScope('personal').map((c) => c.title)).to.include.members(['help', 'milestones', 'update', 'summary', 'log intel', 'intel', 'meetings']);
    for (const list of lists) {
      expect(list.commands.length).to.be.at.most(COMMAND_LIMITS.perList);
      for (const c of list.commands) expect([c.title.length <= COMMAND_LIMITS.title, c.description.length <= COMMAND_LIMITS.description], c.title).to.deep.equal([true, true]);
    }
  });
});

describe('Teams app icons', () => {
  after(removeTempDirs);

  it('has a 192x192 full-colour icon: opaque, and not just white', () => {
    const { width, height, rgba } = decodePng(readFileSync(path.join(TEAMS_FOLDER, 'color.png')));
    expect([width, height]).to.deep.equal([192, 192]);
    let transparent = 0;
    let coloured = 0;
    for (let i = 0; i < rgba.length; i += 4) {
      if (rgba[i + 3] !== 255) transparent++;
      if (Math.max(rgba[i] ?? 0, rgba[i + 1] ?? 0, rgba[i + 2] ?? 0) - Math.min(rgba[i] ?? 0, rgba[i + 1] ?? 0, rgba[i + 2] ?? 0) > 40) coloured++;
    }
    expect(transparent).to.equal(0);
    expect(coloured).to.be.greaterThan(192 * 192 * 0.5);
  });

  it('has a 32x32 outline icon whose pixels are only white or fully transparent, with a visible shape', () => {
    const { width, height, rgba } = decodePng(readFileSync(path.join(TEAMS_FOLDER, 'outline.png')));
    expect([width, height]).to.deep.equal([32, 32]);
    const offending: string[] = [];
    let visible = 0;
    for (let i = 0; i < rgba.length; i += 4) {
      const [r, g, b, a] = rgba.subarray(i, i + 4);
      if (a !== 0 && (r !== 255 || g !== 255 || b !== 255)) offending.push(`(${(i / 4) % 32},${Math.floor(i / 4 / 32)}) rgba(${r},${g},${b},${a})`);
      if ((a ?? 0) > 128) visible++;
    }
    expect(offending).to.deep.equal([]);
    expect(visible).to.be.within(60, 32 * 32 * 0.6);
  });

  it('is what scripts/make-teams-icons.ts draws (run npm run icons:teams after changing it)', () => {
    const dir = makeTempDir('scf-icons-');
    makeTeamsIcons(dir);
    for (const file of ['color.png', 'outline.png']) expect(readFileSync(path.join(dir, file)).equals(readFileSync(path.join(TEAMS_FOLDER, file))), file).to.equal(true);
  });
});

describe('the Teams message extension', () => {
  it('declares exactly the message actions the bot answers, on the bot itself', () => {
    const extensions = (committed.composeExtensions ?? []) as { botId: string; commands: { id: string; type: string; context?: string[]; fetchTask?: boolean }[] }[];
    expect(extensions.map((e) => e.botId)).to.deep.equal([committed.bots[0]?.botId]);
    const actions = extensions.flatMap((e) => e.commands).filter((c) => c.type === 'action');
    expect(actions.map((c) => c.id)).to.have.members(Object.keys(MESSAGE_ACTIONS));
    for (const action of actions) expect([action.context, action.fetchTask], action.id).to.deep.equal([['message'], true]);
    expect(extensions.flatMap((e) => e.commands).filter((c) => c.type === 'query').map((c) => c.id)).to.deep.equal([SEARCH_COMMAND]);
  });

  it('unfurls links on the bot\'s own host: a placeholder in the committed manifest, PUBLIC_URL\'s host in a package', () => {
    const handlers = (m: Record<string, unknown>) => JSON.stringify((m.composeExtensions as { messageHandlers?: unknown }[] | undefined)?.[0]?.messageHandlers);
    expect(handlers(committed)).to.equal(JSON.stringify([{ type: 'link', value: { domains: [PLACEHOLDER_PUBLIC_HOST] } }]));
    const built = buildTeamsManifest({ appId: PLACEHOLDER_APP_ID, version: packageVersion(), publicHost: publicHostOf('https://forum-bot.rotherham.example:8443/') ?? '' });
    expect(handlers(built)).to.equal(JSON.stringify([{ type: 'link', value: { domains: ['forum-bot.rotherham.example:8443'] } }]));
    expect(validateTeamsManifest(built)).to.deep.equal([]);
  });
});

describe('npm run package:teams', () => {
  after(removeTempDirs);

  it('writes a zip holding exactly manifest.json and the two icons, with the given app id and the package version', async () => {
    const cwd = makeTempDir('scf-teams-zip-');
    const result = await runPackager(['--out', 'out/app.zip'], { cwd, env: { MicrosoftAppId: APP_ID } });
    expect(result.code, result.stderr).to.equal(0);
    const zip = await JSZip.loadAsync(readFileSync(path.join(cwd, 'out/app.zip')));
    const files = Object.values(zip.files).filter((f) => !f.dir).map((f) => f.name);
    expect(files).to.have.members(['manifest.json', 'color.png', 'outline.png']).and.have.length(3);
    const manifest = JSON.parse((await zip.file('manifest.json')?.async('string')) ?? '{}') as typeof committed;
    expect([manifest.id, manifest.bots[0]?.botId, manifest.version]).to.deep.equal([APP_ID, APP_ID, packageVersion()]);
    expect(officialSchemaErrors(manifest)).to.deep.equal([]);
    // The message extension is the same bot: it carries the app id too.
    expect(manifest.composeExtensions?.map((c) => c.botId)).to.deep.equal([APP_ID]);
    const placeholders = { id: PLACEHOLDER_APP_ID, bots: [{ ...manifest.bots[0], botId: PLACEHOLDER_APP_ID }], composeExtensions: manifest.composeExtensions?.map((c) => ({ ...c, botId: PLACEHOLDER_APP_ID })) };
    expect({ ...manifest, ...placeholders }).to.deep.equal(committed);
    const outline = await zip.file('outline.png')?.async('nodebuffer');
    expect(outline?.equals(readFileSync(path.join(TEAMS_FOLDER, 'outline.png')))).to.equal(true);
  });

  it('reads MicrosoftAppId from a .env file in the working directory', async () => {
    const cwd = makeTempDir('scf-teams-env-');
    writeFileSync(path.join(cwd, '.env'), `MicrosoftAppId=${APP_ID}\n`);
    const result = await runPackager(['--out', 'app.zip'], { cwd });
    expect(result.code, result.stderr).to.equal(0);
    const zip = await JSZip.loadAsync(readFileSync(path.join(cwd, 'app.zip')));
    expect(JSON.parse((await zip.file('manifest.json')?.async('string')) ?? '{}')).to.include({ id: APP_ID });
  });

  it('refuses without an app id, or with one that is not a GUID, saying why and writing nothing', async () => {
    const cwd = makeTempDir('scf-teams-noid-');
    const envs: Record<string, string>[] = [{}, { MicrosoftAppId: 'my-bot' }, { MicrosoftAppId: PLACEHOLDER_APP_ID }];
    for (const env of envs) {
      const result = await runPackager(['--out', 'app.zip'], { cwd, env });
      expect(result.code, JSON.stringify(env)).to.equal(2);
      expect(result.stderr).to.match(/MicrosoftAppId/).and.not.match(/\n\s+at /);
      expect(existsSync(path.join(cwd, 'app.zip'))).to.equal(false);
    }
  });
});
