// The areas an intelligence report can name: Rotherham's 25 wards (ONS codes, from the reference
// CSV shipped with the bot) plus three areas that are not wards. Read once and cached.
import { readFileSync } from 'node:fs';
import { ForumError } from './errors.ts';
import { inProject } from '../project-root.ts';

export interface Area {
  /** A ward's ONS code (E05...), or `borough-wide`, `outside-rotherham`, `unknown`. */
  id: string;
  name: string;
  kind: 'ward' | 'other';
}

// Relative to this file rather than the process cwd, so tests, scripts and the service agree.
export const WARDS_CSV = inProject('storage', 'reference', 'rotherham-wards.csv');

const OTHER_AREAS: readonly Area[] = [
  { id: 'borough-wide', name: 'Borough-wide', kind: 'other' },
  { id: 'outside-rotherham', name: 'Outside Rotherham', kind: 'other' },
  { id: 'unknown', name: 'Unknown', kind: 'other' },
];

/** Reads the ward list; a malformed row fails loudly with the file and line, never skipped. */
export function readAreas(csvPath: string = WARDS_CSV): Area[] {
  const fail = (line: number, problem: string): never => {
    throw new ForumError('CONFIG_INVALID', `${csvPath} line ${line}: ${problem}`);
  };
  // The file has no quoted fields, so a plain split is enough; a BOM and CRLF endings are tolerated.
  const lines = readFileSync(csvPath, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trim() !== 'code,name') fail(1, `expected the header "code,name", found "${lines[0] ?? ''}"`);
  const wards: Area[] = [];
  const seen = new Set<string>();
  lines.slice(1).forEach((raw, i) => {
    const line = i + 2;
    if (raw.trim() === '') return;
    const fields = raw.split(',').map((f) => f.trim());
    if (fields.length !== 2) fail(line, `expected 2 fields (code,name), found ${fields.length}`);
    const [code = '', name = ''] = fields;
    if (!/^E05\d{6}$/.test(code)) fail(line, `"${code}" is not a ward code (E05 and six digits)`);
    if (name === '') fail(line, 'the ward name is empty');
    if (seen.has(code)) fail(line, `ward code ${code} appears twice`);
    seen.add(code);
    wards.push({ id: code, name, kind: 'ward' });
  });
  if (wards.length === 0) fail(lines.length, 'no wards found');
  wards.sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
  return [...wards, ...OTHER_AREAS.map((a) => ({ ...a }))];
}

let cached: readonly Area[] | undefined;

/** The areas from the shipped reference file: wards by name, then the three others. */
export function listAreas(): readonly Area[] {
  cached ??= Object.freeze(readAreas());
  return cached;
}

// People type "boston castle", "Anston and Woodsetts" or "borough wide"; compare on letters and digits only.
function normalise(text: string): string {
  return text.toLowerCase().replace(/&/g, ' and ').replace(/[^a-z0-9]+/g, '');
}

/** Finds an area by id or name, forgiving of case, spacing, hyphens and "&" versus "and". */
export function findArea(idOrName: string, areas: readonly Area[] = listAreas()): Area | undefined {
  const wanted = normalise(idOrName);
  if (wanted === '') return undefined;
  return areas.find((a) => normalise(a.id) === wanted || normalise(a.name) === wanted);
}
