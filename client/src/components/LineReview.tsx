// One line's review: the conversation between broker and client, and the next thing to say.
// The broker accepts, queries or disallows (a query or a disallowance needs a comment);
// the client answers, and corrects the line in the ledger when asked.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { REVIEW_DECISION_LABELS } from '../../../shared/claim-status.ts';
import { formatTimestamp, useLocale } from '../lib/format.ts';
import { useViewer } from '../lib/session.tsx';
import { errorDetails, refreshAll, trpc } from '../trpc.ts';
import { ErrorBanner } from './Field.tsx';

const DECISION_STYLE = { accept: 'bg-emerald-100 text-emerald-900', query: 'bg-amber-100 text-amber-900', disallow: 'bg-red-100 text-red-900' } as const;

export function ReviewBadge({ decision }: { decision: 'accept' | 'query' | 'disallow' | null }) {
  const { t } = useTranslation();
  const locale = useLocale();
  if (!decision) return <span className="text-xs text-slate-600">{t('review.none')}</span>;
  return (
    <span className={`rounded px-1.5 py-0.5 text-xs ${DECISION_STYLE[decision]}`} data-testid="review-badge">
      {REVIEW_DECISION_LABELS[decision][locale]}
    </span>
  );
}

export function LineReview({ costId }: { costId: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const viewer = useViewer();
  const [comment, setComment] = useState('');
  // A query or a disallowance without a word is refused here, before anything is sent.
  const [commentMissing, setCommentMissing] = useState(false);
  const thread = useQuery(trpc.review.thread.queryOptions({ costId }));
  const done = () => (setComment(''), void refreshAll());
  const decide = useMutation(trpc.review.decide.mutationOptions({ onSuccess: done }));
  const answer = useMutation(trpc.review.answer.mutationOptions({ onSuccess: done }));
  const error = decide.error ?? answer.error;
  const fieldError = commentMissing ? t('review.commentRequired') : errorDetails(error).fields.comment;
  const send = (decision: 'accept' | 'query' | 'disallow') => {
    const missing = decision !== 'accept' && comment.trim() === '';
    setCommentMissing(missing);
    if (!missing) decide.mutate({ costId, decision, comment: comment || undefined });
  };
  const canAnswer = viewer.canLog && thread.data?.decision != null;

  return (
    <div className="space-y-2" data-testid="line-review">
      <h3 className="text-sm font-semibold">{t('review.thread')}</h3>
      {thread.data?.entries.length === 0 && <p className="text-xs text-slate-500">{t('review.empty')}</p>}
      <ol className="space-y-1.5">
        {thread.data?.entries.map((e) => (
          <li
            key={e.id}
            className={`max-w-2xl rounded px-2 py-1 text-sm ${e.authorSide === 'broker' ? 'bg-white' : 'ml-8 bg-sky-50'}`}
            data-testid="review-entry"
          >
            <div className="flex flex-wrap items-center gap-2 text-xs text-slate-500">
              <span className="font-medium text-slate-700">{e.authorName}</span>
              <span>({t(`review.${e.authorSide}`)})</span>
              {e.kind !== 'answer' && <ReviewBadge decision={e.kind} />}
              <span>{formatTimestamp(e.at, locale)}</span>
              {e.changedSince && <span className="text-sky-800">· {t('review.changedSince')}</span>}
            </div>
            {e.comment && <p className="whitespace-pre-wrap">{e.comment}</p>}
          </li>
        ))}
      </ol>
      {(viewer.isBroker || canAnswer) && (
        <div className="max-w-2xl space-y-2">
          <label className="block text-sm">
            <span className="label">{viewer.isBroker ? t('review.comment') : t('review.yourAnswer')}</span>
            <textarea
              className="input"
              rows={2}
              value={comment}
              onChange={(e) => (setComment(e.target.value), setCommentMissing(false))}
              data-testid="review-comment"
              aria-invalid={Boolean(fieldError)}
            />
          </label>
          {fieldError && (
            <p className="text-xs text-red-700" role="alert">
              {fieldError}
            </p>
          )}
          <div className="flex flex-wrap gap-2">
            {viewer.isBroker ? (
              (['accept', 'query', 'disallow'] as const).map((decision) => (
                <button
                  key={decision}
                  type="button"
                  className={decision === 'disallow' ? 'btn-danger' : decision === 'accept' ? 'btn' : 'btn-secondary'}
                  disabled={decide.isPending}
                  onClick={() => send(decision)}
                  data-testid={`review-${decision}`}
                >
                  {t(`review.${decision}`)}
                </button>
              ))
            ) : (
              <button type="button" className="btn" disabled={answer.isPending} onClick={() => answer.mutate({ costId, comment })} data-testid="review-answer">
                {t('review.answer')}
              </button>
            )}
          </div>
          {!fieldError && <ErrorBanner message={errorDetails(error).message} />}
        </div>
      )}
    </div>
  );
}
