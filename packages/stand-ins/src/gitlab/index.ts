import { StandInModule } from '../types';
import { startGitlabApi } from './gitlabApi';

export {
  startGitlabApi,
  GITLAB_DESCRIPTION_MAX,
  type GitlabStandInFaults,
  type GitlabStandIn,
  type GitlabStandInOptions,
  type GitlabMergeRequest,
} from './gitlabApi';
export type { ForgeCall } from '../forge/forgeServer';
export type {
  WebhookTarget,
  WebhookDelivery,
  UnderReport,
} from '../forge/pushHook';

/** The GitLab REST API (projects, merge requests) of the GitOps repository's forge. */
export const standIn: StandInModule = {
  name: 'gitlab',
  demoPort: 18140,
  urlEnv: 'GITLAB_URL',
  tokenEnv: 'GITLAB_TOKEN',
  start: startGitlabApi,
};
