import { StandInModule } from '../types';
import { startGithubApi } from './githubApi';

export type {
  WebhookTarget,
  WebhookDelivery,
  UnderReport,
} from '../forge/pushHook';

export {
  startGithubApi,
  GITHUB_BODY_MAX,
  type GithubStandInFaults,
  type GithubStandIn,
  type GithubStandInOptions,
  type GithubPullRequest,
} from './githubApi';

/** The GitHub REST API (repositories, pull requests), for a GitOps repository on GitHub. */
export const standIn: StandInModule = {
  name: 'github',
  demoPort: 18150,
  urlEnv: 'GITHUB_API_URL',
  tokenEnv: 'GITHUB_TOKEN',
  start: startGithubApi,
};
