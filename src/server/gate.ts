/**
 * Access to the store for concurrent requests. The store has one connection, and a write is a
 * transaction on it: a read that ran in the middle would see (and could cache) rows that are then
 * rolled back, and a second write would join the first's transaction. So reads share the gate and
 * a write waits for them to finish and holds it alone; writers waiting go before new readers.
 * @module
 * @example
 * const rows = await gate.read(() => listSources(store));
 * const outcome = await gate.write(() => importBytes(store, bytes, name));
 */
export class StoreGate {
  private readers = 0;
  private writing = false;
  private readonly waiting: { write: boolean; go: () => void }[] = [];

  async read<T>(fn: () => Promise<T>): Promise<T> {
    if (this.writing || this.waiting.length > 0) await this.enqueue(false);
    else this.readers++;
    try {
      return await fn();
    } finally {
      this.readers--;
      this.wake();
    }
  }

  async write<T>(fn: () => Promise<T>): Promise<T> {
    if (this.writing || this.readers > 0 || this.waiting.length > 0) await this.enqueue(true);
    else this.writing = true;
    try {
      return await fn();
    } finally {
      this.writing = false;
      this.wake();
    }
  }

  private enqueue(write: boolean): Promise<void> {
    return new Promise((go) => this.waiting.push({ write, go }));
  }

  /** Lets in the next writer when the store is free, or every reader queued before the next writer. */
  private wake(): void {
    if (this.writing) return;
    while (this.waiting.length > 0) {
      const next = this.waiting[0] as { write: boolean; go: () => void };
      if (next.write) {
        if (this.readers > 0) return;
        this.waiting.shift();
        this.writing = true;
        next.go();
        return;
      }
      this.waiting.shift();
      this.readers++;
      next.go();
    }
  }
}
