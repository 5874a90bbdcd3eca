import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  Cell,
  Column,
  Row,
  TableBody,
  TableHeader,
  TableRoot,
  Text,
} from '@backstage/ui';
import type { VaultPolicy } from '@pcscol/plugin-vault-common';
import { vaultTranslationRef } from '../../translations';
import { VaultLink } from '../VaultLink';

/** Policies with their rules (paths and capabilities); `sudo` or a `*` path in red. */
export function Policies(props: { policies: VaultPolicy[] }) {
  const { t } = useTranslationRef(vaultTranslationRef);
  return (
    <TableRoot aria-label={t('sections.policies')}>
      <TableHeader>
        <Column isRowHeader>{t('columns.name')}</Column>
        <Column>{t('columns.path')}</Column>
        <Column>{t('columns.capabilities')}</Column>
      </TableHeader>
      <TableBody>
        {props.policies.flatMap(p =>
          (p.rules.length ? p.rules : [{ path: '—', capabilities: [] }]).map(
            (rule, i) => (
              <Row
                key={`${p.name}:${i}`}
                id={`${p.name}:${i}`}
                textValue={`${p.name} ${rule.path}`}
              >
                <Cell>
                  {i === 0 && <VaultLink href={p.uiUrl}>{p.name}</VaultLink>}
                </Cell>
                <Cell style={{ wordBreak: 'break-all' }}>
                  {p.parseError && i === 0 ? (
                    <Text variant="body-small" color="danger">
                      {t('values.policyUnreadable', {
                        name: p.name,
                        error: p.parseError,
                      })}
                    </Text>
                  ) : (
                    rule.path
                  )}
                </Cell>
                <Cell>
                  <Text
                    variant="body-small"
                    color={
                      rule.capabilities.includes('sudo') || rule.path === '*'
                        ? 'danger'
                        : 'primary'
                    }
                  >
                    {rule.capabilities.join(', ')}
                  </Text>
                </Cell>
              </Row>
            ),
          ),
        )}
      </TableBody>
    </TableRoot>
  );
}
