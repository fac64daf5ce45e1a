// National Insurance numbers: two letters, six digits (spaces or hyphens anywhere between them),
// a final letter A-D: QQ 12 34 56 C, qq123456c, QQ-12-34-56-C, QQ 123 456 C.
import { matches, sameCase, type Match } from './match.ts';

const NI_NUMBER = /(?<![A-Za-z0-9])[A-Za-z]{2}[\s-]?(?:\d[\s-]?){6}[A-Da-d](?![A-Za-z0-9])/g;
// Prefixes HMRC never issues (QQ is its own example prefix and is kept: forms and letters use it).
const NEVER_ISSUED = /^(?:BG|GB|NK|KN|TN|NT|ZZ)/i;

export function findNiNumbers(text: string): Match[] {
  return [...matches(NI_NUMBER, text)].filter((m) => sameCase(m[0]) && !NEVER_ISSUED.test(m[0])).map((m) => ({ index: m.index, text: m[0] }));
}
