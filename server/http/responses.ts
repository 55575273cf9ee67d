// Plain HTTP answers for the routes outside tRPC, shaped like tRPC's errors so one client reads both.

import type http from 'node:http';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { codesOf, type ErrorCodes } from '../errors.ts';

export function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/** `codes`: the reason or the field issues (shared/error-codes.ts), beside the message as tRPC's answers carry them. */
export function sendError(res: http.ServerResponse, status: number, code: string, message: string, codes: ErrorCodes = {}): void {
  sendJson(res, status, { error: { message, code, data: { code, httpStatus: status, ...codes } } });
}

/** The access helpers throw TRPCErrors (NOT_FOUND, FORBIDDEN…): the same answer over plain HTTP. */
export function sendAccessError(res: http.ServerResponse, error: unknown): void {
  if (!(error instanceof TRPCError)) throw error;
  sendError(res, getHTTPStatusCodeFromError(error), error.code, error.message, codesOf(error));
}

/** `Content-Disposition` that keeps a Japanese file name (RFC 6266 / 5987) with an ASCII fallback. */
export function contentDisposition(kind: 'inline' | 'attachment', fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  // RFC 8187 also reserves ' ( ) *, which encodeURIComponent leaves as they are.
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
