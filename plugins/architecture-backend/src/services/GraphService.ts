import type {
  BackstageCredentials,
  CacheService,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  impactOf,
  type ArchitectureGraph,
  type ArchitectureImpact,
} from '@pcscol/plugin-architecture-common';
import { PEGASE_INSTANCE_TYPE } from '@pcscol/plugin-pegase-common';
import type { ArchitectureConfig } from '../config';
import { assembleGraph } from './assembleGraph';

const FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'spec.type',
  'spec.owner',
  'relations',
];

/**
 * The architecture graph of one user: two catalog queries made with that
 * user's credentials (the catalog drops what they may not read), cached per
 * user for `cacheTtlSeconds`.
 */
export class GraphService {
  constructor(
    private readonly options: {
      catalog: CatalogService;
      cache: CacheService;
      config: ArchitectureConfig;
      now?: () => Date;
    },
  ) {}

  async graph(credentials: BackstageCredentials): Promise<ArchitectureGraph> {
    const key = `graph:v1:${this.options.config.system}:${principalKey(
      credentials,
    )}`;
    const cached = (await this.options.cache.get(key)) as
      | ArchitectureGraph
      | undefined;
    if (cached) return cached;
    const { catalog, config } = this.options;
    const [entities, instances] = await Promise.all([
      catalog.getEntities(
        { filter: { 'spec.system': config.system }, fields: FIELDS },
        { credentials },
      ),
      catalog.getEntities(
        {
          filter: { kind: 'Resource', 'spec.type': PEGASE_INSTANCE_TYPE },
          fields: ['metadata.name', 'metadata.annotations'],
        },
        { credentials },
      ),
    ]);
    const graph = assembleGraph({
      system: config.system,
      entities: entities.items,
      instances: instances.items,
      now: this.options.now?.() ?? new Date(),
    });
    await this.options.cache.set(key, graph as any, {
      ttl: { seconds: config.cacheTtlSeconds },
    });
    return graph;
  }

  async impact(
    credentials: BackstageCredentials,
    target: string,
  ): Promise<ArchitectureImpact> {
    const graph = await this.graph(credentials);
    if (!graph.nodes.some(n => n.id === target)) {
      throw new NotFoundError(
        `${target} is not in the architecture of ${graph.system}`,
      );
    }
    return impactOf(graph, target);
  }
}

function principalKey(credentials: BackstageCredentials): string {
  const p = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  return p.type === 'user'
    ? `user:${p.userEntityRef}`
    : `${p.type}:${p.subject ?? ''}`;
}
