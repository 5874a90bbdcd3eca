import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  ArchitectureGraph,
  ArchitectureImpact,
} from '@pcscol/plugin-architecture-common';

/** The client of `/api/architecture` (plugins/architecture-backend). @public */
export interface ArchitectureApi {
  getGraph(): Promise<ArchitectureGraph>;
  getImpact(target: string): Promise<ArchitectureImpact>;
}

/** @public */
export const architectureApiRef = createApiRef<ArchitectureApi>({
  id: 'plugin.architecture.api',
});
