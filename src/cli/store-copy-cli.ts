// `npm run store:copy -- --from <data folder | postgres://...> --to <postgres://... | data folder>`:
// copies a forum's data, with the audit log, between the data folder and PostgreSQL (either way),
// then reads the target back and prints, per collection, the counts and how many records have the
// same SHA-256 on both sides. Exit 0 when everything matches, 1 on a mismatch or an error, 2 on a
// usage error. A non-empty target is refused unless --replace. DATA_ENCRYPTION_KEY (and
// DATA_ENCRYPTION_KEY_PREVIOUS) come from the environment or .env, as for the bot. Stop the bot first.
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ForumError } from '../domain/errors.ts';
import { parseKey, recordCodec } from '../store/field-cipher.ts';
import { checksTable, copyStore, describePlace, placeOf } from '../store/store-copy.ts';

const USAGE = `usage: npm run store:copy -- --from <data folder | postgres://...> --to <postgres://... | data folder> [--forum <FORUM_ID>] [--replace]
  One side is a data folder, the other a PostgreSQL address. --forum: the forum's rows in the database (default: FORUM_ID, else "default").
  --replace: replace a target that already holds data (a folder's files are moved aside, not deleted).`;

function keyFrom(name: string): Buffer | undefined {
  const text = process.env[name];
  if (!text) return undefined;
  const key = parseKey(text);
  if (!key) throw new ForumError('CONFIG_INVALID', `${name}: expected a 32-byte key (base64 or 64 hex digits). Nothing was copied.`);
  return key;
}

async function run(args: string[]): Promise<number> {
  let values: { from?: string; to?: string; forum?: string; replace?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({ args, options: { from: { type: 'string' }, to: { type: 'string' }, forum: { type: 'string' }, replace: { type: 'boolean' }, help: { type: 'boolean' } }, strict: true }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help || !values.from || !values.to) {
    process.stderr.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  if (existsSync('.env')) process.loadEnvFile('.env');
  const forumId = values.forum ?? process.env.FORUM_ID ?? 'default';
  const current = keyFrom('DATA_ENCRYPTION_KEY');
  const previous = keyFrom('DATA_ENCRYPTION_KEY_PREVIOUS');
  const codec = recordCodec(current ? { current, previous: previous ? [previous] : [] } : {});
  const from = placeOf(values.from, forumId);
  const to = placeOf(values.to, forumId);
  process.stdout.write(`Copying ${describePlace(from)}\n     to ${describePlace(to)}\n\n`);
  const outcome = await copyStore(from, to, codec, { replace: values.replace ?? false });
  process.stdout.write(`${checksTable(outcome.checks)}\n\n`);
  if (!outcome.ok) {
    process.stdout.write('MISMATCH: the copy does not match its source (rows marked above). Do not switch to it.\n');
    return 1;
  }
  const records = outcome.checks.filter((c) => c.name !== 'audit log').reduce((sum, c) => sum + c.source, 0);
  const events = outcome.checks.find((c) => c.name === 'audit log')?.source ?? 0;
  process.stdout.write(`Copied and verified: ${records} records and ${events} audit events, every one with the same hash on both sides.\n`);
  return 0;
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
