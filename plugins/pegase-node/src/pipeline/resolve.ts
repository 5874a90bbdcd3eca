import { posix } from 'node:path';
import type {
  ArgoApplicationFile,
  ChartRelease,
  ClusterAddon,
  ClusterDefinition,
  GeneratedApplication,
  ResolvedInstance,
  UmbrellaChart,
  VaultTree,
} from '../model/types';
import { fieldLine, folderOf, validateInstance } from '../inventory/instances';
import {
  componentsOfInstance,
  type ComponentsCache,
} from '../inventory/components';
import { isRecord, parseJsonFile, parseYamlFile, problem } from '../util/parse';
import { gitFileParams } from '../argocd/gitFiles';
import {
  renderApplication,
  resolveAddon,
  valuesFilesOf,
} from '../argocd/generate';
import { TemplateRenderError } from '../argocd/goTemplate';
import type { PipelineContext } from './context';
import type { Discovered } from './discover';

/** One object of an inventory file, with what its ApplicationSet generates. */
export interface InventoryEntry {
  file: string;
  text: string;
  raw: unknown;
  /** Its position when the file holds an array. */
  index?: number;
  /** The values file of the instance, if any. */
  valuesFile?: string;
  applications: GeneratedApplication[];
  /** Its Application could not be rendered: the instance is not read. */
  unrenderable?: boolean;
}

/**
 * Stage "resolve", first half: the objects of the inventory files and, for
 * each, the Applications its ApplicationSets generate; the values file is the
 * one its `$values` source names (today's layout: `values.yaml` beside).
 */
export async function inventoryEntries(
  pc: PipelineContext,
  d: Discovered,
  breathe: () => Promise<void>,
): Promise<InventoryEntry[]> {
  const out: InventoryEntry[] = [];
  for (const f of d.inventory.files) {
    await breathe();
    const text = pc.texts.get(f);
    if (text === undefined) continue;
    const c = pc.ctx(f);
    let value: unknown;
    if (/\.json$/.test(f)) {
      const pj = parseJsonFile(text, c);
      pc.problems.push(...pj.problems);
      value = pj.value;
    } else {
      const py = parseYamlFile(text, c);
      pc.problems.push(...py.problems);
      value = py.parsed?.value;
    }
    if (value === undefined) continue;
    const isArray = Array.isArray(value);
    const list = isArray ? (value as unknown[]) : [value];
    if (isArray && list.length === 0) {
      pc.problems.push(problem(c, 'warning', 'empty array: no instance'));
      continue;
    }
    const sets = d.setsOfFile.get(f) ?? [];
    if (sets.length > 1)
      pc.problems.push(
        problem(
          c,
          'warning',
          `read by the ApplicationSets ${sets
            .map(s => `'${s.name}'`)
            .join(
              ', ',
            )}: each generates its Application; the values file of the first is used`,
        ),
      );
    list.forEach((raw, index) => {
      const e: InventoryEntry = { file: f, text, raw, applications: [] };
      if (isArray) e.index = index;
      if (sets.length === 0) {
        const v = posix.join(posix.dirname(f), 'values.yaml');
        if (d.fileSet.has(v)) e.valuesFile = v;
      }
      for (const s of sets) {
        if (!isRecord(raw)) break; // validateInstance reports it
        for (const g of s.generators) {
          if (g.type !== 'git-files') continue;
          try {
            const app = renderApplication(
              s,
              gitFileParams(f, raw, g.pathParamPrefix),
            );
            app.sourceFile = f;
            e.applications.push(app);
          } catch (err) {
            if (!(err instanceof TemplateRenderError)) throw err;
            e.unrenderable = true;
            const name = typeof raw.name === 'string' ? raw.name : undefined;
            pc.problems.push(
              problem(
                pc.ctx(s.file),
                'error',
                `ApplicationSet '${
                  s.name
                }': cannot render the Application of ${f}${
                  isArray ? `[${index}]` : ''
                } (instance ${
                  name ?? '?'
                } not read, ArgoCD cannot generate it either): ${err.message}`,
                { subject: name },
              ),
            );
          }
          break; // one parameter set per object and generator
        }
      }
      const first = e.applications[0];
      const vf = first ? valuesFilesOf(first) : [];
      if (vf.length > 0) e.valuesFile = vf[vf.length - 1];
      out.push(e);
    });
  }
  return out;
}

/** Stage "resolve": validated instances with their components and values. */
export async function resolveInstances(
  pc: PipelineContext,
  d: Discovered,
  entries: InventoryEntry[],
  chart: { chart?: UmbrellaChart; releases: ChartRelease[] },
  clusterNames: Set<string>,
  vault: VaultTree,
  breathe: () => Promise<void>,
): Promise<{
  instances: ResolvedInstance[];
  generated: GeneratedApplication[];
}> {
  const versions = new Set(chart.releases.map(r => r.version));
  const defaultOwner = pc.opts.defaultOwner ?? 'ops';
  const instances: ResolvedInstance[] = [];
  const generated: GeneratedApplication[] = [];
  const byName = new Map<string, string>();
  const componentsCache: ComponentsCache = new WeakMap();
  const parsedValues = new Map<string, Record<string, unknown> | null>();
  const fromSets = d.inventory.source === 'applicationsets';

  // a values file is parsed once; null: unusable (its instances are ignored)
  const valuesOf = (
    valuesFile: string,
    subjects: string[],
    instanceFile: string,
  ): Record<string, unknown> | null => {
    if (parsedValues.has(valuesFile)) return parsedValues.get(valuesFile)!;
    const valuesText = pc.texts.get(valuesFile);
    let result: Record<string, unknown> | null = null;
    if (valuesText === undefined) {
      // refused or unreadable: reported on it; missing: named here
      if (!d.fileSet.has(valuesFile))
        pc.problems.push(
          problem(
            pc.ctx(instanceFile),
            'error',
            `the values file ${valuesFile} its Application names does not exist (instance ${subjects.join(
              ', ',
            )} ignored)`,
            { subject: subjects.join(', ') || undefined },
          ),
        );
    } else {
      const vctx = pc.ctx(valuesFile);
      // an instance's values are Helm values: YAML 1.1 as the chart's
      const pv = parseYamlFile(valuesText, vctx, { yaml11: true });
      const subject = subjects.join(', ') || undefined;
      if (!pv.parsed) {
        pc.problems.push(
          ...pv.problems.map(p => ({
            ...p,
            subject,
            message: `${p.message} (instance ${
              subject ?? instanceFile
            } ignored)`,
          })),
        );
      } else if (
        pv.parsed.value !== null &&
        pv.parsed.value !== undefined &&
        !isRecord(pv.parsed.value)
      ) {
        pc.problems.push(
          problem(
            vctx,
            'error',
            `values.yaml must be a mapping (instance ${
              subject ?? instanceFile
            } ignored)`,
            { subject },
          ),
        );
      } else result = (pv.parsed.value as Record<string, unknown>) ?? {};
    }
    parsedValues.set(valuesFile, result);
    return result;
  };

  const namesOfValues = new Map<string, string[]>();
  for (const x of entries)
    if (
      x.valuesFile !== undefined &&
      isRecord(x.raw) &&
      typeof x.raw.name === 'string'
    ) {
      const l = namesOfValues.get(x.valuesFile) ?? [];
      l.push(x.raw.name);
      namesOfValues.set(x.valuesFile, l);
    }

  for (const e of entries) {
    await breathe();
    if (e.unrenderable) continue;
    const c = pc.ctx(e.file);
    let values: Record<string, unknown> = {};
    if (e.valuesFile !== undefined) {
      const subjects = namesOfValues.get(e.valuesFile) ?? [];
      const v = valuesOf(e.valuesFile, subjects, e.file);
      if (v === null) continue;
      values = v;
    }
    const folder = folderOf(e.file);
    const r = validateInstance(e.raw, c, {
      clusters: clusterNames,
      versions,
      currentVersion: chart.chart?.version,
      defaultOwner,
      // another layout: the fields say all, no folder hint
      folder: fromSets && folder.outside ? {} : folder,
      index: e.index,
      text: e.text,
    });
    pc.problems.push(...r.problems);
    const inst = r.instance;
    if (!inst) continue;
    const first = byName.get(inst.name);
    if (first !== undefined) {
      pc.problems.push(
        problem(
          c,
          'error',
          `instance '${inst.name}' is already defined in ${first}; this one is ignored (the first by path wins)`,
          {
            field: `${inst.index !== undefined ? `[${inst.index}].` : ''}name`,
            line: fieldLine(e.text, 'name', inst.index),
            subject: inst.name,
          },
        ),
      );
      continue;
    }
    byName.set(inst.name, e.file);
    const comp = componentsOfInstance(
      chart,
      {
        chartVersion: inst.chartVersion,
        disabledComponents: inst.disabledComponents,
        values,
      },
      componentsCache,
    );
    for (const u of comp.unknownDisabled) {
      pc.problems.push(
        problem(
          c,
          'warning',
          `instance '${inst.name}': disabledComponents names '${u}', which is no dependency of chart version ${inst.chartVersion}`,
          {
            field: `${
              inst.index !== undefined ? `[${inst.index}].` : ''
            }disabledComponents`,
            line: fieldLine(e.text, 'disabledComponents', inst.index),
            subject: inst.name,
          },
        ),
      );
    }
    const valuesRead = e.valuesFile !== undefined && pc.texts.has(e.valuesFile);
    for (const n of comp.notes) {
      pc.problems.push(
        problem(
          pc.ctx(valuesRead ? e.valuesFile! : e.file),
          'warning',
          `instance '${inst.name}': ${n}`,
          { subject: inst.name },
        ),
      );
    }
    const resolved: ResolvedInstance = {
      ...inst,
      values,
      components: comp.components,
      componentVersions: comp.componentVersions,
      subChartVersions: comp.subChartVersions,
      vaultPath: `pegase/${inst.namespace}`,
      vaultFiles: (vault.instances[inst.name] ?? []).map(m => m.file),
    };
    if (valuesRead) resolved.valuesFile = e.valuesFile;
    instances.push(resolved);
    for (const a of e.applications)
      generated.push({ ...a, instance: inst.name });
  }
  return { instances, generated };
}

/** Stage "resolve": the add-ons (cluster generators matched against the clusters). */
export function resolveAddons(
  pc: PipelineContext,
  d: Discovered,
  clusters: ClusterDefinition[],
): ClusterAddon[] {
  const out: ClusterAddon[] = [];
  for (const s of d.applicationSets) {
    if (s.role !== 'addons') continue;
    const r = resolveAddon(s, clusters, pc.ctx(s.file));
    pc.problems.push(...r.problems);
    out.push(r.addon);
  }
  return out;
}

/** Stage "resolve": each app-of-apps' children (the objects under its path). */
export function appOfAppsChildren(d: Discovered): ArgoApplicationFile[] {
  return d.applications.map(a => {
    if (a.path === undefined) return a;
    const under = (f: string) =>
      a.path === '' || f === a.path || f.startsWith(`${a.path}/`);
    const children = [
      ...d.applicationSets.filter(s => under(s.file)).map(s => s.name),
      ...d.applications.filter(x => x !== a && under(x.file)).map(x => x.name),
    ].sort();
    return { ...a, children };
  });
}
