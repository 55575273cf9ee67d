// Rows for the pg tests, as plain SQL that SQLite and PostgreSQL both take (true/false literals, no dialect
// functions): a company with one incident, a cost line, audit entries, a review and claim packages.

/** The incident's rows, parents first. */
export const INCIDENT_ROWS = [
  `INSERT INTO users (id, email, name, password_hash) VALUES ('u1', 'u1@example.jp', '山田 太郎', 'x')`,
  `INSERT INTO companies (id, name) VALUES ('c1', '株式会社サンプル')`,
  `INSERT INTO policies (id, company_id, insurer, policy_number, period_start, period_end, liability_limit, expense_limit, deductible, restoration_rider)
     VALUES ('p1', 'c1', '損保テスト', 'P-1', '2026-04-01', '2027-03-31', 500000000, 50000000, 0, false)`,
  `INSERT INTO incidents (id, company_id, policy_id, title, kind, occurred_on, discovered_on, created_by)
     VALUES ('i1', 'c1', 'p1', '顧客情報の漏えい', 'leak', '2026-05-01', '2026-05-02', 'u1')`,
  `INSERT INTO costs (id, incident_id, company_id, category, stage, incurred_on, amount, created_by)
     VALUES ('k1', 'i1', 'c1', 'investigation', 'invoiced', '2026-05-03', 1100000, 'u1')`,
];

/** Audit entries 1 (sealed), 2 and 3 (from before the hash chain: hash NULL). */
export const AUDIT_ROWS = [1, 2, 3].map(
  (id) =>
    `INSERT INTO audit_log (id, company_id, incident_id, entity_type, entity_id, action, actor_user_id, at, after, prev_hash, hash)
     VALUES (${id}, 'c1', 'i1', 'cost', 'k1', 'create', 'u1', '2026-05-03T00:00:0${id}.000Z', '{"amount":1100000}',
       ${id === 1 ? `'${'0'.repeat(64)}', '${'a'.repeat(64)}'` : 'NULL, NULL'})`,
);

export const REVIEW_ROWS = [
  `INSERT INTO line_reviews (id, cost_id, incident_id, company_id, kind, comment, author_user_id, author_side, cost_version, at)
     VALUES ('r1', 'k1', 'i1', 'c1', 'query', '見積書を添付してください', 'u1', 'broker', 1, '2026-05-04T00:00:00.000Z')`,
];

/** Package 1 is exported (ready, frozen); 2 and 3 are still being built. */
export const PACKAGE_ROWS = [
  [1, 'ready'],
  [2, 'building'],
  [3, 'building'],
].map(
  ([version, status]) =>
    `INSERT INTO claim_packages (id, company_id, incident_id, version, locale, status, sha256, size, created_by, created_at)
     VALUES ('pk${version}', 'c1', 'i1', ${version}, 'ja', '${status}', ${status === 'ready' ? `'${'b'.repeat(64)}', 2048` : 'NULL, NULL'}, 'u1', '2026-05-05T00:00:00.000Z')`,
);
