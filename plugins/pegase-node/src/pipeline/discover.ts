import type {
  ArgoApplicationFile,
  ArgoApplicationSet,
  InventoryDiscovery,
} from '../model/types';
import { comparePaths, readFailureProblem } from '../util/parse';
import { parseArgocdFile } from '../argocd/objects';
import { matchGitFiles } from '../argocd/gitFiles';
import type { PipelineContext } from './context';
import { readTexts } from './read';

const YAML = /\.ya?ml$/;
/** Today's layout: the inventory when no ApplicationSet reads one. */
const DEFAULT_INVENTORY = /^instances\/(.+\/)?instance\.json$/;

/** What the repository holds, by kind of file. */
export interface Discovered {
  files: string[];
  fileSet: Set<string>;
  clusterFiles: string[];
  dbaasFiles: string[];
  kaasFiles: string[];
  vaultFiles: string[];
  argocdFiles: string[];
  applicationSets: ArgoApplicationSet[];
  applications: ArgoApplicationFile[];
  inventory: InventoryDiscovery;
  /** For each inventory file, the instances ApplicationSets that yield it. */
  setsOfFile: Map<string, ArgoApplicationSet[]>;
}

/**
 * Stage "discover": lists the repository, reads its ArgoCD objects
 * (`argocd/**.yaml`) and finds the instance inventory from the instances
 * ApplicationSets' Git files generators; without any, today's layout
 * `instances/<region>/<usage>/<name>/instance.json`.
 */
export async function discover(pc: PipelineContext): Promise<Discovered> {
  const files = await pc.source.list({
    onRefused: e => pc.refused.set(e.path, e),
  });
  for (const [path, e] of pc.refused)
    pc.problems.push(
      readFailureProblem({ file: path, location: pc.source.describe(path) }, e),
    );
  const argocdDir = (pc.opts.argocd?.path ?? 'argocd').replace(/\/+$/, '');
  const d: Discovered = {
    files,
    fileSet: new Set(files),
    clusterFiles: [],
    dbaasFiles: [],
    kaasFiles: [],
    vaultFiles: [],
    argocdFiles: [],
    applicationSets: [],
    applications: [],
    inventory: { source: 'default', applicationSets: [], files: [] },
    setsOfFile: new Map(),
  };
  for (const f of files) {
    if (/^clusters\/[^/]+\.ya?ml$/.test(f)) d.clusterFiles.push(f);
    else if (f.startsWith('dbaas/') && YAML.test(f)) d.dbaasFiles.push(f);
    else if (f.startsWith('kaas/') && YAML.test(f)) d.kaasFiles.push(f);
    else if (f.startsWith('vault/') && YAML.test(f)) d.vaultFiles.push(f);
    else if (f.startsWith(`${argocdDir}/`) && YAML.test(f))
      d.argocdFiles.push(f);
  }
  d.argocdFiles.sort(comparePaths);
  await readTexts(pc, d.argocdFiles);
  for (const f of d.argocdFiles) {
    const text = pc.texts.get(f);
    if (text === undefined) continue;
    const r = parseArgocdFile(text, pc.ctx(f));
    pc.problems.push(...r.problems);
    d.applicationSets.push(...r.applicationSets);
    d.applications.push(...r.applications);
  }

  const instanceSets = d.applicationSets.filter(s => s.role === 'instances');
  if (instanceSets.length === 0) {
    d.inventory.files = files
      .filter(f => DEFAULT_INVENTORY.test(f))
      .sort(comparePaths);
    return d;
  }
  const glob = pc.opts.argocd?.newGitFileGlobbing ?? false;
  for (const s of instanceSets) {
    const matched = new Set<string>();
    for (const g of s.generators)
      if (g.type === 'git-files')
        for (const f of matchGitFiles(g.files, files, glob)) matched.add(f);
    s.files = [...matched].sort(comparePaths);
    for (const f of s.files) {
      const list = d.setsOfFile.get(f) ?? [];
      list.push(s);
      d.setsOfFile.set(f, list);
    }
  }
  d.inventory = {
    source: 'applicationsets',
    applicationSets: instanceSets.map(s => s.name),
    files: [...d.setsOfFile.keys()].sort(comparePaths),
  };
  return d;
}
