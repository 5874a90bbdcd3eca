import { StandInModule } from '../types';
import { startArgocdStandIn } from './argocdServer';

export {
  startArgocdStandIn,
  selectFields,
  LIST_FIELDS_WHITELIST,
  DEFAULT_ARGOCD_TOKEN,
  DEFAULT_ARGOCD_USERS,
  type ArgocdStandInFaults,
  type ArgocdStandInStats,
  type RunningArgocdStandIn,
} from './argocdServer';
export {
  buildApplications,
  scenarioOf,
  workloadName,
  PEGASE_CHART_REPO,
  GITOPS_VALUES_REPO,
  IMAGE_REGISTRY,
  type StandInApplication,
} from './fleet';

/** ArgoCD API server (v3) fed from the GitOps repository. */
export const standIn: StandInModule = {
  name: 'argocd',
  demoPort: 18110,
  urlEnv: 'ARGOCD_URL',
  tokenEnv: 'ARGOCD_TOKEN',
  start: startArgocdStandIn,
};
