import { Flex, Link, Text } from '@backstage/ui';
import {
  identityApiRef,
  useApi,
  useTranslationRef,
} from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  AsyncContent,
  PegaseCard,
  useEntityLink,
} from '@pcscol/plugin-pegase-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { fleetTranslationRef } from '../../translations';

/** The components owned by the signed-in user's teams (one catalog query). */
export function TeamComponentsCard() {
  const { t } = useTranslationRef(fleetTranslationRef);
  const identityApi = useApi(identityApiRef);
  const catalogApi = useApi(catalogApiRef);
  const entityLink = useEntityLink();
  const state = useAsyncRetry(async () => {
    const { ownershipEntityRefs } = await identityApi.getBackstageIdentity();
    const teams = ownershipEntityRefs.filter(r => r.startsWith('group:'));
    if (teams.length === 0) return [];
    const { items } = await catalogApi.getEntities({
      filter: { kind: 'Component', 'relations.ownedBy': teams },
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.description',
        'spec.type',
      ],
    });
    return items.sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  }, [identityApi, catalogApi]);
  return (
    <PegaseCard title={t('home.teamsTitle')} data-testid="fleet-teams-card">
      <AsyncContent
        state={state}
        retry={state.retry}
        isEmpty={items => items.length === 0}
        empty={<Text color="secondary">{t('home.noTeams')}</Text>}
      >
        {items => (
          <Flex direction="column" gap="1">
            {items.map(e => (
              <Flex key={e.metadata.name} gap="2" align="center">
                <Link href={entityLink(stringifyEntityRef(e))}>
                  {e.metadata.name}
                </Link>
                <Text variant="body-small" color="secondary">
                  {String(e.spec?.type ?? '')}
                </Text>
              </Flex>
            ))}
          </Flex>
        )}
      </AsyncContent>
    </PegaseCard>
  );
}
