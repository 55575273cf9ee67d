// Group commit for writers that take turns on PostgreSQL (docs/decisions/041-group-commit-on-postgresql.md).
//
// One company's ledger writes hold the company's advisory lock from before BEGIN until after COMMIT (decision
// 039), so they run one after another, each waiting for its own flush to disk. Here the transactions one app
// instance is asked for while an earlier one on the same turns is still running wait in a queue, and the next
// group of them runs as ONE transaction, each body in a savepoint of its own: one flush for the whole group.
// The queue is per set of turns (the same sorted names) and per pool; different companies do not wait for
// each other here, as they do not in the database.

/** A transaction asked for: its body, and how to answer its caller. */
export interface Waiting<H> {
  body: (tx: H) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** The most transactions one COMMIT carries: a bound on how long the first of them waits for its answer. */
export const MAX_TURN_GROUP = 32;

interface Queue<H> {
  names: readonly string[];
  waiting: Waiting<H>[];
}

export class TurnGroups<H> {
  private readonly queues = new Map<string, Queue<H>>();

  /** `runGroup` runs the bodies of one group under the turns `names` and answers each of them. */
  constructor(private readonly runGroup: (names: readonly string[], group: Waiting<H>[]) => Promise<void>) {}

  run<T>(names: readonly string[], body: (tx: H) => Promise<T>): Promise<T> {
    const sorted = [...new Set(names)].sort();
    const key = sorted.join('\n');
    return new Promise<T>((resolve, reject) => {
      const item: Waiting<H> = { body, resolve: (value) => resolve(value as T), reject };
      const queue = this.queues.get(key);
      if (queue) {
        // A group on these turns is running: this one goes with the next.
        queue.waiting.push(item);
        return;
      }
      const started: Queue<H> = { names: sorted, waiting: [item] };
      this.queues.set(key, started);
      void this.drain(key, started);
    });
  }

  private async drain(key: string, queue: Queue<H>): Promise<void> {
    try {
      while (queue.waiting.length > 0) {
        const group = queue.waiting.splice(0, MAX_TURN_GROUP);
        try {
          await this.runGroup(queue.names, group);
        } catch (error) {
          // runGroup answers every body itself; this is only a guard against one left waiting forever.
          for (const item of group) item.reject(error);
        }
      }
    } finally {
      this.queues.delete(key);
    }
  }
}
