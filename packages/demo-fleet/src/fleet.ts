import { CLUSTER_TYPE_LABEL, clusterTypeOf, clusterVersions } from './argocd';
import {
  CURRENT_VERSION,
  DEPENDENCIES,
  RELEASES,
  inRelease,
} from './components';
import { Rng } from './rng';

/** Hosting regions. */
export type Region = 'eu-sxb-1' | 'fr-cfe-uca';
/** Instance and cluster usages. */
export type Usage = 'production' | 'construction' | 'sandbox';

/** One `clusters/<name>.yaml`. */
export interface ClusterDef {
  name: string;
  region: Region;
  usage: Usage;
  /** ArgoCD config name; absent = the first ArgoCD configured. */
  argocd?: string;
  apiServer?: string;
  labels: Record<string, string>;
}

/** One instance (the fields of instance.json, in contract order). */
export interface InstanceDef {
  name: string;
  university: string;
  usage: Usage;
  region: Region;
  cluster: string;
  namespace?: string;
  chartVersion: string;
  disabledComponents?: string[];
  ttl?: string;
  owner?: string;
}

/** An instance folder: one instance.json (an object, or an array for `instances.length > 1`). */
export interface InstanceFolder {
  region: Region;
  usage: Usage;
  folder: string;
  instances: InstanceDef[];
  /** The folder's values.yaml (merged over the umbrella values). */
  values: Record<string, unknown>;
  /** Comment written at the top of values.yaml. */
  valuesComment: string;
}

const CLUSTER_ORDER: Array<[string, Region, Usage]> = [
  ['sxb-prod-1', 'eu-sxb-1', 'production'],
  ['sxb-prod-2', 'eu-sxb-1', 'production'],
  ['sxb-cons-1', 'eu-sxb-1', 'construction'],
  ['uca-prod-1', 'fr-cfe-uca', 'production'],
  ['uca-cons-1', 'fr-cfe-uca', 'construction'],
  ['sxb-sandbox-1', 'eu-sxb-1', 'sandbox'],
  ['sxb-prod-3', 'eu-sxb-1', 'production'],
  ['uca-prod-2', 'fr-cfe-uca', 'production'],
  ['sxb-prod-4', 'eu-sxb-1', 'production'],
  ['uca-prod-3', 'fr-cfe-uca', 'production'],
  ['sxb-cons-2', 'eu-sxb-1', 'construction'],
  ['uca-sandbox-1', 'fr-cfe-uca', 'sandbox'],
  ['sxb-prod-5', 'eu-sxb-1', 'production'],
  ['uca-prod-4', 'fr-cfe-uca', 'production'],
  ['sxb-prod-6', 'eu-sxb-1', 'production'],
  ['uca-cons-2', 'fr-cfe-uca', 'construction'],
  ['sxb-sandbox-2', 'eu-sxb-1', 'sandbox'],
  ['uca-prod-5', 'fr-cfe-uca', 'production'],
  ['sxb-cons-3', 'eu-sxb-1', 'construction'],
  ['uca-sandbox-2', 'fr-cfe-uca', 'sandbox'],
];

/** The clusters of a fleet: the first `count` of a fixed list (extended past 20). */
export function buildClusters(count: number): ClusterDef[] {
  const rows = CLUSTER_ORDER.slice(0, count);
  for (let i = rows.length; i < count; i++) {
    const j = i - CLUSTER_ORDER.length;
    rows.push(
      j % 2 === 0
        ? [`sxb-prod-${7 + j / 2}`, 'eu-sxb-1', 'production']
        : [`uca-prod-${6 + (j - 1) / 2}`, 'fr-cfe-uca', 'production'],
    );
  }
  return rows.map(([name, region, usage]) => {
    const c: ClusterDef = {
      name,
      region,
      usage,
      labels: {
        'pc-scol.fr/region': region,
        'pc-scol.fr/usage': usage,
        'pc-scol.fr/cluster': name,
        [CLUSTER_TYPE_LABEL]: clusterTypeOf(name),
        'talos.dev/version': clusterVersions(usage).talosVersion,
      },
    };
    // uca-cons-1 has no `argocd` field: it is managed by the first ArgoCD configured.
    if (name !== 'uca-cons-1')
      c.argocd = name.startsWith('uca-prod-') ? 'uca' : 'admin';
    c.apiServer = `https://${name}.k8s.pc-scol.fr:6443`;
    return c;
  });
}

/** University codes (illustrative; lowercase, DNS-1123) and their hosting region. */
export const UNIVERSITIES: Array<[string, Region]> = [
  ['unistra', 'eu-sxb-1'],
  ['uca', 'fr-cfe-uca'],
  ['ut3', 'eu-sxb-1'],
  ['ut2j', 'eu-sxb-1'],
  ['univ-nantes', 'eu-sxb-1'],
  ['amu', 'fr-cfe-uca'],
  ['univ-lille', 'eu-sxb-1'],
  ['univ-rennes', 'eu-sxb-1'],
  ['uga', 'fr-cfe-uca'],
  ['u-bordeaux', 'eu-sxb-1'],
  ['univ-lorraine', 'eu-sxb-1'],
  ['u-paris-saclay', 'eu-sxb-1'],
  ['u-paris', 'eu-sxb-1'],
  ['univ-lyon1', 'fr-cfe-uca'],
  ['univ-lyon2', 'fr-cfe-uca'],
  ['univ-lyon3', 'fr-cfe-uca'],
  ['umontpellier', 'fr-cfe-uca'],
  ['univ-cotedazur', 'fr-cfe-uca'],
  ['univ-poitiers', 'eu-sxb-1'],
  ['univ-tours', 'eu-sxb-1'],
  ['univ-orleans', 'eu-sxb-1'],
  ['univ-angers', 'eu-sxb-1'],
  ['univ-lemans', 'eu-sxb-1'],
  ['unicaen', 'eu-sxb-1'],
  ['univ-rouen', 'eu-sxb-1'],
  ['univ-lehavre', 'eu-sxb-1'],
  ['u-picardie', 'eu-sxb-1'],
  ['univ-reims', 'eu-sxb-1'],
  ['u-bourgogne', 'fr-cfe-uca'],
  ['univ-fcomte', 'eu-sxb-1'],
  ['univ-brest', 'eu-sxb-1'],
  ['univ-ubs', 'eu-sxb-1'],
  ['univ-larochelle', 'eu-sxb-1'],
  ['univ-pau', 'fr-cfe-uca'],
  ['univ-perp', 'fr-cfe-uca'],
  ['unimes', 'fr-cfe-uca'],
  ['univ-avignon', 'fr-cfe-uca'],
  ['univ-tln', 'fr-cfe-uca'],
  ['univ-corse', 'fr-cfe-uca'],
  ['univ-antilles', 'eu-sxb-1'],
  ['univ-guyane', 'eu-sxb-1'],
  ['univ-reunion', 'fr-cfe-uca'],
  ['univ-nc', 'fr-cfe-uca'],
  ['upf', 'fr-cfe-uca'],
  ['univ-mayotte', 'fr-cfe-uca'],
  ['uvsq', 'eu-sxb-1'],
  ['univ-evry', 'eu-sxb-1'],
  ['u-pec', 'eu-sxb-1'],
  ['univ-eiffel', 'eu-sxb-1'],
  ['cyu', 'eu-sxb-1'],
  ['univ-paris8', 'eu-sxb-1'],
  ['parisnanterre', 'eu-sxb-1'],
  ['univ-spn', 'eu-sxb-1'],
  ['univ-paris1', 'eu-sxb-1'],
  ['u-paris2', 'eu-sxb-1'],
  ['univ-paris3', 'eu-sxb-1'],
  ['inalco', 'eu-sxb-1'],
  ['univ-artois', 'eu-sxb-1'],
  ['univ-littoral', 'eu-sxb-1'],
  ['uphf', 'eu-sxb-1'],
  ['univ-st-etienne', 'fr-cfe-uca'],
  ['univ-smb', 'fr-cfe-uca'],
  ['unilim', 'fr-cfe-uca'],
  ['univ-jfc', 'fr-cfe-uca'],
  ['univ-ubo', 'eu-sxb-1'],
  ['univ-uha', 'eu-sxb-1'],
  ['univ-rennes2', 'eu-sxb-1'],
  ['univ-tlse-capitole', 'eu-sxb-1'],
  ['univ-montp3', 'fr-cfe-uca'],
  ['univ-grenoble-inp', 'fr-cfe-uca'],
  ['insa-lyon', 'fr-cfe-uca'],
  ['insa-rennes', 'eu-sxb-1'],
  ['insa-toulouse', 'eu-sxb-1'],
  ['utc', 'eu-sxb-1'],
  ['utt', 'eu-sxb-1'],
  ['utbm', 'eu-sxb-1'],
  ['ens-lyon', 'fr-cfe-uca'],
  ['ens-psl', 'eu-sxb-1'],
  ['sciencespo-lyon', 'fr-cfe-uca'],
  ['univ-catholille', 'eu-sxb-1'],
];

/** Group names used as instance owners (they exist in catalog/org). */
const OWNERS = [
  'ops',
  'qualification',
  'equipe-toulouse',
  'equipe-strasbourg',
  'equipe-nantes',
  'equipe-marseille',
  'architecture',
  'amoa',
];

const SUFFIXES: Record<Usage, string[]> = {
  production: ['production', 'preprod', 'formation', 'consultation'],
  construction: [
    'recette',
    'qualif',
    'integration',
    'test',
    'demo',
    'migration',
  ],
  sandbox: ['bac-a-sable'],
};

/** Dependencies that an instance may disable or switch off (never a backend or a server). */
const OPTIONAL = [
  'batch-notes',
  'printer',
  'pv-jury',
  'dremgr',
  'maintenance-page',
  'gateway-admin',
  'connecteur-sise',
  'connecteur-sifac',
  'connecteur-cvec',
  'pegase-swagger-ui',
  'rdd-tools',
];

export interface FleetOptions {
  instances: number;
  seed: number | string;
  clusters: ClusterDef[];
  /** Reference date for TTLs. */
  now: Date;
}

function addDays(now: Date, days: number): string {
  return new Date(now.getTime() + days * 86400000).toISOString().slice(0, 10);
}

function releaseIndex(version: string): number {
  return RELEASES.findIndex(r => r.version === version);
}

function depsOfVersion(version: string): string[] {
  const idx = releaseIndex(version);
  return DEPENDENCIES.filter(d => inRelease(d, idx)).map(d => d.key);
}

/**
 * Build the instance folders of a fleet of `instances` instances (exactly one folder holds
 * a JSON array of two instances when `instances >= 2`).
 */
export function buildInstances(opts: FleetOptions): InstanceFolder[] {
  const rng = new Rng(opts.seed);
  const { clusters, now } = opts;
  const used = new Set<string>();
  const namespaces = new Set<string>();
  const folders: InstanceFolder[] = [];
  const counters = new Map<string, number>();
  let remaining = opts.instances;

  const chooseCluster = (region: Region, usage: Usage, preferred?: string) => {
    if (preferred && clusters.some(c => c.name === preferred)) return preferred;
    let candidates = clusters.filter(
      c => c.region === region && c.usage === usage,
    );
    if (!candidates.length && usage === 'sandbox') {
      candidates = clusters.filter(
        c => c.region === region && c.usage === 'construction',
      );
    }
    if (!candidates.length)
      candidates = clusters.filter(c => c.region === region);
    if (!candidates.length) candidates = clusters;
    return rng.pick(candidates).name;
  };

  const nextName = (univ: string, usage: Usage): string => {
    const list = SUFFIXES[usage];
    for (;;) {
      const key = `${univ}/${usage}`;
      const k = counters.get(key) ?? 0;
      counters.set(key, k + 1);
      let suffix: string;
      if (usage === 'sandbox') suffix = `${list[0]}-${k + 1}`;
      else if (k < list.length) suffix = list[k];
      else
        suffix = `${list[k % list.length]}-${Math.floor(k / list.length) + 1}`;
      const name = `${univ}-${suffix}`;
      if (!used.has(name)) return name;
    }
  };

  const claimNamespace = (ns: string) => {
    namespaces.add(ns);
    return ns;
  };

  const baseValues = (inst: InstanceDef): Record<string, unknown> => ({
    global: {
      instance: inst.name,
      university: inst.university,
      host: `${inst.name}.pegase.pc-scol.fr`,
      cluster: inst.cluster,
    },
  });

  // ---- fixed head: the demo's named instances -------------------------------------
  const head: Array<() => void> = [
    () => {
      const inst: InstanceDef = {
        name: 'unistra-production',
        university: 'unistra',
        usage: 'production',
        region: 'eu-sxb-1',
        cluster: chooseCluster('eu-sxb-1', 'production', 'sxb-prod-1'),
        chartVersion: CURRENT_VERSION,
        owner: 'ops',
      };
      used.add(inst.name);
      claimNamespace(inst.name);
      const values = baseValues(inst);
      Object.assign(values, {
        ins: { replicaCount: 4 },
        'ins-web': { replicaCount: 3 },
        'kafka-ui': { enabled: true },
      });
      folders.push({
        region: inst.region,
        usage: inst.usage,
        folder: inst.name,
        instances: [inst],
        values,
        valuesComment: `Values of ${inst.name}: more replicas for the registration campaign, Kafka UI on.`,
      });
    },
    () => {
      const inst: InstanceDef = {
        name: 'uca-recette',
        university: 'uca',
        usage: 'construction',
        region: 'fr-cfe-uca',
        cluster: chooseCluster('fr-cfe-uca', 'construction', 'uca-cons-1'),
        namespace: 'uca-recette',
        chartVersion: CURRENT_VERSION,
        disabledComponents: ['connecteur-sifac', 'batch-notes'],
        owner: 'qualification',
      };
      used.add(inst.name);
      claimNamespace(inst.name);
      const values = baseValues(inst);
      Object.assign(values, { 'connecteur-moodle': { enabled: true } });
      folders.push({
        region: inst.region,
        usage: inst.usage,
        folder: inst.name,
        instances: [inst],
        values,
        valuesComment: `Values of ${inst.name}: acceptance tests of the Moodle connector.`,
      });
    },
    () => {
      const inst: InstanceDef = {
        name: 'uca-production',
        university: 'uca',
        usage: 'production',
        region: 'fr-cfe-uca',
        cluster: chooseCluster('fr-cfe-uca', 'production', 'uca-prod-1'),
        namespace: 'pegase-uca',
        chartVersion: RELEASES[RELEASES.length - 2].version,
        owner: 'ops',
      };
      used.add(inst.name);
      claimNamespace('pegase-uca');
      const values = baseValues(inst);
      Object.assign(values, {
        tags: { connecteurs: false },
        'connecteur-ldap': { enabled: true },
      });
      folders.push({
        region: inst.region,
        usage: inst.usage,
        folder: inst.name,
        instances: [inst],
        values,
        valuesComment:
          `Values of ${inst.name}: connectors off by tag, except connecteur-ldap ` +
          '(its condition value wins over the tag, as in Helm).',
      });
    },
    () => {
      // The one instance.json that holds a JSON array of two instances.
      const a: InstanceDef = {
        name: 'unistra-bac-a-sable-1',
        university: 'unistra',
        usage: 'sandbox',
        region: 'eu-sxb-1',
        cluster: chooseCluster('eu-sxb-1', 'sandbox', 'sxb-sandbox-1'),
        chartVersion: CURRENT_VERSION,
        ttl: addDays(now, 2),
        owner: 'equipe-strasbourg',
      };
      const b: InstanceDef = {
        ...a,
        name: 'unistra-bac-a-sable-2',
        ttl: addDays(now, 21),
        owner: 'equipe-toulouse',
      };
      used.add(a.name);
      used.add(b.name);
      counters.set('unistra/sandbox', 2);
      claimNamespace(a.name);
      claimNamespace(b.name);
      folders.push({
        region: a.region,
        usage: a.usage,
        folder: 'unistra-bacs-a-sable',
        instances: [a, b],
        values: { global: { university: 'unistra', cluster: a.cluster } },
        valuesComment:
          'Shared values of the two sandboxes listed in instance.json (a JSON array: one ' +
          'ArgoCD Application per element).',
      });
    },
  ];

  const headCount = (i: number) => (i === 3 ? 2 : 1);
  for (let i = 0; i < head.length && remaining >= headCount(i); i++) {
    head[i]();
    remaining -= headCount(i);
  }

  // ---- random tail ---------------------------------------------------------------
  const versionWeights = [5, 8, 12, 25, 50];
  const versions = RELEASES.map(r => r.version);
  let i = 0;
  while (remaining > 0) {
    i++;
    const usage = rng.weighted<Usage>(
      ['production', 'construction', 'sandbox'],
      [50, 33, 17],
    );
    const [university, region] = rng.pick(UNIVERSITIES);
    const name = nextName(university, usage);
    used.add(name);
    const cluster = chooseCluster(region, usage);
    const chartVersion =
      usage === 'sandbox'
        ? CURRENT_VERSION
        : rng.weighted(versions, versionWeights);
    const inst: InstanceDef = {
      name,
      university,
      usage,
      region,
      cluster,
      chartVersion,
    };

    // namespace: omitted (default = name), explicit and equal, or different.
    let ns = name;
    if (i % 11 === 3 && !namespaces.has(`pegase-${name}`)) {
      ns = `pegase-${name}`;
      inst.namespace = ns;
    } else if (i % 2 === 0) {
      inst.namespace = name;
    }
    claimNamespace(ns);

    const available = depsOfVersion(chartVersion);
    const optional = OPTIONAL.filter(k => available.includes(k));
    if (i % 7 === 2)
      inst.disabledComponents = rng.sample(optional, rng.int(1, 2)).sort();
    if (usage === 'sandbox')
      inst.ttl = addDays(now, i % 5 === 0 ? rng.int(1, 3) : rng.int(4, 60));
    if (i % 6 !== 1) {
      inst.owner =
        usage === 'production'
          ? rng.weighted(OWNERS, [6, 1, 0, 0, 0, 0, 1, 1])
          : rng.pick(OWNERS);
    }

    const values = baseValues(inst);
    const notes: string[] = [];
    if (i % 9 === 4) {
      const off = rng.pick(
        optional.filter(k => !inst.disabledComponents?.includes(k)),
      );
      values[off] = { enabled: false };
      notes.push(`${off} switched off`);
    }
    if (i % 8 === 5 && available.includes('kafka-ui')) {
      values['kafka-ui'] = { enabled: true };
      notes.push('kafka-ui (disabled by default) switched on');
    }
    if (i % 10 === 6) {
      values['connecteur-moodle'] = { enabled: true };
      notes.push('connecteur-moodle (disabled by default) switched on');
    }
    if (i % 12 === 7) {
      values.tags = { connecteurs: false };
      notes.push('all connectors off by tag');
      if (i % 24 === 7) {
        values['connecteur-ldap'] = { enabled: true };
        notes.push('but connecteur-ldap kept (condition wins over tag)');
      }
    }
    if (usage === 'production' && rng.chance(0.3)) {
      values.ins = { replicaCount: rng.int(2, 4) };
      values['ins-web'] = { replicaCount: rng.int(2, 3) };
      notes.push('more replicas for ins and ins-web');
    }
    folders.push({
      region,
      usage,
      folder: name,
      instances: [inst],
      values,
      valuesComment: `Values of ${name}${
        notes.length ? `: ${notes.join('; ')}` : ''
      }.`,
    });
    remaining--;
  }
  return folders;
}
