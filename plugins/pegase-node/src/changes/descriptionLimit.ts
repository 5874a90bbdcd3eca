/*
 * Change request descriptions within the forge's limit. A wave of hundreds of
 * instances writes more than GitHub's 65,536 characters: the description then
 * keeps its first lines and its last paragraph (who asked), and says where the
 * whole text is: a file committed on the change request's branch.
 */

/**
 * Where the whole description goes when it is too long: a Markdown file under
 * `.pegase/changes/`, which no reading rule of the GitOps repository contract
 * reads (docs/architecture.md: only `charts/`, `clusters/`, `instances/`,
 * `vault/`, `dbaas/`, `kaas/`, `argocd/` and the files instances
 * ApplicationSets match, `instance.json` files).
 */
export function fullDescriptionFile(branch: string): string {
  return `.pegase/changes/${branch}.md`;
}

/**
 * `description` cut to `max` characters (UTF-16 code units, never fewer than
 * the forge's own count of characters) at a line boundary, keeping the last
 * paragraph, with a note naming `file` on `branch`; unchanged when it fits.
 */
export function fitDescription(
  description: string,
  max: number,
  where: { file: string; branch: string; forge: string },
): string {
  if (description.length <= max) return description;
  const cut = description.lastIndexOf('\n\n');
  const tail = cut > 0 ? description.slice(cut) : '';
  const head = (cut > 0 ? description.slice(0, cut) : description).split('\n');
  const note = (omitted: number) =>
    `\n\n**Cut to fit ${where.forge}'s limit of ${max} characters: ${omitted} more line(s).** The whole description is in \`${where.file}\` on branch \`${where.branch}\`.`;
  const kept: string[] = [];
  // the note's longest form: every line omitted
  let length = tail.length + note(head.length).length + 1;
  for (const line of head) {
    if (length + line.length + 1 > max) break;
    kept.push(line);
    length += line.length + 1;
  }
  const text = `${kept.join('\n')}${note(head.length - kept.length)}${tail}`;
  // a last paragraph longer than the limit by itself: cut it too
  return text.length <= max ? text : text.slice(0, max);
}
