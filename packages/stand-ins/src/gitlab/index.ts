import { StandInModule } from '../types';
import { startGitlabApi } from './gitlabApi';

export {
  startGitlabApi,
  type GitlabStandIn,
  type GitlabStandInOptions,
  type GitlabMergeRequest,
} from './gitlabApi';
export type { ForgeCall } from '../forge/forgeServer';

/** The GitLab REST API (projects, merge requests) of the GitOps repository's forge. */
export const standIn: StandInModule = {
  name: 'gitlab',
  demoPort: 18140,
  urlEnv: 'GITLAB_URL',
  tokenEnv: 'GITLAB_TOKEN',
  start: startGitlabApi,
};
