// Generators of card submit data for the fuzz tests: every verb the bot knows (read from the
// card-action schema, so a new verb is fuzzed without a change here), each field left out, given a
// plausible value (a real milestone, meeting, report or person id, a real status) or anything at
// all, and extra fields added.
import fc from 'fast-check';
import { cardActionSchema } from '../../src/bot/card-actions.ts';
import { MILESTONE_STATUSES } from '../../src/domain/model.ts';
import { anyJson, awkwardString } from './fuzz.ts';

/** Every verb and its fields, straight from the schema. */
const VERBS = cardActionSchema.options.map((option) => ({ verb: option.shape.verb.value, fields: Object.keys(option.shape).filter((k) => k !== 'verb') }));

/**
 * Verbs anyone may use with effect, stranger included (see the access matrix for the whole policy).
 * The meetings list and an older card's Add to calendar issue the viewer's calendar link: a link
 * record, written for anyone who may see the forum's meetings.
 */
export const OPEN_TO_STRANGERS = new Set(['meeting.rsvp', 'meetings.show', 'meeting.ics']);

export interface Known {
  milestoneIds: string[];
  meetingIds: string[];
  reportIds: string[];
  personIds: string[];
}

function plausible(field: string, known: Known): fc.Arbitrary<unknown> {
  const of = (values: string[]) => (values.length > 0 ? fc.constantFrom(...values) : awkwardString);
  switch (field) {
    case 'id':
      return fc.oneof(of(known.milestoneIds), of(known.reportIds), of(known.milestoneIds.map((id) => id.toLowerCase())));
    case 'meetingId':
      return of(known.meetingIds);
    case 'personId':
      return of(known.personIds);
    case 'version':
    case 'page':
      return fc.oneof(fc.integer({ min: -2, max: 5 }), fc.constantFrom('1', '2', '1e3', '0x1', ' 1 ', ''));
    case 'status':
      return fc.constantFrom(...MILESTONE_STATUSES, 'reviewed', 'actioned', 'closed', 'purple');
    case 'response':
      return fc.constantFrom('attending', 'apologies', 'maybe');
    case 'revisedDue':
    case 'date':
    case 'occurredDate':
      return fc.constantFrom('2027-02-29', '2030-01-15', '2020-01-01', '31/12/2030', '', '9999-99-99');
    case 'roles':
      return fc.oneof(fc.constantFrom('admin', 'member,coordinator', 'intel-reviewer', ''), fc.array(fc.constantFrom('admin', 'member', 'root'), { maxLength: 3 }));
    case 'account':
      return fc.constantFrom('teams:00000000-0000-4000-8000-000000000000', 'slack:T0FORUM01:U0000001', 'root', '');
    default:
      return awkwardString;
  }
}

export function submitData(known: Known): fc.Arbitrary<{ verb: string; data: Record<string, unknown> }> {
  return fc.constantFrom(...VERBS).chain(({ verb, fields }) =>
    fc
      .tuple(
        fc.tuple(...fields.map((field) => fc.option(fc.oneof({ weight: 3, arbitrary: plausible(field, known) }, { weight: 2, arbitrary: anyJson }), { nil: undefined, freq: 4 }))),
        fc.dictionary(awkwardString, anyJson, { maxKeys: 3 }),
      )
      .map(([values, extra]) => {
        const data: Record<string, unknown> = { ...extra };
        fields.forEach((field, i) => {
          if (values[i] !== undefined) data[field] = values[i];
        });
        return { verb, data };
      }),
  );
}

