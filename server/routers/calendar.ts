// The member's own calendar feed of deadlines: whether it is on, a new secret URL (shown once), revoke.
// No company id: the feed is the signed-in member's, and shows the deadlines of the open incidents of
// their policyholder companies (server/http/calendar.ts). Not in the audit log: its entries belong to one
// company, and a feed is the member's own, across companies (like a password change or a sign-out).

import { noInput } from '../../shared/calendar-feed.ts';
import { calendarFeedLink } from '../app-url.ts';
import { feedStatus, revokeFeed, rotateFeed } from '../calendar/feeds.ts';
import { authedProcedure, router } from '../trpc.ts';

export const calendarRouter = router({
  status: authedProcedure.input(noInput).query(async ({ ctx }) => await feedStatus(ctx.db, ctx.user.id)),

  /** Creates the feed, or replaces its secret: the old URL answers 404 from now on. */
  rotate: authedProcedure.input(noInput).mutation(async ({ ctx }) => {
    // The answer holds the secret, which is stored nowhere but hashed: it is not kept for an
    // Idempotency-Key replay either. A retry makes another secret, which replaces this one; no harm.
    if (ctx.idempotency) ctx.idempotency.keepNoAnswer = true;
    const { secret } = await rotateFeed(ctx.db, ctx.user.id);
    return { url: calendarFeedLink(ctx.appUrl, secret) };
  }),

  /** Stops the feed: its URL answers 404 from now on. */
  revoke: authedProcedure.input(noInput).mutation(async ({ ctx }) => {
    await revokeFeed(ctx.db, ctx.user.id);
    return { ok: true as const };
  }),
});
