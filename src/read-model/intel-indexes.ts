// Intelligence report counts in the read model: the Home dashboard shows each person how many
// reports they have logged and reviewers how many wait, on a path opened often, so the counts are
// kept as reports change rather than found by reading every report. Counts only: no report text.
import type { IntelReport } from '../domain/model.ts';
import { FollowedIndex, type ChangeSource } from './followed-index.ts';

export interface IntelCounts {
  /** Reports this person logged. */
  logged: number;
  /** Of those, the ones not reviewed yet (status `new`). */
  loggedNotReviewed: number;
  /** Every report not reviewed yet, whoever logged it. */
  awaitingReview: number;
}

interface Counted {
  reporter: string;
  isNew: boolean;
}

export class IntelReportCounts extends FollowedIndex<'intelReports'> {
  private counted = new Map<string, Counted>();
  private byReporter = new Map<string, { logged: number; notReviewed: number }>();
  private awaiting = 0;

  constructor(source: ChangeSource) {
    super(source, 'intelReports');
  }

  of(personId: string): IntelCounts {
    this.catchUp();
    const mine = this.byReporter.get(personId);
    return { logged: mine?.logged ?? 0, loggedNotReviewed: mine?.notReviewed ?? 0, awaitingReview: this.awaiting };
  }

  protected rebuild(records: readonly Readonly<IntelReport>[]): void {
    this.counted = new Map();
    this.byReporter = new Map();
    this.awaiting = 0;
    for (const report of records) this.apply(report.id, report);
  }

  protected apply(id: string, record: Readonly<IntelReport> | undefined): void {
    const before = this.counted.get(id);
    if (before) this.count(before, -1);
    this.counted.delete(id);
    if (!record) return;
    const now = { reporter: record.reporterPersonId, isNew: record.status === 'new' };
    this.counted.set(id, now);
    this.count(now, 1);
  }

  private count(report: Counted, by: 1 | -1): void {
    const mine = this.byReporter.get(report.reporter) ?? { logged: 0, notReviewed: 0 };
    mine.logged += by;
    if (report.isNew) {
      mine.notReviewed += by;
      this.awaiting += by;
    }
    if (mine.logged === 0) this.byReporter.delete(report.reporter);
    else this.byReporter.set(report.reporter, mine);
  }
}
