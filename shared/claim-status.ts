// The claim's journey (issue 4): who may move it from which status to which.
// draft → submitted → under review → changes requested → (resubmitted) → accepted → sent to insurer → settled.

export const CLAIM_STATUSES = ['draft', 'submitted', 'under_review', 'changes_requested', 'accepted', 'sent_to_insurer', 'settled'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

/** Which side of the claim acts: the insured company's finance team, or its broker. */
export type ClaimSide = 'client' | 'broker';

interface Move {
  from: readonly ClaimStatus[];
  by: readonly ClaimSide[];
}

/**
 * The moves and who makes them. Submitting is its own procedure (it needs a package version);
 * settling too (it needs the amount paid). Everything else goes through claim.setStatus.
 */
export const CLAIM_MOVES: Record<Exclude<ClaimStatus, 'draft'>, Move> = {
  submitted: { from: ['draft', 'changes_requested', 'submitted'], by: ['client'] },
  under_review: { from: ['submitted'], by: ['broker'] },
  changes_requested: { from: ['submitted', 'under_review'], by: ['broker'] },
  accepted: { from: ['submitted', 'under_review'], by: ['broker'] },
  sent_to_insurer: { from: ['accepted'], by: ['broker'] },
  settled: { from: ['sent_to_insurer'], by: ['broker', 'client'] },
};

export function canMove(from: ClaimStatus, to: ClaimStatus, side: ClaimSide): boolean {
  if (to === 'draft') return false;
  const move = CLAIM_MOVES[to];
  return move.from.includes(from) && move.by.includes(side);
}

/** Statuses in which the broker reviews lines (deciding on a line starts the review). */
export const REVIEWABLE_STATUSES: readonly ClaimStatus[] = ['submitted', 'under_review', 'changes_requested'];

export const CLAIM_STATUS_LABELS: Record<ClaimStatus, { ja: string; en: string }> = {
  draft: { ja: '作成中', en: 'Draft' },
  submitted: { ja: '提出済', en: 'Submitted' },
  under_review: { ja: '代理店確認中', en: 'Under review' },
  changes_requested: { ja: '修正依頼', en: 'Changes requested' },
  accepted: { ja: '代理店承認済', en: 'Accepted' },
  sent_to_insurer: { ja: '保険会社へ送付済', en: 'Sent to insurer' },
  settled: { ja: '支払確定', en: 'Settled' },
};

export const REVIEW_DECISIONS = ['accept', 'query', 'disallow'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

export const REVIEW_DECISION_LABELS: Record<ReviewDecision, { ja: string; en: string }> = {
  accept: { ja: '承認', en: 'Accepted' },
  query: { ja: '照会中', en: 'Queried' },
  disallow: { ja: '否認', en: 'Disallowed' },
};

/**
 * Categories the insurer pays only with its written consent given in advance (docs/rules.md, "Consent"):
 * condolence payments and consulting fees, and on the liability side defence costs (争訟費用) and any
 * settlement with a claimant (示談: the damages lines).
 */
export const CONSENT_CATEGORIES = ['condolence', 'consulting', 'litigation', 'damages'] as const;
export function needsConsent(category: string): boolean {
  return (CONSENT_CATEGORIES as readonly string[]).includes(category);
}
