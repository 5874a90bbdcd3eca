/*
 * Illustrative OpenAPI 3.0.3 specs of the 15 backends (3 to 6 paths each).
 */

type FieldType =
  | 'string'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'date'
  | 'date-time'
  | 'uuid';

interface ResourceDef {
  /** Path segment (plural). */
  path: string;
  /** Schema name. */
  schema: string;
  summary: string;
  fields: Record<string, FieldType | string[]>;
  /** Operations: l = list, c = create, r = read, u = update, d = delete. */
  ops: string;
  /** Extra action `POST /{path}/{id}/<action>`. */
  action?: { name: string; summary: string };
}

interface ApiDef {
  title: string;
  description: string;
  basePath: string;
  version: string;
  resources: ResourceDef[];
}

const APIS: Record<string, ApiDef> = {
  ref: {
    title: 'Référentiel',
    description: 'Nomenclatures, structures et établissements.',
    basePath: '/api/v1/ref',
    version: '1.12.0',
    resources: [
      {
        path: 'nomenclatures',
        schema: 'Nomenclature',
        summary: 'nomenclature',
        ops: 'lr',
        fields: {
          code: 'string',
          libelle: 'string',
          type: ['PAYS', 'BAC', 'DISCIPLINE', 'REGIME'],
          dateDebutValidite: 'date',
          temoinVisible: 'boolean',
        },
      },
      {
        path: 'structures',
        schema: 'Structure',
        summary: 'structure',
        ops: 'lcru',
        fields: {
          code: 'string',
          libelleCourt: 'string',
          libelleLong: 'string',
          codeUai: 'string',
          typeStructure: ['UFR', 'INSTITUT', 'ECOLE', 'SERVICE'],
        },
      },
    ],
  },
  mof: {
    title: "Maquettes de l'offre de formation",
    description:
      'Conception des maquettes (formations, objets de maquette, règles).',
    basePath: '/api/v1/mof',
    version: '1.9.2',
    resources: [
      {
        path: 'formations',
        schema: 'Formation',
        summary: 'formation',
        ops: 'lcru',
        fields: {
          id: 'uuid',
          code: 'string',
          libelle: 'string',
          niveau: ['LICENCE', 'MASTER', 'DOCTORAT', 'DU'],
          ects: 'integer',
        },
        action: { name: 'publier', summary: 'Publier la maquette' },
      },
      {
        path: 'objets-maquette',
        schema: 'ObjetMaquette',
        summary: 'objet de maquette',
        ops: 'lr',
        fields: {
          id: 'uuid',
          code: 'string',
          libelle: 'string',
          nature: ['UE', 'EC', 'PARCOURS', 'BLOC'],
          credits: 'number',
        },
      },
    ],
  },
  odf: {
    title: 'Offre de formation',
    description: "Offre de formation publiée de l'établissement.",
    basePath: '/api/odf/v1',
    version: '1.6.0',
    resources: [
      {
        path: 'espaces',
        schema: 'Espace',
        summary: 'période (espace)',
        ops: 'lr',
        fields: {
          code: 'string',
          libelle: 'string',
          anneeUniversitaire: 'string',
          actif: 'boolean',
        },
      },
      {
        path: 'formations-publiees',
        schema: 'FormationPubliee',
        summary: 'formation publiée',
        ops: 'lr',
        fields: {
          id: 'uuid',
          code: 'string',
          libelle: 'string',
          espace: 'string',
          datePublication: 'date-time',
        },
      },
      {
        path: 'chemins',
        schema: 'Chemin',
        summary: 'chemin de formation',
        ops: 'l',
        fields: { chemin: 'string', profondeur: 'integer' },
      },
    ],
  },
  cof: {
    title: "Catalogue de l'offre de formation",
    description: 'Catalogue public consultable par les candidats.',
    basePath: '/api/v1/offre-formation',
    version: '1.3.1',
    resources: [
      {
        path: 'catalogue',
        schema: 'FicheFormation',
        summary: 'fiche de formation',
        ops: 'lr',
        fields: {
          id: 'uuid',
          intitule: 'string',
          niveau: 'string',
          langue: ['fr', 'en'],
          modalites: 'string',
          ouverteCandidature: 'boolean',
        },
      },
      {
        path: 'domaines',
        schema: 'Domaine',
        summary: 'domaine',
        ops: 'l',
        fields: { code: 'string', libelle: 'string' },
      },
    ],
  },
  ins: {
    title: 'Inscriptions',
    description: 'Inscriptions administratives des apprenants.',
    basePath: '/api/v5/ins',
    version: '5.4.0',
    resources: [
      {
        path: 'inscriptions',
        schema: 'Inscription',
        summary: 'inscription administrative',
        ops: 'lcr',
        fields: {
          id: 'uuid',
          codeApprenant: 'string',
          formation: 'string',
          periode: 'string',
          statut: ['EN_COURS', 'VALIDEE', 'ANNULEE'],
          dateInscription: 'date-time',
        },
        action: { name: 'valider', summary: "Valider l'inscription" },
      },
      {
        path: 'apprenants',
        schema: 'Apprenant',
        summary: 'apprenant',
        ops: 'lr',
        fields: {
          code: 'string',
          ine: 'string',
          nomFamille: 'string',
          prenom: 'string',
          dateNaissance: 'date',
        },
      },
    ],
  },
  'ins-gestion': {
    title: 'Gestion des inscriptions',
    description: 'Outils de gestion des scolarités.',
    basePath: '/api/v5/ins/gestion',
    version: '5.2.1',
    resources: [
      {
        path: 'dossiers',
        schema: 'Dossier',
        summary: "dossier d'inscription",
        ops: 'lru',
        fields: {
          id: 'uuid',
          apprenant: 'string',
          etat: ['A_TRAITER', 'COMPLET', 'INCOMPLET'],
          gestionnaire: 'string',
        },
      },
      {
        path: 'campagnes',
        schema: 'Campagne',
        summary: "campagne d'inscription",
        ops: 'lcr',
        fields: {
          code: 'string',
          libelle: 'string',
          dateOuverture: 'date-time',
          dateFermeture: 'date-time',
        },
        action: { name: 'ouvrir', summary: 'Ouvrir la campagne' },
      },
    ],
  },
  chc: {
    title: 'Choix du cursus',
    description: 'Inscriptions pédagogiques et choix de parcours.',
    basePath: '/api/chc/v6',
    version: '6.1.0',
    resources: [
      {
        path: 'cursus',
        schema: 'Cursus',
        summary: 'cursus',
        ops: 'lcr',
        fields: {
          id: 'uuid',
          apprenant: 'string',
          chemin: 'string',
          statut: ['BROUILLON', 'VALIDE'],
        },
        action: { name: 'valider', summary: 'Valider le choix du cursus' },
      },
      {
        path: 'groupes',
        schema: 'Groupe',
        summary: 'groupe pédagogique',
        ops: 'l',
        fields: { code: 'string', libelle: 'string', capacite: 'integer' },
      },
    ],
  },
  coc: {
    title: 'Contrôle des connaissances',
    description: 'Modalités, notes, résultats et jurys.',
    basePath: '/api/coc/v3',
    version: '3.7.0',
    resources: [
      {
        path: 'modalites',
        schema: 'Modalite',
        summary: 'modalité de contrôle',
        ops: 'lr',
        fields: {
          id: 'uuid',
          objetMaquette: 'string',
          session: ['SESSION1', 'SESSION2'],
          coefficient: 'number',
        },
      },
      {
        path: 'notes',
        schema: 'Note',
        summary: 'note',
        ops: 'lc',
        fields: {
          id: 'uuid',
          apprenant: 'string',
          epreuve: 'string',
          valeur: 'number',
          absence: ['ABJ', 'ABI'],
        },
      },
      {
        path: 'jurys',
        schema: 'Jury',
        summary: 'jury',
        ops: 'lr',
        fields: {
          id: 'uuid',
          formation: 'string',
          date: 'date',
          president: 'string',
        },
        action: {
          name: 'deliberer',
          summary: 'Délibérer et publier les résultats',
        },
      },
    ],
  },
  dip: {
    title: 'Diplômes',
    description: 'Délivrance et édition des diplômes.',
    basePath: '/api/v2/dip',
    version: '2.3.0',
    resources: [
      {
        path: 'diplomes',
        schema: 'Diplome',
        summary: 'diplôme',
        ops: 'lr',
        fields: {
          id: 'uuid',
          apprenant: 'string',
          intitule: 'string',
          mention: ['PASSABLE', 'ASSEZ_BIEN', 'BIEN', 'TRES_BIEN'],
          dateObtention: 'date',
        },
        action: { name: 'editer', summary: 'Éditer le parchemin' },
      },
      {
        path: 'attestations',
        schema: 'Attestation',
        summary: 'attestation de réussite',
        ops: 'lc',
        fields: { id: 'uuid', diplome: 'string', dateEdition: 'date-time' },
      },
    ],
  },
  pai: {
    title: 'Paiement',
    description: "Paiement des droits d'inscription.",
    basePath: '/api/v2/pai',
    version: '2.8.0',
    resources: [
      {
        path: 'paiements',
        schema: 'Paiement',
        summary: 'paiement',
        ops: 'lcr',
        fields: {
          id: 'uuid',
          inscription: 'string',
          montant: 'number',
          moyen: ['CB', 'VIREMENT', 'CHEQUE'],
          statut: ['INITIE', 'ACCEPTE', 'REFUSE'],
        },
      },
      {
        path: 'echeanciers',
        schema: 'Echeancier',
        summary: 'échéancier',
        ops: 'lr',
        fields: { id: 'uuid', paiement: 'string', nombreEcheances: 'integer' },
      },
    ],
  },
  gfi: {
    title: 'Gestion financière',
    description: 'Droits, remboursements et exonérations.',
    basePath: '/api/v1/gfi',
    version: '1.7.1',
    resources: [
      {
        path: 'droits',
        schema: 'Droit',
        summary: 'droit',
        ops: 'lr',
        fields: {
          code: 'string',
          libelle: 'string',
          montant: 'number',
          anneeUniversitaire: 'string',
        },
      },
      {
        path: 'remboursements',
        schema: 'Remboursement',
        summary: 'remboursement',
        ops: 'lcr',
        fields: {
          id: 'uuid',
          paiement: 'string',
          montant: 'number',
          motif: 'string',
        },
      },
    ],
  },
  per: {
    title: 'Personnes',
    description: 'Identités et coordonnées des apprenants.',
    basePath: '/api/v3/per',
    version: '3.5.0',
    resources: [
      {
        path: 'personnes',
        schema: 'Personne',
        summary: 'personne',
        ops: 'lcru',
        fields: {
          id: 'uuid',
          ine: 'string',
          nomFamille: 'string',
          nomUsage: 'string',
          prenom: 'string',
          dateNaissance: 'date',
          courriel: 'string',
        },
      },
      {
        path: 'adresses',
        schema: 'Adresse',
        summary: 'adresse',
        ops: 'l',
        fields: {
          ligne1: 'string',
          codePostal: 'string',
          commune: 'string',
          pays: 'string',
        },
      },
    ],
  },
  pij: {
    title: 'Pièces justificatives',
    description: 'Dépôt et validation des pièces justificatives.',
    basePath: '/api/v1/pij',
    version: '1.4.0',
    resources: [
      {
        path: 'pieces',
        schema: 'Piece',
        summary: 'pièce justificative',
        ops: 'lcrd',
        fields: {
          id: 'uuid',
          type: ['IDENTITE', 'BAC', 'CVEC', 'PHOTO'],
          statut: ['DEPOSEE', 'VALIDEE', 'REFUSEE'],
          dateDepot: 'date-time',
        },
        action: { name: 'valider', summary: 'Valider la pièce' },
      },
    ],
  },
  sta: {
    title: 'Stages',
    description: 'Conventions de stage.',
    basePath: '/api/v1/sta',
    version: '1.2.0',
    resources: [
      {
        path: 'conventions',
        schema: 'Convention',
        summary: 'convention de stage',
        ops: 'lcru',
        fields: {
          id: 'uuid',
          apprenant: 'string',
          organisme: 'string',
          dateDebut: 'date',
          dateFin: 'date',
          gratification: 'number',
        },
        action: { name: 'signer', summary: 'Signer la convention' },
      },
    ],
  },
  mob: {
    title: 'Mobilité internationale',
    description: 'Échanges et mobilités entrantes et sortantes.',
    basePath: '/api/v1/mob',
    version: '1.1.0',
    resources: [
      {
        path: 'mobilites',
        schema: 'Mobilite',
        summary: 'mobilité',
        ops: 'lcr',
        fields: {
          id: 'uuid',
          apprenant: 'string',
          sens: ['ENTRANTE', 'SORTANTE'],
          programme: ['ERASMUS', 'BILATERAL'],
          etablissementPartenaire: 'string',
        },
      },
      {
        path: 'accords',
        schema: 'Accord',
        summary: "accord d'échange",
        ops: 'l',
        fields: { code: 'string', partenaire: 'string', pays: 'string' },
      },
    ],
  },
};

function fieldSchema(t: FieldType | string[]): Record<string, unknown> {
  if (Array.isArray(t)) return { type: 'string', enum: t };
  switch (t) {
    case 'date':
    case 'date-time':
    case 'uuid':
      return { type: 'string', format: t };
    default:
      return { type: t };
  }
}

const errorResponses = {
  '400': { $ref: '#/components/responses/BadRequest' },
  '401': { $ref: '#/components/responses/Unauthorized' },
};

/** The OpenAPI document of a backend chart, as a plain object. */
export function openApiSpec(
  chart: string,
  apiName: string,
): Record<string, unknown> {
  const api = APIS[chart];
  if (!api) throw new Error(`no OpenAPI definition for ${chart}`);
  const paths: Record<string, Record<string, unknown>> = {};
  const schemas: Record<string, unknown> = {};
  for (const r of api.resources) {
    const ref = { $ref: `#/components/schemas/${r.schema}` };
    schemas[r.schema] = {
      type: 'object',
      required: Object.keys(r.fields).slice(0, 2),
      properties: Object.fromEntries(
        Object.entries(r.fields).map(([k, t]) => [k, fieldSchema(t)]),
      ),
    };
    const tag = r.schema;
    const coll: Record<string, unknown> = {};
    if (r.ops.includes('l')) {
      coll.get = {
        tags: [tag],
        operationId: `list${r.schema}s`,
        summary: `Lister les ${r.summary}s`,
        parameters: [
          { $ref: '#/components/parameters/page' },
          { $ref: '#/components/parameters/taille' },
        ],
        responses: {
          '200': {
            description: 'Une page de résultats',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    total: { type: 'integer' },
                    resultats: { type: 'array', items: ref },
                  },
                },
              },
            },
          },
          ...errorResponses,
        },
      };
    }
    if (r.ops.includes('c')) {
      coll.post = {
        tags: [tag],
        operationId: `create${r.schema}`,
        summary: `Créer un(e) ${r.summary}`,
        requestBody: {
          required: true,
          content: { 'application/json': { schema: ref } },
        },
        responses: {
          '201': {
            description: 'Créé',
            content: { 'application/json': { schema: ref } },
          },
          ...errorResponses,
        },
      };
    }
    if (Object.keys(coll).length) paths[`${api.basePath}/${r.path}`] = coll;
    const item: Record<string, unknown> = {};
    const idParam = [
      { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
    ];
    if (r.ops.includes('r')) {
      item.get = {
        tags: [tag],
        operationId: `get${r.schema}`,
        summary: `Lire un(e) ${r.summary}`,
        parameters: idParam,
        responses: {
          '200': {
            description: 'Trouvé',
            content: { 'application/json': { schema: ref } },
          },
          '404': { $ref: '#/components/responses/NotFound' },
          ...errorResponses,
        },
      };
    }
    if (r.ops.includes('u')) {
      item.put = {
        tags: [tag],
        operationId: `update${r.schema}`,
        summary: `Modifier un(e) ${r.summary}`,
        parameters: idParam,
        requestBody: {
          required: true,
          content: { 'application/json': { schema: ref } },
        },
        responses: {
          '200': {
            description: 'Modifié',
            content: { 'application/json': { schema: ref } },
          },
          '404': { $ref: '#/components/responses/NotFound' },
          ...errorResponses,
        },
      };
    }
    if (r.ops.includes('d')) {
      item.delete = {
        tags: [tag],
        operationId: `delete${r.schema}`,
        summary: `Supprimer un(e) ${r.summary}`,
        parameters: idParam,
        responses: {
          '204': { description: 'Supprimé' },
          '404': { $ref: '#/components/responses/NotFound' },
          ...errorResponses,
        },
      };
    }
    if (Object.keys(item).length)
      paths[`${api.basePath}/${r.path}/{id}`] = item;
    if (r.action) {
      paths[`${api.basePath}/${r.path}/{id}/${r.action.name}`] = {
        post: {
          tags: [tag],
          operationId: `${r.action.name}${r.schema}`,
          summary: r.action.summary,
          parameters: idParam,
          responses: {
            '200': {
              description: 'Effectué',
              content: { 'application/json': { schema: ref } },
            },
            '404': { $ref: '#/components/responses/NotFound' },
            '409': {
              description: 'État incompatible',
              content: {
                'application/problem+json': {
                  schema: { $ref: '#/components/schemas/Probleme' },
                },
              },
            },
            ...errorResponses,
          },
        },
      };
    }
  }
  schemas.Probleme = {
    type: 'object',
    description: 'RFC 7807 problem details',
    properties: {
      type: { type: 'string' },
      title: { type: 'string' },
      status: { type: 'integer' },
      detail: { type: 'string' },
    },
  };
  const problem = (description: string) => ({
    description,
    content: {
      'application/problem+json': {
        schema: { $ref: '#/components/schemas/Probleme' },
      },
    },
  });
  return {
    openapi: '3.0.3',
    info: {
      title: `${api.title} (${apiName})`,
      description: `${api.description} Illustrative specification generated for the Pégase Portal demo.`,
      version: api.version,
      contact: { name: 'PC-Scol', url: 'https://www.pc-scol.fr' },
    },
    servers: [
      {
        url: `https://${chart}.{env}.pc-scol.fr`,
        variables: { env: { default: 'demo' } },
      },
    ],
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      },
      parameters: {
        page: {
          name: 'page',
          in: 'query',
          schema: { type: 'integer', minimum: 0, default: 0 },
        },
        taille: {
          name: 'taille',
          in: 'query',
          schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
        },
      },
      responses: {
        BadRequest: problem('Requête invalide'),
        Unauthorized: problem('Jeton absent ou invalide'),
        NotFound: problem('Ressource introuvable'),
      },
      schemas,
    },
  };
}
