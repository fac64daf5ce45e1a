// `npm run data:subject -- find|export|erase <person id | account | identifier>`: rights requests
// for the data-protection officer's team (see docs/data-protection.md). Like `npm run backup`, it
// needs the bot stopped (it takes the data-folder lock). Every step is audited in the store.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config/config.ts';
import { ForumError } from '../domain/errors.ts';
import { subjectOf, type Subject } from '../domain/subjects/subject.ts';
import { subjectExportMarkdown } from '../domain/subjects/subject-export.ts';
import { auditedFind, auditExport, eraseSubject, type Finding, type RequestContext } from '../domain/subjects/subject-request.ts';
import { databaseOptions, openStore } from '../store/open-store.ts';
import { recordCodec } from '../store/field-cipher.ts';
import type { ChangeContext, Repository } from '../store/repository.ts';

const USAGE = [
  'usage: npm run data:subject -- find   <subject> [options]',
  '       npm run data:subject -- export <subject> --out <file.md> [options]',
  '       npm run data:subject -- erase  <subject> --yes [options]',
  '',
  '<subject>: a forum person id (P-...), an account (teams:<aad object id>, slack:<team>:<user>), or another identifier',
  'options:   --name "<name>"   also look for this name (someone who replied to a meeting without being registered)',
  '           --by "<who>"      who handles the request, for the audit log (default: your login name)',
  '           --request <ref>   the request\'s reference, for the audit log',
  'The bot must be stopped: this takes the data-folder lock.',
].join('\n');

type Command = 'find' | 'export' | 'erase';

interface Args {
  command: Command;
  subject: string;
  name?: string;
  by?: string;
  request?: string;
  out?: string;
  yes: boolean;
}

class UsageError extends Error {}

const FLAGS_WITH_VALUE = new Set(['--name', '--by', '--request', '--out']);
/** Up to 200 characters, none of them a control character (they would hide text in the terminal or the log). */
const TEXT = { test: (value: string) => value.length > 0 && value.length <= 200 && ![...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f) };

/** Strict: an unknown word or flag, a missing value or a control character is refused. */
function parseArgs(argv: readonly string[]): Args {
  const [command, subject, ...rest] = argv;
  if (command !== 'find' && command !== 'export' && command !== 'erase') throw new UsageError(command ? `unknown command "${command}"` : 'no command');
  if (!subject || subject.startsWith('--') || !TEXT.test(subject)) throw new UsageError('give the person id, account or identifier to look for');
  const args: Args = { command, subject, yes: false };
  for (let i = 0; i < rest.length; i += 1) {
    const flag = rest[i] ?? '';
    if (flag === '--yes') {
      args.yes = true;
      continue;
    }
    if (!FLAGS_WITH_VALUE.has(flag)) throw new UsageError(`unknown option "${flag}"`);
    const value = rest[i + 1];
    if (value === undefined || value.startsWith('--') || !TEXT.test(value)) throw new UsageError(`${flag} needs a value (up to 200 characters)`);
    i += 1;
    if (flag === '--name') args.name = value;
    else if (flag === '--by') args.by = value;
    else if (flag === '--request') args.request = value;
    else args.out = value;
  }
  if (args.out && command !== 'export') throw new UsageError('--out is for export');
  if (args.yes && command !== 'erase') throw new UsageError('--yes is for erase');
  return args;
}

function describeFindings(findings: readonly Finding[]): string[] {
  return findings.map((f) => `  ${f.collection}: ${f.id}${f.theirs ? ' (their own record)' : ''} — ${[...new Set(f.mentions.map((m) => `${m.path} (${m.kind})`))].join(', ')}`);
}

const who = (subject: Subject) => (subject.person ? `${subject.given} (${subject.person.displayName})` : subject.given);

async function find(repo: Repository, ctx: ChangeContext, subject: Subject, context: RequestContext): Promise<number> {
  const { findings, audit } = await auditedFind(repo, ctx, subject, context);
  if (findings.length === 0 && audit.length === 0) {
    process.stdout.write(`Nothing in the data names ${who(subject)}.\n`);
    return 0;
  }
  process.stdout.write(`${findings.length} record${findings.length === 1 ? '' : 's'} and ${audit.length} audit entr${audit.length === 1 ? 'y' : 'ies'} name ${who(subject)}:\n${describeFindings(findings).join('\n')}\n`);
  return 0;
}

async function exportFile(repo: Repository, ctx: ChangeContext, subject: Subject, args: Args, dataDir: string): Promise<number> {
  if (!args.out) throw new UsageError('export needs --out <file.md>');
  const out = path.resolve(args.out);
  // A copy of personal data inside the data folder would be one the bot's retention never reaches.
  if (!path.relative(dataDir, out).startsWith('..')) throw new UsageError(`write the export outside the data folder (${dataDir})`);
  if (existsSync(out)) throw new UsageError(`${out} already exists: choose another file name`);
  const { findings, audit } = await auditedFind(repo, ctx, subject, { ...(args.request ? { request: args.request } : {}) });
  const text = subjectExportMarkdown(repo, subject, findings, audit, { madeAt: new Date().toISOString(), madeBy: ctx.actor.name, ...(args.request ? { request: args.request } : {}) });
  await writeFile(out, text, { mode: 0o600, flag: 'wx' });
  await auditExport(repo, ctx, subject, { records: findings.length, auditEntries: audit.length }, { ...(args.request ? { request: args.request } : {}) });
  process.stdout.write(`Exported ${findings.length} record${findings.length === 1 ? '' : 's'} and ${audit.length} audit entr${audit.length === 1 ? 'y' : 'ies'} naming ${who(subject)} to ${out}\n`);
  return 0;
}

async function erase(repo: Repository, ctx: ChangeContext, subject: Subject, args: Args): Promise<number> {
  if (!args.yes) {
    process.stderr.write(`Erasing changes the data for good. Run \`npm run data:subject -- find ${subject.given}\` to see what it covers, then again with --yes. Nothing was changed.\n`);
    return 2;
  }
  const outcome = await eraseSubject(repo, ctx, subject, { ...(args.request ? { request: args.request } : {}) });
  const lines = [
    `Erased ${who(subject)}. Pseudonym: ${outcome.pseudonym} (keep it with the request: nothing in the data leads back from it).`,
    `Deleted ${outcome.deleted} record${outcome.deleted === 1 ? '' : 's'}, pseudonymised ${outcome.pseudonymised}; copies: ${outcome.copies.files.length} file${outcome.copies.files.length === 1 ? '' : 's'} rewritten (${outcome.copies.records} records, ${outcome.copies.auditEvents} audit entries).`,
  ];
  if (outcome.copies.unreadable.length > 0) lines.push(`These files could not be read and were NOT changed; look at them by hand: ${outcome.copies.unreadable.join(', ')}`);
  if (outcome.left.length > 0) lines.push('Still naming them, for you to review (a name of one word is not replaced in free text):', ...describeFindings(outcome.left));
  process.stdout.write(`${lines.join('\n')}\n`);
  return outcome.copies.unreadable.length > 0 ? 1 : 0;
}

async function run(argv: string[]): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();
  const repo = await openStore({ ...databaseOptions(config), dataDir: config.dataDir, backupsKeep: config.backupsKeep, codec: recordCodec(config.dataEncryption) });
  try {
    const subject = subjectOf(repo, args.subject, args.name);
    if (!subject) throw new UsageError('give the person id, account or identifier to look for');
    const ctx: ChangeContext = { actor: { name: args.by ?? `operator ${os.userInfo().username} (npm run data:subject)` }, via: 'cli' };
    const context = args.request ? { request: args.request } : {};
    switch (args.command) {
      case 'find':
        return await find(repo, ctx, subject, context);
      case 'export':
        return await exportFile(repo, ctx, subject, args, path.resolve(config.dataDir));
      case 'erase':
        return await erase(repo, ctx, subject, args);
    }
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${USAGE}\n`);
    return 2;
  } finally {
    await repo.close();
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof ForumError || error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
