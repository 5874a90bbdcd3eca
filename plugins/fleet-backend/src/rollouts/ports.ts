/*
 * What the rollouts need from the outside, as interfaces: the advancer and
 * its tests depend on these only (fakes in tests, HTTP clients in the plugin).
 */
import type { ObservedAlert, ObservedStatus } from './gates';
import type { RolloutInstance } from '@pcscol/plugin-pegase-common';

/** A change request as the forge reports it. */
export interface ForgeChangeRequest {
  number: number;
  url: string;
  state: 'open' | 'merged' | 'closed';
}

/** The forge's change requests of the GitOps repository. */
export interface ChangeRequestForge {
  readonly kind: 'gitlab' | 'github';
  /** The most recent change request from `branch` in any state, if any. */
  findByBranch(branch: string): Promise<ForgeChangeRequest | undefined>;
  get(number: number): Promise<ForgeChangeRequest>;
  close(number: number): Promise<void>;
}

/** Opens the change request setting each instance's chartVersion. */
export interface WaveChangeOpener {
  open(request: {
    branch: string;
    title: string;
    description: string;
    /** Instance and the version it moves to. */
    moves: Array<{ instance: RolloutInstance; to: string }>;
  }): Promise<{ number: number; url: string }>;
}

/** ArgoCD's statuses of the instances (name -> status); throws when unavailable. */
export interface InstanceStatusReader {
  statuses(): Promise<Map<string, ObservedStatus>>;
}

/** The firing alerts; throws when unavailable. */
export interface AlertReader {
  firing(): Promise<ObservedAlert[]>;
}
