/*
 * The scaffolder actions' harness: their options over the shared GitOps peers
 * (`@pcscol/plugin-pegase-node/testUtils`), fake permissions, a recording
 * auditor and an action context.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  AuditorService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  EntityAuthorizer,
  GitopsChangePublisher,
} from '@pcscol/plugin-pegase-node';
import type { Peers } from '@pcscol/plugin-pegase-node/testUtils';
import { REFUSAL_EVENT_ID } from '../lib/access';
import { readSelfServiceSettings } from '../config';
import { PegaseActionOptions } from '../lib/flow';

/** Reference date of the generated fleet's TTLs; tests run "now" at this date. */
export const NOW = new Date('2026-11-25T12:00:00Z');

/**
 * A permissions service that allows everything but the production
 * permissions (`*.production`), which it allows only when `allowProduction`
 * is true. The tests of who may write what use the real policy instead
 * (`policyPermissions`).
 */
export function fakePermissions(
  allowProduction: boolean,
): PermissionsService & { calls: string[] } {
  const calls: string[] = [];
  const decide = (name: string) =>
    allowProduction || !name.endsWith('.production')
      ? AuthorizeResult.ALLOW
      : AuthorizeResult.DENY;
  return {
    calls,
    async authorize(requests: any[]) {
      return requests.map(r => {
        calls.push(r.permission.name);
        return { result: decide(r.permission.name) };
      });
    },
    async authorizeConditional(requests: any[]) {
      return requests.map(r => ({ result: decide(r.permission.name) }));
    },
  } as any;
}

/** An auditor that keeps the events it is given (`events`). */
export function recordingAuditor() {
  const events: Array<{ eventId: string; meta: any; error?: Error }> = [];
  const auditor: AuditorService = {
    async createEvent(options: any) {
      return {
        async success() {},
        async fail(f: { error: Error; meta?: any }) {
          events.push({
            eventId: options.eventId,
            meta: f.meta ?? options.meta,
            error: f.error,
          });
        },
      };
    },
  } as any;
  return { auditor, events };
}

export function actionOptions(
  peers: Peers,
  allowProduction = true,
  permissions?: PermissionsService,
): PegaseActionOptions & {
  permissions: PermissionsService & { calls?: string[] };
  audited: ReturnType<typeof recordingAuditor>['events'];
} {
  const { auditor, events } = recordingAuditor();
  const perms = permissions ?? fakePermissions(allowProduction);
  return {
    publisher: GitopsChangePublisher.fromConfig(peers.config),
    permissions: perms,
    authorizer: new EntityAuthorizer({
      httpAuth: mockServices.httpAuth(),
      permissions: perms,
      auditor,
      refusalEventId: REFUSAL_EVENT_ID,
    }),
    selfService: readSelfServiceSettings(peers.config),
    now: () => NOW,
    audited: events,
  };
}

/**
 * An action context (the scaffolder's `createMockActionContext` lives in
 * `@backstage/plugin-scaffolder-node-test-utils`, whose published versions
 * still require scaffolder-node 0.x: a second copy; this is the same shape).
 */
export function mockContext<T>(
  input: T,
  options?: { isDryRun?: boolean; userRef?: string },
) {
  const outputs: Record<string, any> = {};
  const logs: string[] = [];
  const logger: any = {
    info: (m: string) => logs.push(m),
    warn: (m: string) => logs.push(m),
    error: (m: string) => logs.push(m),
    debug: () => {},
    child: () => logger,
  };
  const workspacePath = fs.mkdtempSync(path.join(os.tmpdir(), 'pegase-ws-'));
  const ctx: any = {
    input,
    logger,
    workspacePath,
    isDryRun: options?.isDryRun ?? false,
    task: { id: 'task-1' },
    user: { ref: options?.userRef ?? 'user:default/guest' },
    output: (name: string, value: unknown) => {
      outputs[name] = value;
    },
    checkpoint: async ({ fn }: { fn: () => Promise<any> }) => fn(),
    createTemporaryDirectory: async () =>
      fs.mkdtempSync(path.join(os.tmpdir(), 'pegase-tmp-')),
    getInitiatorCredentials: async () =>
      mockCredentials.user(options?.userRef ?? 'user:default/guest'),
  };
  return { ctx, outputs, logs };
}
