import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { Text } from '@backstage/ui';
import type { VaultPart } from '@pcscol/plugin-vault-common';
import { vaultTranslationRef } from '../../translations';

/**
 * The error of one part of a view (engines, policies…): the other parts still
 * show. The whole view's error goes through `AsyncContent`'s error panel.
 */
export function PartError(props: {
  part: string;
  error?: VaultPart<unknown>['error'];
}) {
  const { t } = useTranslationRef(vaultTranslationRef);
  if (!props.error) return null;
  return (
    <Text
      as="p"
      variant="body-small"
      color="danger"
      role="alert"
      data-testid="vault-part-error"
    >
      {t('states.partError', {
        part: props.part,
        message: props.error.message,
      })}
    </Text>
  );
}
