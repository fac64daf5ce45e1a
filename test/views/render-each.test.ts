// A list renders every record it can and names the one it cannot (issue 12 §1: one bad record
// never takes a whole list down).
import { expect } from 'chai';
import { renderEach } from '../../src/bot/views/render-each.ts';

describe('renderEach', () => {
  it('renders the rest of the list and reports the record that failed, by id', () => {
    const skipped: string[] = [];
    const records = [{ id: 'A', due: '2026-01-01' }, { id: 'B', due: 'not a date' }, { id: 'C', due: '2026-03-01' }];
    const rendered = renderEach(
      records,
      (r) => {
        if (Number.isNaN(Date.parse(r.due))) throw new RangeError(`bad date on ${r.id}`);
        return `${r.id}: ${r.due}`;
      },
      (id) => skipped.push(id),
    );
    expect(rendered).to.deep.equal(['A: 2026-01-01', 'C: 2026-03-01']);
    expect(skipped).to.deep.equal(['B']);
  });
});
