// Schema versions of the data folder and the steps between them. Each step takes the raw data of
// one version and returns the next; the store backs the folder up before running any of them.
import type { RawDataset } from './dataset-validation.ts';

export const CURRENT_SCHEMA_VERSION = 6;

interface Migration {
  from: number;
  describe: string;
  migrate(data: RawDataset): RawDataset;
}

const migrations: Migration[] = [
  {
    // Version 1 (the first prototype) kept each milestone's history inside the milestone and had no
    // version numbers. Version 2 moves history to its own collection (so a milestone record stays
    // small) and numbers each milestone's changes, which stale-update detection needs.
    from: 1,
    describe: 'milestone history moves to milestoneUpdates; milestones gain a version',
    migrate(data) {
      const milestoneUpdates: unknown[] = [...(data.milestoneUpdates ?? [])];
      const milestones = (data.milestones ?? []).map((raw) => {
        if (!raw || typeof raw !== 'object') return raw;
        const { history, ...milestone } = raw as Record<string, unknown> & { history?: unknown };
        const entries = Array.isArray(history) ? history : [];
        entries.forEach((entry, index) => {
          if (!entry || typeof entry !== 'object') return;
          const e = entry as Record<string, unknown>;
          milestoneUpdates.push({
            id: `${String(milestone.id)}-H${index + 1}`,
            milestoneId: milestone.id,
            version: index + 1,
            ...e,
            via: e.via ?? 'import',
            by: e.by ?? 'unknown (before version 2)',
          });
        });
        return { ...milestone, version: Math.max(1, entries.length) };
      });
      return { ...data, milestones, milestoneUpdates };
    },
  },
  {
    // Version 3 keeps the private messages the bot could not deliver yet (an alert to a reviewer
    // who has no chat with the bot) in their own collection, so they survive a restart.
    from: 2,
    describe: 'adds the outbox of private messages not delivered yet (empty)',
    migrate: (data) => ({ ...data, outbox: data.outbox ?? [] }),
  },
  {
    // Version 4 keeps download links in the store (hashed), so they survive a restart. A version 3
    // folder has no links file: the step only says the collection now exists, empty.
    from: 3,
    describe: 'adds the links collection (download links, stored hashed)',
    migrate(data) {
      return { ...data, links: data.links ?? [] };
    },
  },
  {
    // Version 5 remembers the platform events the bot has taken on (Slack event ids, for a few
    // hours), so a retried delivery is answered once even when the bot restarted in between.
    from: 4,
    describe: 'adds receivedEvents (platform event ids recently handled, to answer a retry once)',
    migrate: (data) => ({ ...data, receivedEvents: data.receivedEvents ?? [] }),
  },
  {
    // Version 6 runs the small grants fund (issue 17): rounds, applications, scores, decisions,
    // payments and monitoring returns, each in its own collection (empty in an older folder).
    from: 5,
    describe: 'adds the grants fund collections (empty)',
    migrate(data) {
      const names = ['grantRounds', 'grantApplications', 'grantScores', 'grantDecisions', 'grantPayments', 'grantReturns'] as const;
      return { ...data, ...Object.fromEntries(names.map((name) => [name, data[name] ?? []])) };
    },
  },
];

/** Runs every step from `version` up to the current one; returns the steps it ran. */
export function migrate(data: RawDataset, version: number): { data: RawDataset; applied: string[] } {
  let current = data;
  const applied: string[] = [];
  for (let v = version; v < CURRENT_SCHEMA_VERSION; v += 1) {
    const step = migrations.find((m) => m.from === v);
    if (!step) throw new Error(`no migration from schema version ${v}`);
    current = step.migrate(current);
    applied.push(`v${v} -> v${v + 1}: ${step.describe}`);
  }
  return { data: current, applied };
}
