// Loaded with `--import` into a bot process a test starts (BotProcessOptions.imports): the process's
// clock reads FORUM_TEST_CLOCK_START when it starts and runs on from there at the normal rate, so
// the real server process can be started "at 08:59:30 on the day a reminder is due". Only `Date` is
// shifted (new Date(), Date.now(), Date()); timers and performance.now() keep real time.
const start = process.env.FORUM_TEST_CLOCK_START;

if (start) {
  const RealDate = Date;
  const offset = RealDate.parse(start) - RealDate.now();
  if (!Number.isFinite(offset)) throw new Error(`FORUM_TEST_CLOCK_START is not a date: ${start}`);
  const shiftedNow = () => RealDate.now() + offset;
  globalThis.Date = new Proxy(RealDate, {
    // Subclasses (date-fns's TZDate) construct through here too, with their own newTarget.
    construct: (target, args: unknown[], newTarget: new (...a: unknown[]) => object) => Reflect.construct(target, args.length === 0 ? [shiftedNow()] : args, newTarget),
    apply: () => new RealDate(shiftedNow()).toString(),
    get: (target, key, receiver: unknown) => (key === 'now' ? shiftedNow : Reflect.get(target, key, receiver)),
  });
}

export {};
