// The app's procedures by dotted name ('cost.list'), with their input and output types read from AppRouter:
// a test that calls a renamed procedure, or passes a field the schema lacks, fails the typecheck.
import type { AnyMutationProcedure, AnyProcedure, AnyQueryProcedure, inferProcedureInput, inferProcedureOutput, TRPCRouterRecord } from '@trpc/server';
import type { AppRouter } from '../../server/routers/_app.ts';

/** Every procedure of a router record as `{ path, procedure }`, nested routers flattened with dots. */
type ProcedureEntries<Record, Prefix extends string = ''> = {
  [Key in keyof Record & string]: Record[Key] extends AnyProcedure
    ? { path: `${Prefix}${Key}`; procedure: Record[Key] }
    : Record[Key] extends TRPCRouterRecord
      ? ProcedureEntries<Record[Key], `${Prefix}${Key}.`>
      : never;
}[keyof Record & string];

type Entries = ProcedureEntries<AppRouter['_def']['record']>;

export type ProcedurePath = Entries['path'];
export type QueryPath = Extract<Entries, { procedure: AnyQueryProcedure }>['path'];
export type MutationPath = Extract<Entries, { procedure: AnyMutationProcedure }>['path'];
type ProcedureAt<Path extends ProcedurePath> = Extract<Entries, { path: Path }>['procedure'];

export type InputOf<Path extends ProcedurePath> = inferProcedureInput<ProcedureAt<Path>>;
/** What the procedure answers, as JSON brings it (no transformer: the server returns plain JSON values). */
export type OutputOf<Path extends ProcedurePath> = inferProcedureOutput<ProcedureAt<Path>>;

/** The input argument: optional where the procedure takes none (or an optional one). */
export type InputArgs<Path extends ProcedurePath> = undefined extends InputOf<Path> ? [input?: InputOf<Path>] : [input: InputOf<Path>];
