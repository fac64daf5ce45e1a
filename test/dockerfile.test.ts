// There is no Docker daemon where the tests run, so the image is never built here. Instead the
// Dockerfile's facts are checked against the project: the files it copies exist and are not
// excluded by .dockerignore, everything the running bot reads is copied, every package it imports
// is a production dependency (the image installs with --omit=dev), the port, user, volume and
// command agree with the configuration and `npm start`; and the image's file set, assembled in a
// temp folder, starts, answers a turn, passes the HEALTHCHECK command and stops cleanly.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { expect } from 'chai';
import { loadConfig } from '../src/config/config.ts';
import { CARDS_FOLDER } from '../src/cards/render-card.ts';
import { WARDS_CSV } from '../src/domain/areas.ts';
import { freePort, PROJECT_ROOT } from './helpers/bot-process.ts';
import { cardOf, messageActivity, postActivity } from './helpers/teams-activities.ts';
import { makeTempDir, removeTempDirs } from './helpers/temp-dir.ts';

interface Instruction {
  keyword: string;
  args: string;
  /** 0 for the first FROM's stage, 1 for the next... */
  stage: number;
}

/** Dockerfile instructions, with continuation lines joined and comments dropped. */
function parseDockerfile(text: string): Instruction[] {
  const logical: string[] = [];
  let pending = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!pending && (line === '' || line.startsWith('#'))) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1).trim()} `;
      continue;
    }
    logical.push(`${pending}${line}`.trim());
    pending = '';
  }
  let stage = -1;
  return logical.map((line) => {
    const [keyword = '', ...rest] = line.split(/\s+/);
    if (keyword.toUpperCase() === 'FROM') stage += 1;
    return { keyword: keyword.toUpperCase(), args: rest.join(' '), stage };
  });
}

/** `KEY=value KEY2=value2` (the ENV form this Dockerfile uses). */
function envOf(instructions: Instruction[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const i of instructions.filter((x) => x.keyword === 'ENV')) {
    for (const pair of i.args.split(/\s+/)) {
      const [key, ...value] = pair.split('=');
      if (key) env[key] = value.join('=');
    }
  }
  return env;
}

/** The JSON-array (exec) form of CMD, or of HEALTHCHECK's CMD. */
function execForm(args: string): string[] {
  const json = args.slice(args.indexOf('['));
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed) || !parsed.every((p) => typeof p === 'string')) throw new Error(`not an exec-form command: ${args}`);
  return parsed;
}

/**
 * Whether .dockerignore leaves `relative` in the build context. Enough of Docker's rules for this
 * project's allow-list: `*` excludes everything, `!path` or `!path/` re-includes a file or folder;
 * the last matching line wins.
 */
function inBuildContext(relative: string, dockerignore: string): boolean {
  let included = true;
  for (const raw of dockerignore.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    const pattern = (negated ? line.slice(1) : line).replace(/\/$/, '');
    const matches = pattern === '*' || relative === pattern || relative.startsWith(`${pattern}/`);
    if (matches) included = negated;
  }
  return included;
}

/** Packages (not Node built-ins, not relative files) imported at run time from `entry` onwards. */
function runtimePackages(entries: string[]): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.shift() ?? '';
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    // `import type` and `export type` are erased; every other import runs (verbatimModuleSyntax).
    const specifiers = [...source.matchAll(/^\s*(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm), ...source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? '');
    for (const specifier of specifiers) {
      if (specifier.startsWith('.')) {
        const target = path.resolve(path.dirname(file), specifier);
        if (target.endsWith('.ts')) queue.push(target);
        continue;
      }
      if (specifier.startsWith('node:') || builtinModules.includes(specifier)) continue;
      const parts = specifier.split('/');
      packages.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier));
    }
  }
  return packages;
}

const root = (...parts: string[]) => path.join(PROJECT_ROOT, ...parts);
const dockerfile = parseDockerfile(readFileSync(root('Dockerfile'), 'utf8'));
const dockerignore = readFileSync(root('.dockerignore'), 'utf8');
const pkg = JSON.parse(readFileSync(root('package.json'), 'utf8')) as { scripts: Record<string, string>; dependencies: Record<string, string>; devDependencies: Record<string, string> };
const finalStage = Math.max(...dockerfile.map((i) => i.stage));
const final = dockerfile.filter((i) => i.stage === finalStage);
const one = (keyword: string, from = final): Instruction => {
  const found = from.filter((i) => i.keyword === keyword);
  expect(found, `exactly one ${keyword} in the final stage`).to.have.length(1);
  return found[0] as Instruction;
};
/** COPY instructions of the final stage that take files from the build context: [sources, destination]. */
const contextCopies = final
  .filter((i) => i.keyword === 'COPY' && !i.args.startsWith('--from'))
  .map((i) => {
    const parts = i.args.split(/\s+/);
    return { sources: parts.slice(0, -1), destination: parts.at(-1) ?? '' };
  });

describe('Dockerfile (checked against the project; the image is not built here)', () => {
  after(removeTempDirs);

  it('is multi-stage on a slim Debian Node image of the major version the tests run on, installing production dependencies from the lock file', () => {
    const froms = dockerfile.filter((i) => i.keyword === 'FROM');
    expect(froms.length).to.be.greaterThanOrEqual(2);
    for (const from of froms) expect(from.args).to.match(/^node:\$\{NODE_VERSION\}-bookworm-slim\b/);
    const nodeVersion = /^NODE_VERSION=(\d+)$/.exec(dockerfile.find((i) => i.keyword === 'ARG')?.args ?? '');
    expect(nodeVersion?.[1], 'ARG NODE_VERSION default').to.equal(process.versions.node.split('.')[0]);
    const installs = dockerfile.filter((i) => i.keyword === 'RUN' && /\bnpm ci\b/.test(i.args));
    expect(installs.map((i) => i.args).join('\n')).to.match(/npm ci --omit=dev\b/);
    expect(dockerfile.find((i) => i.keyword === 'COPY' && i.args.startsWith('--from='))?.args).to.match(/node_modules/);
  });

  it('runs as a user that is not root, with the data folder a volume that user owns', () => {
    const user = one('USER').args;
    const uid = user.split(':')[0] ?? '';
    expect(uid).to.match(/^\d+$/, 'a numeric uid, so a platform can verify it is not root');
    expect(Number(uid)).to.not.equal(0);
    const dataDir = envOf(final).DATA_DIR ?? '';
    expect(dataDir).to.match(/^\//);
    expect(execForm(one('VOLUME').args)).to.deep.equal([dataDir]);
    const chown = final.find((i) => i.keyword === 'RUN' && i.args.includes('chown'))?.args ?? '';
    expect(chown).to.include(`chown ${user} ${dataDir}`);
    expect(final.findIndex((i) => i.keyword === 'USER'), 'USER after the last RUN').to.be.greaterThan(final.map((i) => i.keyword).lastIndexOf('RUN'));
  });

  it("exposes PORT's default and listens on all interfaces inside the container", () => {
    const defaults = loadConfig({}, PROJECT_ROOT);
    const env = envOf(final);
    expect(one('EXPOSE').args).to.equal(String(defaults.port));
    expect(env.PORT).to.equal(String(defaults.port));
    expect(env.HOST).to.equal('0.0.0.0');
  });

  it('copies only files that exist and that .dockerignore lets through, including everything the running bot reads', () => {
    for (const { sources, destination } of contextCopies) {
      for (const source of sources) {
        expect(existsSync(root(source)), `${source} exists`).to.equal(true);
        expect(inBuildContext(source, dockerignore), `${source} is in the build context`).to.equal(true);
        // Same relative place in /app, so paths relative to the sources still work.
        expect(sources.length === 1 ? [`./${source}`, './'] : ['./'], `COPY ${source} ${destination}`).to.include(destination);
      }
    }
    const copied = (file: string) => contextCopies.some(({ sources }) => sources.some((s) => file === root(s) || file.startsWith(`${root(s)}${path.sep}`)));
    const defaults = loadConfig({}, PROJECT_ROOT);
    const needed = [root('package.json'), defaults.seedFile, WARDS_CSV, ...readdirSync(CARDS_FOLDER).map((f) => path.join(CARDS_FOLDER, f))];
    for (const file of needed) expect(copied(file), `${path.relative(PROJECT_ROOT, file)} is copied into the image`).to.equal(true);
    // The code comes compiled from the build stage, never as TypeScript.
    expect(final.some((i) => i.keyword === 'COPY' && /^--from=build\s+\/app\/dist\s+\.\/dist$/.test(i.args)), 'COPY --from=build /app/dist ./dist').to.equal(true);
    expect(contextCopies.some(({ sources }) => sources.some((s) => s.startsWith('src'))), 'no TypeScript sources in the runtime image').to.equal(false);
    for (const secret of ['.env', 'storage/data/meta.json', 'node_modules/zod/package.json', '.git/config', 'test/dockerfile.test.ts', 'dist/src/main.js']) {
      expect(inBuildContext(secret, dockerignore), `${secret} stays out of the build context`).to.equal(false);
    }
  });

  it('installs every package the running bot and the backup command import as a production dependency', () => {
    const cmd = execForm(one('CMD').args);
    const preloaded = cmd.flatMap((arg, i) => (cmd[i - 1] === '--import' ? [arg] : []));
    const needed = new Set([...preloaded, ...runtimePackages([root('src', 'main.ts'), root('src', 'cli', 'store-cli.ts')])]);
    expect(needed.size).to.be.greaterThan(5);
    for (const name of needed) expect(pkg.dependencies, `${name} is in dependencies (the image installs with --omit=dev)`).to.have.property(name);
  });

  it("starts with npm start's command (compiled JavaScript, no TypeScript tooling), node as PID 1", () => {
    const cmd = execForm(one('CMD').args);
    expect(cmd.join(' ')).to.equal(pkg.scripts.start);
    expect(cmd.join(' ')).to.not.match(/tsx|\.ts\b/);
    expect(pkg.dependencies, 'tsx is a dev dependency: the image has no TypeScript tooling').to.not.have.property('tsx');
    expect(pkg.dependencies).to.not.have.property('typescript');
    // The build stage compiles with the project's own build script.
    expect(dockerfile.some((i) => i.keyword === 'RUN' && i.args === 'npm run build')).to.equal(true);
  });

  describe("the image's file set, assembled in a temp folder", function () {
    this.timeout(40_000);
    let bot: ChildProcess | undefined;
    let built = '';
    before(function () {
      // The build stage's output, made the same way (npm run build) into a temp folder.
      this.timeout(180_000);
      built = makeTempDir('scf-image-build-');
      const tsc = spawnSync(process.execPath, [root('node_modules', 'typescript', 'bin', 'tsc'), '-p', root('tsconfig.build.json'), '--outDir', path.join(built, 'dist'), '--tsBuildInfoFile', path.join(built, 'dist', '.tsbuildinfo')], { encoding: 'utf8', timeout: 170_000 });
      expect(tsc.status, `${tsc.stdout}${tsc.stderr}`).to.equal(0);
    });
    after(() => {
      if (bot && bot.exitCode === null && bot.signalCode === null) bot.kill('SIGKILL');
    });

    const healthcheck = (port: number) => {
      const command = execForm(one('HEALTHCHECK').args.replace(/^.*?\bCMD\b/, ''));
      expect(command[0], 'the health check needs nothing but node').to.equal('node');
      return spawnSync(process.execPath, command.slice(1), { env: { PATH: process.env.PATH, PORT: String(port) }, timeout: 10_000 }).status;
    };

    it('starts with the Dockerfile command and environment, answers a turn and the HEALTHCHECK, and stops cleanly on SIGTERM', async () => {
      const app = makeTempDir('scf-image-');
      for (const { sources, destination } of contextCopies) {
        for (const source of sources) {
          const target = destination === './' ? path.join(app, path.basename(source)) : path.join(app, destination);
          mkdirSync(path.dirname(target), { recursive: true });
          cpSync(root(source), target, { recursive: true });
        }
      }
      cpSync(path.join(built, 'dist'), path.join(app, 'dist'), { recursive: true });
      // The repository's node_modules stands in for the installed one (which --omit=dev trims:
      // the test above checks that nothing the bot imports is left out).
      symlinkSync(root('node_modules'), path.join(app, 'node_modules'), 'dir');
      const port = await freePort();
      const dataDir = path.join(makeTempDir('scf-image-data-'), 'data');
      // The image's environment, with loopback and a temp data folder instead of 0.0.0.0 and /data.
      const env = { PATH: process.env.PATH, ...envOf(final), HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dataDir };
      const cmd = execForm(one('CMD').args);
      bot = spawn(process.execPath, cmd.slice(1), { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'] });
      const child = bot;
      const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
      const lines: string[] = [];
      let stderr = '';
      child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      const listening = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`not listening within 20 s\n${lines.join('\n')}\n${stderr}`)), 20_000);
        createInterface({ input: child.stdout ?? process.stdin }).on('line', (line) => {
          lines.push(line);
          if (line.includes('"msg":"listening"')) {
            clearTimeout(timer);
            resolve();
          }
        });
        void exited.then((code) => reject(new Error(`exited with ${code} before listening\n${lines.join('\n')}\n${stderr}`)));
      });
      await listening;

      const answer = await postActivity(`http://127.0.0.1:${port}`, messageActivity('help'));
      expect(answer.status).to.equal(200);
      expect(cardOf(answer.activities[0]), 'the help card (templates from cards/)').to.be.an('object');
      expect(healthcheck(port), 'HEALTHCHECK exit status while running').to.equal(0);

      child.kill('SIGTERM');
      expect(await exited, `exit code after SIGTERM\n${stderr}`).to.equal(0);
      expect(lines.some((l) => l.includes('"msg":"stopped"'))).to.equal(true);
      expect(existsSync(path.join(dataDir, 'store.lock')), 'lock released').to.equal(false);
      expect(healthcheck(port), 'HEALTHCHECK exit status once stopped').to.equal(1);
    });
  });
});
