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

interface Waiting {
  job: ReadJob;
  timeoutMs: number;
  resolve: (table: Table) => void;
  reject: (error: unknown) => void;
}

const queue: Waiting[] = [];
let reading = 0;
/**
 * A thread started ahead of its job. Each file is read on a thread that has read nothing before and is
 * ended right after, so its memory goes back at once and nothing of one file's reading meets the next;
 * starting one takes ~0.2 s, so the next is started as soon as a read ends, not while a user waits.
 */
let spare: Worker | null = null;

function startThread(): Worker {
  // `./reading-thread.mjs` next to this module: from the sources, the loader that runs reading-thread.ts
  // through tsx; in the built server (dist/server/main.js), reading-thread.ts compiled (scripts/build.mjs).
  const thread = new Worker(new URL('./reading-thread.mjs', import.meta.url), {
    // The sources' thread loads tsx itself: flags of the server's process are not its business.
    execArgv: [],
    resourceLimits: { maxOldGenerationSizeMb: READ_HEAP_MB },
  });
  // A spare that failed is started again when a job needs one; a job's thread is heard by runOnThread.
  thread.on('exit', () => {
    if (spare === thread) spare = null;
  });
  thread.on('error', () => {});
  return thread;
}

function takeThread(): Worker {
  const thread = spare ?? startThread();
  spare = null;
  thread.ref();
  return thread;
}

function endThread(thread: Worker): void {
  void thread.terminate();
  if (!spare) {
    spare = startThread();
    // Waiting for work, it does not keep the process alive.
    spare.unref();
  }
}

/** One job on one thread: the table, or ImportFileError (the file's fault: its content, time or memory). */
function runOnThread(job: ReadJob, timeoutMs: number): Promise<Table> {
  const thread = takeThread();
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
      endThread(thread);
    };
    const rows: string[][] = [];
    const onMessage = (message: ReadMessage) => {
      if (message.kind === 'rows') {
        for (const row of JSON.parse(message.json) as string[][]) rows.push(row);
        return;
      }
      settle();
      if (message.kind === 'done') resolve({ format: message.format, encoding: message.encoding as Table['encoding'], rows });
      else if (message.kind === 'refused') reject(new ImportFileError(message.code, message.row));
      else reject(new Error(`reading the file failed: ${message.unexpected}`));
    };
    // Past its heap limit the thread is ended by Node with ERR_WORKER_OUT_OF_MEMORY, the server unharmed.
    const onError = (error: Error & { code?: string }) => {
      settle();
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
