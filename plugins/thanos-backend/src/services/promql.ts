/*
 * PromQL building blocks: literals, validation of the label values taken from
 * entities, steps and windows. Users never send PromQL: the backend fills
 * templates from the config with these, and nothing else.
 */
import { InputError } from '@backstage/errors';
import { MAX_POINTS } from '@pcscol/plugin-thanos-common';

/** A PromQL double-quoted string literal (backslash, quote, newlines escaped). @public */
export function promString(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f)
      out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Escapes RE2 metacharacters. */
export function regexEscape(value: string): string {
  return value.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}

/** A PromQL string literal holding an anchored alternation of literal values. @public */
export function promRegexOf(values: string[]): string {
  return promString(values.map(regexEscape).join('|'));
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const LABEL_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

/** A Kubernetes namespace name (DNS-1123 label). */
export function isValidNamespace(value: unknown): value is string {
  return typeof value === 'string' && DNS_LABEL.test(value);
}

/** A Kubernetes label value usable as a workload name. */
export function isValidWorkload(value: unknown): value is string {
  return typeof value === 'string' && LABEL_VALUE.test(value);
}

/** Parses `30s`, `5m`, `1h`, `1d` or a number of seconds. */
export function parseDuration(
  value: string | number | undefined,
  fallback: number,
): number {
  if (value === undefined || value === '') return fallback;
  if (typeof value === 'number') return value;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)?$/.exec(value.trim());
  if (!m) throw new InputError(`invalid duration "${value}"`);
  const n = Number(m[1]);
  const unit = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800 }[
    m[2] ?? 's'
  ]!;
  return n * unit;
}

/** The query window of a range: aligned on the step, at most `MAX_POINTS` points. @public */
export interface QueryWindow {
  start: number;
  end: number;
  step: number;
  /** Rate/aggregation window (seconds). */
  window: number;
}

/**
 * Chooses the step so that a series never exceeds MAX_POINTS points (step a
 * multiple of 5 s, at least 15 s), aligns start and end on it (so identical
 * views share cache entries), and a window of max(3 steps, 4 scrape intervals).
 *
 * @public
 */
export function queryWindow(
  rangeSeconds: number,
  nowSeconds: number,
  scrapeIntervalSeconds: number,
): QueryWindow {
  const raw = rangeSeconds / (MAX_POINTS - 1);
  const step = Math.max(15, Math.ceil(raw / 5) * 5);
  const end = Math.floor(nowSeconds / step) * step;
  const n = Math.min(MAX_POINTS - 1, Math.floor(rangeSeconds / step));
  const start = end - n * step;
  const window = Math.ceil(Math.max(3 * step, 4 * scrapeIntervalSeconds));
  return { start, end, step, window };
}
