// A small YAML emitter for the Slack app manifest: block mappings, block sequences (of scalars or
// of mappings), strings, booleans and integers, which is all a manifest uses. Strings are written
// plain when no YAML reader could take them for anything else, otherwise double-quoted (a JSON
// string is a valid YAML double-quoted scalar). Anything outside that shape is refused, so the
// output never depends on guessing. test/slack-manifest.test.ts reads the result back with a full
// YAML parser.

/** Words YAML 1.1 or 1.2 readers turn into booleans or null when unquoted. */
const RESERVED = /^(?:true|false|yes|no|on|off|y|n|null|~)$/i;
/** Printable ASCII, starting with a letter or '/', and none of the characters that start flow or escape syntax. */
const PLAIN = /^[A-Za-z/][\x20-\x7e]*$/;
const AWKWARD = /["\\[\]{}`]|: |:$| #|\s$/;
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

export class YamlShapeError extends Error {
  constructor(where: string, what: string) {
    super(`${where || '(root)'}: ${what} cannot be written by the manifest's YAML emitter`);
    this.name = 'YamlShapeError';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string as a YAML scalar: plain if unambiguous, else double-quoted. */
export function yamlString(text: string): string {
  return PLAIN.test(text) && !AWKWARD.test(text) && !RESERVED.test(text) ? text : JSON.stringify(text);
}

function scalar(value: unknown, where: string): string | undefined {
  if (typeof value === 'string') return yamlString(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new YamlShapeError(where, `the number ${value}`);
    return String(value);
  }
  return undefined;
}

function key(name: string): string {
  return PLAIN_KEY.test(name) && !RESERVED.test(name) ? name : JSON.stringify(name);
}

/** Entries whose value is undefined are left out, as JSON.stringify does. */
function entries(map: Record<string, unknown>): [string, unknown][] {
  return Object.entries(map).filter(([, v]) => v !== undefined);
}

function mappingLines(map: Record<string, unknown>, indent: string, where: string): string[] {
  const lines: string[] = [];
  for (const [name, value] of entries(map)) {
    const path = where ? `${where}.${name}` : name;
    const simple = scalar(value, path);
    if (simple !== undefined) lines.push(`${indent}${key(name)}: ${simple}`);
    else if (Array.isArray(value)) {
      if (value.length === 0) lines.push(`${indent}${key(name)}: []`);
      else lines.push(`${indent}${key(name)}:`, ...sequenceLines(value, `${indent}  `, path));
    } else if (isRecord(value)) {
      if (entries(value).length === 0) lines.push(`${indent}${key(name)}: {}`);
      else lines.push(`${indent}${key(name)}:`, ...mappingLines(value, `${indent}  `, path));
    } else throw new YamlShapeError(path, value === null ? 'null' : typeof value);
  }
  return lines;
}

function sequenceLines(items: unknown[], indent: string, where: string): string[] {
  return items.flatMap((item, index) => {
    const path = `${where}[${index}]`;
    const simple = scalar(item, path);
    if (simple !== undefined) return [`${indent}- ${simple}`];
    if (isRecord(item) && entries(item).length > 0) {
      // The first entry shares the dash's line; the others line up under it.
      const [first = '', ...rest] = mappingLines(item, `${indent}  `, path);
      return [`${indent}- ${first.trimStart()}`, ...rest];
    }
    throw new YamlShapeError(path, Array.isArray(item) ? 'a list inside a list' : isRecord(item) ? 'an empty mapping in a list' : item === null ? 'null' : typeof item);
  });
}

/** The document: optional `#` comment lines, then the mapping, ending in a newline. */
export function toYaml(document: Record<string, unknown>, comments: readonly string[] = []): string {
  const header = comments.map((c) => (c ? `# ${c}` : '#'));
  return `${[...header, ...mappingLines(document, '', '')].join('\n')}\n`;
}
