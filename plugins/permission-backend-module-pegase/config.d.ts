export interface Config {
  pegase?: {
    /**
     * Who may do what in Pégase Portal. A request is matched against the rules in
     * order; the first rule whose `permission` matches decides.
     */
    permissions?: {
      /**
       * Decision for a permission that no rule names (e.g. `catalog.entity.read`).
       * Default `allow`, so that the catalog stays readable; set `deny` to lock
       * down (app-config.production.yaml does).
       */
      defaultDecision?: 'allow' | 'deny';
      rules?: Array<{
        /**
         * A permission name (`argocd.application.sync`), or a prefix ending with
         * `*` (`argocd.*`), or `*` for every permission.
         */
        permission: string;
        /**
         * Entity refs allowed on every entity: groups (`group:default/ops`) or
         * users (`user:default/alice.martin`); `*` allows every signed-in user.
         * Anyone not in `allow` nor in a `conditional` grant is denied.
         */
        allow?: string[];
        /**
         * Grants that hold only on the catalog entities matching all of their
         * conditions (a conditional decision the catalog evaluates). Only for
         * resource permissions of type `catalog-entity`; on any other
         * permission the backend refuses to start, naming the rule.
         */
        conditional?: Array<{
          /** Entity refs the grant is for, or `*` for every signed-in user. */
          allow: string[];
          /** `true`: the entity is owned by the user or one of their groups. */
          owner?: boolean;
          /**
           * `true`: the entity is the user or one of their groups (a creation
           * checked against its owner group, `pegase.instance.create`).
           */
          member?: boolean;
          /** The entity's `pc-scol.fr/usage` is one of these (`sandbox`, `production`…). */
          usage?: string[];
          /** The entity's `pc-scol.fr/region` is one of these (`eu-sxb-1`…). */
          region?: string[];
        }>;
      }>;
      /** The start-up log of the permissions no rule names. */
      startupCheck?: {
        /**
         * Plugin ids whose `/.well-known/backstage/permissions/metadata` is read.
         * Default: every plugin installed in the backend.
         */
        plugins?: string[];
      };
    };
  };
}
