// `npm start`: load .env (if any), validate the configuration, open the store and serve.
// Start-up problems are printed as one clear message, never as a stack trace.
import { existsSync } from 'node:fs';
import { ConfigError, loadConfig } from './config/config.ts';
import { ForumError } from './domain/errors.ts';
import { createLogger } from './logging/logger.ts';
import { ErrorTally } from './logging/error-tally.ts';
import { startApp, type RunningApp } from './app.ts';

async function main(): Promise<void> {
  const envFile = process.env.ENV_FILE ?? '.env';
  // Node's own loader; variables already set in the environment win over the file.
  if (existsSync(envFile)) process.loadEnvFile(envFile);

  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee docs/configuration.md for every variable.\n`);
      process.exit(2);
    }
    throw error;
  }
  const errors = new ErrorTally();
  const logger = createLogger(config.logLevel, undefined, errors);
  // The signal handlers are in place before start-up, so a SIGTERM that arrives while the bot is
  // still starting (e.g. during its first scheduler tick) stops it cleanly once it has started.
  let app: RunningApp | undefined;
  let stopping = false;
  const stop = (running: RunningApp) =>
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, starting: app === undefined }, 'shutting down');
    if (app) void stop(app);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  try {
    app = await startApp(config, logger, undefined, errors);
  } catch (error) {
    if (error instanceof ForumError) {
      logger.fatal({ code: error.code }, error.message);
      process.stderr.write(`\nThe bot did not start: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  if (stopping) await stop(app);
}

await main();
