// A notification in the reader's language. Notices carry data, not sentences (server/notify.ts); this words
// them, so the bell and the tests say the same thing.
import type { TFunction } from 'i18next';
import { CATEGORY_LABELS, type CostCategory, type Locale } from '../../../shared/categories.ts';
import { CLAIM_STATUS_LABELS, REVIEW_DECISION_LABELS, type ClaimStatus, type ReviewDecision } from '../../../shared/claim-status.ts';
import { DEADLINE_LABELS, deadlineTitle, type DeadlineKey, type DeadlineState } from '../../../shared/deadlines.ts';
import { formatYen } from '../../../shared/money.ts';
import { formatDate } from './format.ts';

export type NotificationParams = Record<string, string | number | null>;

/**
 * The line a notice is about: by its vendor or description; a line with neither by its category, never as
 * empty quotes (「」). Older notices carry only the vendor, and no category.
 */
function lineText(p: NotificationParams, locale: Locale, t: TFunction): string {
  const name = String(p.line ?? p.vendor ?? '')
    .trim()
    .slice(0, 40);
  if (name) return t('notifications.namedLine', { name });
  if (typeof p.category === 'string' && p.category in CATEGORY_LABELS) {
    return t('notifications.categoryLine', { category: CATEGORY_LABELS[p.category as CostCategory][locale] });
  }
  return t('notifications.aLine');
}

export function notificationText(kind: string, p: NotificationParams, locale: Locale, t: TFunction): string {
  const amount = typeof p.amount === 'number' ? formatYen(p.amount) : '';
  switch (kind) {
    case 'review':
      return t('notifications.review', {
        title: p.title ?? '',
        line: lineText(p, locale, t),
        amount,
        decision: REVIEW_DECISION_LABELS[p.decision as ReviewDecision][locale],
      });
    case 'answer':
      return t('notifications.answer', { title: p.title ?? '', line: lineText(p, locale, t), amount });
    case 'status':
      return t('notifications.status', { title: p.title ?? '', to: CLAIM_STATUS_LABELS[p.to as ClaimStatus][locale] });
    default:
      return t('notifications.deadline', {
        title: p.title ?? '',
        // A notice stored before the limit was split per component says `claim_limit`: the expenses' limit.
        deadline: deadlineTitle(
          {
            key: (String(p.deadline) in DEADLINE_LABELS ? p.deadline : 'claim_limit_expenses') as DeadlineKey,
            claimant: typeof p.claimant === 'string' ? p.claimant : null,
          },
          locale,
        ),
        dueOn: formatDate(String(p.dueOn), locale),
        state: stateText(p.state, t),
      });
  }
}

/** A deadline's state in words; a state this client does not know is shown as it came (never as a raw key). */
function stateText(state: unknown, t: TFunction): string {
  return isDeadlineState(state) ? t(`deadlines.state.${state}`) : typeof state === 'string' ? state : '';
}

/** Every state, so the check above follows DeadlineState when a state is added. */
const DEADLINE_STATES: Record<DeadlineState, true> = { done: true, late: true, due_soon: true, upcoming: true, not_required: true, not_yet: true };
const isDeadlineState = (state: unknown): state is DeadlineState => typeof state === 'string' && Object.hasOwn(DEADLINE_STATES, state);
