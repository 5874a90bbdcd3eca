import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { Box, Flex, Text } from '@backstage/ui';
import type { VaultFinding } from '@pcscol/plugin-vault-common';
import { vaultTranslationRef } from '../../translations';
import { Flag } from '../Flag';
import { VaultLink } from '../VaultLink';
import { useFindingText } from './useFindingText';

/** The list of findings (too broad policies, overdue rotations…), each linked to the Vault UI. */
export function Findings(props: { findings: VaultFinding[] }) {
  const { t } = useTranslationRef(vaultTranslationRef);
  const text = useFindingText();
  return (
    <Box data-testid="vault-findings">
      <Text as="h3" variant="body-medium" weight="bold">
        {t('sections.findings')}
      </Text>
      {props.findings.length === 0 ? (
        <Text as="p" variant="body-small" color="secondary">
          {t('states.noFindings')}
        </Text>
      ) : (
        <ul style={{ margin: 0, paddingLeft: 20 }}>
          {props.findings.map(f => (
            <li key={`${f.kind}:${f.subject}`}>
              <Flex gap="1" align="center">
                <Flag tone={f.severity === 'error' ? 'danger' : 'warning'}>
                  {f.severity}
                </Flag>
                <Text
                  variant="body-small"
                  color={f.severity === 'error' ? 'danger' : 'primary'}
                >
                  <VaultLink href={f.uiUrl}>{text(f)}</VaultLink>
                </Text>
              </Flex>
            </li>
          ))}
        </ul>
      )}
    </Box>
  );
}
