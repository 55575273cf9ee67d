// Limits of the tRPC API that the server enforces and the web client keeps to (docs/decisions/016).

/**
 * Calls one HTTP request may batch. The web client batches the queries a page asks for at once and
 * splits them into requests of at most this many; a request with more is refused (400) before any runs.
 */
export const MAX_BATCH_CALLS = 10;
