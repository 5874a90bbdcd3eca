import { Entity } from '@backstage/catalog-model';
import type {
  GitopsSnapshot,
  ManifestFile,
  Problem,
} from '@pcscol/plugin-pegase-node';
import { subChartRefs } from './chart';
import {
  baseAnnotations,
  cleanAnnotations,
  EntityCollector,
  TransformOptions,
} from './common';

/**
 * Converts a `pc-scol.fr/requested-for` label (`kind.namespace.name`, dots
 * because label values cannot hold `:` or `/`) to an entity ref. A value
 * without dots is taken as a Component name. @public
 */
export function requestedForToRef(label: string): string | undefined {
  const parts = label.split('.');
  if (parts.length === 1) return `component:default/${label}`;
  if (parts.length === 2)
    return `${parts[0].toLowerCase()}:default/${parts[1]}`;
  const [kind, namespace, ...rest] = parts;
  return `${kind.toLowerCase()}:${namespace}/${rest.join('.')}`;
}

function manifestEntities(
  out: EntityCollector,
  files: ManifestFile[],
  kindName: string,
  specType: string,
  options: TransformOptions,
) {
  for (const file of files) {
    for (const doc of file.documents) {
      if (doc.kind !== kindName) continue;
      const field = `[${doc.index}].metadata.name`;
      if (!out.checkName(doc.name, specType, file.file, file.location, field)) {
        continue;
      }
      const body = doc.body as Record<string, any>;
      const spec = (body.spec ?? {}) as Record<string, any>;
      const requestedFor = doc.requestedFor
        ? requestedForToRef(doc.requestedFor)
        : undefined;
      const annotations = cleanAnnotations({
        ...baseAnnotations(file.file, file.location),
        'pc-scol.fr/requested-for': doc.requestedFor,
        'pc-scol.fr/kubernetes-namespace': doc.namespace,
        'backstage.io/kubernetes-namespace': doc.namespace,
        'pc-scol.fr/postgres-version':
          kindName === 'postgresql'
            ? String(spec.postgresql?.version ?? '')
            : undefined,
        'pc-scol.fr/instances':
          kindName === 'postgresql' && spec.numberOfInstances !== undefined
            ? String(spec.numberOfInstances)
            : undefined,
        'pc-scol.fr/team': kindName === 'postgresql' ? spec.teamId : undefined,
        'pc-scol.fr/kafka-version':
          kindName === 'Kafka' ? String(spec.kafka?.version ?? '') : undefined,
      });
      const ownerLabel = doc.labels['pc-scol.fr/owner'];
      out.add({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: { name: doc.name, annotations },
        spec: {
          type: specType,
          owner: ownerLabel || options.opsGroup,
          ...(requestedFor ? { dependencyOf: [requestedFor] } : {}),
        },
      });
    }
  }
}

/**
 * The entities of the inventory: one `pegase-instance` per instance, and the
 * DBaaS/KaaS clusters.
 * @public
 */
export function transformInventory(
  snapshot: GitopsSnapshot,
  options: TransformOptions,
): { entities: Entity[]; problems: Problem[] } {
  const out = new EntityCollector();
  const refs = subChartRefs(snapshot);
  const clusters = new Map(snapshot.clusters.map(c => [c.name, c]));

  for (const inst of snapshot.instances) {
    const field = inst.index !== undefined ? `[${inst.index}].name` : 'name';
    if (
      !out.checkName(inst.name, 'instance', inst.file, inst.location, field)
    ) {
      continue;
    }
    const cluster = clusters.get(inst.cluster);
    const dependsOn = [`resource:${inst.cluster}`];
    for (const c of inst.components) {
      dependsOn.push(refs.get(c) ?? `component:${c}`);
    }
    out.add({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: inst.name,
        description: inst.university
          ? `Pégase instance of ${inst.university} (${
              inst.usage ?? 'unknown usage'
            })`
          : undefined,
        annotations: cleanAnnotations({
          ...baseAnnotations(inst.file, inst.location),
          'pc-scol.fr/region': inst.region,
          'pc-scol.fr/usage': inst.usage,
          'pc-scol.fr/university': inst.university,
          'pc-scol.fr/namespace': inst.namespace,
          'pc-scol.fr/cluster': inst.cluster,
          'pc-scol.fr/chart-version': inst.chartVersion,
          'pc-scol.fr/ttl': inst.ttl,
          'argocd/app-name': inst.name,
          'pc-scol.fr/argocd-instance':
            cluster?.argocd || options.defaultArgocdInstance,
          'pc-scol.fr/vault-path': inst.vaultPath,
          'backstage.io/kubernetes-namespace': inst.namespace,
          'pc-scol.fr/disabled-components': inst.disabledComponents.join(','),
          'pc-scol.fr/sub-chart-versions': JSON.stringify(
            inst.subChartVersions,
          ),
          'pc-scol.fr/values-file': inst.valuesFile,
        }),
        ...(inst.usage ? { tags: [inst.usage] } : {}),
      },
      spec: {
        type: 'pegase-instance',
        owner: inst.owner || options.opsGroup,
        dependsOn,
      },
    });
  }

  manifestEntities(
    out,
    snapshot.dbaas,
    'postgresql',
    'postgres-cluster',
    options,
  );
  manifestEntities(out, snapshot.kaas, 'Kafka', 'kafka-cluster', options);
  return { entities: out.entities, problems: out.problems };
}
