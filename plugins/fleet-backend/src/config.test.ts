import { ConfigReader } from '@backstage/config';
import { readRolloutConfig } from './config';

describe('readRolloutConfig', () => {
  it('applies the defaults and takes the alerts from the first Thanos querier', () => {
    const c = readRolloutConfig(
      new ConfigReader({
        pegase: {
          thanos: {
            queriers: [
              {
                name: 'main',
                url: 'http://thanos:9090',
                token: 't',
                tenantHeader: 'X-Scope-OrgID',
                tenant: 'pegase',
              },
            ],
          },
        },
      }),
    );
    expect(c).toEqual({
      enabled: true,
      tickSeconds: 30,
      soakSeconds: 600,
      waveTimeoutSeconds: 3600,
      failureThresholdPercent: 10,
      alertSeverity: 'critical',
      severities: ['info', 'warning', 'critical'],
      productionApprovalRequired: true,
      alertsUrl: 'http://thanos:9090',
      alertsToken: 't',
      alertsTenant: { header: 'X-Scope-OrgID', value: 'pegase' },
      timeoutMs: 10000,
      notifications: { enabled: true, approvers: [] },
    });
  });

  it('reads the approvers to notify as full entity refs, refusing what is not a group or a user', () => {
    const read = (notifications: unknown) =>
      readRolloutConfig(
        new ConfigReader({
          pegase: { fleet: { rollouts: { notifications } } },
        } as any),
      ).notifications;
    expect(
      read({ approvers: ['group:ops', 'User:platform/alice'], enabled: false }),
    ).toEqual({
      enabled: false,
      approvers: ['group:default/ops', 'user:platform/alice'],
    });
    expect(() => read({ approvers: ['ops'] })).toThrow(
      "pegase.fleet.rollouts.notifications.approvers[0] 'ops' is not an entity ref (e.g. group:default/ops)",
    );
    expect(() => read({ approvers: ['group:ops', 'component:web'] })).toThrow(
      "pegase.fleet.rollouts.notifications.approvers[1] 'component:web' must be a group or a user",
    );
  });

  it('refuses bad values, naming the key', () => {
    const read = (rollouts: Record<string, number | string>) => () =>
      readRolloutConfig(new ConfigReader({ pegase: { fleet: { rollouts } } }));
    expect(read({ failureThresholdPercent: 120 })).toThrow(
      'pegase.fleet.rollouts.failureThresholdPercent must be between 0 and 100, got 120',
    );
    expect(read({ soakSeconds: 0 })).toThrow(
      'pegase.fleet.rollouts.soakSeconds must be a positive number, got 0',
    );
    expect(read({ alertSeverity: 'page' })).toThrow(
      "pegase.fleet.rollouts.alertSeverity 'page' is not one of pegase.fleet.rollouts.severities (info, warning, critical)",
    );
  });
});
