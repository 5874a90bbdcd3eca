import fs from 'node:fs';
import path from 'node:path';
import { stringify as toYaml } from 'yaml';
import {
  directoryFileSource,
  GitopsFileSource,
} from '@pcscol/plugin-pegase-node';
import {
  emptySource,
  openSource,
  overlaySource,
  prefixedSource,
} from '../source/openSource';
import { formatProblem, readPegaseEntities } from '../transform';

/** Parsed options of `pegase-catalog preview`. @public */
export interface PreviewOptions {
  repo?: string;
  chart?: string;
  inventory?: string;
  format: 'json' | 'yaml';
  chartPath: string;
  chartName: string;
  opsGroup: string;
  defaultArgocdInstance: string;
}

export const USAGE = `Usage: pegase-catalog preview [--repo <gitops-dir>] [--chart <dir|.tgz>] [--inventory <dir>] [--format json|yaml]
  --repo       a GitOps repository laid out as the contract (charts/, clusters/, instances/, dbaas/, kaas/, argocd/)
  --chart      the umbrella chart: a folder (replaces charts/pegase) or a packaged .tgz
  --inventory  a folder holding instances/ (and clusters/, dbaas/, kaas/), or the instances/ folder itself
  --format     json (default) or yaml
  --ops-group  default owner (default: ops)
  --default-argocd-instance  ArgoCD config name for clusters without argocd (default: default)
Prints the entities the Pégase providers would emit on stdout, problems on stderr;
exits 1 when any file has an error (the good entities are still printed).`;

/** Parses argv (after `preview`). Throws on unknown options. @public */
export function parsePreviewArgs(argv: string[]): PreviewOptions {
  const out: PreviewOptions = {
    format: 'json',
    chartPath: 'charts/pegase',
    chartName: 'pegase',
    opsGroup: 'ops',
    defaultArgocdInstance: 'default',
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.split(/=(.*)/s, 2);
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--repo':
        out.repo = value();
        break;
      case '--chart':
        out.chart = value();
        break;
      case '--inventory':
        out.inventory = value();
        break;
      case '--format': {
        const f = value();
        if (f !== 'json' && f !== 'yaml')
          throw new Error(`--format must be json or yaml, not ${f}`);
        out.format = f;
        break;
      }
      case '--ops-group':
        out.opsGroup = value();
        break;
      case '--default-argocd-instance':
        out.defaultArgocdInstance = value();
        break;
      case '--chart-path':
        out.chartPath = value();
        break;
      case '--chart-name':
        out.chartName = value();
        break;
      default:
        throw new Error(`unknown option ${arg}`);
    }
  }
  if (!out.repo && !out.chart && !out.inventory) {
    throw new Error('give --repo, --chart or --inventory');
  }
  return out;
}

async function buildSource(o: PreviewOptions): Promise<GitopsFileSource> {
  const must = (p: string) => {
    const abs = path.resolve(p);
    if (!fs.existsSync(abs)) throw new Error(`${abs} does not exist`);
    return abs;
  };
  let source: GitopsFileSource = o.repo
    ? directoryFileSource(must(o.repo))
    : emptySource;
  if (o.inventory) {
    const dir = must(o.inventory);
    const inv = fs.existsSync(path.join(dir, 'instances'))
      ? directoryFileSource(dir)
      : prefixedSource(directoryFileSource(dir), 'instances');
    const files = new Set(await inv.list());
    const base = source;
    source = {
      async list() {
        const roots = new Set([...files].map(f => f.split('/')[0]));
        return [
          ...(await base.list()).filter(f => !roots.has(f.split('/')[0])),
          ...files,
        ].sort();
      },
      read: f => (files.has(f) ? inv.read(f) : base.read(f)),
      describe: f => (files.has(f) ? inv.describe(f) : base.describe(f)),
    };
  }
  if (o.chart) {
    const abs = must(o.chart);
    if (fs.statSync(abs).isDirectory()) {
      source = overlaySource(
        source,
        o.chartPath,
        prefixedSource(directoryFileSource(abs), o.chartPath),
      );
    } else {
      const chartOnly = await openSource(
        { type: 'tgz', path: abs },
        undefined,
        {
          chartPath: o.chartPath,
          chartName: o.chartName,
        },
      );
      source = overlaySource(source, o.chartPath, chartOnly.files);
    }
  }
  return source;
}

/**
 * Runs the preview: the entities on `out`, problems on `err`. Returns the exit code.
 * @public
 */
export async function runPreview(
  argv: string[],
  out: (s: string) => void,
  err: (s: string) => void,
): Promise<number> {
  let options: PreviewOptions;
  try {
    options = parsePreviewArgs(argv);
  } catch (e) {
    err(`pegase-catalog preview: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  let result;
  try {
    const source = await buildSource(options);
    result = await readPegaseEntities(source, options);
  } catch (e) {
    err(`error: ${(e as Error).message}`);
    return 1;
  }
  const entities = [
    ...result.chart,
    ...result.inventory,
    ...result.clusters,
    ...result.argocd,
  ];
  out(
    options.format === 'yaml'
      ? entities.map(e => `---\n${toYaml(e, { lineWidth: 0 })}`).join('')
      : `${JSON.stringify(entities, null, 2)}\n`,
  );
  for (const p of result.problems) err(formatProblem(p));
  return result.problems.some(p => p.severity === 'error') ? 1 : 0;
}
