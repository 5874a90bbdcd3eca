import { parseAllDocuments } from 'yaml';
import type {
  ArgoApplicationSet,
  ClusterAddon,
  ClusterDefinition,
  FileChanges,
  GitopsSnapshot,
  InstanceUsage,
} from '../model/types';
import { GitopsValidationError } from '../model/errors';
import { isRecord } from '../util/parse';
import { deleteYamlPath, setYamlPath } from './yamlEdit';

/*
 * Moving a cluster add-on to another chart version, wave by wave.
 *
 * The version lives in the add-on's ApplicationSet (the template's
 * `targetRevision`). A move of some of its clusters only is a per-cluster
 * override, kept where ArgoCD's cluster generator already looks: the
 * cluster's labels (`clusters/<name>.yaml`, the labels of its ArgoCD cluster
 * Secret). The template reads them with the ApplicationSet's version as
 * default:
 *
 *   targetRevision: '{{ index .metadata.labels "pc-scol.fr/addon-cert-manager-version" | default "v1.19.1" }}'
 *
 * so a wave's change request is: that template (when the ApplicationSet
 * still holds a literal version; the same edit in every wave, so the waves
 * merge in any order) and the label on the wave's clusters. A wave that
 * covers every cluster of an ApplicationSet moves its default instead and
 * drops the wave clusters' labels: the repository goes back to one version.
 */

/** The label naming the add-on on its ApplicationSets' templates. @public */
export const ADDON_LABEL = 'pc-scol.fr/addon';

/** The cluster label that overrides an add-on's version on that cluster. @public */
export function addonVersionLabel(addon: string): string {
  return `pc-scol.fr/addon-${addon}-version`;
}

/** The `targetRevision` template reading the override, `version` by default. @public */
export function addonVersionTemplate(addon: string, version: string): string {
  return `{{ index .metadata.labels "${addonVersionLabel(
    addon,
  )}" | default "${version}" }}`;
}

/** A label value as Kubernetes takes it (63 characters, alphanumerics, `-_.`). */
const LABEL_VALUE = /^(?=.{1,63}$)[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
/** A label name (the part after the prefix). */
const LABEL_NAME = LABEL_VALUE;

function override(
  revision: string,
  label: string,
): { default: string } | undefined {
  const m =
    /^\{\{-? *index +\.metadata\.labels +"([^"]+)" *\| *default +"([^"\\{}]+)" *-?\}\}$/.exec(
      revision,
    );
  if (!m || m[1] !== label) return undefined;
  return { default: m[2] };
}

/** What the selection asks for. @public */
export interface AddonUpgradeInput {
  /** The add-on (`pc-scol.fr/addon` of its ApplicationSets) or one of its ApplicationSets. */
  addon: string;
  /** Target chart version. */
  to: string;
  /** Only these clusters (default: every cluster the add-on targets). */
  clusters?: string[];
  /** Cluster usages in wave order, one change request each (default one wave `all`). */
  waves?: Array<InstanceUsage | string>;
}

/** One cluster of a plan. @public */
export interface AddonUpgradeCluster {
  name: string;
  usage?: string;
  /** The ApplicationSet that generates its Application of the add-on. */
  applicationSet: string;
  /** Its `clusters/<name>.yaml`. */
  file: string;
  /** The version its Application declares today. */
  from?: string;
  to: string;
}

/** One ApplicationSet of the add-on. @public */
export interface AddonUpgradeSet {
  name: string;
  file: string;
  /** Path of its chart source's `targetRevision` in the file. */
  revisionPath: Array<string | number>;
  /** The `targetRevision` as written. */
  revision: string;
  /** The version of the clusters without override. */
  version: string;
  /** Every cluster it targets. */
  clusters: string[];
}

/** A wave: one change request. @public */
export interface AddonUpgradeWave {
  name: string;
  clusters: AddonUpgradeCluster[];
}

/** What {@link planAddonUpgrade} decides. @public */
export interface AddonUpgradePlan {
  addon: string;
  to: string;
  /** The cluster label of the override. */
  label: string;
  applicationSets: AddonUpgradeSet[];
  waves: AddonUpgradeWave[];
  /** Every cluster moved, in wave order. */
  clusters: AddonUpgradeCluster[];
  skipped: Array<{ cluster: string; reason: string }>;
  /** The version each cluster of the add-on declares today. */
  versions: Record<string, string | undefined>;
}

function refuse(message: string, file = ''): GitopsValidationError {
  return new GitopsValidationError([{ severity: 'error', file, message }]);
}

/** The add-on name of an ApplicationSet: its template's `pc-scol.fr/addon` label, else its name. @public */
export function addonNameOf(set: ArgoApplicationSet): string {
  const metadata = isRecord(set.template.metadata) ? set.template.metadata : {};
  const labels = isRecord(metadata.labels) ? metadata.labels : {};
  const v = labels[ADDON_LABEL];
  return typeof v === 'string' && v !== '' && !v.includes('{{') ? v : set.name;
}

function revisionOf(set: ArgoApplicationSet): {
  path: Array<string | number>;
  revision: string;
} {
  const spec = isRecord(set.template.spec) ? set.template.spec : {};
  const base = ['spec', 'template', 'spec'];
  if (isRecord(spec.source) && typeof spec.source.chart === 'string') {
    if (typeof spec.source.targetRevision === 'string')
      return {
        path: [...base, 'source', 'targetRevision'],
        revision: spec.source.targetRevision,
      };
  } else if (Array.isArray(spec.sources)) {
    const i = spec.sources.findIndex(
      s => isRecord(s) && typeof s.chart === 'string',
    );
    const s = spec.sources[i];
    if (i >= 0 && isRecord(s) && typeof s.targetRevision === 'string')
      return {
        path: [...base, 'sources', i, 'targetRevision'],
        revision: s.targetRevision,
      };
  }
  throw refuse(
    `ApplicationSet '${set.name}': its template has no chart source with a targetRevision`,
    set.file,
  );
}

/**
 * Plans moving an add-on to chart version `to`: its ApplicationSets, the
 * clusters that move (those already declaring `to` skipped), in waves of
 * cluster usages.
 * @throws GitopsValidationError naming the add-on, version, cluster or
 *   template it cannot plan for
 * @public
 */
export function planAddonUpgrade(
  repo: Pick<GitopsSnapshot, 'applicationSets' | 'addons' | 'clusters'>,
  input: AddonUpgradeInput,
): AddonUpgradePlan {
  const all = (repo.applicationSets ?? []).filter(s => s.role === 'addons');
  const sets = all.filter(
    s => s.name === input.addon || addonNameOf(s) === input.addon,
  );
  if (sets.length === 0) {
    const known = [...new Set(all.map(addonNameOf))].sort();
    throw refuse(
      `add-on '${input.addon}' is not in the repository: known add-ons are ${
        known.join(', ') || 'none'
      } (or one of their ApplicationSets)`,
    );
  }
  const addon = addonNameOf(sets[0]);
  const label = addonVersionLabel(addon);
  if (!LABEL_NAME.test(label.slice('pc-scol.fr/'.length)))
    throw refuse(
      `add-on '${addon}': its version label '${label}' is not a valid label name (63 characters at most)`,
    );
  if (!LABEL_VALUE.test(input.to))
    throw refuse(
      `version '${input.to}' cannot be a cluster label value (1 to 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)`,
    );
  const addons = new Map<string, ClusterAddon>(
    (repo.addons ?? []).map(a => [a.applicationSet, a]),
  );
  const clusterDefs = new Map<string, ClusterDefinition>(
    repo.clusters.map(c => [c.name, c]),
  );

  const applicationSets: AddonUpgradeSet[] = [];
  const owner = new Map<string, AddonUpgradeSet>();
  const versions: Record<string, string | undefined> = {};
  for (const s of sets) {
    const { path, revision } = revisionOf(s);
    let version: string;
    if (!revision.includes('{{')) version = revision;
    else {
      const o = override(revision, label);
      if (!o)
        throw refuse(
          `ApplicationSet '${
            s.name
          }': its targetRevision '${revision}' is a template the portal does not move (it moves a version, or '${addonVersionTemplate(
            addon,
            '<version>',
          )}')`,
          s.file,
        );
      version = o.default;
    }
    if (!/^[^"\\{}\s]+$/.test(version))
      throw refuse(
        `ApplicationSet '${s.name}': its version '${version}' cannot be the default of a template`,
        s.file,
      );
    const a = addons.get(s.name);
    const set: AddonUpgradeSet = {
      name: s.name,
      file: s.file,
      revisionPath: path,
      revision,
      version,
      clusters: a?.clusters ?? [],
    };
    applicationSets.push(set);
    for (const c of set.clusters) {
      if (owner.has(c)) continue; // two ApplicationSets of one add-on: the first
      owner.set(c, set);
      versions[c] = a?.versions?.[c] ?? version;
    }
  }

  const targeted = [...owner.keys()].sort();
  const wanted = input.clusters?.length ? input.clusters : targeted;
  const unknown = wanted.filter(c => !owner.has(c));
  if (unknown.length > 0)
    throw refuse(
      `cluster(s) ${unknown.join(', ')}: add-on '${addon}' does not target ${
        unknown.length > 1 ? 'them' : 'it'
      } (it targets ${targeted.join(', ') || 'no cluster'})`,
    );
  const waveNames = input.waves?.length ? input.waves : undefined;
  const skipped: AddonUpgradePlan['skipped'] = [];
  const moved: AddonUpgradeCluster[] = [];
  for (const name of [...new Set(wanted)].sort()) {
    const set = owner.get(name)!;
    const def = clusterDefs.get(name);
    if (versions[name] === input.to) {
      skipped.push({ cluster: name, reason: `already at ${input.to}` });
      continue;
    }
    if (!def) {
      skipped.push({
        cluster: name,
        reason: 'no clusters/ file holds its labels',
      });
      continue;
    }
    if (waveNames && !waveNames.includes(def.usage ?? '')) {
      skipped.push({
        cluster: name,
        reason: `usage '${
          def.usage ?? 'unknown'
        }' is in no wave (${waveNames.join(', ')})`,
      });
      continue;
    }
    const c: AddonUpgradeCluster = {
      name,
      applicationSet: set.name,
      file: def.file,
      to: input.to,
    };
    if (def.usage !== undefined) c.usage = def.usage;
    if (versions[name] !== undefined) c.from = versions[name];
    moved.push(c);
  }
  if (moved.length === 0)
    throw refuse(
      `add-on '${addon}': no cluster to move to ${input.to}${
        skipped.length
          ? ` (${skipped.map(s => `${s.cluster}: ${s.reason}`).join('; ')})`
          : ''
      }`,
    );
  const waves = (
    waveNames
      ? waveNames.map(name => ({
          name,
          clusters: moved.filter(c => c.usage === name),
        }))
      : [{ name: 'all', clusters: moved }]
  ).filter(w => w.clusters.length > 0);
  return {
    addon,
    to: input.to,
    label,
    applicationSets,
    waves,
    clusters: waves.flatMap(w => w.clusters),
    skipped,
    versions,
  };
}

async function oneDocument(
  file: string,
  readFile: (file: string) => Promise<string>,
): Promise<string> {
  const text = await readFile(file);
  if (parseAllDocuments(text).length > 1)
    throw refuse(
      `${file} holds several YAML documents: the portal edits one-document files only`,
      file,
    );
  return text;
}

/**
 * The files one wave changes, comments and key order kept: the add-on's
 * ApplicationSets (the template reading the override, or the default moved
 * when the wave covers all of an ApplicationSet's clusters) and the wave's
 * `clusters/<name>.yaml` labels.
 * @public
 */
export async function addonUpgradeFileChanges(
  plan: AddonUpgradePlan,
  wave: AddonUpgradeWave,
  readFile: (file: string) => Promise<string>,
): Promise<FileChanges> {
  const out: FileChanges = {};
  const texts = new Map<string, string>();
  const textOf = async (file: string) =>
    texts.get(file) ?? oneDocument(file, readFile);
  const inWave = new Set(wave.clusters.map(c => c.name));
  for (const set of plan.applicationSets) {
    const mine = wave.clusters.filter(c => c.applicationSet === set.name);
    if (mine.length === 0) continue;
    const whole = set.clusters.every(
      c => inWave.has(c) || plan.versions[c] === plan.to,
    );
    const version = whole ? plan.to : set.version;
    const revision =
      set.revision.includes('{{') || !whole
        ? addonVersionTemplate(plan.addon, version)
        : version;
    if (revision !== set.revision) {
      const text = await textOf(set.file);
      const edited = setYamlPath(text, set.revisionPath, revision, {
        file: set.file,
      });
      texts.set(set.file, edited);
      out[set.file] = edited;
    }
    for (const c of mine) {
      const text = await textOf(c.file);
      // the default is the version: no label needed
      const edited =
        c.to === version
          ? deleteYamlPath(text, ['labels', plan.label], { file: c.file })
          : setYamlPath(text, ['labels', plan.label], c.to, { file: c.file });
      if (edited === text) continue;
      texts.set(c.file, edited);
      out[c.file] = edited;
    }
  }
  return out;
}
