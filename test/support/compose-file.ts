// deploy/compose.yaml as Docker Compose would see it: the variables of deploy/.env.example filled in, then parsed as
// YAML (merge keys included), for test/unit/deploy-kit.test.ts. No Docker on this machine, so this is the reading.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// js-yaml comes with ESLint (a devDependency's dependency) and has no types here; `load` is all this file uses.
// The `yaml` package, as a devDependency of its own, would be the sturdier choice (see the deploy-kit report).
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };

export interface HealthCheck {
  test: string[] | string;
}

export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  entrypoint?: string[];
  user?: string;
  restart?: string;
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: HealthCheck;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

/** `KEY=value` lines of an env file; comments and blank lines skipped. */
export function readEnvFile(file: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line.trim());
    if (match?.[1] !== undefined) vars[match[1]] = match[2] ?? '';
  }
  return vars;
}

/**
 * Compose's interpolation: `${NAME}`, `${NAME:-default}`, `${NAME:?message}` (an error when unset or empty, as
 * Compose stops), `$NAME`, and `$$` for a literal `$`. Answers the text and the names it read.
 */
export function interpolate(text: string, vars: Record<string, string>): { text: string; names: Set<string> } {
  const names = new Set<string>();
  const filled = text.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::([-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (whole, braced?: string, operator?: string, argument?: string, bare?: string) => {
      if (whole === '$$') return '$';
      const name = braced ?? bare ?? '';
      names.add(name);
      const value = vars[name];
      if (value !== undefined && value !== '') return value;
      if (operator === '?') throw new Error(`${name} is required by the compose file: ${argument ?? ''}`);
      return operator === '-' ? (argument ?? '') : '';
    },
  );
  return { text: filled, names };
}

/** The compose file with `vars` filled in. */
export function loadCompose(file: string, vars: Record<string, string>): { compose: ComposeFile; names: Set<string> } {
  const { text, names } = interpolate(readFileSync(file, 'utf8'), vars);
  return { compose: yaml.load(text) as ComposeFile, names };
}

/** The health check as one command line, whichever of Compose's two forms it is written in. */
export function healthCommand(check: HealthCheck | undefined): string {
  if (!check) return '';
  return typeof check.test === 'string' ? check.test : check.test.slice(1).join(' ');
}
