import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

/** A GitOps source the providers read (see this package's README.md, "Configuration"). */
type PegaseSourceConfig =
  | {
      /** A local folder laid out as the GitOps repository contract. */
      type: 'dir';
      /** Folder path, relative to the backend's working directory or absolute. */
      path: string;
    }
  | {
      /** A git remote cloned over HTTP(S) (shallow, one branch). */
      type: 'git';
      /** Clone URL, e.g. https://gitlab.example/pcscol/gitops.git */
      url: string;
      /** Branch. Default `main`. */
      branch?: string;
      /**
       * Token sent as HTTP basic password (user `oauth2`).
       * @visibility secret
       */
      token?: string;
    }
  | {
      /** A Git location read through Backstage's UrlReader (GitLab/GitHub integrations). */
      type: 'url';
      /** e.g. https://gitlab.example/pcscol/gitops/-/tree/main */
      target: string;
    }
  | {
      /** A packaged umbrella chart: only the chart provider emits entities. */
      type: 'tgz';
      /** Path of `pegase-<version>.tgz`. */
      path: string;
    }
  | {
      /** A Helm repository index: the newest (or `version`) umbrella is downloaded; only the chart provider emits. */
      type: 'helm-index';
      /** URL of `index.yaml` (http, https or file path). */
      url: string;
      /** Umbrella version to read. Default: the newest. */
      version?: string;
    };

export interface Config {
  catalog?: {
    providers?: {
      /** Pégase entity providers (@pcscol/plugin-catalog-backend-module-pegase). */
      pegase?: {
        /** Where the GitOps repository is read from. */
        source: PegaseSourceConfig;
        /**
         * Reads the umbrella chart from somewhere else than `charts/pegase` of `source`
         * (a packaged `.tgz` or a Helm repository index). Optional.
         */
        chart?: PegaseSourceConfig;
        /** Schedule of the full read. Default: every 5 minutes, timeout 3 minutes. */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        /** Group owning instances, clusters and sub-charts without the `owner` annotation (`CHART_ANNOTATIONS.owner`). Default `ops`. */
        opsGroup?: string;
        /** ArgoCD config name for clusters without `argocd`. Default: the first `pegase.argocd.instances[].name`, else `default`. */
        defaultArgocdInstance?: string;
        /** Folder of the umbrella chart in the repository. Default `charts/pegase`. */
        chartPath?: string;
        /** Name of the umbrella chart. Default `pegase`. */
        chartName?: string;
        /** Lifecycle of the emitted Components and APIs. Default `production`. */
        lifecycle?: string;
        /**
         * Bounds of what the GitOps read takes in (see pegase-node's README.md, "Reading limits").
         * A file or archive over a limit is a problem of that file; its entities keep their previous state.
         */
        limits?: {
          /** Largest file read, in bytes. Default 5242880 (5 MiB). */
          maxFileBytes?: number;
          /** Most entries in one `.tgz` archive. Default 10000. */
          maxArchiveEntries?: number;
          /** Largest unpacked size of one `.tgz` archive, in bytes, every entry counted. Default 104857600 (100 MiB). */
          maxArchiveBytes?: number;
          /** Largest unpacked size / archive size of one `.tgz`, checked past 1 MiB unpacked. Default 100. */
          maxArchiveRatio?: number;
          /** Most bytes one read of the repository takes in (files plus unpacked archives). Default 268435456 (256 MiB). */
          maxReadBytes?: number;
          /** Sub-chart archives unpacked at the same time. Default 4. */
          maxArchivesAtOnce?: number;
        };
        /** Git push webhooks through the events backend. */
        events?: {
          /** Default true. */
          enabled?: boolean;
          /** Topics to subscribe to. Default `[gitops, gitlab, gitlab.push, github.push]`. */
          topics?: string[];
          /** Milliseconds to coalesce bursts of events. Default 300. */
          debounceMs?: number;
        };
        /** The admin cluster's Kubernetes API, to merge the ArgoCD cluster Secrets. Optional. */
        kubernetes?: {
          /** API server URL. */
          url: string;
          /**
           * Bearer token of a service account allowed to list Secrets in `namespace`.
           * @visibility secret
           */
          token: string;
          /** PEM (or base64 PEM) CA of the API server. */
          caData?: string;
          /** Default false. */
          skipTLSVerify?: boolean;
          /** Namespace of ArgoCD. Default `argocd`. */
          namespace?: string;
          /** Page size of the Secret list (`limit`). Default 100. */
          pageSize?: number;
          /** Request timeout in ms. Default 10000. */
          timeoutMs?: number;
        };
        /** Annotations for the Backstage Kubernetes plugin's catalog cluster locator. */
        clusterLocator?: {
          /** `kubernetes.io/auth-provider` of cluster entities. Default `oidc`. */
          authProvider?: string;
          /** `kubernetes.io/oidc-token-provider`. Optional. */
          oidcTokenProvider?: string;
        };
      };
    };
  };
  pegase?: {
    gitops?: {
      /** The GitOps push webhook, `POST /api/events/http/gitops` (this package's README.md, "Push webhooks"). */
      webhook?: {
        /**
         * Shared secret of the push webhook: GitLab's `X-Gitlab-Token` must equal it, GitHub's
         * `X-Hub-Signature-256` must be the HMAC-SHA256 of the body with it. Without it every push is refused.
         * @visibility secret
         */
        secret?: string;
      };
    };
  };
}
