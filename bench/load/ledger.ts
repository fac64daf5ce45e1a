// What the simulated officers were told was saved, kept by the load harness so the store can be
// checked against it afterwards. Every attempted write is recorded, acknowledged or not: a write
// whose answer never came may or may not be in the store, and the check must allow for it.
import type { Channel, MilestoneStatus } from '../../src/domain/model.ts';

export interface UpdateAttempt {
  milestoneId: string;
  /** Unique per attempt; the update's progress note, so it can be found in the history. */
  token: string;
  status: MilestoneStatus;
  via: Channel;
  personId: string;
  acknowledged: boolean;
}

export interface ReportAttempt {
  /** Unique per attempt; part of the report's description. */
  token: string;
  /** The report id the officer was shown, when acknowledged. */
  id?: string;
  via: Channel;
  personId: string;
  acknowledged: boolean;
}

export interface RsvpAttempt {
  meetingId: string;
  personId: string;
  response: 'attending' | 'apologies';
  acknowledged: boolean;
}

/** The milestones the harness created for the run, each at version 1 with no history. */
export interface LoadMilestone {
  id: string;
  ownerPersonId: string;
}

export interface LedgerSnapshot {
  /** Text in every load report's description, to tell them from seeded or earlier ones. */
  runMarker: string;
  milestones: LoadMilestone[];
  /** The meeting the officers answer, and its version before the run. */
  meeting?: { id: string; versionBefore: number };
  updates: UpdateAttempt[];
  reports: ReportAttempt[];
  rsvps: RsvpAttempt[];
}

export class Ledger {
  readonly updates: UpdateAttempt[] = [];
  readonly reports: ReportAttempt[] = [];
  readonly rsvps: RsvpAttempt[] = [];
  private tokens = 0;

  constructor(
    readonly runMarker: string,
    readonly milestones: LoadMilestone[],
    readonly meeting?: { id: string; versionBefore: number },
  ) {}

  /** A token no other attempt in this run has: `<marker>-<n>`, letters and digits only. */
  nextToken(): string {
    this.tokens += 1;
    return `${this.runMarker}n${this.tokens}`;
  }

  snapshot(): LedgerSnapshot {
    return { runMarker: this.runMarker, milestones: this.milestones, ...(this.meeting ? { meeting: this.meeting } : {}), updates: [...this.updates], reports: [...this.reports], rsvps: [...this.rsvps] };
  }
}
