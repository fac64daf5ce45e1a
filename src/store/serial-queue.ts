// Runs async tasks one at a time, in the order they were queued: the store's single writer.
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    // The queue goes on whether or not this task failed; the caller sees the failure.
    this.tail = result.catch(() => undefined);
    return result;
  }
}
