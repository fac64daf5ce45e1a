// Text typed by people cannot ping a channel, mention someone, fake a link or pick up formatting
// in Slack, wherever the card puts it; long text is split or cut within Slack's limits.
import { expect } from 'chai';
import type { AdaptiveCard } from '../../src/cards/render-card.ts';
import { renderMessage, renderModal, type Block } from '../../src/channels/slack/block-kit/index.ts';
import { splitText, truncate, truncateMrkdwn } from '../../src/channels/slack/block-kit/block-kit-limits.ts';
import { expectWithinBlockKitLimits } from '../fixtures/slack/block-kit-limits-check.ts';

const HOSTILE = '<!channel> <@U1> <http://evil|bank> & **bold**';
const Z = '\u200B';
/** What Slack shows as the literal text above, with nothing for it to act on. */
const INERT = `&lt;!channel&gt; &lt;@U1&gt; &lt;http://evil|bank&gt; &amp; ${Z}*${Z}${Z}*${Z}bold${Z}*${Z}${Z}*${Z}`;

const card = (...body: unknown[]): AdaptiveCard => ({ type: 'AdaptiveCard', version: '1.5', body });
const run = (extra: Record<string, unknown> = {}) => ({ type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: HOSTILE, ...extra }] });
/** All mrkdwn strings in the blocks. */
function mrkdwnTexts(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(mrkdwnTexts);
  if (typeof value !== 'object' || value === null) return [];
  const own = 'type' in value && value.type === 'mrkdwn' && 'text' in value && typeof value.text === 'string' ? [value.text] : [];
  return [...own, ...Object.values(value).flatMap(mrkdwnTexts)];
}
const only = (blocks: Block[]): string => mrkdwnTexts(blocks).join('\n');

describe('Block Kit escaping: user text is inert', () => {
  it('renders a TextRun with a channel ping, a mention, a fake link, & and markdown as literal text', () => {
    const { blocks } = renderMessage(card(run()));
    expect(blocks).to.deep.equal([{ type: 'section', text: { type: 'mrkdwn', text: INERT } }]);
  });

  it('keeps it inert when styled, subtle, in columns, in facts and in table cells', () => {
    const styled = renderMessage(card(run({ weight: 'Bolder', italic: true }))).blocks;
    // Inside a styled run its own markers become look-alikes, which cannot end the style early.
    expect(only(styled)).to.equal('*_&lt;!channel&gt; &lt;@U1&gt; &lt;http://evil|bank&gt; &amp; ∗∗bold∗∗_*');
    expect(only(renderMessage(card(run({ italic: true, text: 'snake_case and *stars*' }))).blocks)).to.equal(`_snakeˍcase and ${Z}*${Z}stars${Z}*${Z}_`);
    expect(renderMessage(card(run({ isSubtle: true }))).blocks[0]?.type).to.equal('context');
    const elsewhere = renderMessage(
      card(
        { type: 'ColumnSet', columns: [{ type: 'Column', items: [run()] }, { type: 'Column', items: [{ type: 'TextBlock', text: 'x' }] }] },
        { type: 'FactSet', facts: [{ title: 'Owner', value: HOSTILE }, { title: 'By', value: HOSTILE }] },
        { type: 'Table', firstRowAsHeader: false, rows: [{ cells: [{ items: [run()] }] }] },
      ),
    ).blocks;
    const texts = only(elsewhere);
    expect(texts.split(INERT).length - 1).to.equal(4);
    for (const text of mrkdwnTexts(elsewhere)) expect(text).not.to.match(/<[!@#h]|&(?!amp;|lt;|gt;)|(^|\s)\*\*?bold/);
  });

  it('neutralises monospace runs too (a backtick cannot end the code early)', () => {
    const { blocks } = renderMessage(card({ type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: 'a`<!here>`b', fontType: 'Monospace' }] }));
    expect(only(blocks)).to.equal('`aˋ&lt;!here&gt;ˋb`');
  });

  it('escapes the notification text and does not read markdown in a TextRun', () => {
    expect(renderMessage(card(run())).text).to.equal(INERT);
  });

  it('stops a quote at the start of a line of user text', () => {
    const { blocks } = renderMessage(card({ type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: 'one\n> quoted' }] }));
    expect(only(blocks)).to.equal(`one\n${Z}&gt; quoted`);
  });

  it('escapes card authors\' TextBlocks as well, converting only their markdown', () => {
    const { blocks } = renderMessage(card({ type: 'TextBlock', text: '**Save** <b>now</b> & [read](https://x.org/a|b) or [bad](javascript:alert(1))', wrap: true }));
    expect(only(blocks)).to.equal('*Save* &lt;b&gt;now&lt;/b&gt; &amp; <https://x.org/a%7Cb|read> or [bad](javascript:alert(1))');
  });

  it('puts user text in plain_text (headers, labels, options) as it is: plain text is never parsed', () => {
    const modal = renderModal(card({ type: 'TextBlock', text: HOSTILE, size: 'Large' }, { type: 'Input.ChoiceSet', id: 'c', label: HOSTILE, choices: [{ title: HOSTILE, value: 'v' }] }), { callbackId: 'x', title: HOSTILE });
    expectWithinBlockKitLimits(modal, 'plain text modal');
    expect(modal.blocks[0]).to.deep.equal({ type: 'header', text: { type: 'plain_text', text: '<!channel> <@U1> <http://evil|bank> & bold', emoji: true } });
    expect(modal.title.text).to.equal('<!channel> <@U1> <http:…');
    expect(JSON.stringify(modal.blocks[1])).to.include('"label":{"type":"plain_text","text":"<!channel>');
  });
});

describe('Block Kit limits: long text', () => {
  it('splits a 7,000-character note into sections of at most 3,000 at line breaks, losing nothing', () => {
    const paragraph = 'Follow-up: the lead partner will write to the ward members. '.repeat(10);
    const text = Array.from({ length: 12 }, () => paragraph).join('\n');
    const { blocks } = renderMessage(card({ type: 'RichTextBlock', inlines: [{ type: 'TextRun', text }] }));
    expectWithinBlockKitLimits({ text: 'x', blocks }, 'long note');
    expect(blocks.length).to.equal(3);
    expect(only(blocks).replace(/\n/g, '')).to.equal(text.replace(/\n/g, ''));
  });

  it('cuts a header at 150 characters with an ellipsis, and long lines without breaking an entity', () => {
    const { blocks } = renderMessage(card({ type: 'TextBlock', text: 'T'.repeat(200), size: 'Large' }));
    expect(blocks[0]?.type === 'header' && blocks[0].text.text).to.equal(`${'T'.repeat(149)}…`);
    expect(truncateMrkdwn('abc &amp; def', 7)).to.equal('abc…');
    expect(truncate('ab😀', 3)).to.equal('ab…');
    expect(splitText(`${'a'.repeat(10)} &amp;${'b'.repeat(5)}`, 12)).to.deep.equal(['aaaaaaaaaa', '&amp;bbbbb']);
  });
});
