// Vehicle registrations: the current style and the two older ones.
import { matches, sameCase, type Match } from './match.ts';

// Current style (2001 on): two letters, the age identifier (02-29, 51-79), three letters: AB12 CDE,
// also in lower case (ab12 cde).
const PLATE_CURRENT = /(?<![A-Za-z0-9])[A-HJ-PR-Y][A-HJ-PR-Y](?:0[2-9]|[12]\d|5[1-9]|[67]\d)\s?[A-HJ-PR-Z]{3}(?![A-Za-z0-9])/gi;
// With a space after the letters too (YX 19 KPL), in capitals only: in lower case it is prose
// ("at 10 the park").
const PLATE_CURRENT_SPACED = /(?<![A-Za-z0-9])[A-HJ-PR-Y][A-HJ-PR-Y] (?:0[2-9]|[12]\d|5[1-9]|[67]\d) ?[A-HJ-PR-Z]{3}(?![A-Za-z0-9])/g;
// Text typed in capitals reads as plates ("MEET AT 10 THE PARK", "ON 12 MAY", "THE A57 AND M1"),
// so no letter group of a plate may be a common word.
const WORDS = new Set(
  ('AT BY ON OF TO UP GO SO NO DO AN AS AM BE HE ME WE MY OR US ' +
    'THE AND FOR ARE BUT NOT YOU ALL ANY CAN HAD HER WAS ONE OUR OUT DAY GET GOT HAS HIM HIS HOW MAN MEN NEW NOW OLD SEE TWO WAY WHO ' +
    'BOY DID LET PUT SAY SHE TOO USE AGO YES CAR VAN BUS PUB JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC').split(' '),
);
// Older styles, capitals only (in lower case they read as words): prefix P123 ABC, suffix ABC 123D.
const PLATE_PREFIX = /(?<![A-Za-z0-9])[A-HJ-NPR-Y]\d{1,3}\s?[A-HJ-PR-Y]{3}(?![A-Za-z0-9])/g;
const PLATE_SUFFIX = /(?<![A-Za-z0-9])[A-HJ-PR-Y]{3}\s?\d{1,3}[A-HJ-NPR-Y](?![A-Za-z0-9])/g;

const hasWord = (plate: string) => (plate.toUpperCase().match(/[A-Z]+/g) ?? []).some((letters) => WORDS.has(letters));

export function findVehicleRegistrations(text: string): Match[] {
  return [PLATE_CURRENT, PLATE_CURRENT_SPACED, PLATE_PREFIX, PLATE_SUFFIX].flatMap((pattern) =>
    [...matches(pattern, text)].filter((m) => sameCase(m[0]) && !hasWord(m[0])).map((m) => ({ index: m.index, text: m[0] })),
  );
}
