// How many intelligence reports a person has logged and how many wait for review: counts only,
// for the Home dashboard. From the read model when the store keeps one, else by a scan.
import { readModelOf } from '../../read-model/read-model.ts';
import type { IntelCounts } from '../../read-model/intel-indexes.ts';
import type { ReadView } from '../../store/repository.ts';

export function intelCountsFor(view: ReadView, personId: string): IntelCounts {
  const model = readModelOf(view);
  if (model) return model.intelCounts.of(personId);
  const reports = view.all('intelReports');
  const mine = reports.filter((r) => r.reporterPersonId === personId);
  return {
    logged: mine.length,
    loggedNotReviewed: mine.filter((r) => r.status === 'new').length,
    awaitingReview: reports.filter((r) => r.status === 'new').length,
  };
}
