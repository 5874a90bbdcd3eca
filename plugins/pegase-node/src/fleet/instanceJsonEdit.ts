import { applyEdits, modify, parseTree, type ParseError } from 'jsonc-parser';
import { GitopsValidationError } from '../model/errors';
import type { FileChanges } from '../model/types';
import type { PlannedUpgrade } from './planUpgrade';

function detectIndent(text: string): {
  insertSpaces: boolean;
  tabSize: number;
} {
  const m = /\n([ \t]+)"/.exec(text);
  if (m && m[1].startsWith('\t')) return { insertSpaces: false, tabSize: 1 };
  return { insertSpaces: true, tabSize: m ? m[1].length : 2 };
}

/**
 * An instance in its `instance.json`: the file, the instance's name, and its
 * position when the file is an array.
 *
 * @public
 */
export interface InstanceInFile {
  file: string;
  name: string;
  /** Position in the file when `instance.json` is an array. */
  index?: number;
}

/**
 * Checks that the instance is where the reading found it (an object, or
 * element `index` of an array) and returns the JSON path of that object;
 * a GitopsValidationError naming the file otherwise.
 */
function locateInstance(text: string, target: InstanceInFile): Array<number> {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: false });
  const fail = (message: string) =>
    new GitopsValidationError([
      {
        severity: 'error',
        file: target.file,
        message: `${target.file}: ${message}`,
      },
    ]);
  if (!root || errors.length > 0) throw fail('not valid JSON');
  const holder =
    target.index !== undefined ? root.children?.[target.index] : root;
  const nameNode = holder?.children?.find(
    p => p.children?.[0]?.value === 'name',
  )?.children?.[1];
  if (!holder || holder.type !== 'object' || nameNode?.value !== target.name) {
    throw fail(
      `instance '${target.name}' is not at ${
        target.index !== undefined ? `element ${target.index}` : 'the top level'
      } (the file changed since it was read)`,
    );
  }
  return target.index !== undefined ? [target.index] : [];
}

/**
 * Sets `chartVersion` of one instance in the text of its `instance.json`
 * (an object, or element `index` of an array), changing nothing else: key
 * order, formatting and the other instances stay as they are. Throws a
 * GitopsValidationError naming the file when it is not valid JSON or the
 * instance is not where the plan says.
 * @public
 */
export function setInstanceChartVersion(
  text: string,
  target: InstanceInFile & { to: string },
): string {
  const path = [...locateInstance(text, target), 'chartVersion'];
  const edits = modify(text, path, target.to, {
    formattingOptions: detectIndent(text),
  });
  return applyEdits(text, edits);
}

/**
 * Removes one instance from an `instance.json` that declares several (an
 * array), keeping the others and the file's formatting. An instance alone
 * in its file goes with its folder instead: this refuses it.
 * @public
 */
export function removeInstanceFromFile(
  text: string,
  target: InstanceInFile,
): string {
  const path = locateInstance(text, target);
  if (path.length === 0) {
    throw new GitopsValidationError([
      {
        severity: 'error',
        file: target.file,
        message: `${target.file}: declares only '${target.name}'; delete its folder instead`,
      },
    ]);
  }
  const edits = modify(text, path, undefined, {
    formattingOptions: detectIndent(text),
  });
  return applyEdits(text, edits);
}

/**
 * The file changes of a set of planned upgrades: each `instance.json` read
 * once, every instance of it edited, nothing else touched.
 * @public
 */
export async function upgradeFileChanges(
  instances: readonly PlannedUpgrade[],
  readFile: (file: string) => Promise<string>,
): Promise<FileChanges> {
  const byFile = new Map<string, PlannedUpgrade[]>();
  for (const i of instances)
    byFile.set(i.file, [...(byFile.get(i.file) ?? []), i]);
  const changes: FileChanges = {};
  for (const [file, items] of byFile) {
    let text = await readFile(file);
    for (const i of items) {
      text = setInstanceChartVersion(text, {
        file,
        name: i.name,
        index: i.index,
        to: i.to,
      });
    }
    changes[file] = text;
  }
  return changes;
}
