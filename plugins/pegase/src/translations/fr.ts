/**
 * French messages of the Pégase cards (flattened keys of
 * `pegaseTranslationRef`; the ref's type checks that every key is here).
 */
const fr = {
  'common.unknown': 'Inconnu',
  'usage.sandbox': 'Bac à sable',
  'usage.construction': 'Construction',
  'usage.production': 'Production',
  'instanceCard.title': 'Instance Pégase',
  'instanceCard.university': 'Université',
  'instanceCard.region': 'Région',
  'instanceCard.usage': 'Usage',
  'instanceCard.cluster': 'Cluster',
  'instanceCard.namespace': 'Namespace',
  'instanceCard.chartVersion': 'Version de la chart parapluie',
  'instanceCard.ttl': 'Durée de vie',
  'instanceCard.ttlNone': 'Aucune (instance permanente)',
  'instanceCard.ttlLeft_one': '{{count}} jour restant (jusqu’au {{date}})',
  'instanceCard.ttlLeft_other': '{{count}} jours restants (jusqu’au {{date}})',
  'instanceCard.ttlToday': 'Expire aujourd’hui ({{date}})',
  'instanceCard.ttlExpired_one': 'Expirée depuis {{count}} jour ({{date}})',
  'instanceCard.ttlExpired_other': 'Expirée depuis {{count}} jours ({{date}})',
  'instanceCard.ttlInvalid': 'Date ISO-8601 invalide : {{value}}',
  'instanceCard.subChartVersions':
    'Versions des sous-charts impliquées par {{version}}',
  'instanceCard.subChartVersionsCount_one': '{{count}} sous-chart',
  'instanceCard.subChartVersionsCount_other': '{{count}} sous-charts',
  'instanceCard.subChartVersionsMissing':
    'Les versions des sous-charts de cette version ne sont pas encore connues (annotation {{annotation}} absente).',
  'instanceCard.subChartVersionsInvalid':
    'L’annotation {{annotation}} n’est pas une table JSON de versions de sous-charts.',
  'instanceCard.subChartVersionsEmpty':
    'Cette instance ne déploie aucune sous-chart.',
  'instanceCard.disabledComponents': 'Sous-charts désactivées',
  'instanceCard.columnSubChart': 'Sous-chart',
  'instanceCard.columnVersion': 'Version',
  'subChartCard.title': 'Sous-chart Pégase',
  'subChartCard.chart': 'Chart',
  'subChartCard.chartVersion': 'Version de la chart',
  'subChartCard.appVersion': 'Version applicative',
  'subChartCard.owner': 'Propriétaire',
  'subChartCard.instances': 'Instances qui la déploient',
  'subChartCard.instancesCount_one': '{{count}} instance',
  'subChartCard.instancesCount_other': '{{count}} instances',
  'subChartCard.perUmbrellaVersion': 'Par version de la chart parapluie',
  'subChartCard.columnUmbrellaVersion': 'Version parapluie',
  'subChartCard.columnSubChartVersion': 'Version de la sous-chart',
  'subChartCard.columnInstances': 'Instances',
  'subChartCard.noInstances': 'Aucune instance ne déploie cette sous-chart.',
  'subChartCard.loadError':
    'Impossible de compter les instances qui déploient cette sous-chart.',
  'picker.loading': 'Recherche de ce que vous pouvez choisir…',
  'picker.loadError': 'Impossible de lister les choix : {{message}}',
  'picker.noneRemove': 'Vous ne pouvez supprimer aucune instance.',
  'picker.noneUpgrade': 'Vous ne pouvez mettre à jour aucune instance.',
  'picker.noneDbaas':
    'Vous ne pouvez demander de cluster PostgreSQL pour aucune instance ni aucun composant.',
  'picker.noneKaas':
    'Vous ne pouvez demander de cluster Kafka pour aucune instance ni aucun composant.',
  'picker.noneOwner': 'Vous ne pouvez créer d’instance pour aucun groupe.',
  'picker.noneOther': 'Rien ici ne vous accorde {{permission}}.',
  'picker.count_one': '{{count}} choix possible pour vous (sur {{total}})',
  'picker.count_other': '{{count}} choix possibles pour vous (sur {{total}})',
  'picker.denied':
    'Vous ne pouvez pas choisir {{entity}} : il ne vous accorde pas {{permission}}.',
  'picker.noOption': 'Aucune correspondance parmi vos choix possibles',
};

export default fr;
