// Preloaded (`--import`) into the bot process a load run starts: answers the harness's "memory?"
// over the IPC channel with process.memoryUsage() and the CPU time used so far (process.cpuUsage(),
// which, unlike wall time, does not grow when other processes share the CPUs), after a full collection when node runs with
// --expose-gc, so the figures are live data and not garbage waiting to be collected. The bot's own
// code is untouched; without an IPC channel this does nothing.
if (process.send) {
  process.on('message', (message: unknown) => {
    if (message !== 'memory?') return;
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc) gc();
    const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
    const cpu = process.cpuUsage();
    process.send?.({ memory: { rss, heapUsed, heapTotal, external, arrayBuffers, cpuMicros: cpu.user + cpu.system } });
  });
  // The channel must not keep the bot alive once it has shut down.
  process.channel?.unref();
}
