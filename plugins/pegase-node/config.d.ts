export interface Config {
  pegase?: {
    /**
     * The GitOps repository changes are published to as merge/pull requests
     * (GitopsChangePublisher): by the scaffolder actions
     * (@pcscol/plugin-scaffolder-backend-module-pegase) and the fleet's
     * rollouts (@pcscol/plugin-fleet-backend).
     */
    gitops?: {
      /** Clone URL of the repository over HTTP(S), e.g. https://gitlab.example/pegase/gitops.git. */
      repoUrl: string;
      /** Branch the change requests target. Default `main`. */
      branch?: string;
      /** The forge of the repository: `gitlab` (merge requests) or `github` (pull requests). Default `gitlab`. */
      forge?: 'gitlab' | 'github';
      /** The project on the forge: GitLab project path (`group/gitops`) or GitHub `owner/repo`. */
      project: string;
      /**
       * Host of the `integrations.gitlab[]` / `integrations.github[]` entry that gives the
       * forge API (`apiBaseUrl`) and its credentials. Default: the host (with port) of `repoUrl`.
       */
      forgeHost?: string;
      /**
       * Token for git clone and push over HTTP. Default: the token of the integration.
       * @visibility secret
       */
      token?: string;
      /** Prefix of the branches of change requests. Default `pegase/`. */
      branchPrefix?: string;
      /** Author of the commits. Default `Pégase Portal <pegase-portal@noreply.pc-scol.fr>`. */
      author?: { name?: string; email?: string };
      /** Timeout of each git command and forge API call, in milliseconds. Default 60000. */
      timeoutMs?: number;
    };
  };
}
