import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  ArchitectureGraph,
  ArchitectureImpact,
} from '@pcscol/plugin-architecture-common';

/** The client of `/api/architecture` (plugins/architecture-backend). @public */
export interface ArchitectureApi {
  /** The System's graph, holding only the entities the user may read. */
  getGraph(): Promise<ArchitectureGraph>;
  /** What a change of the API or resource `target` (its node id) reaches. */
  getImpact(target: string): Promise<ArchitectureImpact>;
}

/** The reference of {@link ArchitectureApi}. @public */
export const architectureApiRef = createApiRef<ArchitectureApi>({
  id: 'plugin.architecture.api',
});
