// One JSON line per request: when, what, the answer, how long, and who. Never cookies, tokens, request
// bodies or query strings (a tRPC GET carries its input there, which may name people or amounts).

import type http from 'node:http';
import { requestUserIds } from '../context.ts';

export interface RequestLogEntry {
  time: string;
  level: 'info' | 'warn' | 'error';
  msg: 'request';
  method: string;
  /** The path without its query string; for tRPC, the procedure name(s) follow /trpc/. */
  path: string;
  status: number;
  durationMs: number;
  userId: string | null;
  /** Bytes sent for this answer, headers included (what the connection carried). */
  bytes: number | null;
  /** The connection broke before the answer was complete. */
  aborted?: true;
}

export type LogSink = (line: string) => void;

export const stdoutSink: LogSink = (line) => process.stdout.write(`${line}\n`);

/** Writes the entry when the answer has gone out (or the connection closed before it did). */
export function logRequest(sink: LogSink, req: http.IncomingMessage, res: http.ServerResponse, pathname: string): void {
  const started = process.hrtime.bigint();
  // A keep-alive connection carries several answers: this one's size is what it carried meanwhile.
  const socket = req.socket;
  const bytesBefore = socket.bytesWritten;
  let written = false;
  const write = (aborted: boolean) => {
    if (written) return;
    written = true;
    const status = aborted && !res.headersSent ? 499 : res.statusCode;
    const entry: RequestLogEntry = {
      time: new Date().toISOString(),
      level: status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info',
      msg: 'request',
      method: req.method ?? 'GET',
      path: pathname,
      status,
      durationMs: Math.round(Number(process.hrtime.bigint() - started) / 10_000) / 100,
      userId: requestUserIds.get(req) ?? null,
      bytes: socket.destroyed && !res.writableFinished ? null : socket.bytesWritten - bytesBefore,
      ...(aborted ? { aborted: true as const } : {}),
    };
    sink(JSON.stringify(entry));
  };
  res.once('finish', () => write(false));
  res.once('close', () => write(!res.writableFinished));
}

/** A line for events other than requests (start, shutdown, a failed request's cause). */
export function logEvent(sink: LogSink, level: RequestLogEntry['level'], msg: string, fields: Record<string, unknown> = {}): void {
  sink(JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields }));
}
