// Which fields the store keeps encrypted at rest (issue 19, §6): the free text of intelligence
// reports, where names, places and police references end up. The store's cipher
// (src/store/field-cipher.ts) reads this table; a later record type with personal contact details
// (grants applications, issue 17) adds its fields here and nothing else changes.
import type { CollectionName } from './model.ts';

/** A field's path: object keys, with `[]` for "every element of this array". */
export type FieldPath = readonly string[];

export const ENCRYPTED_FIELDS: Partial<Record<CollectionName, readonly FieldPath[]>> = {
  intelReports: [['description'], ['location'], ['actionsTaken'], ['policeReference'], ['reviewNotes', '[]', 'note'], ['amendments', '[]', 'previous']],
  // A grant applicant's contact details (issue 17): personal data of people outside the forum.
  grantApplications: [['contact', 'name'], ['contact', 'email'], ['contact', 'phone']],
};
