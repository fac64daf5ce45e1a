// docs/configuration.md is the one table of every variable: it must name each variable the code
// reads, no variable the code does not read, and the defaults the code really uses.
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { loadConfig } from '../src/config/config.ts';

/** Variables read outside the schema in src/config/config.ts. */
const READ_ELSEWHERE = ['ENV_FILE']; // src/main.ts, src/cli/package-teams-app.ts

function schemaVariables(): string[] {
  const config = readFileSync('src/config/config.ts', 'utf8');
  const schema = config.slice(config.indexOf('const envSchema'), config.indexOf('export interface AppConfig'));
  return [...schema.matchAll(/^ {2}([A-Za-z_]+):/gm)].map((m) => m[1] ?? '');
}

interface Row {
  name: string;
  meaning: string;
  fallback: string;
  example: string;
}

function documentedRows(): Row[] {
  const doc = readFileSync('docs/configuration.md', 'utf8');
  return doc
    .split('\n')
    .map((line) => line.split('|').map((cell) => cell.trim()))
    .filter((cells) => cells.length >= 6 && /^`[A-Za-z_]+`$/.test(cells[1] ?? ''))
    .map((cells) => ({ name: (cells[1] ?? '').slice(1, -1), meaning: cells[2] ?? '', fallback: cells[3] ?? '', example: cells[4] ?? '' }));
}

describe('docs/configuration.md', () => {
  const variables = schemaVariables();
  const rows = documentedRows();

  it('has one row, with a meaning, a default and an example, for every variable the code reads', () => {
    expect(variables.length, 'variables found in the schema').to.be.greaterThan(20);
    for (const name of [...variables, ...READ_ELSEWHERE]) {
      const found = rows.filter((r) => r.name === name);
      expect(found, `rows for ${name}`).to.have.length(1);
      const row = found[0] as Row;
      expect(row.meaning, `${name}: meaning`).to.not.equal('');
      expect(row.fallback, `${name}: default`).to.not.equal('');
      expect(row.example, `${name}: example`).to.not.equal('');
    }
  });

  it('names no variable the code does not read', () => {
    for (const row of rows) expect([...variables, ...READ_ELSEWHERE], `${row.name} is documented`).to.include(row.name);
  });

  it('gives the defaults the code uses: setting a variable to its documented default changes nothing', () => {
    const unset = JSON.stringify(loadConfig({}, process.cwd()));
    const checked: string[] = [];
    for (const row of rows) {
      const literal = /^`([^`]+)`$/.exec(row.fallback)?.[1];
      if (literal === undefined || !variables.includes(row.name)) continue;
      expect(JSON.stringify(loadConfig({ [row.name]: literal }, process.cwd())), `${row.name}=${literal}`).to.equal(unset);
      checked.push(row.name);
    }
    expect(checked.length, `defaults checked: ${checked.join(', ')}`).to.be.greaterThan(12);
  });
});
