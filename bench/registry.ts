// Every benchmark `npm run bench` runs, in order. To add one, write a module that exports a
// `Benchmark` (see bench-types.ts) as `benchmark`, e.g. bench/message-bench.ts, import it here
// and add it to the list; the runner, the table and the saved reports need no change.
import type { Benchmark } from './bench-types.ts';
import { benchmark as cluster } from './cluster-bench.ts';
import { benchmark as intel } from './intel-bench.ts';
import { benchmark as messages } from './message-bench.ts';
import { benchmark as overhead } from './overhead-bench.ts';
import { benchmark as postgres } from './pg-overhead-bench.ts';
import { benchmark as reminders } from './reminder-bench.ts';
import { benchmark as scheduler } from './scheduler-bench.ts';
import { benchmark as slack } from './slack-bench.ts';
import { benchmark as store } from './store-bench.ts';

export const BENCHMARKS: readonly Benchmark[] = [store, messages, slack, intel, scheduler, reminders, overhead, postgres, cluster];

/** The issue whose targets each benchmark measures, for the report's headings. */
export const ISSUE_OF: Readonly<Record<string, string>> = {
  store: 'issue 2, the store',
  messages: 'issue 3, Teams',
  slack: 'issue 4, Slack',
  intel: 'issue 5, intelligence',
  scheduler: 'issue 6, reminders',
  reminders: 'issue 6, reminders',
  overhead: 'issue 15, production overhead and size',
  postgres: 'issue 16, PostgreSQL against JSON',
  cluster: 'issue 16, several instances',
};
