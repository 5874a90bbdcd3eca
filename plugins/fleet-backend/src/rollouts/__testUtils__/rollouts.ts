import { randomUUID } from 'node:crypto';
import { mockServices } from '@backstage/backend-test-utils';
import type { RolloutDraft } from '../RolloutStore';
import type { RolloutInstance } from '@pcscol/plugin-pegase-common';
import type { RolloutConfig } from '../types';

export const TARGET = '25.0.0';

export const testRolloutConfig = (
  over: Partial<RolloutConfig> = {},
): RolloutConfig => ({
  enabled: true,
  tickSeconds: 30,
  soakSeconds: 300,
  waveTimeoutSeconds: 3600,
  failureThresholdPercent: 10,
  alertSeverity: 'critical',
  severities: ['info', 'warning', 'critical'],
  productionApprovalRequired: true,
  timeoutMs: 1000,
  notifications: { enabled: true, approvers: [] },
  ...over,
});

export const testInstance = (
  name: string,
  usage: string,
  from = '24.0.0',
): RolloutInstance => ({
  name,
  entityRef: `resource:default/${name}`,
  file: `instances/eu-par-1/${usage}/${name}/instance.json`,
  region: 'eu-par-1',
  usage,
  cluster: 'k8s-par-1',
  namespace: name,
  from,
});

/** A draft of waves by usage: `sizes` instances in sandbox, construction, production. */
export function draftRollout(
  sizes: [number, number, number] = [2, 2, 1],
  over: Partial<RolloutDraft> = {},
): RolloutDraft {
  const usages = ['sandbox', 'construction', 'production'];
  return {
    id: randomUUID(),
    targetVersion: TARGET,
    selection: {},
    strategy: { by: 'usage' },
    createdBy: 'user:default/ops-lead',
    createdAt: new Date().toISOString(),
    waves: usages
      .map((usage, index) => ({
        index,
        name: usage,
        state: 'pending' as const,
        instances: Array.from({ length: sizes[index] }, (_, i) =>
          testInstance(`${usage.slice(0, 3)}-${index}-${i}`, usage),
        ),
        requiresApproval: usage === 'production',
      }))
      .filter(w => w.instances.length > 0)
      .map((w, index) => ({ ...w, index })),
    ...over,
  };
}

export const testLogger = () => mockServices.logger.mock();
