// The command language both Teams and Slack use. Every command is defined here once: its words,
// how to read the rest of the line, and the usage shown by `help` and in the app manifests.
import { closest, withoutLeadingFiller, words } from './command-text.ts';

export type Command =
  | { kind: 'help' }
  | { kind: 'milestones'; tokens: string[]; query: string }
  | { kind: 'milestone'; id: string }
  | { kind: 'update'; id?: string }
  | { kind: 'assign'; id?: string }
  | { kind: 'summary' }
  | { kind: 'log-intel' }
  | { kind: 'intel'; id?: string }
  | { kind: 'intel-export'; from?: string; to?: string }
  | { kind: 'meetings'; nextOnly: boolean }
  | { kind: 'meeting-pack' }
  | { kind: 'new-meeting' }
  | { kind: 'rsvps' }
  | { kind: 'subscribe'; digest: boolean; intelSummary?: boolean }
  | { kind: 'unsubscribe' }
  | { kind: 'subscriptions' }
  | { kind: 'tensions' }
  | { kind: 'whoami' }
  | { kind: 'people' }
  | { kind: 'add-person' }
  | { kind: 'status' }
  | { kind: 'grants' }
  | { kind: 'grant'; reference?: string }
  | { kind: 'grants-report'; year?: string }
  | { kind: 'grant-enter' }
  | { kind: 'grants-round-open' }
  | { kind: 'home' }
  | { kind: 'unknown'; text: string; suggestion?: string };

export type CommandKind = Command['kind'];

/** Where Teams shows a command menu: a 1:1 chat, a team's channels, a group chat. */
export type MenuScope = 'personal' | 'team' | 'groupChat';
const EVERYWHERE: readonly MenuScope[] = ['personal', 'team', 'groupChat'];
const PERSONAL: readonly MenuScope[] = ['personal'];
const SHARED: readonly MenuScope[] = ['team', 'groupChat'];

export interface CommandDefinition {
  kind: Exclude<CommandKind, 'unknown'>;
  /** Phrases that start the command; the first is the canonical one. */
  phrases: string[][];
  usage: string;
  summary: string;
  /** Shown in help and the manifests only to people who can use it. */
  audience: 'everyone' | 'admin';
  /** Only answered in a 1:1 chat (e.g. logging intelligence), so group and channel menus leave it out. */
  oneToOneOnly?: boolean;
  /**
   * The Teams command menus that offer it (at most 10 commands each): what people do in a 1:1 chat
   * differs from what a coordinator needs in a forum channel or group chat (reminders, the pack).
   */
  menus?: readonly MenuScope[];
  read(rest: string[]): Command;
}

const MILESTONE_ID = /^[a-z]{2,8}-[0-9a-z.]+(?:-[a-z]?\d+)?$/i;

export const COMMANDS: readonly CommandDefinition[] = [
  { kind: 'help', phrases: [['help'], ['commands'], ['hello'], ['hi'], ['start'], ['menu']], usage: 'help', summary: 'What I can do', audience: 'everyone', menus: EVERYWHERE, read: () => ({ kind: 'help' }) },
  {
    kind: 'milestones',
    phrases: [['milestones'], ['ms'], ['overdue'], ['my', 'milestones'], ['milestone']],
    usage: 'milestones [overdue | due this month | due in 30 days | red | amber | a theme | an organisation | words]',
    summary: 'Find milestones (yours by default in a 1:1 chat)',
    audience: 'everyone', menus: EVERYWHERE,
    read: (rest) => ({ kind: 'milestones', tokens: rest, query: ['milestones', ...rest].join(' ') }),
  },
  {
    kind: 'milestone',
    phrases: [['milestone'], ['details']],
    usage: 'milestone ID',
    summary: 'One milestone with its history, e.g. milestone BSC-0.1-M2',
    audience: 'everyone',
    read: (rest) => ({ kind: 'milestone', id: rest[0] ?? '' }),
  },
  {
    kind: 'update',
    phrases: [['update'], ['edit']],
    usage: 'update ID',
    summary: 'Update a milestone: status, progress note, revised date, evidence',
    audience: 'everyone', menus: PERSONAL,
    read: (rest) => (rest[0] ? { kind: 'update', id: rest[0] } : { kind: 'update' }),
  },
  {
    kind: 'assign',
    phrases: [['assign'], ['owner']],
    usage: 'assign ID',
    summary: 'Name the person who owns a milestone (coordinators)',
    audience: 'admin',
    read: (rest) => (rest[0] ? { kind: 'assign', id: rest[0] } : { kind: 'assign' }),
  },
  { kind: 'summary', phrases: [['summary'], ['plan'], ['overview'], ['dashboard']], usage: 'summary', summary: 'The whole plan by theme and status, with what is overdue', audience: 'everyone', menus: EVERYWHERE, read: () => ({ kind: 'summary' }) },
  {
    kind: 'log-intel',
    phrases: [['log', 'intel'], ['log', 'intelligence'], ['report'], ['intel', 'log']],
    usage: 'log intel',
    summary: 'Log community intelligence privately (tensions, incidents, protests, rumours)',
    audience: 'everyone', menus: EVERYWHERE,
    oneToOneOnly: true,
    read: () => ({ kind: 'log-intel' }),
  },
  {
    kind: 'intel',
    phrases: [['intel'], ['intelligence'], ['reports']],
    usage: 'intel [ID]',
    summary: 'Reports you may read: the review queue for reviewers, your own for others, each with a button to open it',
    audience: 'everyone', menus: PERSONAL,
    oneToOneOnly: true,
    read: (rest) => (rest[0] ? { kind: 'intel', id: rest[0] } : { kind: 'intel' }),
  },
  {
    kind: 'intel-export',
    phrases: [['intel', 'export'], ['export', 'intel']],
    usage: 'intel export [from YYYY-MM-DD] [to YYYY-MM-DD]',
    summary: 'A one-time download link to a CSV of the reports in a period (reviewers)',
    audience: 'admin',
    oneToOneOnly: true,
    read: (rest) => {
      const dates = rest.filter((w) => /^\d{4}-\d{2}-\d{2}$/.test(w));
      return { kind: 'intel-export', ...(dates[0] ? { from: dates[0] } : {}), ...(dates[1] ? { to: dates[1] } : {}) };
    },
  },
  { kind: 'tensions', phrases: [['tensions'], ['intel', 'summary'], ['tension']], usage: 'tensions', summary: 'Community tensions by ward since the last forum meeting (counts and levels only)', audience: 'everyone', menus: EVERYWHERE, read: () => ({ kind: 'tensions' }) },
  {
    kind: 'meetings',
    phrases: [['meetings'], ['next', 'meeting'], ['meeting'], ['next', 'meetings']],
    usage: 'meetings | next meeting',
    summary: 'Coming forum meetings: when (UK time), where, chair and agenda',
    audience: 'everyone', menus: EVERYWHERE,
    // "next meeting" is read in parseCommand, which sees the phrase; the rest of the line adds nothing.
    read: () => ({ kind: 'meetings', nextOnly: false }),
  },
  { kind: 'new-meeting', phrases: [['new', 'meeting'], ['add', 'meeting'], ['schedule', 'meeting']], usage: 'new meeting', summary: 'Add a forum meeting (coordinators); Edit and Cancel are on the meetings card', audience: 'admin', read: () => ({ kind: 'new-meeting' }) },
  { kind: 'meeting-pack', phrases: [['meeting', 'pack'], ['pack']], usage: 'meeting pack', summary: 'The pack for the next meeting: agenda, milestones due and overdue, tensions', audience: 'admin', menus: EVERYWHERE, read: () => ({ kind: 'meeting-pack' }) },
  { kind: 'rsvps', phrases: [['rsvps'], ['apologies'], ['attendance']], usage: 'rsvps', summary: 'Who is coming to the next meeting, and apologies (for the chair)', audience: 'admin', menus: SHARED, read: () => ({ kind: 'rsvps' }) },
  {
    kind: 'subscribe',
    phrases: [['subscribe', 'reminders'], ['subscribe']],
    usage: 'subscribe reminders [digest] [with tensions | no tensions]',
    summary: 'Meeting reminders in this channel (digest: the weekly digest too; with or no tensions: the tensions summary) (coordinators)',
    audience: 'admin', menus: SHARED,
    read: (rest) => {
      // "with tensions" / "no tensions" (or "without"): the channel's choice for the intelligence summary; otherwise the default.
      const tensions = rest.includes('tensions') || rest.includes('intelligence');
      const off = rest.includes('no') || rest.includes('without');
      return { kind: 'subscribe', digest: rest.includes('digest') || rest.includes('digests'), ...(tensions ? { intelSummary: !off } : {}) };
    },
  },
  { kind: 'unsubscribe', phrases: [['unsubscribe']], usage: 'unsubscribe', summary: 'Stop forum reminders in this channel (coordinators)', audience: 'admin', menus: SHARED, read: () => ({ kind: 'unsubscribe' }) },
  { kind: 'subscriptions', phrases: [['subscriptions']], usage: 'subscriptions', summary: 'The channels that get forum reminders (coordinators)', audience: 'admin', read: () => ({ kind: 'subscriptions' }) },
  { kind: 'home', phrases: [['home'], ['dashboard']], usage: 'home', summary: 'Your home: your milestones due, the next meeting, your reports, the grants round', audience: 'everyone', menus: PERSONAL, read: () => ({ kind: 'home' }) },
  { kind: 'whoami', phrases: [['whoami'], ['who', 'am', 'i']], usage: 'whoami', summary: 'Who I think you are, and your account code for an admin', audience: 'everyone', read: () => ({ kind: 'whoami' }) },
  { kind: 'people', phrases: [['people'], ['members']], usage: 'people', summary: 'The people I know and their roles (coordinators and admins)', audience: 'admin', read: () => ({ kind: 'people' }) },
  { kind: 'add-person', phrases: [['add', 'person'], ['add', 'people'], ['add', 'member']], usage: 'add person', summary: 'Add a person, their organisation and roles (admins)', audience: 'admin', read: () => ({ kind: 'add-person' }) },
  { kind: 'grants', phrases: [['grants'], ['grants', 'round']], usage: 'grants', summary: 'The small grants round at a glance: money per source, applications by status (coordinators, panel, decider)', audience: 'admin', read: () => ({ kind: 'grants' }) },
  {
    kind: 'grants-round-open',
    phrases: [['grants', 'open', 'round'], ['open', 'grants', 'round'], ['open', 'round'], ['new', 'round'], ['grants', 'new', 'round']],
    usage: 'grants open round',
    summary: 'Open a small grants round: dates, largest award, themes, budget per source (coordinators)',
    audience: 'admin',
    read: () => ({ kind: 'grants-round-open' }),
  },
  { kind: 'grant-enter', phrases: [['grant', 'apply'], ['enter', 'grant'], ['new', 'grant']], usage: 'grant apply', summary: 'Enter a grant application on a group\'s behalf (forum members; in a 1:1 chat)', audience: 'admin', oneToOneOnly: true, read: () => ({ kind: 'grant-enter' }) },
  {
    kind: 'grants-report',
    phrases: [['grants', 'report'], ['grant', 'report']],
    usage: 'grants report [2026-27]',
    summary: 'The year-end monitoring report of the grants fund for a financial year, as Word and CSV (this year by default)',
    audience: 'admin',
    read: (rest) => (rest[0] ? { kind: 'grants-report', year: rest[0] } : { kind: 'grants-report' }),
  },
  {
    kind: 'grant',
    phrases: [['grant'], ['application']],
    usage: 'grant <ref>',
    summary: 'One grant application with its scores, decision and payments, e.g. grant BSC-7K3P9Q',
    audience: 'admin',
    read: (rest) => (rest[0] ? { kind: 'grant', reference: rest[0].toUpperCase() } : { kind: 'grant' }),
  },
  { kind: 'status', phrases: [['status']], usage: 'status', summary: 'How the bot is doing: version, uptime, data, backups, scheduled messages, errors (admins)', audience: 'admin', read: () => ({ kind: 'status' }) },
];

const LEADING_WORDS = new Set(COMMANDS.flatMap((c) => c.phrases.map((p) => p[0] ?? '')));

export function parseCommand(text: string): Command {
  const tokens = withoutLeadingFiller(words(text), LEADING_WORDS);
  if (tokens.length === 0) return { kind: 'help' };
  let best: { definition: CommandDefinition; length: number } | undefined;
  for (const definition of COMMANDS) {
    for (const phrase of definition.phrases) {
      if (phrase.every((w, i) => tokens[i] === w) && (!best || phrase.length > best.length)) best = { definition, length: phrase.length };
    }
  }
  if (best) {
    const rest = tokens.slice(best.length);
    const first = tokens[0];
    // "milestone overdue" is a list; "milestone BSC-1.2-M1" is one milestone; "overdue" keeps its meaning.
    if (best.definition.kind === 'milestones' && first === 'milestone' && rest[0] && MILESTONE_ID.test(rest[0])) return { kind: 'milestone', id: rest[0] };
    if (best.definition.kind === 'milestones' && first === 'overdue') return best.definition.read(['overdue', ...rest]);
    if (best.definition.kind === 'milestones' && first === 'my') return best.definition.read(['mine', ...rest]);
    if (best.definition.kind === 'meetings') return { kind: 'meetings', nextOnly: first === 'next' };
    return best.definition.read(rest);
  }
  if (tokens[0] && MILESTONE_ID.test(tokens[0])) return { kind: 'milestone', id: tokens[0] };
  const suggestion = closest(tokens[0] ?? '', [...LEADING_WORDS].filter((w) => w.length > 2));
  return suggestion ? { kind: 'unknown', text, suggestion } : { kind: 'unknown', text };
}

/** Usage lines for help and the manifests, for everyone or including admin commands. */
export function commandReference(includeAdmin: boolean): { usage: string; summary: string; name: string }[] {
  return COMMANDS.filter((c) => includeAdmin || c.audience === 'everyone').map((c) => ({ name: (c.phrases[0] ?? []).join(' '), usage: c.usage, summary: c.summary }));
}
