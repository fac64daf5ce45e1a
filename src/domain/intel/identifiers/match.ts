// What every identifier finder returns, and the small helpers they share.

/** One likely identifier: where it starts in the checked text (UTF-16 index) and the text as found. */
export interface Match {
  index: number;
  text: string;
}

/** Every match of a global pattern, from the start of the text. */
export function* matches(pattern: RegExp, text: string): Generator<RegExpExecArray> {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    yield m;
    if (m[0] === '') pattern.lastIndex += 1;
  }
}

/** All capitals or all lower case: "AB12 CDE" and "ab12 cde" are plates, "Ab12 Cde" reads as words. */
export function sameCase(text: string): boolean {
  const letters = text.replace(/[^A-Za-z]/g, '');
  return letters === letters.toUpperCase() || letters === letters.toLowerCase();
}
