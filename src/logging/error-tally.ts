// How many error-level log lines this process wrote recently, for the admins' `status` card. A
// ring of one-minute buckets covering a day: memory stays fixed however many errors are logged,
// and a count is exact to the minute. It lives in memory, so it starts from zero at each start.
const BUCKET_MS = 60_000;
const DAY_BUCKETS = 24 * 60;

export class ErrorTally {
  /** The minute (ms since the epoch / 60 000) each bucket currently counts, or -1 when unused. */
  private readonly minutes = new Array<number>(DAY_BUCKETS).fill(-1);
  private readonly counts = new Array<number>(DAY_BUCKETS).fill(0);
  readonly since: Date;

  constructor(private readonly now: () => Date = () => new Date()) {
    this.since = now();
  }

  /** One more error, now. */
  record(): void {
    const minute = Math.floor(this.now().getTime() / BUCKET_MS);
    const slot = minute % DAY_BUCKETS;
    if (this.minutes[slot] !== minute) {
      this.minutes[slot] = minute;
      this.counts[slot] = 0;
    }
    this.counts[slot] = (this.counts[slot] ?? 0) + 1;
  }

  /** Errors recorded in the last 24 hours (whole minutes), up to now. */
  lastDay(): number {
    const current = Math.floor(this.now().getTime() / BUCKET_MS);
    let total = 0;
    for (let slot = 0; slot < DAY_BUCKETS; slot++) {
      const minute = this.minutes[slot] ?? -1;
      if (minute > current - DAY_BUCKETS && minute <= current) total += this.counts[slot] ?? 0;
    }
    return total;
  }
}
