export { FleetPlanError } from './errors';
export {
  declaredFleet,
  type DeclaredFleet,
  type DeclaredInstance,
} from './declaredFleet';
export {
  releaseDiff,
  type ReleaseDiff,
  type ReleaseSubChart,
} from './releaseDiff';
export {
  selectInstances,
  parseWhere,
  type InstanceSelection,
} from './selection';
export {
  planUpgrade,
  type PlannedUpgrade,
  type SubChartChange,
  type UpgradePlan,
  type UpgradePlanInput,
  type UpgradeWave,
} from './planUpgrade';
export {
  removeInstanceFromFile,
  setInstanceChartVersion,
  upgradeFileChanges,
  type InstanceInFile,
} from './instanceJsonEdit';
export {
  compareUmbrellaVersionsDesc,
  latestVersion,
  versionLag,
  versionMatches,
} from './versions';
