// Zod and the error catalogue (shared/error-codes.ts): a schema names its problems by code where it is
// declared (`says`, `issueWith`), and every zod issue, coded or zod's own, reads as a FieldIssue (`issueFromZod`).

import type { z } from 'zod';
import { fieldEnglish, isFieldCode, type FieldCode, type FieldIssue, type FieldParams, type ParamsArg, type ParamValue } from './error-codes.ts';

/** What a zod issue carries in its `params` when its schema named it by a code of the catalogue. */
export interface CodedParams {
  code: FieldCode;
  params: Record<string, ParamValue>;
}

function coded<C extends FieldCode>(code: C, params: FieldParams<C> | undefined): CodedParams {
  return { code, params: { ...(params ?? {}) } };
}

/**
 * The options of a zod check or refinement that fails with a catalogue code: `.min(0, says('notNegative'))`,
 * `.refine(ok, { ...says('notBeforeOccurred'), path: ['discoveredOn'] })`. The message is the code's English.
 *
 * A refinement keeps `params` on its issue (zod's documented way). zod's built-in checks (min, max, int, a
 * type) take no params, so the error map, which zod calls with the issue it is finishing, writes them onto
 * it; zod copies the issue after asking for its message. test/unit/error-codes.test.ts holds that a
 * built-in check's issue arrives coded, so a zod that stops doing so fails there, not silently.
 */
export function says<C extends FieldCode>(code: C, ...[params]: ParamsArg<FieldParams<C>>) {
  const stamp = coded(code, params);
  const message = fieldEnglish(code, ...([params] as ParamsArg<FieldParams<C>>));
  return {
    params: stamp,
    error: (issue: object) => {
      (issue as { params?: unknown }).params ??= stamp;
      return message;
    },
  };
}

/** An issue for `ctx.addIssue` with a catalogue code: `ctx.addIssue({ code: 'custom', path, ...issueWith('atMost', { max }) })`. */
export function issueWith<C extends FieldCode>(code: C, ...[params]: ParamsArg<FieldParams<C>>): { message: string; params: CodedParams } {
  return { message: fieldEnglish(code, ...([params] as ParamsArg<FieldParams<C>>)), params: coded(code, params) };
}

function codedParamsOf(value: unknown): CodedParams | null {
  if (typeof value !== 'object' || value === null) return null;
  const { code, params } = value as { code?: unknown; params?: unknown };
  if (!isFieldCode(code) || typeof params !== 'object' || params === null) return null;
  return { code, params: params as Record<string, ParamValue> };
}

const NUMBER_ORIGINS = new Set(['number', 'int', 'bigint']);
const LIST_ORIGINS = new Set(['array', 'set']);

/** A zod issue no schema named: its code from what zod says it checked. */
function zodOwnCode(issue: z.core.$ZodIssue): CodedParams {
  switch (issue.code) {
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return coded('tooLong', { max });
      if (LIST_ORIGINS.has(issue.origin)) return coded('tooMany', { max });
      if (NUMBER_ORIGINS.has(issue.origin)) return coded('atMost', { max });
      return coded('invalidInput', undefined);
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? coded('required', undefined) : coded('tooShort', { min });
      if (LIST_ORIGINS.has(issue.origin)) return coded('tooFew', { min });
      if (NUMBER_ORIGINS.has(issue.origin)) {
        if (min === 0) return issue.inclusive === false ? coded('moreThanZero', undefined) : coded('notNegative', undefined);
        return coded('atLeast', { min });
      }
      return coded('invalidInput', undefined);
    }
    case 'invalid_type':
      return issue.expected === 'int' ? coded('wholeNumber', undefined) : coded('invalidInput', undefined);
    case 'invalid_value':
      return coded('invalidOption', undefined);
    case 'invalid_format':
      return issue.format === 'email' ? coded('email', undefined) : coded('invalidInput', undefined);
    default:
      return coded('invalidInput', undefined);
  }
}

/** The field a zod issue is about, as the API names it: its path dotted, `input` for the whole input. */
export const fieldOfIssue = (issue: { path: PropertyKey[] }): string => (issue.path.length ? issue.path.map(String).join('.') : 'input');

/** A zod issue as the API sends it: the code its schema gave it, else the code of zod's own check. */
export function issueFromZod(issue: z.core.$ZodIssue): FieldIssue {
  const found = codedParamsOf((issue as { params?: unknown }).params) ?? zodOwnCode(issue);
  return { field: fieldOfIssue(issue), code: found.code, params: found.params };
}
