// The error tally behind the `status` card: fed by the logger's error and fatal lines (child
// loggers included, warnings not), counting a rolling 24 hours in fixed memory.
import { Writable } from 'node:stream';
import { expect } from 'chai';
import { ErrorTally } from '../../src/logging/error-tally.ts';
import { createLogger } from '../../src/logging/logger.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function sink(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      raw.push(chunk.toString('utf8'));
      callback();
    },
  });
  return { stream, lines: () => raw.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('the error tally', () => {
  it('counts error and fatal lines of the logger and its children, not warnings, and still writes every line', () => {
    const tally = new ErrorTally();
    const out = sink();
    const logger = createLogger('info', out.stream, tally);
    logger.error({ err: new Error('x') }, 'one');
    logger.child({ part: 'store' }).error('two');
    logger.fatal('three');
    logger.warn('not an error');
    logger.info('nor this');
    expect(tally.lastDay()).to.equal(3);
    expect(out.lines().map((l) => l.msg)).to.deep.equal(['one', 'two', 'three', 'not an error', 'nor this']);
    expect(out.lines()[1]).to.include({ part: 'store', level: 50 });
  });

  it('forgets an error once it is more than 24 hours old, to the minute', () => {
    let now = new Date('2026-03-29T00:30:00Z');
    const tally = new ErrorTally(() => now);
    tally.record();
    now = new Date(now.getTime() + 2 * HOUR);
    tally.record();
    tally.record();
    expect(tally.lastDay()).to.equal(3);
    now = new Date(Date.parse('2026-03-29T00:30:00Z') + 24 * HOUR - MINUTE);
    expect(tally.lastDay(), 'just under a day later').to.equal(3);
    now = new Date(Date.parse('2026-03-29T00:30:00Z') + 24 * HOUR);
    expect(tally.lastDay(), 'a day later').to.equal(2);
    now = new Date(Date.parse('2026-03-29T02:30:00Z') + 24 * HOUR);
    expect(tally.lastDay()).to.equal(0);
  });

  it('reuses a minute\'s slot a day later without carrying the old count over', () => {
    let now = new Date('2026-01-01T10:00:00Z');
    const tally = new ErrorTally(() => now);
    for (let i = 0; i < 5; i++) tally.record();
    now = new Date(now.getTime() + 24 * HOUR);
    tally.record();
    expect(tally.lastDay()).to.equal(1);
  });
});
