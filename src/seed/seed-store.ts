// Loads the seed action plan into a brand-new store, once. A store that already holds a plan is
// never touched, so a restart (or a second instance starting) cannot duplicate or overwrite data.
import type { CollectionName, RecordOf } from '../domain/model.ts';
import type { Repository, Transaction } from '../store/repository.ts';
import { buildSeedRecords, type SeedRecords } from './build-seed.ts';
import { readSeedFile } from './seed-file.ts';
import { seedGrantRounds } from './grant-rounds-seed.ts';

export interface SeedResult {
  seeded: boolean;
  /** Records written per collection; empty when nothing was seeded. */
  counts: Record<string, number>;
}

// Parents before children, so a reader of the journal never meets a dangling reference.
const ORDER = ['themes', 'organisations', 'actions', 'milestones', 'milestoneUpdates', 'meetings'] as const satisfies readonly (keyof SeedRecords)[];

function isEmpty(view: Pick<Repository, 'count'>): boolean {
  return view.count('milestones') === 0 && view.count('themes') === 0;
}

export async function seedEmptyStore(repo: Repository, options: { seedPath: string; now: Date; demoGrantRound?: boolean }): Promise<SeedResult> {
  // Checked before reading the file, so a populated store starts even if the seed file is broken.
  if (!isEmpty(repo)) return { seeded: false, counts: {} };
  const records = buildSeedRecords(readSeedFile(options.seedPath), options.now);

  return repo.transact({ actor: { name: 'seed' }, via: 'seed' }, (tx) => {
    // Checked again inside the transaction: another writer may have got there first.
    if (!isEmpty(tx)) return { seeded: false, counts: {} };
    const counts: Record<string, number> = {};
    for (const collection of ORDER) {
      for (const record of records[collection]) putRecord(tx, collection, record);
      counts[collection] = records[collection].length;
    }
    const rounds = seedGrantRounds(options.now, options.demoGrantRound ?? false);
    for (const round of rounds) putRecord(tx, 'grantRounds', round);
    counts.grantRounds = rounds.length;
    return { seeded: true, counts };
  });
}

// One generic put, so the loop above needs no cast per collection.
function putRecord<C extends CollectionName>(tx: Transaction, collection: C, record: RecordOf<C>): void {
  tx.put(collection, record, { action: 'seed.load' });
}
