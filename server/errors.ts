// The server's refusals with a code of the catalogue (shared/error-codes.ts): a field's problem the schema
// cannot see (`fieldError`), several at once (`fieldErrors`), or a domain reason (`domainError`). Each builds
// the English message from the catalogue, so a message is never written twice; the errorFormatter
// (server/trpc.ts) and the file routes (server/http/responses.ts) send the codes beside it.

import { TRPCError } from '@trpc/server';
import {
  fieldEnglish,
  reasonEnglish,
  type ErrorReason,
  type FieldCode,
  type FieldIssue,
  type FieldParams,
  type ParamsArg,
  type ReasonCode,
  type ReasonParams,
} from '../shared/error-codes.ts';

/** tRPC's error codes (BAD_REQUEST, CONFLICT…). */
type TrpcCode = ConstructorParameters<typeof TRPCError>[0]['code'];

/** What the API sends beside the message: `data.reason` and/or `data.issues`. */
export interface ErrorCodes {
  reason?: ErrorReason;
  issues?: FieldIssue[];
}

/** A TRPCError that carries its codes. */
export class CodedError extends TRPCError {
  readonly codes: ErrorCodes;
  constructor(options: { code: TrpcCode; message: string; cause?: unknown } & ErrorCodes) {
    super({ code: options.code, message: options.message, cause: options.cause });
    this.codes = { ...(options.reason ? { reason: options.reason } : {}), ...(options.issues ? { issues: options.issues } : {}) };
  }
}

/** One field's problem as an issue: `issue('currentPassword', 'notCurrentPassword')`. */
export function issue<C extends FieldCode>(field: string, code: C, ...[params]: ParamsArg<FieldParams<C>>): FieldIssue {
  return { field, code, params: { ...(params ?? {}) } };
}

/** How issues read in the English message: `field: words; field: words`, as a schema's refusal reads. */
export function issuesEnglish(issues: FieldIssue[]): string {
  return issues.map((found) => `${found.field}: ${(fieldEnglish as (code: FieldCode, params: object) => string)(found.code, found.params)}`).join('; ');
}

/** BAD_REQUEST naming the fields, "mapping.amount: …; mapping.stage: …". */
export function fieldErrors(issues: FieldIssue[]): CodedError {
  return new CodedError({ code: 'BAD_REQUEST', message: issuesEnglish(issues), issues });
}

/** BAD_REQUEST for one field a check beyond the schema refuses: "currentPassword: is not your current password". */
export function fieldError<C extends FieldCode>(field: string, code: C, ...params: ParamsArg<FieldParams<C>>): CodedError {
  return fieldErrors([issue(field, code, ...params)]);
}

/** A refusal for a domain reason: `domainError('TOO_MANY_REQUESTS', 'tryAgainIn', { seconds })`. */
export function domainError<C extends ReasonCode>(code: TrpcCode, reason: C, ...[params]: ParamsArg<ReasonParams<C>>): CodedError {
  const message = (reasonEnglish as (code: ReasonCode, params: object) => string)(reason, params ?? {});
  return new CodedError({ code, message, reason: { code: reason, params: { ...(params ?? {}) } } });
}

/** The codes an error carries, for the answer: none for an error thrown without them. */
export function codesOf(error: unknown): ErrorCodes {
  return error instanceof CodedError ? error.codes : {};
}
