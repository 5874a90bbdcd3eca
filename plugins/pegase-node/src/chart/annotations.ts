import { CHART_ANNOTATIONS } from '@pcscol/plugin-pegase-common';
import {
  COMPONENT_TYPES,
  type ComponentType,
  type SubChart,
  type SubChartDatabase,
} from '../model/types';
import { isValidEntityName } from '../model/names';
import { splitList } from '../util/parse';

/** Annotation keys read from a sub-chart's Chart.yaml (the contract's `CHART_ANNOTATIONS`). */
export const ANNOTATIONS = CHART_ANNOTATIONS;

/** Default of the `CHART_ANNOTATIONS.openapi` annotation. */
export const DEFAULT_OPENAPI_PATH = 'files/openapi.yaml';

/** The `CHART_ANNOTATIONS` of a sub-chart, defaults applied. @public */
export type SubChartAnnotations = Pick<
  SubChart,
  | 'owner'
  | 'componentType'
  | 'providesApis'
  | 'consumesApis'
  | 'databases'
  | 'kafkaTopics'
  | 'openapiPath'
  | 'workload'
  | 'serviceAccount'
>;

/**
 * Parses the `CHART_ANNOTATIONS` of a sub-chart and applies the
 * documented defaults. Invalid entries are skipped and described in
 * `issues` (`{ field, message }`), never rewritten.
 * @public
 */
export function parseSubChartAnnotations(
  annotations: Record<string, string>,
  context: {
    /** Entity name (alias or chart name). */
    entityName: string;
    /** Default owner. Default `ops`. */
    defaultOwner?: string;
    /** Whether the OpenAPI file exists (gives the `<entityName>-api` default of provides-apis). */
    openapiPresent?: boolean;
  },
): {
  value: SubChartAnnotations;
  issues: Array<{ field: string; message: string }>;
} {
  const issues: Array<{ field: string; message: string }> = [];
  const { entityName } = context;
  const names = (key: string): string[] | undefined => {
    const raw = annotations[key];
    if (raw === undefined) return undefined;
    const out: string[] = [];
    for (const n of splitList(raw)) {
      if (isValidEntityName(n)) out.push(n);
      else
        issues.push({
          field: `annotations.${key}`,
          message: `'${n}' is not a valid entity name; ignored`,
        });
    }
    return out;
  };

  let owner =
    (annotations[ANNOTATIONS.owner] ?? '').trim() ||
    context.defaultOwner ||
    'ops';
  if (
    !isValidEntityName(owner.replace(/^group:/, '').replace(/^[^/]+\//, ''))
  ) {
    issues.push({
      field: `annotations.${ANNOTATIONS.owner}`,
      message: `'${owner}' is not a valid group name; using '${
        context.defaultOwner ?? 'ops'
      }'`,
    });
    owner = context.defaultOwner ?? 'ops';
  }

  let componentType: ComponentType = 'service';
  const rawType = annotations[ANNOTATIONS.componentType]?.trim();
  if (rawType) {
    if ((COMPONENT_TYPES as readonly string[]).includes(rawType))
      componentType = rawType as ComponentType;
    else
      issues.push({
        field: `annotations.${ANNOTATIONS.componentType}`,
        message: `'${rawType}' is not one of ${COMPONENT_TYPES.join(
          ', ',
        )}; using 'service'`,
      });
  }

  const databases: SubChartDatabase[] = [];
  for (const entry of splitList(annotations[ANNOTATIONS.databases])) {
    const [name, engine, ...rest] = entry.split(':').map(s => s.trim());
    if (
      rest.length > 0 ||
      !name ||
      (engine !== 'postgres' && engine !== 'mongodb')
    ) {
      issues.push({
        field: `annotations.${ANNOTATIONS.databases}`,
        message: `'${entry}' is not 'name:engine' with engine postgres or mongodb; ignored`,
      });
    } else if (!isValidEntityName(name)) {
      issues.push({
        field: `annotations.${ANNOTATIONS.databases}`,
        message: `'${name}' is not a valid entity name; ignored`,
      });
    } else databases.push({ name, engine });
  }

  const single = (key: string) => {
    const v = annotations[key]?.trim();
    if (v === undefined || v === '') return entityName;
    if (!isValidEntityName(v)) {
      issues.push({
        field: `annotations.${key}`,
        message: `'${v}' is not a valid name; using '${entityName}'`,
      });
      return entityName;
    }
    return v;
  };

  const openapiPath = (
    annotations[ANNOTATIONS.openapi]?.trim() || DEFAULT_OPENAPI_PATH
  ).replace(/^\.?\/+/, '');
  return {
    value: {
      owner,
      componentType,
      providesApis:
        names(ANNOTATIONS.providesApis) ??
        (context.openapiPresent ? [`${entityName}-api`] : []),
      consumesApis: names(ANNOTATIONS.consumesApis) ?? [],
      databases,
      kafkaTopics: names(ANNOTATIONS.kafkaTopics) ?? [],
      openapiPath,
      workload: single(ANNOTATIONS.workload),
      serviceAccount: single(ANNOTATIONS.serviceAccount),
    },
    issues,
  };
}
