// Voluntary-sector partners may have Slack and no Teams: nothing the bot can say to a Slack user
// may send them to Teams. Every string in the Slack channel, the bot core and the cards is read
// for "use/see/open ... in Teams" and "use Teams"; where Slack cannot show something, the text
// must offer a way in Slack (narrow the query, ask again, page, a modal).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';

const SENDS_TO_TEAMS = /\b(?:use|see|open|try|switch to)\b[^.\n`'"]{0,60}\b(?:in|on|via)\s+(?:Microsoft\s+)?Teams\b|\buse\s+(?:Microsoft\s+)?Teams\b/i;

function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const full = path.join(folder, name);
    return statSync(full).isDirectory() ? filesUnder(full) : /\.(ts|json)$/.test(name) ? [full] : [];
  });
}

describe('Slack users are never sent to Teams', () => {
  it('has no text in the Slack channel, the bot core or the cards that says to use Teams', () => {
    const found = ['src/channels/slack', 'src/bot', 'src/cards', 'src/jobs', 'cards'].flatMap(filesUnder).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, i) => ({ line: line.trim(), at: `${file}:${i + 1}` }))
        .filter(({ line }) => !line.startsWith('//') && !line.startsWith('*') && SENDS_TO_TEAMS.test(line)),
    );
    expect(found.map((f) => `${f.at}: ${f.line}`)).to.deep.equal([]);
  });

  it('would catch one', () => {
    expect(SENDS_TO_TEAMS.test('This form cannot be opened in Slack. Use it in Teams.')).to.equal(true);
    expect(SENDS_TO_TEAMS.test('see the full list in Teams or narrow your query')).to.equal(true);
    expect(SENDS_TO_TEAMS.test('Updated 12 Mar by Jo Bloggs via Teams')).to.equal(false);
  });
});
