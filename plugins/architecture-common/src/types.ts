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
  kind: 'component' | 'api' | 'resource';
  /** `spec.type` (service, website, openapi, database, kafka-topic…). */
  type: string;
  name: string;
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
  from: string;
  to: string;
  type: ArchitectureEdgeType;
}

/** Response of `GET /api/architecture/graph`. @public */
export interface ArchitectureGraph {
  generatedAt: string;
  system: string;
  nodes: ArchitectureNode[];
  edges: ArchitectureEdge[];
}

/** One component the change of an API or resource reaches. @public */
export interface ImpactedComponent {
  id: string;
  name: string;
  owner?: string;
  /** 1 = consumes it directly; n = through n-1 APIs of other components. */
  depth: number;
  instances: number;
}

/** Everything a change of one API or resource reaches. @public */
export interface ArchitectureImpact {
  target: string;
  components: ImpactedComponent[];
  /** Owner groups of those components, sorted. */
  teams: string[];
  /** Sum of the instances running them (an instance may count more than once). */
  instanceRuns: number;
}
