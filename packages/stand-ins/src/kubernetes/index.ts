import { StandInModule } from '../types';
import { startKubernetesApi } from './kubernetesApi';

export {
  startKubernetesApi,
  buildClusterSecrets,
  readGitClusters,
  DEFAULT_KUBE_TOKEN,
  type KubernetesStandInFaults,
} from './kubernetesApi';

/** The Kubernetes API of the admin cluster (ArgoCD cluster Secrets). */
export const standIn: StandInModule = {
  name: 'kubernetes',
  demoPort: 18130,
  urlEnv: 'KUBE_API_URL',
  tokenEnv: 'KUBE_TOKEN',
  start: startKubernetesApi,
};
