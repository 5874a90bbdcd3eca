/*
 * The 57 dependencies of the demo umbrella chart `pegase`.
 *
 * Names are illustrative: module codes (ref, mof, odf, cof, ins, ins-gestion, chc, coc) are
 * Pégase's public ones, everything else is a plausible invention in French university IS
 * vocabulary. Nothing here describes the real product.
 */

/** Component type, the value of the `pc-scol.fr/component-type` annotation. */
export type ComponentType =
  | 'website'
  | 'service'
  | 'connector'
  | 'tool'
  | 'library'
  | 'database'
  | 'message-broker';

/** Owner groups (the `pc-scol.fr/owner` annotation). */
export type OwnerGroup =
  | 'equipe-toulouse'
  | 'equipe-strasbourg'
  | 'equipe-nantes'
  | 'equipe-marseille'
  | 'architecture'
  | 'ops';

/** A database of a backend: `name:engine`. */
export interface DatabaseDef {
  name: string;
  engine: 'postgres' | 'mongodb';
}

/** A sub-chart (one folder under charts/pegase/charts/). */
export interface SubChartDef {
  /** The chart's own name (`Chart.yaml` name, folder name). */
  chart: string;
  type: ComponentType;
  owner: OwnerGroup;
  description: string;
  /** Current chart version major / minor / patch. */
  major: number;
  minor: number;
  patch: number;
  appVersion: string;
  /** Range operator used in the umbrella dependency (`~` by default). */
  rangeOp?: '~' | '^';
  /** Dependency repository: vendored folder (default) or a Helm repository URL. */
  repository?: string;
  providesApis?: string[];
  /** When true, `pc-scol.fr/provides-apis` is not written (default `<component>-api`). */
  implicitApi?: boolean;
  consumesApis?: string[];
  databases?: DatabaseDef[];
  kafkaTopics?: string[];
  workload?: string;
  serviceAccount?: string;
  /** Non-default OpenAPI path inside the chart. */
  openapi?: string;
  /** Helm chart type (`library` for library charts). */
  helmType?: 'application' | 'library';
}

/** A dependency of the umbrella chart (57 of them). */
export interface DependencyDef {
  /** Entity name: alias if any, else chart name. Also the values key. */
  key: string;
  chart: string;
  alias?: string;
  /** Umbrella version that introduced this dependency. */
  since: string;
  /** False when the umbrella values.yaml disables it (enabled per instance). */
  enabledByDefault: boolean;
  /** For connectors: no `enabled` key in the umbrella values, the tag decides. */
  tagGoverned: boolean;
  tags?: string[];
}

/** Released umbrella versions, oldest first; the last one is the current chart. */
export const RELEASES = [
  { version: '24.0.0', appVersion: '24.0', created: '2025-12-04T09:30:00Z' },
  { version: '24.1.0', appVersion: '24.1', created: '2026-03-05T09:30:00Z' },
  { version: '24.2.3', appVersion: '24.2', created: '2026-06-18T14:10:00Z' },
  { version: '24.3.1', appVersion: '24.3', created: '2026-09-10T08:45:00Z' },
  { version: '25.0.0', appVersion: '25.0', created: '2026-11-03T09:00:00Z' },
] as const;

/** The current umbrella version (charts/pegase/Chart.yaml). */
export const CURRENT_VERSION = RELEASES[RELEASES.length - 1].version;

/** Where non-vendored dependencies claim to come from (they are vendored anyway). */
export const PEGASE_HELM_REPO = 'https://charts.pc-scol.fr/pegase';
export const STACK_NG_HELM_REPO = 'https://charts.pc-scol.fr/stack-ng';

const T = 'equipe-toulouse' as const;
const S = 'equipe-strasbourg' as const;
const N = 'equipe-nantes' as const;
const M = 'equipe-marseille' as const;
const A = 'architecture' as const;
const O = 'ops' as const;

const pg = (name: string): DatabaseDef => ({ name, engine: 'postgres' });
const mg = (name: string): DatabaseDef => ({ name, engine: 'mongodb' });

/** The 55 sub-charts (57 dependencies: two charts are included twice under aliases). */
export const SUB_CHARTS: SubChartDef[] = [
  // ---- 12 Angular frontends -------------------------------------------------
  {
    chart: 'ref-web',
    type: 'website',
    owner: S,
    description:
      'Interface de gestion du référentiel (nomenclatures, structures, établissements)',
    major: 3,
    minor: 6,
    patch: 2,
    appVersion: '3.6.2',
    consumesApis: ['ref-api'],
  },
  {
    chart: 'mof-web',
    type: 'website',
    owner: S,
    description:
      "Interface de conception des maquettes de l'offre de formation",
    major: 4,
    minor: 5,
    patch: 0,
    appVersion: '4.5.0',
    consumesApis: ['mof-application-api', 'ref-api'],
  },
  {
    chart: 'odf-web',
    type: 'website',
    owner: S,
    description: "Interface de publication de l'offre de formation",
    major: 2,
    minor: 8,
    patch: 1,
    appVersion: '2.8.1',
    consumesApis: ['odf-api'],
  },
  {
    chart: 'cof-web',
    type: 'website',
    owner: S,
    description: "Catalogue public de l'offre de formation",
    major: 2,
    minor: 4,
    patch: 3,
    appVersion: '2.4.3',
    consumesApis: ['cof-api'],
  },
  {
    chart: 'ins-web',
    type: 'website',
    owner: T,
    description: 'Inscription administrative en ligne (apprenants)',
    major: 5,
    minor: 7,
    patch: 4,
    appVersion: '5.7.4',
    consumesApis: ['ins-api', 'pai-api', 'pij-api'],
    workload: 'ins-web-nginx',
  },
  {
    chart: 'ins-gestion-web',
    type: 'website',
    owner: T,
    description: 'Gestion des inscriptions par les scolarités',
    major: 5,
    minor: 4,
    patch: 1,
    appVersion: '5.4.1',
    consumesApis: ['ins-gestion-api', 'per-api'],
  },
  {
    chart: 'chc-web',
    type: 'website',
    owner: T,
    description: 'Choix du cursus et inscriptions pédagogiques',
    major: 6,
    minor: 5,
    patch: 0,
    appVersion: '6.5.0',
    consumesApis: ['chc-api'],
  },
  {
    chart: 'coc-web',
    type: 'website',
    owner: N,
    description: 'Contrôle des connaissances : saisie des notes, jurys',
    major: 3,
    minor: 9,
    patch: 2,
    appVersion: '3.9.2',
    consumesApis: ['coc-api'],
  },
  {
    chart: 'dip-web',
    type: 'website',
    owner: N,
    description: 'Gestion et édition des diplômes',
    major: 2,
    minor: 6,
    patch: 0,
    appVersion: '2.6.0',
    consumesApis: ['dip-api'],
  },
  {
    chart: 'pai-web',
    type: 'website',
    owner: M,
    description: 'Paiement des droits et suivi des encaissements',
    major: 2,
    minor: 7,
    patch: 5,
    appVersion: '2.7.5',
    consumesApis: ['pai-api', 'gfi-api'],
  },
  {
    chart: 'sta-web',
    type: 'website',
    owner: N,
    description: 'Conventions de stage',
    major: 1,
    minor: 4,
    patch: 1,
    appVersion: '1.4.1',
    consumesApis: ['sta-api'],
  },
  {
    chart: 'portail-etudiant',
    type: 'website',
    owner: T,
    description:
      'Espace numérique de l’apprenant (dossier, notes, attestations)',
    major: 3,
    minor: 5,
    patch: 2,
    appVersion: '3.5.2',
    consumesApis: ['per-api', 'ins-api', 'chc-api', 'coc-api'],
  },

  // ---- 15 Spring Boot backends (24 databases) -------------------------------
  {
    chart: 'ref',
    type: 'service',
    owner: S,
    description: 'Référentiel : nomenclatures, structures, établissements',
    major: 5,
    minor: 8,
    patch: 3,
    appVersion: '5.8.3',
    providesApis: ['ref-api'],
    databases: [pg('ref-db')],
    kafkaTopics: ['ref.nomenclature-modifiee'],
  },
  {
    chart: 'mof',
    type: 'service',
    owner: S,
    description: "Maquettes de l'offre de formation (MOF)",
    major: 6,
    minor: 6,
    patch: 0,
    appVersion: '6.6.0',
    providesApis: ['mof-application-api'],
    consumesApis: ['ref-api'],
    databases: [pg('mof-db'), mg('mof-historique-db')],
    kafkaTopics: ['mof.maquette-publiee', 'ref.nomenclature-modifiee'],
  },
  {
    chart: 'odf',
    type: 'service',
    owner: S,
    description: 'Offre de formation publiée (ODF)',
    major: 4,
    minor: 7,
    patch: 2,
    appVersion: '4.7.2',
    providesApis: ['odf-api'],
    consumesApis: ['mof-application-api', 'ref-api'],
    databases: [pg('odf-db')],
    kafkaTopics: ['mof.maquette-publiee'],
  },
  {
    chart: 'cof',
    type: 'service',
    owner: S,
    description: "Catalogue de l'offre de formation (COF)",
    major: 3,
    minor: 5,
    patch: 1,
    appVersion: '3.5.1',
    providesApis: ['cof-api'],
    consumesApis: ['odf-api'],
    databases: [mg('cof-db')],
    kafkaTopics: ['mof.maquette-publiee'],
  },
  {
    chart: 'ins',
    type: 'service',
    owner: T,
    description: 'Inscriptions administratives (INS)',
    major: 7,
    minor: 9,
    patch: 4,
    appVersion: '7.9.4',
    providesApis: ['ins-api'],
    consumesApis: ['ref-api', 'odf-api', 'per-api', 'pai-api'],
    databases: [pg('ins-db'), mg('ins-dossiers-db'), pg('ins-pieces-db')],
    kafkaTopics: ['ins.inscription-validee', 'pai.paiement-recu'],
  },
  {
    chart: 'ins-gestion',
    type: 'service',
    owner: T,
    description: 'Gestion des inscriptions par les scolarités',
    major: 7,
    minor: 5,
    patch: 0,
    appVersion: '7.5.0',
    providesApis: ['ins-gestion-api'],
    consumesApis: ['ins-api', 'ref-api'],
    databases: [pg('ins-gestion-db'), mg('ins-gestion-audit-db')],
    kafkaTopics: ['ins.inscription-validee'],
  },
  {
    chart: 'chc',
    type: 'service',
    owner: T,
    description: 'Choix du cursus (CHC) : inscriptions pédagogiques',
    major: 6,
    minor: 6,
    patch: 3,
    appVersion: '6.6.3',
    providesApis: ['chc-api'],
    consumesApis: ['odf-api', 'ins-api'],
    databases: [pg('chc-db')],
    kafkaTopics: ['chc.cursus-choisi', 'ins.inscription-validee'],
  },
  {
    chart: 'coc',
    type: 'service',
    owner: N,
    description:
      'Contrôle des connaissances (COC) : modalités, notes, résultats, jurys',
    major: 4,
    minor: 9,
    patch: 1,
    appVersion: '4.9.1',
    providesApis: ['coc-api'],
    consumesApis: ['chc-api', 'odf-api'],
    databases: [pg('coc-db'), pg('coc-resultats-db')],
    kafkaTopics: ['coc.note-publiee', 'chc.cursus-choisi'],
    openapi: 'files/api/coc-api-v3.yaml',
  },
  {
    chart: 'dip',
    type: 'service',
    owner: N,
    description: 'Diplômes : délivrance, parchemins, attestations',
    major: 3,
    minor: 6,
    patch: 2,
    appVersion: '3.6.2',
    providesApis: ['dip-api'],
    consumesApis: ['coc-api', 'per-api'],
    databases: [pg('dip-db'), mg('dip-editions-db')],
    kafkaTopics: ['coc.note-publiee', 'dip.diplome-delivre'],
  },
  {
    chart: 'pai',
    type: 'service',
    owner: M,
    description: 'Paiement des droits d’inscription',
    major: 3,
    minor: 8,
    patch: 0,
    appVersion: '3.8.0',
    providesApis: ['pai-api'],
    databases: [pg('pai-db'), pg('pai-transactions-db')],
    kafkaTopics: ['pai.paiement-recu'],
  },
  {
    chart: 'gfi',
    type: 'service',
    owner: M,
    description: 'Gestion financière : droits, remboursements, exonérations',
    major: 2,
    minor: 7,
    patch: 1,
    appVersion: '2.7.1',
    providesApis: ['gfi-api'],
    consumesApis: ['pai-api'],
    databases: [pg('gfi-db'), mg('gfi-exports-db')],
    kafkaTopics: ['pai.paiement-recu'],
  },
  {
    chart: 'per',
    type: 'service',
    owner: T,
    description: 'Personnes : apprenants, identités, coordonnées',
    major: 5,
    minor: 6,
    patch: 2,
    appVersion: '5.6.2',
    providesApis: ['per-api'],
    databases: [pg('per-db'), mg('per-photos-db')],
    kafkaTopics: ['per.personne-modifiee'],
  },
  {
    chart: 'pij',
    type: 'service',
    owner: T,
    description: 'Pièces justificatives : dépôt et validation',
    major: 2,
    minor: 5,
    patch: 0,
    appVersion: '2.5.0',
    providesApis: ['pij-api'],
    consumesApis: ['per-api'],
    databases: [mg('pij-db')],
  },
  {
    chart: 'sta',
    type: 'service',
    owner: N,
    description: 'Stages et conventions de stage',
    major: 1,
    minor: 5,
    patch: 3,
    appVersion: '1.5.3',
    implicitApi: true,
    consumesApis: ['per-api', 'odf-api'],
    databases: [pg('sta-db')],
  },
  {
    chart: 'mob',
    type: 'service',
    owner: M,
    description: 'Mobilité internationale et échanges',
    major: 1,
    minor: 4,
    patch: 0,
    appVersion: '1.4.0',
    implicitApi: true,
    consumesApis: ['per-api', 'ins-api'],
    databases: [pg('mob-db')],
    kafkaTopics: ['ins.inscription-validee'],
  },

  // ---- 9 connectors --------------------------------------------------------
  {
    chart: 'connecteur-parcoursup',
    type: 'connector',
    owner: M,
    description: 'Import des candidats admis depuis Parcoursup',
    major: 2,
    minor: 6,
    patch: 1,
    appVersion: '2.6.1',
    consumesApis: ['ins-api', 'odf-api'],
  },
  {
    chart: 'connecteur-sise',
    type: 'connector',
    owner: N,
    description: 'Remontées SISE (enquêtes ministérielles)',
    major: 2,
    minor: 5,
    patch: 0,
    appVersion: '2.5.0',
    consumesApis: ['ins-api', 'coc-api', 'dip-api'],
  },
  {
    chart: 'connecteur-ine',
    type: 'connector',
    owner: M,
    description: 'Vérification et attribution de l’INE',
    major: 1,
    minor: 7,
    patch: 2,
    appVersion: '1.7.2',
    consumesApis: ['per-api'],
  },
  {
    chart: 'connecteur-cvec',
    type: 'connector',
    owner: M,
    description: 'Contrôle de l’acquittement de la CVEC',
    major: 1,
    minor: 6,
    patch: 0,
    appVersion: '1.6.0',
    consumesApis: ['ins-api', 'pai-api'],
  },
  {
    chart: 'connecteur-ldap',
    type: 'connector',
    owner: M,
    description: 'Alimentation de l’annuaire LDAP de l’établissement',
    major: 3,
    minor: 5,
    patch: 4,
    appVersion: '3.5.4',
    consumesApis: ['per-api'],
    kafkaTopics: ['per.personne-modifiee', 'ins.inscription-validee'],
    serviceAccount: 'connecteur-annuaire',
  },
  {
    chart: 'connecteur-sifac',
    type: 'connector',
    owner: M,
    description: 'Export comptable vers SIFAC',
    major: 2,
    minor: 4,
    patch: 2,
    appVersion: '2.4.2',
    consumesApis: ['gfi-api'],
    kafkaTopics: ['pai.paiement-recu'],
  },
  {
    chart: 'connecteur-paybox',
    type: 'connector',
    owner: M,
    description: 'Passerelle de paiement en ligne',
    major: 1,
    minor: 5,
    patch: 1,
    appVersion: '1.5.1',
    consumesApis: ['pai-api'],
  },
  {
    chart: 'connecteur-moodle',
    type: 'connector',
    owner: N,
    description: 'Synchronisation des cohortes et des notes avec Moodle',
    major: 1,
    minor: 4,
    patch: 0,
    appVersion: '1.4.0',
    consumesApis: ['chc-api', 'coc-api'],
  },
  {
    chart: 'connecteur-ent',
    type: 'connector',
    owner: M,
    description: "Intégration à l'ENT (espace numérique de travail)",
    major: 1,
    minor: 4,
    patch: 0,
    appVersion: '1.4.0',
    consumesApis: ['per-api'],
  },

  // ---- MOM and database servers --------------------------------------------
  {
    chart: 'kafka',
    type: 'message-broker',
    owner: O,
    description:
      'Kafka (KRaft) : bus d’événements inter-services (Transactional Outbox)',
    major: 31,
    minor: 5,
    patch: 0,
    appVersion: '3.9.1',
    repository: STACK_NG_HELM_REPO,
  },
  {
    chart: 'postgresql',
    type: 'database',
    owner: O,
    description: 'Serveur PostgreSQL de l’instance',
    major: 16,
    minor: 7,
    patch: 4,
    appVersion: '17.5.0',
    repository: STACK_NG_HELM_REPO,
    workload: 'postgresql-primary',
  },
  {
    chart: 'mongodb',
    type: 'database',
    owner: O,
    description: 'Serveur MongoDB de l’instance',
    major: 16,
    minor: 5,
    patch: 2,
    appVersion: '8.0.9',
    repository: STACK_NG_HELM_REPO,
  },

  // ---- transverse components and tools (16 charts, 18 dependencies) --------
  {
    chart: 'nginx-gateway',
    type: 'tool',
    owner: O,
    description:
      'Passerelle HTTP (NGINX) : routage vers les frontends et les API',
    major: 2,
    minor: 6,
    patch: 0,
    appVersion: '1.27.5',
    rangeOp: '^',
    repository: PEGASE_HELM_REPO,
  },
  {
    chart: 'pegase-batch',
    type: 'tool',
    owner: A,
    description:
      'Exécuteur générique de traitements par lots (CronJobs Spring Batch)',
    major: 1,
    minor: 8,
    patch: 2,
    appVersion: '1.8.2',
    rangeOp: '^',
  },
  {
    chart: 'authn-app',
    type: 'tool',
    owner: O,
    description: 'Authentification (CAS) et émission des jetons d’API',
    major: 4,
    minor: 5,
    patch: 1,
    appVersion: '7.1.4',
    workload: 'cas-server',
    serviceAccount: 'cas',
  },
  {
    chart: 'pegase-swagger-ui',
    type: 'tool',
    owner: A,
    description: 'Documentation en ligne des API (Swagger UI)',
    major: 1,
    minor: 5,
    patch: 0,
    appVersion: '5.20.1',
    rangeOp: '^',
  },
  {
    chart: 'dremgr',
    type: 'tool',
    owner: A,
    description:
      'DRE : export quotidien des données répliquées en établissement',
    major: 2,
    minor: 5,
    patch: 3,
    appVersion: '2.5.3',
  },
  {
    chart: 'rdd-tools',
    type: 'tool',
    owner: A,
    description: 'Reprise de données (RDD) depuis les anciens systèmes',
    major: 3,
    minor: 4,
    patch: 0,
    appVersion: '3.4.0',
  },
  {
    chart: 'printer',
    type: 'tool',
    owner: T,
    description: 'Édition de documents (attestations, certificats)',
    major: 2,
    minor: 7,
    patch: 1,
    appVersion: '2.7.1',
  },
  {
    chart: 'pv-jury',
    type: 'tool',
    owner: N,
    description: 'Procès-verbaux de jury',
    major: 1,
    minor: 5,
    patch: 2,
    appVersion: '1.5.2',
    consumesApis: ['coc-api'],
  },
  {
    chart: 'spicedb',
    type: 'tool',
    owner: A,
    description: 'Autorisations fines (SpiceDB)',
    major: 1,
    minor: 4,
    patch: 0,
    appVersion: '1.44.0',
  },
  {
    chart: 'notification',
    type: 'tool',
    owner: T,
    description: 'Notifications aux apprenants (courriel, SMS)',
    major: 2,
    minor: 6,
    patch: 0,
    appVersion: '2.6.0',
    kafkaTopics: [
      'ins.inscription-validee',
      'coc.note-publiee',
      'dip.diplome-delivre',
    ],
  },
  {
    chart: 'outbox-relay',
    type: 'tool',
    owner: A,
    description: 'Relais Transactional Outbox vers Kafka',
    major: 2,
    minor: 5,
    patch: 4,
    appVersion: '2.5.4',
    kafkaTopics: [
      'ref.nomenclature-modifiee',
      'mof.maquette-publiee',
      'ins.inscription-validee',
      'chc.cursus-choisi',
      'coc.note-publiee',
      'pai.paiement-recu',
      'per.personne-modifiee',
      'dip.diplome-delivre',
    ],
  },
  {
    chart: 'kafka-ui',
    type: 'tool',
    owner: O,
    description: 'Console Kafka (désactivée par défaut, activée à la demande)',
    major: 1,
    minor: 4,
    patch: 1,
    appVersion: '1.3.0',
    rangeOp: '^',
  },
  {
    chart: 'schema-registry',
    type: 'tool',
    owner: A,
    description: 'Registre des schémas des événements',
    major: 1,
    minor: 5,
    patch: 0,
    appVersion: '7.9.0',
  },
  {
    chart: 'pegase-commons',
    type: 'library',
    owner: A,
    description:
      'Bibliothèque de modèles Helm communs (étiquettes, sondes, Vault)',
    major: 3,
    minor: 7,
    patch: 0,
    appVersion: '3.7.0',
    rangeOp: '^',
    helmType: 'library',
  },
  {
    chart: 'pegase-monitoring',
    type: 'tool',
    owner: O,
    description:
      'ServiceMonitors, PrometheusRules et tableaux de bord de l’instance',
    major: 2,
    minor: 6,
    patch: 2,
    appVersion: '2.6.2',
    workload: 'pegase-exporter',
  },
  {
    chart: 'maintenance-page',
    type: 'tool',
    owner: O,
    description: 'Page de maintenance servie pendant les mises à jour',
    major: 1,
    minor: 4,
    patch: 0,
    appVersion: '1.4.0',
    rangeOp: '^',
  },
];

const dep = (
  chart: string,
  opts: Partial<Omit<DependencyDef, 'chart'>> = {},
): DependencyDef => {
  const sub = SUB_CHARTS.find(s => s.chart === chart);
  if (!sub) throw new Error(`unknown sub-chart ${chart}`);
  let tags: string[] | undefined;
  if (sub.type === 'connector') tags = ['connecteurs'];
  else if (sub.type === 'tool' || sub.type === 'library') tags = ['outils'];
  return {
    key: opts.alias ?? chart,
    chart,
    alias: opts.alias,
    since: opts.since ?? RELEASES[0].version,
    enabledByDefault: opts.enabledByDefault ?? true,
    tagGoverned: sub.type === 'connector' && opts.tagGoverned !== false,
    tags,
  };
};

/** The 57 dependencies, in Chart.yaml order. */
export const DEPENDENCIES: DependencyDef[] = [
  ...[
    'ref-web',
    'mof-web',
    'odf-web',
    'cof-web',
    'ins-web',
    'ins-gestion-web',
    'chc-web',
    'coc-web',
    'dip-web',
    'pai-web',
    'portail-etudiant',
  ].map(c => dep(c)),
  dep('sta-web', { since: '24.1.0' }),
  ...[
    'ref',
    'mof',
    'odf',
    'cof',
    'ins',
    'ins-gestion',
    'chc',
    'coc',
    'dip',
    'pai',
    'gfi',
    'per',
    'pij',
    'sta',
  ].map(c => dep(c)),
  dep('mob', { since: '24.3.1' }),
  ...[
    'connecteur-parcoursup',
    'connecteur-sise',
    'connecteur-ine',
    'connecteur-cvec',
    'connecteur-ldap',
    'connecteur-sifac',
  ].map(c => dep(c)),
  dep('connecteur-paybox', { since: '24.2.3' }),
  // Disabled by default with an explicit condition value (which wins over the tag).
  dep('connecteur-moodle', { enabledByDefault: false, tagGoverned: false }),
  dep('connecteur-ent', { since: '25.0.0' }),
  dep('kafka'),
  dep('postgresql'),
  dep('mongodb'),
  dep('nginx-gateway', { alias: 'gateway-public' }),
  dep('nginx-gateway', { alias: 'gateway-admin' }),
  dep('pegase-batch', { alias: 'batch-inscriptions' }),
  dep('pegase-batch', { alias: 'batch-notes' }),
  dep('authn-app'),
  dep('pegase-swagger-ui'),
  dep('dremgr'),
  dep('rdd-tools'),
  dep('printer'),
  dep('pv-jury', { since: '24.1.0' }),
  dep('spicedb', { since: '25.0.0' }),
  dep('notification'),
  dep('outbox-relay'),
  dep('kafka-ui', { since: '24.3.1', enabledByDefault: false }),
  dep('schema-registry', { since: '24.2.3' }),
  dep('pegase-commons'),
  dep('pegase-monitoring'),
  dep('maintenance-page'),
];

/** Sub-chart definition of a chart name. */
export function subChart(chart: string): SubChartDef {
  const sub = SUB_CHARTS.find(s => s.chart === chart);
  if (!sub) throw new Error(`unknown sub-chart ${chart}`);
  return sub;
}

/** Current version of a sub-chart. */
export function subChartVersion(sub: SubChartDef): string {
  return `${sub.major}.${sub.minor}.${sub.patch}`;
}

/**
 * The version range of a dependency in umbrella release `releaseIndex` (index in RELEASES).
 * Older releases pinned older minors; the current release's range is satisfied by the
 * vendored sub-chart's version.
 */
export function dependencyRange(
  sub: SubChartDef,
  releaseIndex: number,
): string {
  const back = RELEASES.length - 1 - releaseIndex;
  let major = sub.major;
  let minor = sub.minor - back;
  if (minor < 0) {
    major = Math.max(0, major - 1);
    minor = 9 + minor + 1;
  }
  return `${sub.rangeOp ?? '~'}${major}.${minor}.0`;
}

/** Whether dependency `d` is part of umbrella release `releaseIndex`. */
export function inRelease(d: DependencyDef, releaseIndex: number): boolean {
  const since = RELEASES.findIndex(r => r.version === d.since);
  return since <= releaseIndex;
}
