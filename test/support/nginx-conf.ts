// Reads an nginx configuration into its directives and blocks, enough for a test to find `upstream app { server … }`
// without nginx installed (test/unit/deploy-kit.test.ts). Comments, quoting and nesting as nginx reads them;
// variables, includes and the meaning of directives are left alone.

export interface Directive {
  name: string;
  args: string[];
  /** The directives of its `{ … }` block; empty for a directive ended by `;`. */
  block: Directive[];
}

function tokens(text: string): string[] {
  const found: string[] = [];
  const pattern = /#[^\n]*|'((?:\\.|[^'\\])*)'|"((?:\\.|[^"\\])*)"|([{};])|([^\s{};'"#]+)/g;
  for (const match of text.matchAll(pattern)) {
    if (match[0].startsWith('#')) continue;
    found.push(match[1] ?? match[2] ?? match[3] ?? match[4] ?? '');
  }
  return found;
}

export function parseNginxConf(text: string): Directive[] {
  const list = tokens(text);
  let at = 0;
  const readBlock = (nested: boolean): Directive[] => {
    const directives: Directive[] = [];
    let words: string[] = [];
    while (at < list.length) {
      const token = list[at++];
      if (token === ';') {
        const [name, ...args] = words;
        if (name === undefined) throw new Error('an empty directive (";" alone)');
        directives.push({ name, args, block: [] });
        words = [];
      } else if (token === '{') {
        const [name, ...args] = words;
        if (name === undefined) throw new Error('a block without a name');
        directives.push({ name, args, block: readBlock(true) });
        words = [];
      } else if (token === '}') {
        if (!nested) throw new Error('a "}" without its "{"');
        if (words.length > 0) throw new Error(`"${words.join(' ')}" is not ended by ";"`);
        return directives;
      } else if (token !== undefined) {
        words.push(token);
      }
    }
    if (nested) throw new Error('a "{" without its "}"');
    if (words.length > 0) throw new Error(`"${words.join(' ')}" is not ended by ";"`);
    return directives;
  };
  return readBlock(false);
}

/** Every directive named `name` at any depth, in the order they appear. */
export function findAll(directives: Directive[], name: string): Directive[] {
  return directives.flatMap((d) => [...(d.name === name ? [d] : []), ...findAll(d.block, name)]);
}

/** An nginx size (`51m`, `512k`, `1g`, `1024`) in bytes: k, m and g are powers of 1024, as nginx reads them. */
export function sizeInBytes(size: string): number {
  const match = /^(\d+)([kKmMgG]?)$/.exec(size);
  if (!match?.[1]) throw new Error(`not an nginx size: ${size}`);
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(match[2] ?? '').toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Number(match[1]) * unit;
}
