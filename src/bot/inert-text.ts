// Text people typed (a name, a note, a title, an id), quoted inside the bot's own markdown: a
// text reply, or a card's TextBlock (notices, headings). Teams reads markdown and some HTML there,
// and the Slack adapter turns markdown links into Slack links, so a name such as
// `[Verify your account](http://evil.example)` would become a link the bot appears to send.
// `inert` shows the same characters but breaks every construct: a zero-width space after `<` (no
// tag, no autolink), between `]` and `(` (no link), around emphasis and code marks, and before a
// line's heading, quote, list or table mark. The Slack adapter escapes `<`, `>` and `&` itself.
// Cards put longer user text in TextRuns, which no platform reads as markdown; this is for the
// places where a sentence of the bot's own names someone.

const ZWSP = '\u200B';

export function inert(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[*_~`]/g, (mark) => `${ZWSP}${mark}${ZWSP}`)
    .replace(/</g, `<${ZWSP}`)
    .replace(/\]\s*\(/g, (join) => `${join.slice(0, 1)}${ZWSP}${join.slice(1)}`)
    .replace(/\]\s*\[/g, (join) => `${join.slice(0, 1)}${ZWSP}${join.slice(1)}`)
    .replace(/^(\s*)([#>|+\-=[]|\d+[.)])/gm, `$1${ZWSP}$2`);
}
