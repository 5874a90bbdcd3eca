/**
 * French messages of the architecture view (flattened keys of
 * `architectureTranslationRef`; the ref's type checks that every key is here).
 */
const fr = {
  'page.title': 'Architecture',
  'toolbar.groupBy': 'Grouper par',
  'toolbar.byTeam': 'Équipe propriétaire',
  'toolbar.byType': 'Type',
  'toolbar.search': 'Trouver un nœud',
  'toolbar.depth': 'Profondeur du focus',
  'toolbar.edges': 'Relations',
  'toolbar.clearFocus': 'Quitter le focus',
  'toolbar.hideOthers': 'Masquer le reste',
  'edges.providesApi': 'fournit',
  'edges.consumesApi': 'consomme',
  'edges.dependsOn': 'dépend de',
  summary: '{{nodes}} nœuds, {{edges}} relations',
  'details.choose': 'Choisir un nœud pour voir ses détails et son voisinage.',
  'details.kind': 'Genre',
  'details.type': 'Type',
  'details.owner': 'Propriétaire',
  'details.instances': 'Déployé dans',
  'details.instancesCount_one': '{{count}} instance',
  'details.instancesCount_other': '{{count}} instances',
  'details.versions': 'Versions',
  'details.openEntity': 'Ouvrir dans le catalogue',
  'details.openFleet': 'Où il tourne',
  'details.focus': 'Focus ici',
  'details.impact': "Impact d'un changement",
  'impact.title': "Impact d'un changement de {{name}}",
  'impact.none': 'Aucun composant ne le consomme.',
  'impact.component': 'Composant',
  'impact.owner': 'Propriétaire',
  'impact.depth': 'Distance',
  'impact.direct': 'direct',
  'impact.through_one': 'via {{count}} API',
  'impact.through_other': 'via {{count}} API',
  'impact.instances': 'Instances',
  'impact.summary':
    '{{components}} composants de {{teams}} équipes, {{runs}} déploiements',
  'impact.exportCsv': 'Exporter en CSV',
};

export default fr;
