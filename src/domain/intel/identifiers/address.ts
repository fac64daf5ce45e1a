// House-number street addresses: "17 Birch Grove", "9b Station Road", "Flat 2, 10 High Street",
// "No. 12 Chapel Walk", "12-14 Wellgate", "23 Broadway", "3 The Crescent", "Flat 6, Eastwood
// House". A street named without a house number ("Station Road", "on Doncaster Gate") is a coarse
// location and is left alone, as are counts that happen to precede a street ("about 20 Doncaster
// Road residents").
import { matches, type Match } from './match.ts';

const SUFFIXES = (
  'road rd street st lane ln avenue ave close cl grove gr drive dr way crescent cres terrace tce gardens gdns court ct ' +
  'place pl view walk rise mews hill green row square sq park parade vale croft fold gate bank side mount chase ' +
  'approach boulevard garth yard wharf nook brow hollow meadow meadows leys paddock cottages buildings dale glade heights wynd'
).split(' ');
// In lower case only the suffixes that are rarely ordinary words: "17 birch grove", not "2 very close".
const LOWER_CASE_SUFFIXES = 'road rd street lane avenue ave grove crescent terrace gardens mews close drive'.split(' ');

/** "Road|road|ROAD": a suffix as people type it, without making the street's name case-blind. */
const anyCase = (words: readonly string[]) => words.flatMap((w) => [w[0]?.toUpperCase() + w.slice(1), w, w.toUpperCase()]).join('|');

// A house number (1 to 999, an optional letter, an optional range "12-14"), alone or after "No."
// or "number", and never part of a larger number, a year, a time, a price or a code like A631.
const HOUSE_NUMBER = String.raw`(?:\b(?:[Nn]o\.?|NO\.?|[Nn]umber)\s*|(?<![\w£$€.,:/#-]))\d{1,3}[A-Za-z]?(?:\s?[-–/&]\s?\d{1,3}[A-Za-z]?)?(?![\d:])`;
// "Flat 2, ", "flat 3a ", "Apartment 4 " before the house number.
const FLAT_WORD = String.raw`\b(?:[Ff]lat|FLAT|[Aa]partment|[Aa]pt\.?)`;
const FLAT = String.raw`(?:${FLAT_WORD}\s*\d{1,4}[A-Za-z]?,?\s+)`;
// A word of a street's name: "Birch", "St.", "Mary's", "BIRCH"; not "THE" or "AT" in text typed in capitals.
const NAME_WORD = String.raw`(?:(?!(?:THE|AND|AT|IN|ON|OF|TO|BY|FOR)\b)[A-Z][A-Za-z'’-]*\.?)`;
const STREET_NAME = String.raw`(?:(?:The\s+)?(?:${NAME_WORD}\s+){1,3}(?:${anyCase(SUFFIXES)})|The\s+(?:${anyCase(SUFFIXES)})|[A-Z][a-z]+(?:gate|way))`;
const TITLE_CASE_ADDRESS = new RegExp(String.raw`${FLAT}?${HOUSE_NUMBER},?\s+${STREET_NAME}\b`, 'g');
const LOWER_CASE_ADDRESS = new RegExp(String.raw`${FLAT}?${HOUSE_NUMBER},?\s+((?:[a-z'’]+\s+){1,2})(?:${LOWER_CASE_SUFFIXES.join('|')})\b`, 'g');
// A flat in a named block, "Flat 6, Eastwood House", or on its own: "flat 3a above the chip shop".
const FLAT_IN_BLOCK = new RegExp(String.raw`${FLAT_WORD}\s*\d{1,4}[A-Za-z]?,?\s+(?:${NAME_WORD}\s+){1,3}(?:House|Court|Buildings|Towers?|Mansions|Lodge|Heights|Point|Mill|Works)\b`, 'g');
const FLAT_ALONE = new RegExp(String.raw`${FLAT_WORD}\s*(?:[Nn]o\.?\s*)?\d{1,4}[A-Za-z]?(?![\w:.,/-]\d)(?!\s*-?\s*bed)`, 'g');

// A number after these words is a count, a route, an age, a level or a time, not a house:
// "about 20", "the 208", "level 2 Rother Vale", "gate 3", "by 9 Station Road was clear", "Saturday 14".
const COUNT_BEFORE = new RegExp(
  String.raw`\b(?:${(
    'about around approx approximately roughly some nearly almost over under least than only just another all the these those between ' +
    'route bus service year years age aged level tier junction j exit platform pitch room gate door block zone area team group unit ' +
    'phase stage week day part step item by until till til after before since monday tuesday wednesday thursday friday saturday sunday'
  )
    .split(' ')
    .join('|')})\s*$`,
  'i',
);
// ... and a street name followed by these is what was counted: "20 Doncaster Road residents".
const COUNTED_AFTER =
  /^\s+(?:residents|households|homes|houses|properties|shops|businesses|families|tenants|traders|neighbours|people|stores|flats|premises|pupils|children|events|incidents|reports|visitors|users|staff|fans|members|stalls|volunteers|players|teams|cars|vehicles|youths|lads|men|women|kids|regulars|signatures)\b/i;
// "12 Acre Lane", "10 Mile Road": a number that is part of the street's name.
const NAMED_FOR_A_MEASURE = /^\d+,?\s+(?:acres?|miles?|yards?)\b/i;
// Lower-case words between a number and a suffix that show it is ordinary prose: "12 people on the lane".
const PROSE_WORDS = new Set(
  ('the a an of on in at to by for from and or with near off up down into onto past along behind outside this that these those ' +
    'people youths lads men women kids children boys girls cars bikes vans buses houses homes minutes hours days weeks months years ' +
    'times more other very different same separate old miles mile metres yards am pm per cent new main back front next last first').split(' '),
);

function isCountNotHouse(text: string, m: RegExpExecArray): boolean {
  const afterFlat = m[0].replace(new RegExp(`^${FLAT}`), '');
  const numberWord = /^(?:no\.?|number)/i.test(afterFlat);
  const number = afterFlat.replace(/^(?:no\.?|number)\s*/i, '');
  if (afterFlat === m[0] && !numberWord && COUNT_BEFORE.test(text.slice(Math.max(0, m.index - 30), m.index))) return true;
  if (NAMED_FOR_A_MEASURE.test(number)) return true;
  return COUNTED_AFTER.test(text.slice(m.index + m[0].length));
}

export function findAddresses(text: string): Match[] {
  const found: Match[] = [];
  for (const m of matches(TITLE_CASE_ADDRESS, text)) if (!isCountNotHouse(text, m)) found.push({ index: m.index, text: m[0] });
  for (const m of matches(LOWER_CASE_ADDRESS, text)) {
    const words = (m[1] ?? '').trim().split(/\s+/);
    if (!words.some((w) => PROSE_WORDS.has(w)) && !isCountNotHouse(text, m)) found.push({ index: m.index, text: m[0] });
  }
  for (const pattern of [FLAT_IN_BLOCK, FLAT_ALONE]) for (const m of matches(pattern, text)) found.push({ index: m.index, text: m[0] });
  return found;
}
