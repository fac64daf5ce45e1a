// Email addresses, including the spelled-out "name [at] example [dot] com" people use to dodge filters.
import { matches, type Match } from './match.ts';

const EMAIL = /(?<![\w.%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
// "[at]", "(at)" or "{at}" and "[dot]", "(dot)" or "." between the parts. A bare " at " is left
// alone: "met at Clifton dot com" is not a thing people write, but "at" is everywhere.
const SPELLED_OUT = /(?<![\w.+-])[A-Za-z0-9._%+-]+\s?[[({]at[\])}]\s?[A-Za-z0-9-]+(?:\s?(?:[[({]dot[\])}]|\.)\s?[A-Za-z0-9-]+)+/gi;

export function findEmails(text: string): Match[] {
  return [EMAIL, SPELLED_OUT].flatMap((pattern) => [...matches(pattern, text)].map((m) => ({ index: m.index, text: m[0] })));
}
