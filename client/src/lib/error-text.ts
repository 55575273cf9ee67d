// The API's error codes (shared/error-codes.ts) in the reader's language: a field's problem from
// `data.issues`, a refusal's reason from `data.reason`. A code this client does not know (a newer server)
// answers null, and the caller shows the server's English instead.
import { isFieldCode, isReasonCode, type ErrorReason, type FieldIssue, type ParamValue } from '../../../shared/error-codes.ts';
import i18n from '../i18n/index.ts';

const isParams = (value: unknown): value is Record<string, ParamValue> =>
  typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'string' || typeof v === 'number');

/** The issues of an error's data, those this client knows: others are left for the English. */
export function issuesOf(data: unknown): FieldIssue[] {
  const issues = (data as { issues?: unknown } | null | undefined)?.issues;
  if (!Array.isArray(issues)) return [];
  return issues.filter((issue: unknown): issue is FieldIssue => {
    const candidate = issue as { code?: unknown; field?: unknown; params?: unknown } | null;
    return isFieldCode(candidate?.code) && typeof candidate.field === 'string' && isParams(candidate.params);
  });
}

/** The reason of an error's data, when there is one this client knows. */
export function reasonOf(data: unknown): ErrorReason | null {
  const reason = (data as { reason?: unknown } | null | undefined)?.reason as Partial<ErrorReason> | undefined;
  return reason && isReasonCode(reason.code) && isParams(reason.params) ? { code: reason.code, params: reason.params } : null;
}

/** A field's problem in words: "1,000 以下で入力してください。" */
export function fieldText(issue: Pick<FieldIssue, 'code' | 'params'>): string {
  return i18n.t(`errors.field.${issue.code}`, issue.params);
}

/** A refusal's reason in words. */
export function reasonText(reason: ErrorReason): string {
  return i18n.t(`errors.reason.${reason.code}`, reason.params);
}
