// Full UK postcodes (S60 1AE, s65 2ql, S601AE). A district alone ("S60") is not flagged: forum
// reports name districts all the time.
import { matches, sameCase, type Match } from './match.ts';

// Every UK postcode area, so that "A1 4TH" or "X12 3AB" are not taken for postcodes.
const POSTCODE_AREAS = new Set(
  ('AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY E EC EH EN EX FK FY G GL GU GY HA ' +
    'HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA LD LE LL LN LS LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR ' +
    'RG RH RM S SA SE SG SK SL SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE').split(' '),
);
// Outward code (area letters, district) then inward code (a digit and two letters, never C I K M O V).
const POSTCODE = /(?<![A-Za-z0-9])([A-Za-z]{1,2})(\d[A-Za-z\d]?)\s{0,2}(\d[ABD-HJLNP-UW-Zabd-hjlnp-uw-z]{2})(?![A-Za-z0-9])/g;

// A district is a number, optionally followed by a letter only in a few London-style areas (EC1A,
// W1B); "S60" and "S6" are districts, "S6A" is not a Rotherham-style one but is allowed elsewhere.
function validDistrict(area: string, district: string): boolean {
  if (/^\d\d?$/.test(district)) return true;
  return /^\d[A-Za-z]$/.test(district) && ['EC', 'WC', 'E', 'N', 'NW', 'SE', 'SW', 'W'].includes(area.toUpperCase());
}

export function findPostcodes(text: string): Match[] {
  const found: Match[] = [];
  for (const m of matches(POSTCODE, text)) {
    const [whole, area = '', district = ''] = m;
    const [, , , inward = ''] = m;
    // In lower case, "m1 5th" or "b1 2nd" is an ordinal, not an inward code.
    const ordinal = /^\d(?:st|nd|rd|th)$/.test(inward);
    // All one case, or the area in capitals ("S60 1ae"); "Se6 5th" reads as words.
    const caseOk = sameCase(whole) || area === area.toUpperCase();
    if (POSTCODE_AREAS.has(area.toUpperCase()) && caseOk && validDistrict(area, district) && !ordinal) found.push({ index: m.index, text: whole });
  }
  return found;
}
