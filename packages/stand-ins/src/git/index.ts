import { StandInModule } from '../types';
import { startGitHttpServer, GITOPS_REPO_PATH } from './gitHttpServer';

export {
  startGitHttpServer,
  createBareRepository,
  GITOPS_REPO_PATH,
} from './gitHttpServer';
export { pushFiles } from './pushFiles';

/** The GitOps repository over git HTTP: a real `git http-backend`, not a simulation. */
export const standIn: StandInModule = {
  name: 'git',
  demoPort: 18100,
  urlEnv: 'GITOPS_REPO_URL',
  tokenEnv: 'GITOPS_TOKEN',
  urlPath: GITOPS_REPO_PATH,
  start: startGitHttpServer,
};
