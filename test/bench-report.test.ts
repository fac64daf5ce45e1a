// The benchmark report: a summary of targets met and missed at the top, one section per benchmark
// under its issue, a benchmark that failed kept with why (not losing the others), and a run of some
// benchmarks (--only) keeping the others' latest results rather than overwriting the report.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { BenchmarkResult } from '../bench/bench-types.ts';
import { buildReport, formatMarkdown, formatTable, mergeWithPrevious, writeReport } from '../bench/report.ts';
import { makeTempDir, removeTempDirs } from './helpers/temp-dir.ts';

const store: BenchmarkResult = {
  name: 'store',
  metrics: [
    { id: 'store.update.p99', label: 'Milestone update p99', unit: 'ms', value: 4, target: { max: 30, why: 'issue 2' } },
    { id: 'store.load.ms', label: 'Store open', unit: 'ms', value: 1500, target: { max: 1000, why: 'issue 2' } },
  ],
  context: { milestones: 1000 },
};
const reminders: BenchmarkResult = {
  name: 'reminders',
  metrics: [{ id: 'reminders.notExactlyOnce', label: 'Channels not given their reminder exactly once', unit: 'count', value: 0, target: { max: 0, why: 'issue 6' } }],
  context: {},
};

describe('benchmark report', () => {
  after(removeTempDirs);

  it('opens with the targets met and missed, and shows each benchmark under its issue with a Met column', () => {
    const report = buildReport([store, reminders], false);
    expect(report.summary).to.deep.include({ targets: 3, met: 2 });
    expect(report.summary.missed).to.deep.equal(['Store open: 1500 ms (target <= 1000 ms)']);
    const markdown = formatMarkdown(report);
    expect(markdown).to.include('**Targets: 2 of 3 met; missed: Store open: 1500 ms (target <= 1000 ms).**');
    expect(markdown).to.include('## store (issue 2, the store)').and.include('## reminders (issue 6, reminders)');
    expect(markdown).to.include('| Store open | 1500 ms | - | - | <= 1000 ms | NO |').and.include('| Channels not given their reminder exactly once | 0 | - | - | <= 0 | yes |');
    expect(formatTable(report)).to.include('Targets: 2 of 3 met');
  });

  it('keeps a benchmark that failed in the report, with why, beside the others', () => {
    const report = buildReport([store, { name: 'messages', error: 'the bot did not start' }], false);
    expect(report.summary.failed).to.deep.equal(['messages: the bot did not start']);
    expect(formatMarkdown(report)).to.include('**Did not finish:** the bot did not start').and.include('Benchmarks that did not finish: messages');
  });

  it('a run of some benchmarks keeps the latest results of the others, saying when they ran', () => {
    const folder = makeTempDir('scf-bench-report-');
    writeReport(buildReport([store, reminders], false, new Date('2026-11-01T10:00:00Z')), folder);
    const partial = mergeWithPrevious(buildReport([{ ...store, metrics: store.metrics.slice(0, 1) }], false, new Date('2026-11-02T10:00:00Z')), folder);
    expect(partial.benchmarks.map((b) => [b.name, b.ranAt])).to.deep.equal([
      ['store', '2026-11-02T10:00:00.000Z'],
      ['reminders', '2026-11-01T10:00:00.000Z'],
    ]);
    expect(partial.summary).to.deep.include({ targets: 2, met: 2 });
    writeReport(partial, folder);
    expect(readFileSync(path.join(folder, 'latest.md'), 'utf8')).to.include('From the run of 2026-11-01T10:00:00.000Z');
    // A quick run never mixes with a full one.
    expect(mergeWithPrevious(buildReport([store], true), folder).benchmarks.map((b) => b.name)).to.deep.equal(['store']);
  });
});
