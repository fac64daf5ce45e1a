// The bot process (or processes) of a load run: the one running now, and every one before it when
// a crash loop kills and restarts it. Log counts and request ids are summed over all of them.
import { freePort } from '../../test/helpers/bot-process.ts';
import { startBotChild, type BotChild } from './bot-child.ts';

export interface SupervisorOptions {
  env: Record<string, string>;
  nodeArgs: string[];
  collectRequestIds: boolean;
}

export class BotSupervisor {
  private readonly children: BotChild[] = [];
  /** How long each restart after a kill -9 took, until the bot listened again. */
  readonly restartMs: number[] = [];

  private constructor(private readonly options: SupervisorOptions) {}

  static async start(options: SupervisorOptions): Promise<BotSupervisor> {
    const supervisor = new BotSupervisor(options);
    await supervisor.spawn();
    return supervisor;
  }

  get current(): BotChild {
    const child = this.children.at(-1);
    if (!child) throw new Error('no bot process was started');
    return child;
  }

  /** A new port each time: the killed process's port may linger for a moment. */
  private async spawn(): Promise<BotChild> {
    const child = await startBotChild({ ...this.options.env, PORT: String(await freePort()) }, this.options.nodeArgs, { collectRequestIds: this.options.collectRequestIds });
    this.children.push(child);
    return child;
  }

  /** kill -9, then start again on the same data folder; resolves with the new process. */
  async crashAndRestart(): Promise<BotChild> {
    await this.current.kill();
    const started = performance.now();
    const child = await this.spawn();
    this.restartMs.push(performance.now() - started);
    return child;
  }

  get kills(): number {
    return this.children.length - 1;
  }

  levels(): Map<string, number> {
    const sum = new Map<string, number>();
    for (const child of this.children) for (const [level, n] of child.levels) sum.set(level, (sum.get(level) ?? 0) + n);
    return sum;
  }

  problems(): string[] {
    return this.children.flatMap((c) => c.problems).slice(0, 30);
  }

  handledMs(): Map<string, number[]> {
    const all = new Map<string, number[]>();
    for (const child of this.children) for (const [path, times] of child.handledMs) all.set(path, [...(all.get(path) ?? []), ...times]);
    return all;
  }

  requestIds(): Set<string> {
    return new Set(this.children.flatMap((c) => [...c.requestIds]));
  }

  async killAll(): Promise<void> {
    await Promise.all(this.children.map((child) => child.kill()));
  }
}
