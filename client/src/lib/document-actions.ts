// What finance may do with an item of the documents checklist: mark a missing document not needed (with a
// reason), or take such a mark back. An item the rules already say is not needed (no estimates, so no
// quotes) offers neither: 「不要にする」 beside 「不要」 would offer what is already so.
import type { ChecklistItem } from '../../../shared/documents.ts';

export type DocumentAction = 'mark_not_needed' | 'mark_needed' | null;

export function documentAction(item: Pick<ChecklistItem, 'status' | 'waiverReason'>): DocumentAction {
  // A person's mark can always be taken back, even once a file came after all.
  if (item.waiverReason !== null) return 'mark_needed';
  return item.status === 'missing' ? 'mark_not_needed' : null;
}
