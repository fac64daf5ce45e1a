// `npm run data:rekey`: puts every encrypted field (src/domain/encrypted-fields.ts) under the
// current DATA_ENCRYPTION_KEY, in the live files and in every copy the bot keeps (backups, replaced
// and set-aside files). Run it, with the bot stopped, after setting a key for the first time (the
// data written before is plain) and to rotate a key: set the new key as DATA_ENCRYPTION_KEY and the
// old one as DATA_ENCRYPTION_KEY_PREVIOUS, run this, then remove the old one; it then opens nothing.
import { existsSync } from 'node:fs';
import { loadConfig } from '../config/config.ts';
import { ENCRYPTED_FIELDS } from '../domain/encrypted-fields.ts';
import { ForumError } from '../domain/errors.ts';
import type { CollectionName } from '../domain/model.ts';
import { recordCodec } from '../store/field-cipher.ts';
import { databaseOptions, openStore } from '../store/open-store.ts';
import type { CopyRewrite } from '../store/repository.ts';

async function run(args: string[]): Promise<number> {
  if (args.length > 0) {
    process.stderr.write('usage: npm run data:rekey   (no arguments; DATA_ENCRYPTION_KEY, and DATA_ENCRYPTION_KEY_PREVIOUS during a rotation, from the environment or .env; the bot stopped)\n');
    return 2;
  }
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();
  if (!config.dataEncryption) {
    process.stderr.write('DATA_ENCRYPTION_KEY is not set: there is no key to encrypt under. Nothing was changed.\n');
    return 2;
  }
  const codec = recordCodec(config.dataEncryption);
  const repo = await openStore({ ...databaseOptions(config), dataDir: config.dataDir, backupsKeep: config.backupsKeep, codec });
  try {
    // Every record with encrypted fields is "changed" so that each copy is written again under the current key.
    const collections = Object.keys(ENCRYPTED_FIELDS) as CollectionName[];
    const rewrite: CopyRewrite = { rewriteSnapshots: true, records: Object.fromEntries(collections.map((c) => [c, (r: Readonly<Record<string, unknown>>) => ({ ...r })])) };
    const outcome = await repo.rewriteCopies(
      { actor: { name: 'operator (npm run data:rekey)' }, via: 'cli' },
      { action: 'store.rekey', detail: { key: codec.keyIds.current ?? '', previous: codec.keyIds.previous } },
      rewrite,
    );
    const where = repo.info().backend === 'postgres' ? `the database ${repo.info().dataDir}` : `the live files and ${outcome.files.length} cop${outcome.files.length === 1 ? 'y' : 'ies'}`;
    const lines = [`Every encrypted field is now under key ${codec.keyIds.current}: ${where} (${outcome.records} records).`];
    if (outcome.unreadable.length > 0) {
      lines.push(`These files could not be read and were NOT changed (another key, or damaged); deal with them before removing the old key: ${outcome.unreadable.join(', ')}`);
    } else if (codec.keyIds.previous.length > 0) {
      lines.push('Remove DATA_ENCRYPTION_KEY_PREVIOUS now: nothing the bot keeps needs it.');
    }
    process.stdout.write(`${lines.join('\n')}\n`);
    return outcome.unreadable.length > 0 ? 1 : 0;
  } finally {
    await repo.close();
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof ForumError || error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
