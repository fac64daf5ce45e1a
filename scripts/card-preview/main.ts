// npm run cards [-- --port 3979]: serves the card preview on 127.0.0.1 and prints its URL.
// Every card template with each of its samples, as Teams shows it beside what Slack gets.
// Port 0 picks a free port (the e2e test uses it). Ctrl-C stops it.
import { parseArgs } from 'node:util';
import { DEFAULT_PORT, startCardPreviewServer } from './server.ts';

function portOf(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PORT;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new Error(`--port must be a whole number from 0 to 65535, not "${value}"`);
  return port;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { port: { type: 'string' } }, strict: true });
  const server = await startCardPreviewServer(portOf(values.port));
  console.log(`Card preview: ${server.url}`);
  const stop = () => {
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('card preview: could not close cleanly', error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const inUse = error instanceof Error && 'code' in error && error.code === 'EADDRINUSE';
  console.error(`card preview: ${error instanceof Error ? error.message : String(error)}${inUse ? ' (choose another with --port N)' : ''}`);
  process.exit(1);
});
