// Preloaded (`--import`) into the bot process a load run starts: answers the harness's "memory?"
// over the IPC channel with process.memoryUsage() and the CPU time used so far (process.cpuUsage(),
// which, unlike wall time, does not grow when other processes share the CPUs), after a full collection when node runs with
// --expose-gc, so the figures are live data and not garbage waiting to be collected. The bot's own
// code is untouched; without an IPC channel this does nothing.
import { monitorEventLoopDelay } from 'node:perf_hooks';

if (process.send) {
  // How late the event loop ran its callbacks: a blocked loop delays every request, whatever its kind.
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  process.on('message', (message: unknown) => {
    // "cpu?": the CPU time alone, without a collection (the benchmark's per-request CPU figure).
    if (message === 'cpu?') {
      const { user, system } = process.cpuUsage();
      process.send?.({ cpuMicros: user + system });
      return;
    }
    if (message !== 'memory?') return;
    // CPU time first, so the collection below is not counted as work the bot did.
    const cpu = process.cpuUsage();
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc) gc();
    const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
    // Nanoseconds, since the previous question.
    const loop = { p50: loopDelay.percentile(50) / 1e6, p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 };
    loopDelay.reset();
    process.send?.({ memory: { rss, heapUsed, heapTotal, external, arrayBuffers, cpuMicros: cpu.user + cpu.system, loopDelayMs: loop } });
  });
  // The channel must not keep the bot alive once it has shut down.
  process.channel?.unref();
}
