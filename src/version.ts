// The version the bot reports (status, /readyz, the Teams manifest), read from package.json at start.
import { readFileSync } from 'node:fs';
import { inProject } from './project-root.ts';

const pkg = JSON.parse(readFileSync(inProject('package.json'), 'utf8')) as { version: string };

export const APP_VERSION: string = pkg.version;
