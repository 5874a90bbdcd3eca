/*
 * Repository strings (instance, component and file names, warnings, the
 * free-text reason) written into change-request descriptions and task
 * outputs, both read as Markdown (GitLab, GitHub, the portal): escaped so
 * that they stay text: no link, image, HTML tag, heading or list of their own.
 */
import { redactUrlCredentials } from '@pcscol/plugin-pegase-node';

/**
 * The punctuation that starts or ends a Markdown construct (emphasis, links,
 * images, code, tables, headings), an autolink (`:` of a scheme, `@` of an
 * address; the `.` of `www.` below) or a GitLab reference (`@user`,
 * `#issue`, `!request`, `~label`, `%milestone`, `$snippet`).
 */
const SPECIAL = /[\\`*_{}[\]()#+!|~$%:@]/g;

/**
 * `text` as Markdown text: one line (line breaks become spaces), `<`, `>` and
 * `&` as HTML entities (so no raw HTML), Markdown punctuation backslashed
 * (no link, image, emphasis, autolink or reference), credentials in URLs
 * redacted.
 */
export function mdText(text: string): string {
  return redactUrlCredentials(String(text))
    .replace(/[\r\n\u2028\u2029]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(SPECIAL, c => `\\${c}`)
    .replace(/(www)\./gi, '$1\\.');
}

/** A path or name that is safe inside a code span (no backtick, no line break). */
const CODE_SAFE = /^[A-Za-z0-9._/+@=,:-]+$/;

/**
 * A repository path or name as inline code when it is made of plain
 * characters, else as escaped text ({@link mdText}): a backtick in a hostile
 * name cannot close the span.
 */
export function mdCode(text: string): string {
  return CODE_SAFE.test(text) ? `\`${text}\`` : mdText(text);
}

/**
 * A change request's URL (from the forge's answer) as a link target:
 * credentials redacted, and refused (`#`) unless it is http(s) without
 * spaces or parentheses that would end the link.
 */
export function mdUrl(url: string): string {
  const clean = redactUrlCredentials(url);
  return /^https?:\/\/[^\s()<>]+$/.test(clean) ? clean : '#';
}
