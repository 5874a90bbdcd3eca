/** The relations the architecture draws. @public */
export type ArchitectureEdgeType = 'providesApi' | 'consumesApi' | 'dependsOn';

/** All of {@link ArchitectureEdgeType}. @public */
export const ARCHITECTURE_EDGE_TYPES: readonly ArchitectureEdgeType[] = [
  'providesApi',
  'consumesApi',
  'dependsOn',
];

/** One node: a Component, an API or a Resource of the System. @public */
export interface ArchitectureNode {
  /** Entity ref, lower case (`component:default/ins`). */
  id: string;
  /** The entity's kind, lower case. */
  kind: 'component' | 'api' | 'resource';
  /** `spec.type` (service, website, openapi, database, kafka-topic…). */
  type: string;
  /** `metadata.name`. */
  name: string;
  /** `metadata.title`, when set. */
  title?: string;
  /** Owner group ref. */
  owner?: string;
  /** In how many instances it runs (components and resources a chart brings). */
  instances: number;
  /** Sub-chart versions those instances run, most instances first. */
  versions: Array<{ version: string; count: number }>;
}

/** One edge, from the entity that holds the relation. @public */
export interface ArchitectureEdge {
  /** Id of the node that holds the relation. */
  from: string;
  /** Id of the node the relation points at. */
  to: string;
  /** The relation. */
  type: ArchitectureEdgeType;
}

/** Response of `GET /api/architecture/graph`. @public */
export interface ArchitectureGraph {
  /** When the graph was assembled (ISO 8601). */
  generatedAt: string;
  /** Name of the System drawn (`architecture.system`, default `pegase`). */
  system: string;
  /** Its components, APIs and resources the user may read. */
  nodes: ArchitectureNode[];
  /** The relations between those nodes. */
  edges: ArchitectureEdge[];
}

/** One component the change of an API or resource reaches. @public */
export interface ImpactedComponent {
  /** The component's node id. */
  id: string;
  /** Its `metadata.name`. */
  name: string;
  /** Its owner group ref. */
  owner?: string;
  /** 1 = consumes it directly; n = through n-1 APIs of other components. */
  depth: number;
  /** In how many instances it runs. */
  instances: number;
}

/** Everything a change of one API or resource reaches. @public */
export interface ArchitectureImpact {
  /** Node id of the API or resource changed. */
  target: string;
  /** The components it reaches. */
  components: ImpactedComponent[];
  /** Owner groups of those components, sorted. */
  teams: string[];
  /** Sum of the instances running them (an instance may count more than once). */
  instanceRuns: number;
}
