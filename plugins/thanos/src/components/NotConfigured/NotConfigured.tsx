import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { Flex, Text } from '@backstage/ui';
import { thanosTranslationRef } from '../../translations';

/** Stated clearly on every card when no querier is configured. */
export function NotConfigured() {
  const { t } = useTranslationRef(thanosTranslationRef);
  return (
    <div data-testid="thanos-not-configured">
      <Flex direction="column" gap="1">
        <Text weight="bold">{t('notConfigured.title')}</Text>
        <Text variant="body-small" color="secondary">
          {t('notConfigured.body')}
        </Text>
      </Flex>
    </div>
  );
}
