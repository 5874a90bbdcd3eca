import { GitopsValidationError } from '../model/errors';
import { parseJsonFile } from '../util/parse';

/** Formats JSON the way the contract's files are written: 2 spaces, trailing newline. */
export function formatJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * Edits a JSON file: `updater` receives the parsed value and may mutate it or
 * return a replacement. Keys keep their order (new keys go last); output is
 * 2-space indented with a trailing newline. Throws a GitopsValidationError
 * (with the line) when the text is not valid JSON.
 * @public
 */
export function updateJsonFile<T = any>(
  text: string,
  updater: (value: T) => T | void,
  options?: { file?: string },
): string {
  const file = options?.file ?? 'the JSON document';
  const parsed = parseJsonFile(text, { file, location: file });
  if (parsed.value === undefined)
    throw new GitopsValidationError(parsed.problems);
  const value = parsed.value as T;
  const result = updater(value);
  return formatJson(result === undefined ? value : result);
}
