// Group commit on SQLite (docs/decisions/040-group-commit.md). With `synchronous = FULL` every COMMIT waits for
// the disk (~1.4 ms of a cost.create's ~3.7 ms). The transactions that requests ask for during one turn of the
// event loop are run one after another in ONE SQLite transaction, each in a savepoint of its own, and committed
// together: one wait for the disk for the whole group.
//
// What each caller still gets is what a transaction of its own would give:
//  - its body's writes stand or fall alone: a body that throws is rolled back to its savepoint, and the others
//    of the group are kept;
//  - its answer comes only after the group's COMMIT: nothing is acknowledged before it is on disk;
//  - a COMMIT that fails fails every transaction of the group, none of whose writes remain;
//  - bodies run in the order they were asked for, each seeing the writes of those before it, as if each had
//    committed on its own in that order.

import type { Db } from './types.ts';

type Body = (tx: Db) => Promise<unknown>;

interface Waiting {
  body: Body;
  /** The body may wait on other things than the database (only before the server listens: the demo seed). */
  beforeServing: boolean;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** The most transactions one COMMIT carries: a bound on how long the first of them waits for its answer. */
export const MAX_GROUP = 64;

let savepoints = 0;

export class GroupCommit {
  private readonly waiting: Waiting[] = [];
  private scheduled = false;

  /** `tx`: the handle bodies receive (marked as inside a transaction, so a nested `transact` is a savepoint). */
  constructor(
    private readonly db: Db,
    private readonly tx: Db,
  ) {}

  run<T>(body: (tx: Db) => Promise<T>, beforeServing: boolean): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ body, beforeServing, resolve: resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // One turn of the event loop: the transactions other requests ask for meanwhile join this group.
    setImmediate(() => void this.drain());
  }

  private async drain(): Promise<void> {
    try {
      await this.commitGroup(this.waiting.splice(0, MAX_GROUP));
    } finally {
      this.scheduled = false;
      if (this.waiting.length > 0) this.schedule();
    }
  }

  private async commitGroup(group: Waiting[]): Promise<void> {
    const client = this.db.$client;
    const single = group.length === 1;
    /** Bodies that ended well, answered once the group is committed. */
    let done: { item: Waiting; result: unknown }[] = [];
    for (const item of group) {
      const name = `group${++savepoints}`;
      // better-sqlite3 answers at once, so a body that awaits only the database ends before Node turns to
      // other requests. One that waits on anything else lets their statements run inside this transaction:
      // refused, and rolled back, so that mistake cannot take their writes with it.
      let yielded = false;
      const probe = setImmediate(() => (yielded = true));
      try {
        if (!client.inTransaction) client.exec('BEGIN IMMEDIATE');
        if (!single) client.exec(`SAVEPOINT ${name}`);
        const result = await item.body(this.tx);
        if (yielded && !item.beforeServing) throw new Error('A transaction body waited on something other than the database (server/db/transaction.ts)');
        if (!single) client.exec(`RELEASE ${name}`);
        done.push({ item, result });
      } catch (error) {
        if (!client.inTransaction) {
          // SQLite rolled the whole transaction back (a full disk, an I/O error): the earlier bodies' writes went with it.
          for (const lost of done) lost.item.reject(error);
          done = [];
        } else if (single) client.exec('ROLLBACK');
        else client.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
        item.reject(error);
      } finally {
        clearImmediate(probe);
      }
    }
    if (client.inTransaction) {
      try {
        client.exec('COMMIT');
      } catch (error) {
        if (client.inTransaction) client.exec('ROLLBACK');
        for (const { item } of done) item.reject(error);
        return;
      }
    }
    for (const { item, result } of done) item.resolve(result);
  }
}
