// Shared pieces of the hostile-input fuzz tests: fast-check settings with a fixed seed (printed on
// failure so a run can be repeated with FUZZ_SEED=<seed>), generators of awkward values, and the
// check that nothing the bot says to a person leaks an internal detail.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { AUDIT_FILE, COLLECTIONS_FOLDER, JOURNAL_FILE, META_FILE } from '../../src/store/load-data-folder.ts';
import type { Repository } from '../../src/store/repository.ts';

/** One seed for every property, so a failure repeats exactly; override with FUZZ_SEED. */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20_260_607);

/** Runs per property; FUZZ_RUNS scales them all (e.g. 0.1 for a quick look, 10 for a long soak). */
export function runs(n: number): number {
  const scale = Number(process.env.FUZZ_RUNS ?? 1);
  return Math.max(1, Math.round(n * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}

/**
 * fast-check parameters: fixed seed, bounded runs. A failure reports the seed, the path to the
 * shrunk counterexample and the value itself (fast-check's own message), and the test name.
 */
export function fuzzParameters<T>(numRuns: number): fc.Parameters<T> {
  return { seed: FUZZ_SEED, numRuns: runs(numRuns), verbose: 1, endOnFailure: process.env.FUZZ_SHRINK !== '1' };
}

/** Strings people (and attackers) send: unicode, control characters, markup, huge, empty. */
export const awkwardString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      '\u0000',
      '\u202Egnp.exe',
      '\uD800',
      '𝕳𝖊𝖑𝖑𝖔 👩🏽‍💻 🇬🇧',
      'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǫ̗',
      '<!channel> <!here> <@U123> <http://evil.example|click>',
      '[x](javascript:alert(1)) ![i](http://127.0.0.1:9/t.png)',
      '{"verb":"milestone.update"}',
      '__proto__',
      'constructor',
      '../../etc/passwd',
      "'; DROP TABLE milestones; --",
      '${{7*7}} {{7*7}} ${7*7}',
      'null',
      'undefined',
      '-1',
      '1e308',
      'NaN',
      'BSC-0.1-M1',
      'milestone BSC-0.1-M2',
      'log intel',
      'help',
    ),
  },
  { weight: 1, arbitrary: fc.integer({ min: 2_001, max: 70_000 }).map((n) => 'x'.repeat(n)) },
);

/** Any JSON value, including wrong types where a string is expected. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: awkwardString },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, 0, -1, 1.5, Number.MAX_SAFE_INTEGER, [], {}, [null], { __proto__: null }) },
);

/**
 * What no reply may contain: stack frames, source paths, error class names, and the marks of a
 * value rendered without being understood. A match is not counted when the person sent that very
 * text (replies may quote what was typed).
 */
const INTERNAL_DETAIL: RegExp[] = [
  /\n\s*at [^\n]*:\d+:\d+/,
  /\bat (?:async )?[\w$.<>]+ \([^)]*:\d+:\d+\)/,
  /(?:file:\/\/|\/work\/|\/home\/|\/tmp\/|\/usr\/|[A-Z]:\\)[\w./\\-]+/,
  /node_modules/,
  /\b[\w-]+\.(?:ts|js|mjs|cjs):\d+/,
  /\b(?:[A-Z][A-Za-z]*)?Error\b:?/,
  /\[object \w+\]/,
  /\bundefined\b/,
  /\bNaN\b/,
  /\bE(?:NOENT|ACCES|NOSPC|CONNREFUSED|CONNRESET|PIPE)\b/,
];

/** Every string inside a value (deep), for "did the person send this text themselves?". */
export function stringsIn(value: unknown): string[] {
  const found: string[] = [];
  const walk = (node: unknown, depth: number): void => {
    if (depth > 20) return;
    if (typeof node === 'string') found.push(node);
    else if (typeof node === 'number' || typeof node === 'boolean') found.push(String(node));
    else if (Array.isArray(node)) node.forEach((n) => walk(n, depth + 1));
    else if (node && typeof node === 'object') {
      for (const [key, inner] of Object.entries(node)) {
        found.push(key);
        walk(inner, depth + 1);
      }
    }
  };
  walk(value, 0);
  return found;
}

/** The first internal detail in `output` that did not come from `input`, or undefined. */
export function internalDetail(output: string, input: unknown, extraSecrets: readonly string[] = []): string | undefined {
  const sent = [...stringsIn(input), typeof input === 'string' ? input : JSON.stringify(input) ?? ''].join('\n');
  for (const secret of extraSecrets) if (secret && output.includes(secret) && !sent.includes(secret)) return secret;
  for (const pattern of INTERNAL_DETAIL) {
    const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
    for (const match of output.matchAll(global)) {
      if (!sent.includes(match[0].replace(/^\n\s*/, ''))) return `${match[0]} (in …${output.slice(Math.max(0, (match.index ?? 0) - 80), (match.index ?? 0) + 80)}…)`;
    }
  }
  return undefined;
}

/** GET /healthz answers 200: the server is still up. */
export async function healthy(url: string): Promise<boolean> {
  const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5_000) });
  await response.arrayBuffer();
  return response.status === 200;
}

/**
 * Resolves once the app's start-up writes are done (the retention job runs once at start, a moment
 * after the server listens), so "the store did not change" compares like with like.
 */
export async function startupWritesDone(store: Repository): Promise<void> {
  for (let i = 0; i < 100; i += 1) {
    // The retention run's last write: expired text removed from the copies (after `intel.retention`).
    if ((await store.readAudit({ limit: 50 })).some((e) => e.action === 'intel.retention-copies')) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the retention job did not run within 5 s of start');
}

/**
 * A digest of every data file the store writes (meta, collections, journal, audit log), so "the
 * store is unchanged" is checked on the bytes on disk as well as on the store's sequence number.
 * The lock file and backups are left out: they are not the data.
 */
export async function dataFingerprint(dataDir: string): Promise<string> {
  const hash = createHash('sha256');
  const files = [META_FILE, JOURNAL_FILE, AUDIT_FILE, ...(await readdir(path.join(dataDir, COLLECTIONS_FOLDER)).catch(() => [])).sort().map((f) => path.join(COLLECTIONS_FOLDER, f))];
  for (const file of files) {
    hash.update(`${file}\0`);
    hash.update(await readFile(path.join(dataDir, file)).catch(() => Buffer.from('(absent)')));
  }
  return hash.digest('hex');
}
