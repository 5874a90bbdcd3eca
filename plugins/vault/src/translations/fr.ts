/** French texts of the Vault views (flattened keys of `vaultTranslationRef`; the test checks that every key is here). */
const fr = {
  'card.title': 'Vault',
  'card.subheader': 'Cluster {{cluster}} · chemin {{path}}',
  'card.subheaderNode': 'Cluster {{cluster}} · nœud {{node}} · chemin {{path}}',
  'card.nodes': 'Nœuds : {{nodes}}',
  'card.openInVault': 'Ouvrir dans Vault',
  'card.noValues':
    'Métadonnées seulement : le portail n’affiche jamais de valeur secrète.',
  'tab.title': 'Vault',
  'component.title': 'Rôles et policies Vault',
  'component.subheader':
    'serviceAccount {{serviceAccount}} · {{count}} instances',
  'component.empty': 'Aucune instance n’exécute ce composant.',
  'component.sharedWith':
    'Ce serviceAccount est aussi utilisé par {{entities}}.',
  'component.page': 'Instances {{from}} à {{to}} sur {{total}}',
  'component.previous': 'Précédentes',
  'component.next': 'Suivantes',
  'component.notBound': 'non lié',
  'component.bound': 'lié',
  'component.boundBySelector': 'lié par sélecteur de namespace',
  'component.boundBySelectorHint':
    'Le rôle admet les namespaces par le sélecteur de labels {{selector}} ; le portail ne connaît pas les labels du namespace {{namespace}}.',
  'sections.engines': 'Moteurs de secrets',
  'sections.connections': 'Connexions aux bases',
  'sections.roles': 'Rôles de base de données',
  'sections.staticRoles': 'Rôles statiques',
  'sections.dynamicRoles': 'Rôles dynamiques',
  'sections.authRole': 'Rôle d’authentification Kubernetes',
  'sections.policies': 'Policies',
  'sections.kv': 'Clés KV (noms et versions seulement)',
  'sections.findings': 'Constats',
  'columns.name': 'Nom',
  'columns.type': 'Type',
  'columns.path': 'Chemin',
  'columns.version': 'Version',
  'columns.plugin': 'Plugin',
  'columns.url': 'URL de connexion',
  'columns.username': 'Utilisateur',
  'columns.allowedRoles': 'Rôles autorisés',
  'columns.rotation': 'Période de rotation',
  'columns.lastRotation': 'Dernière rotation',
  'columns.ttl': 'TTL par défaut',
  'columns.maxTtl': 'TTL maximal',
  'columns.instance': 'Instance',
  'columns.cluster': 'Cluster',
  'columns.serviceAccounts': 'serviceAccounts liés',
  'columns.namespaces': 'Namespaces liés',
  'columns.capabilities': 'Capacités',
  'columns.key': 'Clé',
  'columns.currentVersion': 'Version courante',
  'columns.updated': 'Mise à jour',
  'columns.databaseRoles': 'Rôles de base de données',
  'columns.grantedBy': 'Accordé par',
  'values.static': 'statique',
  'values.dynamic': 'dynamique',
  'values.none': 'aucun',
  'values.overdue': 'en retard',
  'values.noMaxTtl': 'pas de TTL maximal',
  'values.mountDefault': 'défaut du moteur',
  'values.noRole': 'Pas de rôle {{name}} sur {{mount}}.',
  'values.schedule': '{{schedule}} (UTC), prochaine le {{next}}',
  'values.scheduleWindow':
    '{{schedule}} (UTC, fenêtre {{window}}), prochaine le {{next}}',
  'values.policyUnreadable':
    'La policy {{name}} n’a pas pu être lue : {{error}}',
  'values.kvTruncated':
    'Dossier {{folder}} : la liste s’est arrêtée à ses limites, des clés ne sont pas affichées.',
  'states.loading': 'Chargement des métadonnées Vault…',
  'states.empty': 'Rien dans Vault pour cette entité.',
  'states.noFindings': 'Aucun constat.',
  'states.partError': '{{part}} : {{message}}',
  'states.error': 'Impossible de charger la vue Vault : {{message}}',
  'findings.policyTooBroad':
    'La policy {{policy}} accorde {{capability}} sur « {{path}} ».',
  'findings.rotationOverdue':
    'Le rôle statique {{role}} n’a pas tourné depuis {{lastRotation}} (plus de deux fois sa période).',
  'findings.rotationOverdueSchedule':
    'Le rôle statique {{role}} n’a pas tourné depuis le {{lastRotation}} : il a manqué une rotation de son calendrier {{schedule}}.',
  'findings.sharedServiceAccount':
    'Le serviceAccount {{serviceAccount}} est partagé par {{entities}}.',
  'findings.dynamicRoleNoMaxTtl':
    'Le rôle dynamique {{role}} n’a pas de TTL maximal.',
  'findings.missingRole': 'Le rôle attendu {{role}} est absent.',
};

export default fr;
