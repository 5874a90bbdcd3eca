import { Entity } from '@backstage/catalog-model';
import {
  ARGOCD_APP_NAME_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
  PEGASE_ANNOTATIONS,
  PEGASE_ENTITY_TYPES,
  PEGASE_LABELS,
} from '@pcscol/plugin-pegase-common';
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
 * Converts a `PEGASE_LABELS.requestedFor` label (`kind.namespace.name`, dots
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
        [PEGASE_ANNOTATIONS.requestedFor]: doc.requestedFor,
        [PEGASE_ANNOTATIONS.kubernetesNamespace]: doc.namespace,
        [KUBERNETES_NAMESPACE_ANNOTATION]: doc.namespace,
        [PEGASE_ANNOTATIONS.postgresVersion]:
          kindName === 'postgresql'
            ? String(spec.postgresql?.version ?? '')
            : undefined,
        [PEGASE_ANNOTATIONS.instances]:
          kindName === 'postgresql' && spec.numberOfInstances !== undefined
            ? String(spec.numberOfInstances)
            : undefined,
        [PEGASE_ANNOTATIONS.team]:
          kindName === 'postgresql' ? spec.teamId : undefined,
        [PEGASE_ANNOTATIONS.kafkaVersion]:
          kindName === 'Kafka' ? String(spec.kafka?.version ?? '') : undefined,
      });
      const ownerLabel = doc.labels[PEGASE_LABELS.owner];
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
  const applicationSets = new Map<string, string>();
  for (const app of snapshot.generatedApplications ?? []) {
    if (app.instance) applicationSets.set(app.instance, app.applicationSet);
  }

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
          [PEGASE_ANNOTATIONS.region]: inst.region,
          [PEGASE_ANNOTATIONS.usage]: inst.usage,
          [PEGASE_ANNOTATIONS.university]: inst.university,
          [PEGASE_ANNOTATIONS.namespace]: inst.namespace,
          [PEGASE_ANNOTATIONS.cluster]: inst.cluster,
          [PEGASE_ANNOTATIONS.chartVersion]: inst.chartVersion,
          [PEGASE_ANNOTATIONS.ttl]: inst.ttl,
          [ARGOCD_APP_NAME_ANNOTATION]: inst.name,
          [PEGASE_ANNOTATIONS.argocdInstance]:
            cluster?.argocd || options.defaultArgocdInstance,
          [PEGASE_ANNOTATIONS.vaultPath]: inst.vaultPath,
          [KUBERNETES_NAMESPACE_ANNOTATION]: inst.namespace,
          [PEGASE_ANNOTATIONS.disabledComponents]:
            inst.disabledComponents.join(','),
          [PEGASE_ANNOTATIONS.subChartVersions]: JSON.stringify(
            inst.subChartVersions,
          ),
          [PEGASE_ANNOTATIONS.valuesFile]: inst.valuesFile,
          [PEGASE_ANNOTATIONS.applicationSet]: applicationSets.get(inst.name),
        }),
        ...(inst.usage ? { tags: [inst.usage] } : {}),
      },
      spec: {
        type: PEGASE_ENTITY_TYPES.instance,
        owner: inst.owner || options.opsGroup,
        dependsOn,
      },
    });
  }

  manifestEntities(
    out,
    snapshot.dbaas,
    'postgresql',
    PEGASE_ENTITY_TYPES.postgresCluster,
    options,
  );
  manifestEntities(
    out,
    snapshot.kaas,
    'Kafka',
    PEGASE_ENTITY_TYPES.kafkaCluster,
    options,
  );
  return { entities: out.entities, problems: out.problems };
}
