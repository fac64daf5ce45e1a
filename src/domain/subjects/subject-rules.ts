// What names a person in each collection, and what erasing them does to a record that does: one
// rule per collection, in a table typed over every collection name, so a new record type (the
// grants fund's applications, issue 17) fails the build until it says what names a person in it
// and what erasure does there. After a rule, the generic pseudonymisation (subject.ts) replaces
// whatever still names the subject with their pseudonym, so a rule decides structure (delete the
// record, drop a link to the person, bump a version), never the search.
import type { CollectionName, RecordOf } from '../model.ts';
import type { Subject } from './subject.ts';

/** What erasure does to one record that names the subject. */
export type Erasure<R> = { kind: 'delete'; why: string } | { kind: 'pseudonymise'; record: R; why: string };

export interface SubjectRule<C extends CollectionName> {
  /** Where a person is named in these records, in words (the export and docs/data-protection.md). */
  names: string;
  /** The whole record is the subject's own data (exported whole), not only the places that name them. */
  isTheirs(record: Readonly<RecordOf<C>>, subject: Subject): boolean;
  erase(record: Readonly<RecordOf<C>>, subject: Subject): Erasure<RecordOf<C>>;
}

const theirs = (subject: Subject, id: string | undefined): boolean => id !== undefined && subject.identifiers.includes(id);
const namedBy = (subject: Subject, name: string | undefined): boolean => name !== undefined && subject.names.some((n) => n.toLowerCase() === name.toLowerCase());
const keep = <R>(record: R, why: string): Erasure<R> => ({ kind: 'pseudonymise', record, why });
const nothing = <C extends CollectionName>(what: string): SubjectRule<C> => ({ names: what, isTheirs: () => false, erase: (record) => keep({ ...record } as RecordOf<C>, 'pseudonymised where it names them') });

export const SUBJECT_RULES: { readonly [C in CollectionName]: SubjectRule<C> } = {
  organisations: nothing('nothing (organisations, not people)'),
  themes: nothing('nothing (the plan\'s headings)'),
  people: {
    names: 'the person: display name, organisation, roles, platform accounts and 1:1 chats with the bot',
    isTheirs: (p, s) => theirs(s, p.id),
    erase: () => ({ kind: 'delete', why: 'the person is removed from the forum' }),
  },
  actions: {
    names: 'the lead (`lead.personId`) and free text',
    isTheirs: () => false,
    erase: (a, s) => {
      const lead = { ...a.lead };
      if (theirs(s, lead.personId)) delete lead.personId;
      return keep({ ...a, lead }, 'the lead falls back to the role in the organisation');
    },
  },
  milestones: {
    names: 'the owner (`owner.personId`), who last updated it (`updatedBy`) and free text',
    isTheirs: () => false,
    erase: (m, s) => {
      const owner = { ...m.owner };
      if (theirs(s, owner.personId)) delete owner.personId;
      return keep({ ...m, owner, version: m.version + 1 }, 'ownership falls back to the role in the organisation; the last editor is pseudonymised');
    },
  },
  milestoneUpdates: {
    names: 'who made the change (`by`, `byPersonId`) and the commentary',
    isTheirs: (u, s) => theirs(s, u.byPersonId) || namedBy(s, u.by),
    erase: (u) => keep({ ...u }, 'the plan\'s history of who changed what is kept, pseudonymised'),
  },
  intelReports: {
    names: 'the reporter (`reporterPersonId`), reviewers (`reviewNotes[].by`, `byPersonId`), who amended it (`amendments[].byPersonId`) and free text',
    isTheirs: (r, s) => theirs(s, r.reporterPersonId),
    erase: (r) => keep({ ...r, version: r.version + 1 }, 'the report is the forum\'s record of community tension: kept, with the reporter and reviewers pseudonymised'),
  },
  meetings: {
    names: 'the chair (`chair`, `chairPersonId`) and replies (`rsvps[]`: name, person, note)',
    isTheirs: () => false,
    erase: (m, s) => {
      const mine = (r: RecordOf<'meetings'>['rsvps'][number]) => theirs(s, r.personId) || namedBy(s, r.name);
      // A reply to a meeting still to come goes; the attendance of one that took place stays, pseudonymised and without the note.
      const rsvps = m.status === 'scheduled'
        ? m.rsvps.filter((r) => !mine(r))
        : m.rsvps.map((r) => {
            if (!mine(r)) return r;
            const kept = { ...r };
            delete kept.personId;
            delete kept.note;
            return kept;
          });
      const meeting = { ...m, rsvps, version: m.version + 1 };
      if (theirs(s, meeting.chairPersonId)) delete meeting.chairPersonId;
      return keep(meeting, 'replies to meetings to come are removed; attendance and chairing of past meetings pseudonymised');
    },
  },
  subscriptions: {
    names: 'who subscribed the channel (`createdBy`, and the user in the stored conversation reference)',
    isTheirs: () => false,
    erase: (sub, s) => {
      const reference = sub.target.conversationReference ? { ...sub.target.conversationReference } : undefined;
      const user = reference?.user as { id?: string; aadObjectId?: string } | undefined;
      // The reference is kept to post to the channel; who happened to speak when it was taken is not needed.
      if (reference && user && (theirs(s, user.id) || theirs(s, user.aadObjectId))) delete reference.user;
      const target = reference ? { ...sub.target, conversationReference: reference } : sub.target;
      return keep({ ...sub, target } as RecordOf<'subscriptions'>, 'the subscription stays; who made it is pseudonymised');
    },
  },
  jobs: {
    names: 'scheduled private messages to them (`payload.personId`)',
    isTheirs: (j, s) => typeof j.payload.personId === 'string' && theirs(s, j.payload.personId),
    erase: (j, s) => (typeof j.payload.personId === 'string' && theirs(s, j.payload.personId) ? { kind: 'delete', why: 'messages scheduled for them are dropped' } : keep({ ...j }, 'pseudonymised where it names them')),
  },
  outbox: {
    names: 'messages waiting for them (`personId`) and notices that name them',
    isTheirs: (o, s) => theirs(s, o.personId),
    erase: (o, s) => (theirs(s, o.personId) ? { kind: 'delete', why: 'messages waiting for them are dropped' } : keep({ ...o }, 'a notice to someone else: their name pseudonymised')),
  },
  receivedEvents: nothing('nothing (the ids of platform events answered in the last few hours, so a retry is answered once)'),
  grantRounds: {
    names: 'who opened the round (`createdBy`)',
    isTheirs: () => false,
    erase: (r) => keep({ ...r }, 'the round stays; who opened it is pseudonymised'),
  },
  grantApplications: {
    names: 'the group\'s contact (`contact`: name, email, phone) and the partner who entered it (`enteredByPersonId`)',
    isTheirs: (a, s) => namedBy(s, a.contact.name) || s.identifiers.includes(a.contact.email.toLowerCase()) || theirs(s, a.enteredByPersonId),
    erase: (a, s) => {
      const application = { ...a, contact: { ...a.contact }, version: a.version + 1 };
      if (namedBy(s, a.contact.name) || s.identifiers.includes(a.contact.email.toLowerCase())) {
        application.contact.email = '';
        delete application.contact.phone;
      }
      if (theirs(s, application.enteredByPersonId)) delete application.enteredByPersonId;
      return keep(application, 'the application is a record of public money: kept, with the contact\'s email and phone removed and their name pseudonymised');
    },
  },
  grantScores: {
    names: 'the panel member (`personId`, `by`) and their comment',
    isTheirs: (g, s) => theirs(s, g.personId),
    erase: (g) => keep({ ...g }, 'the panel\'s scores are kept for audit, pseudonymised'),
  },
  grantDecisions: {
    names: 'the deciding officer (`byPersonId`, `by`)',
    isTheirs: (d, s) => theirs(s, d.byPersonId),
    erase: (d) => keep({ ...d }, 'the decision is kept for audit, with the officer pseudonymised'),
  },
  grantPayments: {
    names: 'who recorded the payment (`byPersonId`, `by`)',
    isTheirs: (p, s) => theirs(s, p.byPersonId),
    erase: (p) => keep({ ...p }, 'the payment is kept for audit, with who recorded it pseudonymised'),
  },
  grantReturns: nothing('nothing (a group\'s monitoring figures and what its project did)'),
  links: {
    names: 'download links issued to them (`holder`)',
    isTheirs: (l, s) => theirs(s, l.holder),
    erase: (l, s) => (theirs(s, l.holder) ? { kind: 'delete', why: 'their download links are revoked' } : keep({ ...l }, 'pseudonymised where it names them')),
  },
};
