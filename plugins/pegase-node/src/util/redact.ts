/**
 * The one redaction of credentials written into URLs (`https://user:password@host`).
 *
 * Operators sometimes put credentials in a configured URL; the portal must never echo
 * them in an error shown to a user, a log line, a task output or an entity annotation.
 * Every such text goes through {@link redactUrlCredentials} before it leaves the backend.
 */

// scheme://userinfo@ — userinfo is everything up to the last '@' before the host part
// (no '/', '?', '#' or whitespace inside it), as RFC 3986 section 3.2.1 defines it.
const URL_USERINFO =
  /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#@]+(?::[^\s/?#@]*)?|[^\s/?#]*:[^\s/?#]*)@/gi;

/**
 * The placeholder that replaces the user information of a URL.
 *
 * @public
 */
export const REDACTED_USERINFO = '***';

/**
 * Replaces the user information (`user:password@`, `token@`) of every URL in a text
 * with `***@`. Text without such URLs comes back unchanged.
 *
 * @public
 */
export function redactUrlCredentials(text: string): string {
  if (!text.includes('@')) return text;
  return text.replace(URL_USERINFO, `$1${REDACTED_USERINFO}@`);
}

/**
 * The same for an error: a new Error whose message (and cause's message) carry no
 * credentials, keeping the name. Use it where an upstream error is shown or logged.
 *
 * @public
 */
export function redactErrorCredentials<E extends Error>(error: E): E {
  const message = redactUrlCredentials(error.message);
  if (message === error.message) return error;
  const copy = Object.create(Object.getPrototypeOf(error)) as E;
  Object.assign(copy, error, { message });
  if (error.stack) copy.stack = redactUrlCredentials(error.stack);
  return copy;
}
