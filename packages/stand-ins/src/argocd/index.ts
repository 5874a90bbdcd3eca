import { StandInModule } from '../types';
import { startArgocdStandIn } from './argocdServer';

export {
  startArgocdStandIn,
  DEFAULT_ARGOCD_TOKEN,
  DEFAULT_ARGOCD_USERS,
  type ArgocdStandInFaults,
  type ArgocdStandInOptions,
  type ArgocdStandInStats,
  type RunningArgocdStandIn,
} from './argocdServer';
export {
  buildApplications,
  scenarioOf,
  scenariosOf,
  workloadName,
  releaseNameOf,
  resolveChartRevision,
  ARGOCD_NAMESPACE,
  SANDBOX_APPS_NAMESPACE,
  PREVIEW_APPS_NAMESPACE,
  PEGASE_CHART_REPO,
  GITOPS_VALUES_REPO,
  IMAGE_REGISTRY,
  type StandInApplication,
} from './fleet';
export {
  buildAddonApplications,
  addonScenarios,
  previousVersion,
  type AddonScenario,
} from './addons';
export {
  readRepository,
  RECONCILIATION_ENV,
  DEGRADED_VERSIONS_ENV,
  PROGRESS_ENV,
  type RepositoryRef,
} from './follow';
export {
  filterListItem,
  parseListFields,
  ListFieldsError,
  type ListFieldsQuery,
} from './listFields';
export {
  argocdProfile,
  ARGOCD_PROFILES,
  ARGOCD_PROFILE_ENV,
  DEFAULT_ARGOCD_PROFILE,
  type ArgocdProfile,
  type ArgocdProfileName,
} from './profiles';

/**
 * ArgoCD API server fed from the GitOps repository, answering as the version
 * of its profile (`PEGASE_ARGOCD_PROFILE`: v2.14 or v3.5).
 */
export const standIn: StandInModule = {
  name: 'argocd',
  demoPort: 18110,
  urlEnv: 'ARGOCD_URL',
  tokenEnv: 'ARGOCD_TOKEN',
  start: startArgocdStandIn,
};
