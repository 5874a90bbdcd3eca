import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type { VaultInstanceView } from '@pcscol/plugin-vault-common';
import { nodeLabel } from '../../lib/format';
import { vaultTranslationRef } from '../../translations';

/** Cluster, the node that answered (when several are configured) and path. */
export function VaultSubheader(props: { view: VaultInstanceView }) {
  const { t } = useTranslationRef(vaultTranslationRef);
  const { vault, vaultPath } = props.view;
  if (!vault.nodes?.length || !vault.node)
    return <>{t('card.subheader', { cluster: vault.name, path: vaultPath })}</>;
  return (
    <span
      title={t('card.nodes', {
        nodes: vault.nodes.map(n => `${n.url} (${n.state})`).join(', '),
      })}
    >
      {t('card.subheaderNode', {
        cluster: vault.name,
        node: nodeLabel(vault.node),
        path: vaultPath,
      })}
    </span>
  );
}
