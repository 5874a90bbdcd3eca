import type { z as zodV3 } from 'zod/v3';
import { INSTANCE_USAGES, InstanceUsage } from '@pcscol/plugin-pegase-node';
import { PEGASE_LABELS } from '@pcscol/plugin-pegase-common';

type Zod = typeof zodV3;

/**
 * The inputs every DBaaS/KaaS request shares: whom it serves, its usage and
 * where it runs (zod callbacks, as the scaffolder's action schemas take them).
 */
export const requestedResourceInputs = {
  requestedFor: (z: Zod) =>
    z.string({
      description: `Entity the cluster serves (entity ref), written as label ${PEGASE_LABELS.requestedFor}`,
    }),
  usage: (z: Zod) =>
    z
      .enum(INSTANCE_USAGES as [InstanceUsage, ...InstanceUsage[]], {
        description: 'Usage (its limits apply)',
      })
      .default('construction'),
  namespace: (z: Zod) =>
    z
      .string({
        description:
          'Namespace; default the namespace of the requested-for instance',
      })
      .optional(),
  cluster: (z: Zod) =>
    z
      .string({
        description:
          'Kubernetes cluster (clusters/ name or entity ref); default the instance cluster',
      })
      .optional(),
};
