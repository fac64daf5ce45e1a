// The two store backends, for tests that must hold on both: the embedded JSON store in a temp folder,
// and PostgreSQL on a real server this test process starts (scripts/postgres-server.ts). A test that
// needs PostgreSQL fails with the reason when the server cannot start; it never skips.
import { sharedPostgres } from '../../scripts/postgres-server.ts';
import { openStore, type OpenStoreOptions } from '../../src/store/open-store.ts';
import type { Repository } from '../../src/store/repository.ts';
import { tempDataDir } from './store-fixtures.ts';

export interface Backend {
  name: 'json' | 'postgres';
  /** A new, empty place for data: a folder or a database. */
  fresh(): Promise<string>;
  /** Opens (or opens again) the store at a place `fresh` gave. */
  open(place: string, options?: Partial<OpenStoreOptions>): Promise<Repository>;
}

export const jsonBackend: Backend = {
  name: 'json',
  fresh: () => Promise.resolve(tempDataDir()),
  open: (dataDir, options = {}) => openStore({ ...options, dataDir }),
};

export const postgresBackend: Backend = {
  name: 'postgres',
  fresh: async () => (await sharedPostgres()).createDatabase(),
  open: (databaseUrl, options = {}) => openStore({ ...options, dataDir: tempDataDir(), databaseUrl }),
};

export const BACKENDS: readonly Backend[] = [jsonBackend, postgresBackend];
