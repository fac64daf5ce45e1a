// How long each kind of link lives, whether it works once, and how many one person may hold.
// Limits are per person and per purpose, never global: one person asking a thousand times uses up
// only their own allowance, and a new link past it retires that person's oldest of the purpose.
import type { LinkPurpose } from '../domain/model.ts';

export interface LinkPolicy {
  /** The longest a link lives; a link tied to a record may end sooner (the `until` it is issued with). */
  lifetimeMs: number;
  /** Works for one download, then is gone. */
  singleUse: boolean;
  /** Asking again for the same subject gives the same live link instead of a new one. */
  reuse: boolean;
  /** Live links one holder may have for this purpose; one more retires the holder's oldest. */
  maxLivePerHolder: number;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export const LINK_POLICIES: { readonly [P in LinkPurpose]: LinkPolicy } = {
  // A file of OFFICIAL-SENSITIVE reports: one download, soon, by the reviewer who asked.
  'intel-export': { lifetimeMs: 10 * MINUTE, singleUse: true, reuse: false, maxLivePerHolder: 5 },
  // Public meeting details: useful until the meeting ends (meetings are planned up to two years ahead).
  'meeting-ics': { lifetimeMs: 3 * 366 * DAY, singleUse: false, reuse: true, maxLivePerHolder: 100 },
  // The grants year-end report (no personal data): made when opened, for an hour, by who asked.
  'grants-report-csv': { lifetimeMs: 60 * MINUTE, singleUse: false, reuse: false, maxLivePerHolder: 10 },
  'grants-report-docx': { lifetimeMs: 60 * MINUTE, singleUse: false, reuse: false, maxLivePerHolder: 10 },
};

/** Expired links deleted per sweep: the work of one sweep stays small however many have piled up. */
export const SWEEP_BATCH = 100;
