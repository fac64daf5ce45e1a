// Who may do what, written once. Handlers ask `may(person, permission)` before they show a form or
// change anything, the domain services ask again inside their transaction (on the person as stored
// now), and the access-matrix test reads the same table. A permission that also depends on the
// record (a milestone's owner, a meeting's chair) has its own function beside the record's rules.
import { ForumError } from '../errors.ts';
import type { Person, Role } from '../model.ts';

export interface Permission {
  /** Roles that grant it (admins hold every permission). */
  roles: readonly Role[];
  /** What someone without it is told. */
  refusal: string;
}

export const PERMISSIONS = {
  'meetings.manage': { roles: ['admin', 'coordinator'], refusal: 'Only forum coordinators and admins can make or change meetings.' },
  'milestones.assign': { roles: ['admin', 'coordinator'], refusal: 'Only forum coordinators and admins can name a milestone owner.' },
  'subscriptions.manage': { roles: ['admin', 'coordinator'], refusal: 'Only forum coordinators and admins can change which channels get forum reminders.' },
  'subscriptions.list': { roles: ['admin', 'coordinator'], refusal: 'Only forum coordinators and admins can list the subscribed channels.' },
  'people.list': { roles: ['admin', 'coordinator'], refusal: 'Only forum coordinators and admins can list people.' },
  'people.manage': { roles: ['admin'], refusal: 'Only forum admins can add people. Ask an admin, and give them your account code from `whoami`.' },
  'intel.review': { roles: ['admin', 'intel-reviewer'], refusal: 'Only intelligence reviewers and admins can review reports.' },
  'intel.amend': { roles: ['admin', 'intel-reviewer'], refusal: 'Only intelligence reviewers and admins can correct reports.' },
  'intel.export': { roles: ['admin', 'intel-reviewer'], refusal: 'Only intelligence reviewers and admins can export reports.' },
  'rsvps.list': { roles: ['admin', 'coordinator'], refusal: 'The list of replies is for the chair and the forum coordinators.' },
  'status.view': { roles: ['admin'], refusal: "Only forum admins can see the bot's status." },
  /** Any milestone's status (others only the milestones they own or lead: see mayChangeStatus). */
  'milestones.update-any': { roles: ['admin', 'coordinator'], refusal: 'Only the milestone owner, the action lead, a forum coordinator or an admin can update a milestone.' },
  // The small grants fund (src/domain/grants/). Deciding is a role of its own (an officer with
  // delegated authority); contact details are for coordinators and the panel only.
  'grants.view': { roles: ['admin', 'coordinator', 'grants-panel', 'grants-decider'], refusal: 'The grants round is for forum coordinators, the grants panel and the grants officer.' },
  'grants.rounds.manage': { roles: ['admin', 'coordinator'], refusal: 'Only forum coordinators and admins can open or change a grants round.' },
  'grants.enter': { roles: ['admin', 'coordinator', 'member'], refusal: 'Only forum members can enter a grant application on a group\'s behalf.' },
  'grants.score': { roles: ['admin', 'grants-panel'], refusal: 'Only members of the grants panel can score applications.' },
  'grants.decide': { roles: ['admin', 'grants-decider'], refusal: 'Only the officer with delegated authority for grants (the grants-decider role) can award or decline.' },
  'grants.pay': { roles: ['admin', 'grants-decider'], refusal: 'Only the officer with delegated authority for grants (the grants-decider role) can record payments.' },
  'grants.contacts': { roles: ['admin', 'coordinator', 'grants-panel'], refusal: 'Only forum coordinators and the grants panel can see applicants\' contact details.' },
  'grants.links': { roles: ['admin', 'coordinator'], refusal: 'Only forum coordinators and admins can issue a new status link.' },
} as const satisfies Record<string, Permission>;

export type PermissionName = keyof typeof PERMISSIONS;

export function may(person: Pick<Person, 'roles'> | undefined, permission: PermissionName): boolean {
  if (!person) return false;
  const granted: readonly Role[] = PERMISSIONS[permission].roles;
  return person.roles.some((role) => role === 'admin' || granted.includes(role));
}

export function refusalFor(permission: PermissionName): string {
  return PERMISSIONS[permission].refusal;
}

export class ForbiddenError extends ForumError {
  constructor(message: string) {
    super('FORBIDDEN', message);
  }
}

/** Throws the permission's refusal unless `person` (as stored now, read inside the transaction) holds it. */
export function demand(person: Pick<Person, 'roles'> | undefined, permission: PermissionName): void {
  if (!may(person, permission)) throw new ForbiddenError(refusalFor(permission));
}
