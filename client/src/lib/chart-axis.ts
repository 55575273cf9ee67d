// What a chart's axes say: yen ticks at round values (¥1,000万, ¥1.5億; ¥10M in English) and category
// names wrapped onto a few lines instead of clipped. Pure, so the rules are tested without a browser.

export type AxisLocale = 'ja' | 'en';

/** Steps a tick may move by, per power of ten: 1, 2, 2.5 and 5 (¥250万 reads as round as ¥500万). */
const NICE_STEPS = [1, 2, 2.5, 5];

/**
 * Ticks from ¥0 to at least `max`, a round step apart, at most `maxIntervals` steps. Integer yen: a step
 * is never below ¥1, so a tiny or empty chart still answers [0, 1]-like ticks rather than fractions.
 */
export function yenTicks(max: number, maxIntervals = 5): number[] {
  const top = Math.max(1, Math.ceil(max));
  const intervals = Math.max(1, Math.floor(maxIntervals));
  let step = 1;
  search: for (let power = 1; power <= 1e15; power *= 10) {
    for (const nice of NICE_STEPS) {
      const candidate = nice * power;
      if (!Number.isInteger(candidate)) continue;
      if (Math.ceil(top / candidate) <= intervals) {
        step = candidate;
        break search;
      }
    }
  }
  const count = Math.ceil(top / step);
  return Array.from({ length: count + 1 }, (_, i) => i * step);
}

/** A figure without trailing zeros, grouped by thousands (1.5, 1,000, 12.5). */
function plain(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/**
 * An axis tick: in Japanese by 万 and 億 (¥0, ¥5,000, ¥1,000万, ¥1億, ¥1.5億), in English by K, M and B
 * (¥500K, ¥10M, ¥1.5B). The exact figures are in the table beside the chart.
 */
export function formatYenTick(value: number, locale: AxisLocale): string {
  const sign = value < 0 ? '-' : '';
  const v = Math.abs(value);
  if (locale === 'ja') {
    if (v >= 100_000_000) return `${sign}¥${plain(v / 100_000_000)}億`;
    if (v >= 10_000) return `${sign}¥${plain(v / 10_000)}万`;
    return `${sign}¥${plain(v)}`;
  }
  if (v >= 1_000_000_000) return `${sign}¥${plain(v / 1_000_000_000)}B`;
  if (v >= 1_000_000) return `${sign}¥${plain(v / 1_000_000)}M`;
  if (v >= 1_000) return `${sign}¥${plain(v / 1_000)}K`;
  return `${sign}¥${plain(v)}`;
}

/** Width of a character in ems: full width for kana, kanji and full-width forms, about half otherwise. */
function charWidth(char: string): number {
  return /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/.test(char) ? 1 : 0.6;
}

function widthOf(text: string): number {
  return [...text].reduce((sum, c) => sum + charWidth(c), 0);
}

/** The width a line takes; a trailing space is not drawn. (Names are right-aligned: nothing may hang.) */
function lineWidth(text: string): number {
  return widthOf(text.trimEnd());
}

/** Characters a Japanese line must not start with (kinsoku): they stay with the character before them. */
const NO_LINE_START = /^[、。・，．）」』]$/;

/**
 * A label cut into lines of at most `maxEms` ems, at most `maxLines` lines (the last one ending in … when
 * the name is longer). English breaks between words; Japanese after 、・ or anywhere when it must.
 */
export function wrapLabel(text: string, maxEms: number, maxLines = 3): string[] {
  const limit = Math.max(1, maxEms);
  // Pieces that should stay together: words with their trailing space, or Japanese runs ending in 、・.
  const pieces = text.match(/[^\s、・]+[\s、・]*|[\s、・]+/g) ?? [];
  const lines: string[] = [];
  let line = '';
  const push = () => {
    if (line.trim() !== '') lines.push(line.trimEnd());
    line = '';
  };
  for (const piece of pieces) {
    if (lineWidth(line + piece) <= limit) {
      line += piece;
      continue;
    }
    push();
    // A piece longer than a line is cut by characters.
    for (const char of piece) {
      if (lineWidth(line + char) > limit && line.trim() !== '') {
        // 、 cannot open a line: the character before it moves down with it.
        const carried = NO_LINE_START.test(char) && [...line].length > 1 ? [...line].slice(-1).join('') : '';
        line = carried ? [...line].slice(0, -1).join('') : line;
        push();
        line = carried;
      }
      line += char;
    }
  }
  push();
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  let last = kept[maxLines - 1] ?? '';
  // Shortened by whole words where there are any, else by characters.
  while (last.length > 0 && widthOf(`${last}…`) > limit) last = /\s/.test(last) ? last.replace(/\s*\S+$/, '') : [...last].slice(0, -1).join('');
  kept[maxLines - 1] = `${last}…`;
  return kept;
}
