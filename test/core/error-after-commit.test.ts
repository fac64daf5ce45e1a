// Issue 12 §1: "a reply never says nothing was changed when something was". A turn's store counts
// what the turn committed (on a real store in a temp folder), and the one error-to-words function
// says the change was saved when a failure comes after a commit.
import { expect } from 'chai';
import { replyForError } from '../../src/bot/reply-for-error.ts';
import { storeCountingCommits } from '../../src/bot/turn-store.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { openStore } from '../../src/store/open-store.ts';
import { removeTempDataDirs, tempDataDir } from '../store/store-fixtures.ts';

describe('an error after a commit is reported as what it is', () => {
  after(removeTempDataDirs);
  const logger = createLogger('silent');

  it('counts the commits of one turn, and then says "saved" rather than "nothing was changed"', async () => {
    const store = await openStore({ dataDir: tempDataDir() });
    try {
      const commits = { count: 0 };
      const turnStore = storeCountingCommits(store, commits);
      const before = replyForError(new Error('render failed'), logger, 'ref-1', commits.count);
      expect(before).to.deep.include({ kind: 'text' });
      expect(before.kind === 'text' ? before.text : '').to.include('nothing was changed');

      await turnStore.transact({ actor: { name: 'Test' }, via: 'cli' }, (tx) => {
        tx.put('organisations', { id: 'org-x', name: 'Org X', kind: 'vcs' }, { action: 'test.add' });
      });
      expect(commits.count).to.equal(1);
      expect(turnStore.get('organisations', 'org-x')?.id, 'reads go to the same store').to.equal('org-x');
      const after = replyForError(new Error('render failed'), logger, 'ref-2', commits.count);
      const text = after.kind === 'text' ? after.text : '';
      expect(text).to.include('Your change was saved');
      expect(text).to.not.include('nothing was changed');

      // A transaction that throws commits nothing, and is not counted.
      await turnStore.transact({ actor: { name: 'Test' }, via: 'cli' }, () => { throw new Error('refused'); }).catch(() => undefined);
      expect(commits.count).to.equal(1);
    } finally {
      await store.close();
    }
  });
});
