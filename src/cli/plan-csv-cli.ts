// Command line for the action plan as CSV (format: docs/csv-format.md):
//   npm run plan:import -- <file.csv> [--dry-run] [--replace]
//   npm run plan:export -- [<out.csv>]          (to stdout when no file is given)
// It opens the data folder the way the bot does, lock included, so it is refused while the bot
// runs: two writers on one folder would lose each other's changes.
import { readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Logger } from 'pino';
import { loadConfig } from '../config/config.ts';
import { ForumError } from '../domain/errors.ts';
import { createLogger } from '../logging/logger.ts';
import { databaseOptions, openStore } from '../store/open-store.ts';
import { recordCodec } from '../store/field-cipher.ts';
import type { ChangeContext, Repository } from '../store/repository.ts';
import { exportMilestonesCsv } from '../plan-csv/export-plan-csv.ts';
import { ImportInvalidError, formatRowError, importPlan, type ImportResult } from '../plan-csv/import-plan.ts';

const USAGE = [
  'Usage:',
  '  npm run plan:import -- <file.csv> [--dry-run] [--replace]',
  '      --dry-run  check the file against the store and say what would change; write nothing',
  '      --replace  also remove milestones and actions that the file does not list',
  '  npm run plan:export -- [<out.csv>]   (writes to standard output when no file is given)',
].join('\n');

/** Where messages go; stdout is kept for the CSV itself when exporting. */
export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(`${text}\n`),
};

export async function runPlanCsvCli(argv: string[], env: NodeJS.ProcessEnv = process.env, io: CliIo = processIo): Promise<number> {
  const [command, ...rest] = argv;
  let args: ReturnType<typeof parseCliArgs>;
  try {
    args = parseCliArgs(rest);
  } catch (error) {
    io.err(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  if (command !== 'import' && command !== 'export') {
    io.err(USAGE);
    return 2;
  }
  if (command === 'import' && args.positionals.length !== 1) {
    io.err(`plan:import needs exactly one CSV file.\n${USAGE}`);
    return 2;
  }
  if (command === 'export' && (args.positionals.length > 1 || args.values['dry-run'] || args.values.replace)) {
    io.err(`plan:export takes at most one output file and no options.\n${USAGE}`);
    return 2;
  }

  let repo: Repository | undefined;
  try {
    const config = loadConfig(env);
    // Logs go to stderr: stdout may be carrying the exported CSV. The store's routine info lines
    // (opened, backup written) are noise at a terminal, so the default level is raised to warn.
    const logger: Logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, process.stderr);
    if (command === 'import') {
      const file = args.positionals[0] ?? '';
      // Read before opening the store, so a wrong path does not wait on the lock or a backup.
      const text = await readFile(file, 'utf8').catch((error: unknown) => {
        const code = (error as NodeJS.ErrnoException).code ?? 'read error';
        throw new ForumError('IMPORT_INVALID', `Cannot read ${file} (${code === 'ENOENT' ? 'no such file' : code}).`, { cause: error });
      });
      repo = await openStore({ ...databaseOptions(config), dataDir: config.dataDir, logger, codec: recordCodec(config.dataEncryption) });
      return await runImport(repo, text, file, { dryRun: args.values['dry-run'] === true, replace: args.values.replace === true }, io);
    }
    repo = await openStore({ ...databaseOptions(config), dataDir: config.dataDir, logger, codec: recordCodec(config.dataEncryption) });
    return await runExport(repo, args.positionals[0], io);
  } catch (error) {
    io.err(describeFailure(error, command));
    return 1;
  } finally {
    await repo?.close();
  }
}

function parseCliArgs(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: { 'dry-run': { type: 'boolean' }, replace: { type: 'boolean' } },
  });
}

async function runImport(repo: Repository, text: string, file: string, options: { dryRun: boolean; replace: boolean }, io: CliIo): Promise<number> {
  if (repo.count('themes') === 0 || repo.count('organisations') === 0) {
    io.err(
      `The data folder ${repo.info().dataDir} has no themes or organisations yet, so no row could be matched. ` +
        'Start the bot once (it loads the forum\'s reference data on first start), stop it, and import again.\nNothing was imported.',
    );
    return 1;
  }
  try {
    const result = await importPlan(repo, text, cliContext(), options);
    io.out(`${summary(result, path.basename(file))}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof ImportInvalidError)) throw error;
    for (const rowError of error.errors) io.err(formatRowError(rowError));
    io.err('Nothing was imported.');
    return 1;
  }
}

async function runExport(repo: Repository, outFile: string | undefined, io: CliIo): Promise<number> {
  const csv = exportMilestonesCsv(repo);
  if (outFile === undefined) {
    io.out(csv);
    return 0;
  }
  // A byte order mark tells Excel the file is UTF-8 (names and curly quotes survive); the importer
  // accepts it. Written beside the target and renamed, so a failure never leaves half a file.
  const temporary = `${outFile}.${process.pid}.tmp`;
  await writeFile(temporary, `\uFEFF${csv}`, 'utf8');
  await rename(temporary, outFile);
  io.err(`Exported ${repo.count('milestones')} milestones to ${outFile}.`);
  return 0;
}

function cliContext(): ChangeContext {
  const user = process.env.USER ?? process.env.USERNAME ?? 'unknown';
  return { actor: { name: `CSV import (${user}@${os.hostname()})`, account: `cli:${user}` }, via: 'import' };
}

function summary(r: ImportResult, file: string): string {
  const actions = `actions: ${r.actionsCreated} new, ${r.actionsUpdated} updated, ${r.actionsUnchanged} unchanged${r.actionsRemoved ? `, ${r.actionsRemoved} removed` : ''}`;
  const milestones = `milestones: ${r.milestonesCreated} new, ${r.milestonesUpdated} updated, ${r.milestonesUnchanged} unchanged${r.milestonesRemoved ? `, ${r.milestonesRemoved} removed` : ''}`;
  return r.dryRun
    ? `Dry run of ${file}: the file is valid and would change ${milestones}; ${actions}. Nothing was written.`
    : `Imported ${file}: ${milestones}; ${actions}.`;
}

function describeFailure(error: unknown, command: string): string {
  const nothing = command === 'import' ? '\nNothing was imported.' : '';
  if (error instanceof ForumError && error.code === 'STORE_LOCKED') {
    return `${error.message}\nThe bot is probably running: stop it and run this command again.${nothing}`;
  }
  if (error instanceof ForumError) return `${error.message}${nothing}`;
  // File-system trouble (an export to a folder that does not exist, say) is the person's to fix.
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR' || code === 'EROFS') {
    return `${error instanceof Error ? error.message : String(error)}${nothing}`;
  }
  return `Unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}${nothing}`;
}

// Run only when started as a program, so tests can import runPlanCsvCli.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = await runPlanCsvCli(process.argv.slice(2));
}
