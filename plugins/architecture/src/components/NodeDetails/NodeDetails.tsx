import { Button, ButtonLink, Flex, Text } from '@backstage/ui';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type { ArchitectureNode } from '@pcscol/plugin-architecture-common';
import { PegaseCard } from '@pcscol/plugin-pegase-react';
import { architectureTranslationRef } from '../../translations';

/** The selected node: what it is, who owns it, where it runs, and what to do next. */
export function NodeDetails(props: {
  node: ArchitectureNode;
  entityHref?: string;
  fleetHref?: string;
  onFocus: () => void;
  onImpact?: () => void;
}) {
  const { node, entityHref, fleetHref, onFocus, onImpact } = props;
  const { t } = useTranslationRef(architectureTranslationRef);
  const fact = (label: string, value?: string) =>
    value ? (
      <Flex gap="2">
        <Text variant="body-small" color="secondary" style={{ minWidth: 90 }}>
          {label}
        </Text>
        <Text variant="body-small">{value}</Text>
      </Flex>
    ) : null;
  return (
    <PegaseCard
      title={node.title ?? node.name}
      data-testid="architecture-node-details"
    >
      <Flex direction="column" gap="2">
        {fact(t('details.kind'), node.kind)}
        {fact(t('details.type'), node.type)}
        {fact(t('details.owner'), node.owner)}
        {node.kind !== 'api'
          ? fact(
              t('details.instances'),
              t('details.instancesCount', { count: node.instances }),
            )
          : null}
        {node.versions.length > 0
          ? fact(
              t('details.versions'),
              node.versions.map(v => `${v.version} (${v.count})`).join(', '),
            )
          : null}
        <Flex gap="2" style={{ flexWrap: 'wrap' }}>
          <Button size="small" variant="secondary" onPress={onFocus}>
            {t('details.focus')}
          </Button>
          {onImpact ? (
            <Button size="small" variant="secondary" onPress={onImpact}>
              {t('details.impact')}
            </Button>
          ) : null}
          {entityHref ? (
            <ButtonLink size="small" variant="tertiary" href={entityHref}>
              {t('details.openEntity')}
            </ButtonLink>
          ) : null}
          {fleetHref && node.instances > 0 ? (
            <ButtonLink size="small" variant="tertiary" href={fleetHref}>
              {t('details.openFleet')}
            </ButtonLink>
          ) : null}
        </Flex>
      </Flex>
    </PegaseCard>
  );
}
