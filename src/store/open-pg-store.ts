// Opening the PostgreSQL store: run the schema migrations (node-pg-migrate, under its advisory lock,
// so instances starting together take turns), create or migrate the forum's rows, load the view.
import { runner } from 'node-pg-migrate';
import pg from 'pg';
import pino, { type Logger } from 'pino';
import { inProject } from '../project-root.ts';
import { recordCodec, type RecordCodec } from './field-cipher.ts';
import { PgStore, prepareForum } from './pg-store.ts';

export interface OpenPgStoreOptions {
  databaseUrl: string;
  /** The forum this deployment serves (every table is keyed by it). */
  forumId?: string;
  logger?: Logger;
  now?: () => Date;
  codec?: RecordCodec;
  pollMs?: number;
  changeLogKeepMs?: number;
  poolSize?: number;
}

export const PG_DEFAULTS = { forumId: 'default', pollMs: 250, changeLogKeepMs: 10 * 60_000, poolSize: 10 } as const;

/** The database's address without its password, for logs and `status`. */
export function describeDatabase(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    return `postgres://${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;
  } catch {
    return 'postgres (address not shown)';
  }
}

/** Runs the pending schema migrations in migrations/postgres/; returns their names. */
export async function migrateDatabase(databaseUrl: string, logger: Logger): Promise<string[]> {
  const ran = await runner({
    databaseUrl,
    dir: inProject('migrations', 'postgres'),
    direction: 'up',
    migrationsTable: 'pgmigrations',
    checkOrder: true,
    advisoryLockMode: 'wait',
    singleTransaction: true,
    logger: {
      debug: () => undefined,
      info: (message: string) => logger.debug({ migration: message }, 'schema migration'),
      warn: (message: string) => logger.warn({ migration: message }, 'schema migration'),
      error: (message: string) => logger.error({ migration: message }, 'schema migration'),
    },
  });
  return ran.map((m) => m.name);
}

export async function openPgStore(options: OpenPgStoreOptions): Promise<PgStore> {
  const logger = options.logger ?? pino({ enabled: false });
  const forumId = options.forumId ?? PG_DEFAULTS.forumId;
  const codec = options.codec ?? recordCodec();
  const started = performance.now();
  const schemaMigrations = await migrateDatabase(options.databaseUrl, logger);
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? PG_DEFAULTS.poolSize });
  pool.on('error', (error) => logger.warn({ err: error }, 'an idle database connection failed'));
  try {
    const { migrations } = await prepareForum(pool, forumId, codec, logger);
    const store = new PgStore({
      pool,
      connection: { connectionString: options.databaseUrl },
      forumId,
      now: options.now ?? (() => new Date()),
      logger,
      codec,
      pollMs: options.pollMs ?? PG_DEFAULTS.pollMs,
      changeLogKeepMs: options.changeLogKeepMs ?? PG_DEFAULTS.changeLogKeepMs,
      describe: `${describeDatabase(options.databaseUrl)} (forum ${forumId})`,
    });
    await store.start();
    if (codec.stats.plain > 0 || codec.stats.previousKey > 0) {
      logger.warn({ plain: codec.stats.plain, previousKey: codec.stats.previousKey, key: codec.keyIds.current }, 'data was found unencrypted or under a previous key: run `npm run data:rekey` to write it under the current key');
    }
    logger.info({ database: describeDatabase(options.databaseUrl), forumId, schemaMigrations, migrations, records: store.seq, loadMs: Math.round(performance.now() - started) }, 'store opened (PostgreSQL)');
    return store;
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
}
