/*
 * A change's diff as the requester may read it: the files of an instance
 * (its folder under instances/ and its vault/<instance>/ manifests: Vault
 * connection URLs, usernames) keep their content only when the requester may
 * read that instance's Vault metadata (`vault.instance.read`, the same rule
 * as the Vault views); otherwise only the path and what happens to it.
 */
import path from 'node:path';
import type { InstanceDefinition } from '@pcscol/plugin-pegase-node';

/** One file's part of a unified `git diff`. */
interface FilePart {
  header: string;
  lines: string[];
}

function splitDiff(diff: string): { before: string[]; parts: FilePart[] } {
  const before: string[] = [];
  const parts: FilePart[] = [];
  for (const line of diff.split('\n')) {
    if (line.startsWith('diff --git ')) parts.push({ header: line, lines: [] });
    else if (parts.length > 0) parts[parts.length - 1].lines.push(line);
    else before.push(line);
  }
  return { before, parts };
}

/** The path of `diff --git a/<p> b/<p>`, or undefined when git quoted it. */
function pathOf(header: string): string | undefined {
  const m = /^diff --git a\/(.+) b\/(.+)$/.exec(header);
  if (!m || m[1] !== m[2] || m[1].startsWith('"')) return undefined;
  return m[1];
}

/**
 * The instances whose files `file` is part of (a folder may hold several in
 * one instance.json); `undefined` when the file belongs to no instance.
 */
export function instancesOfFile(
  file: string,
  instances: readonly Pick<InstanceDefinition, 'name' | 'file'>[],
): string[] | undefined {
  const segs = file.split('/');
  if (segs[0] === 'vault' && segs.length >= 3 && segs[1] !== '_clusters') {
    return [segs[1]];
  }
  if (segs[0] !== 'instances') return undefined;
  const owners = instances
    .filter(i => file.startsWith(`${path.posix.dirname(i.file)}/`))
    .map(i => i.name);
  // a file under instances/ that no instance claims is hidden too
  return owners;
}

/**
 * `diff` where each file of an instance not in `readable` (names) keeps its
 * `diff --git` and mode lines and loses its content. A path git quoted
 * (unusual characters), or a file under instances/ that no instance claims
 * and that the action did not write (`written`), is treated as unreadable.
 */
export function readableDiff(
  diff: string,
  instances: readonly Pick<InstanceDefinition, 'name' | 'file'>[],
  readable: ReadonlySet<string>,
  permission: string,
  written: ReadonlySet<string> = new Set(),
): string {
  const { before, parts } = splitDiff(diff);
  const out = [...before];
  for (const part of parts) {
    const file = pathOf(part.header);
    const owners =
      file === undefined ? [] : instancesOfFile(file, instances) ?? undefined;
    const hidden =
      file === undefined ||
      (owners !== undefined &&
        (owners.length === 0
          ? !written.has(file)
          : owners.some(n => !readable.has(n))));
    out.push(part.header);
    if (!hidden) {
      out.push(...part.lines);
      continue;
    }
    out.push(
      ...part.lines.filter(l =>
        /^(new|deleted) file mode |^(old|new) mode /.test(l),
      ),
      `(content not shown: ${permission} is not allowed on the instance${
        (owners ?? []).length > 1 ? 's' : ''
      } ${(owners ?? []).join(', ') || 'of this file'})`,
    );
  }
  return out.join('\n');
}

/** The instance names that files of `files` belong to. */
export function instancesOfFiles(
  files: string[],
  instances: readonly Pick<InstanceDefinition, 'name' | 'file'>[],
): string[] {
  const names = new Set<string>();
  for (const f of files) {
    for (const n of instancesOfFile(f, instances) ?? []) names.add(n);
  }
  return [...names];
}
