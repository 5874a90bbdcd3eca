/**
 * Dev-only generator of the Pégase demo GitOps repository, and validation of Kubernetes
 * manifests against the official CRD schemas.
 *
 * @packageDocumentation
 */
export { generateFleet, DEFAULT_NOW, DEFAULT_SEED } from './generateFleet';
export type { GenerateFleetOptions, FleetSummary } from './generateFleet';
export {
  validateManifest,
  validateYamlManifests,
  validateManifestFile,
  defaultCrdDir,
} from './crdValidation';
export type { ManifestValidationError, ValidateOptions } from './crdValidation';
export {
  DEPENDENCIES,
  SUB_CHARTS,
  RELEASES,
  CURRENT_VERSION,
} from './components';
export type {
  DependencyDef,
  SubChartDef,
  ComponentType,
  DatabaseDef,
} from './components';
export { buildClusters } from './fleet';
export type { ClusterDef, InstanceDef, Region, Usage } from './fleet';
export { instanceVaultFiles, clusterVaultFiles } from './vault';
export type { InstanceVaultInput } from './vault';
export { isDependencyEnabled, mergeValues } from './helm';
