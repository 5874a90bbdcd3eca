/**
 * The options every stand-in module accepts (see docs/architecture.md, "Stand-ins for upstreams that cannot run here").
 *
 * @public
 */
export interface StandInOptions {
  /** Port to listen on; 0 picks a free one (tests always use 0). */
  port: number;
  /** The GitOps repository the stand-in derives its answers from. */
  gitopsDir?: string;
  /** Added to every answer, to mimic a remote upstream. */
  latencyMs?: number;
  /** Module-specific failure switches (e.g. `{ sealed: true }`). */
  faults?: Record<string, unknown>;
  /** Credential the stand-in requires, when it checks one. */
  token?: string;
}

/** @public */
export interface RunningStandIn {
  /** Base URL, on 127.0.0.1. */
  url: string;
  stop(): Promise<void>;
}

/**
 * What a module folder under `src/<name>/index.ts` exports as `standIn`, so that
 * `start-all` can find it without a central list.
 *
 * @public
 */
export interface StandInModule {
  /** Short name, e.g. `argocd`. */
  name: string;
  /** Fixed port used by the demo (never by tests). */
  demoPort: number;
  /** Env var that app-config reads the URL from. */
  urlEnv: string;
  /** Env var that app-config reads the credential from, if any. */
  tokenEnv?: string;
  /** Path appended to the base URL to form the value of `urlEnv` (e.g. `/gitops.git`). */
  urlPath?: string;
  start(options: StandInOptions): Promise<RunningStandIn>;
}
