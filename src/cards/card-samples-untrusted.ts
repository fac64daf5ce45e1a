// The mark every card sample puts in the text people type, so tests can follow it to where it lands.

/**
 * Text typed by people (descriptions, notes, names) carrying a Slack channel mention and
 * markdown, as someone might paste it. Cards must show it literally: in a RichTextBlock TextRun,
 * never a TextBlock or FactSet, where Teams would interpret the markdown.
 */
export const UNTRUSTED_MARK = '<!channel> **not bold** _not italic_ [not a link](https://example.org)';
export const untrusted = (text: string): string => `${text} ${UNTRUSTED_MARK}`;
