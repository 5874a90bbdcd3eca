export interface Config {
  pegase?: {
    /** The fleet views (plugins/fleet-backend). */
    fleet?: {
      /** Seconds an assembled fleet is served from the cache. Default 30. */
      cacheTtlSeconds?: number;
      /** Seconds to wait for ArgoCD's statuses before serving the fleet without them. Default 5. */
      argocdTimeoutSeconds?: number;
      /** Rollouts: the upgrade as gated waves (docs/rollouts.md). */
      rollouts?: {
        /** Run the advancer (one scheduled task across replicas). Default true. */
        enabled?: boolean;
        /** Seconds between two advancer ticks. Default 30. */
        tickSeconds?: number;
        /** Seconds every instance of a merged wave must stay synced, Healthy and alert-free. Default 600. */
        soakSeconds?: number;
        /** Seconds after a wave's merge before it fails if its gate has not passed. Default 3600. */
        waveTimeoutSeconds?: number;
        /** A wave with more than this % of instances degraded or alerting fails. Default 10. */
        failureThresholdPercent?: number;
        /** Firing alerts at or above this severity hold the gate. Default `critical`. */
        alertSeverity?: string;
        /** Severity names, lowest first. Default `[info, warning, critical]`. */
        severities?: string[];
        /** A wave with a production instance waits for an approval. Default true. */
        productionApprovalRequired?: boolean;
        /**
         * Prometheus-compatible API whose `/api/v1/alerts` the gates read. Default: the
         * first of `pegase.thanos.queriers`. None: alerts are not checked.
         * @visibility secret
         */
        alertsUrl?: string;
        /**
         * Bearer token for `alertsUrl`.
         * @visibility secret
         */
        alertsToken?: string;
        /** Timeout of one call to the forge or the alerts API, in seconds. Default 10. */
        timeoutSeconds?: number;
        /**
         * Backstage notifications (docs/rollouts.md#notifications): the rollout's
         * owner and these approvers are told when a wave awaits an approval, when
         * a gate passes or fails (the rollout pauses) and when a rollout completes.
         */
        notifications?: {
          /** Send them. Default true. */
          enabled?: boolean;
          /**
           * Entity refs of the groups or users holding `pegase.rollout.approve`
           * (e.g. `group:default/ops`), told of every gate. Default none.
           */
          approvers?: string[];
        };
      };
    };
  };
}
