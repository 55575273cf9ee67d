// A local ESLint rule: no synchronous drizzle terminal (`.get()`, `.all()`, `.run()`, `.values()`) on a query
// builder or a prepared query. They exist on drizzle's SQLite classes only, run synchronously there, and are
// missing on PostgreSQL: a query ended that way works in every SQLite test and fails on PostgreSQL. The app
// awaits the builder, or calls `.execute()` on a prepared query (docs/decisions/038-async-data-layer.md).
// better-sqlite3's own statements (`$client.prepare(…).get()`) are not drizzle's and stay allowed.

const SYNC_TERMINALS = new Set(['get', 'all', 'run', 'values']);

/**
 * drizzle's SQLite queries and prepared queries, as the type checker writes them: SQLiteSelectBase<…>,
 * SQLiteInsertBase<…>, SQLitePreparedQuery<…>, or a builder after `.where()`, Omit<SQLiteSelectBase<…>, …>.
 * Not SQLiteInsertBuilder, whose `.values(…)` gives the rows to insert.
 */
const DRIZZLE_SQLITE_QUERY = /^(?:Omit<)?(SQLite\w*(?:Base|PreparedQuery))</;

/** @type {import('eslint').Rule.RuleModule} */
export const noSyncDrizzle = {
  meta: {
    type: 'problem',
    docs: { description: 'Await drizzle queries (or `.execute()` a prepared one) so they run on PostgreSQL too.' },
    messages: {
      sync: "`.{{name}}()` on drizzle's {{type}} runs only on SQLite: await the query, or call `.execute()` on a prepared one (docs/decisions/038).",
    },
    schema: [],
  },
  create(context) {
    const services = context.sourceCode.parserServices;
    if (!services?.program) return {};
    const checker = services.program.getTypeChecker();
    return {
      CallExpression(node) {
        const callee = node.callee;
        if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier') return;
        if (!SYNC_TERMINALS.has(callee.property.name)) return;
        const type = checker.getApparentType(services.getTypeAtLocation(callee.object));
        // The class's own name (SQLitePreparedQuery behind the alias SQLiteSelectPrepare<…>), or the type as
        // written (Omit<SQLiteSelectBase<…>, …> after `.where()`, whose symbol is anonymous).
        const written = `${type.getSymbol()?.getName() ?? ''}<`;
        const match = DRIZZLE_SQLITE_QUERY.exec(written) ?? DRIZZLE_SQLITE_QUERY.exec(checker.typeToString(type));
        if (match) context.report({ node: callee.property, messageId: 'sync', data: { name: callee.property.name, type: match[1] } });
      },
    };
  },
};
