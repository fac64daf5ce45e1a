// Preloaded (`--import`) into a bot process by test/slack-lazy-load.test.ts: a module resolve hook
// that appends every @slack/* package the process loads to the file named by RECORD_SLACK_IMPORTS.
// The hook runs on Node's loader thread, so it is registered from source text (no second file).
import { register } from 'node:module';

const file = process.env.RECORD_SLACK_IMPORTS;
if (file) {
  const hook = `
    import { appendFileSync } from 'node:fs';
    export async function resolve(specifier, context, next) {
      const resolved = await next(specifier, context);
      const match = /node_modules\\/(@slack\\/[^/]+)\\//.exec(resolved.url);
      if (match) appendFileSync(${JSON.stringify(file)}, match[1] + '\\n');
      return resolved;
    }`;
  register(`data:text/javascript,${encodeURIComponent(hook)}`);
}
