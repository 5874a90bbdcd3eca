export interface Config {
  pegase?: {
    /**
     * Who may do what in Pégase Portal. A request is matched against the rules in
     * order; the first rule whose `permission` matches decides.
     */
    permissions?: {
      /**
       * Decision for a permission that no rule names (e.g. `catalog.entity.read`).
       * Default `allow`, so that the catalog stays readable; set `deny` to lock down.
       */
      defaultDecision?: 'allow' | 'deny';
      rules?: Array<{
        /**
         * A permission name (`argocd.application.sync`), or a prefix ending with
         * `*` (`argocd.*`), or `*` for every permission.
         */
        permission: string;
        /**
         * Entity refs that are allowed: groups (`group:default/ops`) or users
         * (`user:default/alice.martin`); `*` allows every signed-in user.
         * Anyone else is denied.
         */
        allow: string[];
      }>;
    };
  };
}
