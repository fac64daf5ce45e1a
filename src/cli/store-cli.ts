// `npm run backup` and `npm run restore -- <file>`: the operator's tools for the data folder.
// Both need the bot stopped (they take the data-folder lock); the running bot backs up by itself
// at start and daily.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config/config.ts';
import { ForumError } from '../domain/errors.ts';
import { listBackups } from '../store/backups.ts';
import { databaseOptions, openStore } from '../store/open-store.ts';
import { recordCodec } from '../store/field-cipher.ts';
import { restoreBackup } from '../store/restore-backup.ts';

const USAGE = 'usage: npm run backup | npm run restore -- <backup file> | npm run restore -- --list';

async function run(args: string[]): Promise<number> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();
  const [command, target] = args;
  if (command === 'backup') {
    const repo = await openStore({ ...databaseOptions(config), dataDir: config.dataDir, backupsKeep: config.backupsKeep, codec: recordCodec(config.dataEncryption) });
    try {
      const file = await repo.backup('manual');
      process.stdout.write(`Backup written: ${file}\n`);
    } finally {
      await repo.close();
    }
    return 0;
  }
  if (command === 'restore' && target === '--list') {
    const backups = await listBackups(config.dataDir);
    process.stdout.write(backups.length ? `${backups.join('\n')}\n` : `No backups in ${config.dataDir}\n`);
    return 0;
  }
  if (command === 'restore' && target) {
    const file = path.resolve(target);
    const { movedAsideTo } = await restoreBackup(config.dataDir, file, new Date(), recordCodec(config.dataEncryption));
    // Opening once checks the restored data, migrates it if it is older, and audits the restore.
    const repo = await openStore({ ...databaseOptions(config), dataDir: config.dataDir, backupsKeep: config.backupsKeep, codec: recordCodec(config.dataEncryption) });
    try {
      await repo.transact({ actor: { name: 'operator (npm run restore)' }, via: 'cli' }, (tx) => tx.note({ action: 'store.restore', detail: { from: path.basename(file) } }));
    } finally {
      await repo.close();
    }
    process.stdout.write(`Restored ${file} into ${config.dataDir}.\nThe files it replaced are kept in ${movedAsideTo}.\n`);
    return 0;
  }
  process.stderr.write(`${USAGE}\n`);
  return 2;
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof ForumError || error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
