import { resolve } from 'node:path';
import {
  directoryFileSource,
  readGitopsRepository,
  type GitopsSnapshot,
} from '@pcscol/plugin-pegase-node';
import type { AuditorService } from '@backstage/backend-plugin-api';

/** The committed demo GitOps repository (50 instances, several teams). */
export const DEMO_REPO = resolve(
  __dirname,
  '../../../../../catalog/demo-gitops',
);

let demo: Promise<GitopsSnapshot> | undefined;
export function demoSnapshot(): Promise<GitopsSnapshot> {
  demo ??= readGitopsRepository(directoryFileSource(DEMO_REPO), {
    loadOpenApi: false,
  });
  return demo;
}

/** An auditor that keeps the refusals it records. */
export function recordingAuditor(): AuditorService & {
  refusals: Array<{ eventId: string; meta: Record<string, unknown> }>;
} {
  const refusals: Array<{ eventId: string; meta: Record<string, unknown> }> =
    [];
  return {
    refusals,
    async createEvent(options: any) {
      return {
        async success() {},
        async fail(f: any) {
          refusals.push({ eventId: options.eventId, meta: f.meta ?? {} });
        },
      };
    },
  } as any;
}
