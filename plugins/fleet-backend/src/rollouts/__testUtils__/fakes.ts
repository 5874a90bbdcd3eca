/*
 * Fakes of the rollouts' own interfaces (ports.ts), for unit tests and the
 * bench: a forge that remembers change requests by branch, an opener that
 * files them there, ArgoCD statuses and alerts set by the test.
 */
import type { ObservedAlert, ObservedStatus } from '../gates';
import type {
  AlertReader,
  ChangeRequestForge,
  ForgeChangeRequest,
  InstanceStatusReader,
  WaveChangeOpener,
} from '../ports';
import type { RolloutInstance } from '@pcscol/plugin-pegase-common';

export class FakeForge implements ChangeRequestForge {
  readonly kind = 'gitlab' as const;
  readonly requests: Array<
    ForgeChangeRequest & {
      branch: string;
      title: string;
      moves: Array<{ name: string; to: string }>;
    }
  > = [];
  calls = 0;

  findByBranch(branch: string) {
    this.calls++;
    const found = [...this.requests].reverse().find(r => r.branch === branch);
    return Promise.resolve(found && { ...found });
  }
  get(number: number) {
    this.calls++;
    const found = this.requests.find(r => r.number === number);
    if (!found) return Promise.reject(new Error(`no change request ${number}`));
    return Promise.resolve({ ...found });
  }
  close(number: number) {
    this.calls++;
    const found = this.requests.find(r => r.number === number);
    if (found && found.state === 'open') found.state = 'closed';
    return Promise.resolve();
  }
  /** What a reviewer does. */
  merge(branch: string) {
    const found = this.requests.find(
      r => r.branch === branch && r.state === 'open',
    );
    if (!found) throw new Error(`no open change request of ${branch}`);
    found.state = 'merged';
  }
  mergeAllOpen() {
    for (const r of this.requests) if (r.state === 'open') r.state = 'merged';
  }
}

/** Files change requests in a FakeForge; `failAfterCreate` simulates a crash once the forge has it. */
export class FakeOpener implements WaveChangeOpener {
  failAfterCreate = false;
  /** Resolves when `release()` is called (a slow forge), if set. */
  gate?: Promise<void>;
  constructor(private readonly forge: FakeForge) {}
  async open(request: Parameters<WaveChangeOpener['open']>[0]) {
    if (this.gate) await this.gate;
    const number = this.forge.requests.length + 1;
    const cr = {
      number,
      url: `https://gitlab.example/pegase/gitops/-/merge_requests/${number}`,
      state: 'open' as const,
      branch: request.branch,
      title: request.title,
      moves: request.moves.map(m => ({ name: m.instance.name, to: m.to })),
    };
    this.forge.requests.push(cr);
    if (this.failAfterCreate) {
      this.failAfterCreate = false;
      throw new Error(
        'the process died after the forge created the change request',
      );
    }
    return { number, url: cr.url };
  }
}

export class FakeStatuses implements InstanceStatusReader {
  readonly map = new Map<string, ObservedStatus>();
  available = true;
  calls = 0;
  statuses() {
    this.calls++;
    if (!this.available) return Promise.reject(new Error('ArgoCD is down'));
    return Promise.resolve(new Map(this.map));
  }
  /** Every instance synced at `version`, with `health`. */
  set(instances: RolloutInstance[], version: string, health = 'Healthy') {
    for (const i of instances)
      this.map.set(i.name, { sync: 'Synced', health, liveVersion: version });
  }
}

export class FakeAlerts implements AlertReader {
  alerts: ObservedAlert[] = [];
  calls = 0;
  firing() {
    this.calls++;
    return Promise.resolve([...this.alerts]);
  }
}
