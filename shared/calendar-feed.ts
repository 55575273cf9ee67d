// The calendar feed procedures' input: an empty object, `{}` (as notification.markRead takes). Anything
// else in it is refused (BAD_REQUEST naming the unknown key) rather than silently ignored. Not optional:
// tRPC's HTTP adapter cannot read a mutation sent with no body once a procedure has an input parser.

import { z } from 'zod';

export const noInput = z.strictObject({});
