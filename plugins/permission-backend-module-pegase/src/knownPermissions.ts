import { Permission } from '@backstage/plugin-permission-common';
import { catalogPermissions } from '@backstage/plugin-catalog-common/alpha';
import { scaffolderPermissions } from '@backstage/plugin-scaffolder-common/alpha';
import { kubernetesPermissions } from '@backstage/plugin-kubernetes-common';
import { argocdPermissions } from '@pcscol/plugin-argocd-common';
import { vaultPermissions } from '@pcscol/plugin-vault-common';
import { thanosPermissions } from '@pcscol/plugin-thanos-common';
import { architecturePermissions } from '@pcscol/plugin-architecture-common';
import {
  pegaseFleetPermissions,
  pegaseRolloutPermissions,
  pegaseSelfServicePermissions,
} from '@pcscol/plugin-pegase-common';

/**
 * The permissions this module knows without asking the plugins (their
 * `-common` packages): enough to refuse, at start, a conditional rule on a
 * basic permission. The startup check completes it with what each running
 * plugin declares (`/.well-known/backstage/permissions/metadata`).
 */
export const KNOWN_PERMISSIONS: readonly Permission[] = [
  ...catalogPermissions,
  ...scaffolderPermissions,
  ...kubernetesPermissions,
  ...argocdPermissions,
  ...vaultPermissions,
  ...thanosPermissions,
  ...architecturePermissions,
  ...pegaseFleetPermissions,
  ...pegaseSelfServicePermissions,
  ...pegaseRolloutPermissions,
];
