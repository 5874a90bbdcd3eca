/*
 * The Kubernetes manifests of deploy/kubernetes, validated offline: a minimal
 * kustomize build (resources, labels, images, strategic-merge patches, the
 * unset-only NamespaceTransformer: what the base and overlays/example use; any
 * other kustomize feature fails the test), then every object through the
 * OpenAPI schemas of `kubernetes-models`, then what production needs.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import {
  Namespace,
  Secret,
  Service,
  ServiceAccount,
  ConfigMap,
} from 'kubernetes-models/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1';
import {
  Role,
  RoleBinding,
} from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { repoRoot } from './__testUtils__/backendProcess';

type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
  };
  [k: string]: any;
};

const deployDir = path.join(repoRoot, 'deploy/kubernetes');

const MODELS: Record<string, new (o: any) => { validate(): void }> = {
  'v1/Namespace': Namespace,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
  'v1/ConfigMap': ConfigMap,
  'apps/v1/Deployment': Deployment,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/Ingress': Ingress,
  'rbac.authorization.k8s.io/v1/Role': Role,
  'rbac.authorization.k8s.io/v1/RoleBinding': RoleBinding,
};
const CLUSTER_SCOPED = new Set(['Namespace']);

function readYamlDocs(file: string): K8sObject[] {
  return YAML.parseAllDocuments(fs.readFileSync(file, 'utf8'))
    .map(d => {
      if (d.errors.length) throw new Error(`${file}: ${d.errors[0].message}`);
      return d.toJS();
    })
    .filter(Boolean);
}

/** Strategic merge, enough for these patches: lists of named objects merge by name. */
function strategicMerge(base: any, patch: any): any {
  if (Array.isArray(base) && Array.isArray(patch)) {
    if (patch.every(p => p && typeof p === 'object' && 'name' in p)) {
      const out = base.map(b => {
        const p = patch.find(x => x.name === b?.name);
        return p ? strategicMerge(b, p) : b;
      });
      for (const p of patch)
        if (!base.some(b => b?.name === p.name)) out.push(p);
      return out;
    }
    return patch;
  }
  if (base && patch && typeof base === 'object' && typeof patch === 'object') {
    const out = { ...base };
    for (const [k, v] of Object.entries(patch)) {
      out[k] = v === null ? undefined : strategicMerge(base[k], v);
    }
    return out;
  }
  return patch;
}

const KNOWN_FIELDS = new Set([
  'apiVersion',
  'kind',
  'resources',
  'labels',
  'images',
  'patches',
  'transformers',
]);

function kustomizeBuild(dir: string): K8sObject[] {
  const k = YAML.parse(
    fs.readFileSync(path.join(dir, 'kustomization.yaml'), 'utf8'),
  );
  for (const key of Object.keys(k)) {
    if (!KNOWN_FIELDS.has(key))
      throw new Error(
        `${dir}: kustomize field ${key} is not handled by this test`,
      );
  }
  let objects: K8sObject[] = [];
  for (const r of k.resources ?? []) {
    const p = path.resolve(dir, r);
    objects.push(
      ...(fs.statSync(p).isDirectory() ? kustomizeBuild(p) : readYamlDocs(p)),
    );
  }
  for (const { pairs, includeSelectors } of k.labels ?? []) {
    expect(includeSelectors).toBe(false);
    for (const o of objects)
      o.metadata.labels = { ...o.metadata.labels, ...pairs };
  }
  for (const patch of k.patches ?? []) {
    if (!patch.path || patch.target || patch.patch) {
      throw new Error(`${dir}: only strategic-merge patch files are handled`);
    }
    for (const p of readYamlDocs(path.resolve(dir, patch.path))) {
      const i = objects.findIndex(
        o => o.kind === p.kind && o.metadata.name === p.metadata.name,
      );
      if (i < 0) throw new Error(`${dir}: patch ${patch.path} matches nothing`);
      objects[i] = strategicMerge(objects[i], p);
    }
  }
  for (const img of k.images ?? []) {
    objects = objects.map(o => {
      for (const c of o.spec?.template?.spec?.containers ?? []) {
        const [name] = c.image.split(':');
        if (name === img.name) c.image = `${img.newName ?? name}:${img.newTag}`;
      }
      return o;
    });
  }
  for (const t of k.transformers ?? []) {
    const tr = typeof t === 'string' ? YAML.parse(t) : t;
    if (
      tr.kind !== 'NamespaceTransformer' ||
      tr.unsetOnly !== true ||
      tr.setRoleBindingSubjects !== 'none'
    ) {
      throw new Error(
        `${dir}: only an unset-only NamespaceTransformer is handled`,
      );
    }
    for (const o of objects) {
      if (!CLUSTER_SCOPED.has(o.kind) && !o.metadata.namespace) {
        o.metadata.namespace = tr.metadata.namespace;
      }
    }
  }
  return objects;
}

const find = (objects: K8sObject[], kind: string, name?: string) => {
  const o = objects.find(
    x => x.kind === kind && (!name || x.metadata.name === name),
  );
  if (!o) throw new Error(`no ${kind} ${name ?? ''}`);
  return o;
};

describe.each([['base'], ['overlays/example']])('deploy/kubernetes/%s', dir => {
  const objects = kustomizeBuild(path.join(deployDir, dir));

  it('builds objects that pass the Kubernetes OpenAPI schemas', () => {
    expect(objects.length).toBeGreaterThanOrEqual(8);
    for (const o of objects) {
      const Model = MODELS[`${o.apiVersion}/${o.kind}`];
      expect(Model).toBeDefined();
      expect(() => new Model(o).validate()).not.toThrow();
    }
    const keys = objects.map(
      o => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`,
    );
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('runs 2+ replicas with probes on the health endpoints, resources, and the env', () => {
    const d = find(objects, 'Deployment', 'pegase-portal');
    expect(d.spec.replicas).toBeGreaterThanOrEqual(2);
    const pod = d.spec.template.spec;
    const [c] = pod.containers;
    expect(c.readinessProbe.httpGet.path).toBe(
      '/.backstage/health/v1/readiness',
    );
    expect(c.livenessProbe.httpGet.path).toBe('/.backstage/health/v1/liveness');
    expect(c.resources.requests).toEqual(
      expect.objectContaining({
        cpu: expect.anything(),
        memory: expect.anything(),
      }),
    );
    expect(c.resources.limits.memory).toBeDefined();
    expect(c.command).toEqual(
      expect.arrayContaining([
        'node',
        'packages/backend',
        'app-config.yaml',
        'app-config.production.yaml',
      ]),
    );
    expect(pod.serviceAccountName).toBe('pegase-portal');
    find(objects, 'ServiceAccount', 'pegase-portal');
    // every ConfigMap/Secret/volume it refers to exists
    for (const ref of c.envFrom) {
      const kind = ref.configMapRef ? 'ConfigMap' : 'Secret';
      const name = (ref.configMapRef ?? ref.secretRef).name;
      if (dir === 'base' && kind === 'Secret') continue; // created per overlay
      find(objects, kind, name);
    }
    for (const v of pod.volumes.filter((x: any) => x.configMap)) {
      find(objects, 'ConfigMap', v.configMap.name);
    }
    // The selector matches the pod labels; Service and PDB select the same pods.
    const podLabels = d.spec.template.metadata.labels;
    for (const sel of [
      d.spec.selector.matchLabels,
      find(objects, 'Service').spec.selector,
      find(objects, 'PodDisruptionBudget').spec.selector.matchLabels,
    ]) {
      for (const [k, v] of Object.entries(sel)) expect(podLabels[k]).toBe(v);
    }
    const pdb = find(objects, 'PodDisruptionBudget');
    expect(pdb.spec.minAvailable).toBeLessThan(d.spec.replicas);
    const ingress = find(objects, 'Ingress');
    expect(ingress.spec.rules[0].http.paths[0].backend.service.name).toBe(
      find(objects, 'Service').metadata.name,
    );
  });

  it('lets the portal read Secrets in `argocd` only, nothing more', () => {
    const roles = objects.filter(
      o => o.kind === 'Role' || o.kind === 'ClusterRole',
    );
    expect(roles).toHaveLength(1);
    const [role] = roles;
    expect(role.kind).toBe('Role');
    expect(role.metadata.namespace).toBe('argocd');
    expect(role.rules).toEqual([
      {
        apiGroups: [''],
        resources: ['secrets'],
        verbs: ['get', 'list', 'watch'],
      },
    ]);
    const binding = find(objects, 'RoleBinding');
    expect(objects.some(o => o.kind === 'ClusterRoleBinding')).toBe(false);
    expect(binding.metadata.namespace).toBe('argocd');
    expect(binding.roleRef).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Role',
      name: role.metadata.name,
    });
    expect(binding.subjects).toEqual([
      {
        kind: 'ServiceAccount',
        name: 'pegase-portal',
        namespace: 'pegase-portal',
      },
    ]);
    // in an overlay, the subject is the portal's ServiceAccount in its namespace
    const sa = find(objects, 'ServiceAccount', 'pegase-portal');
    expect(dir === 'base' ? 'pegase-portal' : sa.metadata.namespace).toBe(
      binding.subjects[0].namespace,
    );
  });
});

describe('deploy/kubernetes/overlays/example', () => {
  const objects = kustomizeBuild(path.join(deployDir, 'overlays/example'));

  it('puts the portal in its namespace with its image, host and settings', () => {
    for (const o of objects) {
      if (o.kind === 'Namespace') continue;
      const expected = ['Role', 'RoleBinding'].includes(o.kind)
        ? 'argocd'
        : 'pegase-portal';
      expect(`${o.kind}/${o.metadata.name}: ${o.metadata.namespace}`).toBe(
        `${o.kind}/${o.metadata.name}: ${expected}`,
      );
    }
    const d = find(objects, 'Deployment');
    expect(d.spec.template.spec.containers[0].image).toBe(
      'registry.pc-scol.example/pegase/pegase-portal:1.0.0',
    );
    expect(find(objects, 'Ingress').spec.rules[0].host).toBe(
      'portal.pc-scol.example',
    );
  });

  it('provides every env var app-config.production.yaml requires', () => {
    const config = fs.readFileSync(
      path.join(repoRoot, 'app-config.production.yaml'),
      'utf8',
    );
    // ${VAR} without a `:-default`, outside comments
    const required = new Set<string>();
    for (const line of config.split('\n')) {
      const code = line.replace(/(^|\s)#.*$/, '');
      for (const m of code.matchAll(/\$\{([A-Z0-9_]+)\}/g)) required.add(m[1]);
    }
    const provided = new Set<string>();
    for (const o of objects) {
      if (o.kind === 'ConfigMap' && o.metadata.name === 'pegase-portal-env') {
        Object.keys(o.data).forEach(k => provided.add(k));
      }
      if (o.kind === 'Secret')
        Object.keys(o.stringData ?? o.data ?? {}).forEach(k => provided.add(k));
    }
    // optional ones: their key is dropped when unset
    const optional = ['GITHUB_TOKEN', 'GITOPS_FORGE_HOST'];
    const missing = [...required].filter(
      v => !provided.has(v) && !optional.includes(v),
    );
    expect(missing).toEqual([]);
  });
});
