// Reads an uploaded spreadsheet on a thread of its own (reading-thread.ts), so that no file, however
// built, can stall the requests of other users or take the server's memory: the thread has its own heap
// limit and is stopped after READ_TIMEOUT_MS. One file is read at a time (PARALLEL_READS) and a few wait
// their turn; beyond that a read is refused at once (ReadingBusy), so the server keeps a core to answer.
import { Worker } from 'node:worker_threads';
import { ImportFileError } from './import-file-error.ts';
import { PARALLEL_READS, READ_HEAP_MB, READ_TIMEOUT_MS, WAITING_READS } from './read-limits.ts';
import type { Table } from './read-table.ts';
import type { ReadJob, ReadMessage } from './reading-thread.ts';

/** Every reading thread and every place in the queue is taken: try again shortly. */
export class ReadingBusy extends Error {
  constructor() {
    super('every reading thread is busy');
  }
}

/** A thread kept after its read starts the next one without a new start (~0.2 s); unused, it ends after this. */
const IDLE_THREAD_MS = 30_000;

interface Waiting {
  job: ReadJob;
  timeoutMs: number;
  resolve(table: Table): void;
  reject(error: unknown): void;
}

const queue: Waiting[] = [];
let reading = 0;
const idleThreads: { thread: Worker; timer: NodeJS.Timeout }[] = [];

function startThread(): Worker {
  const thread = new Worker(new URL('./reading-thread.mjs', import.meta.url), {
    // The thread loads tsx itself (reading-thread.mjs): flags of the server's process are not its business.
    execArgv: [],
    resourceLimits: { maxOldGenerationSizeMb: READ_HEAP_MB },
  });
  // A thread that ends while idle is not handed a job; during a job, runOnThread hears its end and errors.
  thread.on('exit', () => {
    const index = idleThreads.findIndex((idle) => idle.thread === thread);
    if (index !== -1) clearTimeout(idleThreads.splice(index, 1)[0].timer);
  });
  thread.on('error', () => {});
  return thread;
}

function takeThread(): Worker {
  const idle = idleThreads.pop();
  if (!idle) return startThread();
  clearTimeout(idle.timer);
  return idle.thread;
}

function keepThread(thread: Worker): void {
  // An idle thread does not keep the process alive, and ends on its own after a while.
  thread.unref();
  const timer = setTimeout(() => void thread.terminate(), IDLE_THREAD_MS);
  timer.unref();
  idleThreads.push({ thread, timer });
}

/** One job on one thread: the table, or ImportFileError (the file's fault: its content, time or memory). */
function runOnThread(job: ReadJob, timeoutMs: number): Promise<Table> {
  const thread = takeThread();
  thread.ref();
  return new Promise<Table>((resolve, reject) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      void thread.terminate();
    }, timeoutMs);
    const settle = () => {
      clearTimeout(timer);
      thread.off('message', onMessage);
      thread.off('error', onError);
      thread.off('exit', onExit);
    };
    const rows: string[][] = [];
    const onMessage = (message: ReadMessage) => {
      if (message.kind === 'rows') {
        for (const row of JSON.parse(message.json) as string[][]) rows.push(row);
        return;
      }
      settle();
      keepThread(thread);
      if (message.kind === 'done') resolve({ format: message.format, encoding: message.encoding as Table['encoding'], rows });
      else if (message.kind === 'refused') reject(new ImportFileError(message.code, message.row));
      else reject(new Error(`reading the file failed: ${message.unexpected}`));
    };
    // Past its heap limit the thread is ended by Node with ERR_WORKER_OUT_OF_MEMORY, the server unharmed.
    const onError = (error: Error & { code?: string }) => {
      settle();
      void thread.terminate();
      reject(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new ImportFileError('read_too_large') : error);
    };
    const onExit = () => {
      settle();
      reject(timedOut ? new ImportFileError('read_too_slow') : new Error('the reading thread ended before it answered'));
    };
    thread.on('message', onMessage);
    thread.on('error', onError);
    thread.on('exit', onExit);
    thread.postMessage(job);
  });
}

function startWaiting(): void {
  while (reading < PARALLEL_READS && queue.length > 0) {
    const { job, timeoutMs, resolve, reject } = queue.shift()!;
    reading++;
    runOnThread(job, timeoutMs)
      .then(resolve, reject)
      .finally(() => {
        reading--;
        startWaiting();
      });
  }
}

/**
 * The file at `path` read as readTable reads it (server/import/read-table.ts), on the reading thread.
 * Throws ImportFileError for a file that cannot be read, including `too_many_rows` when it has more than
 * `maxRows` rows, `read_too_slow` and `read_too_large`; ReadingBusy when too many files are being read.
 * `timeoutMs` is READ_TIMEOUT_MS but for tests of the limit itself.
 */
export function readTableApart(path: string, fileName: string, maxRows: number, timeoutMs = READ_TIMEOUT_MS): Promise<Table> {
  if (reading >= PARALLEL_READS && queue.length >= WAITING_READS) return Promise.reject(new ReadingBusy());
  return new Promise<Table>((resolve, reject) => {
    queue.push({ job: { path, fileName, maxRows }, timeoutMs, resolve, reject });
    startWaiting();
  });
}
