import { Flex, Link, Text } from '@backstage/ui';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type { ClusterProblem } from '@pcscol/plugin-pegase-common';
import { fleetTranslationRef } from '../../translations';

/** What one problem says, in the user's language. */
function useProblemText() {
  const { t } = useTranslationRef(fleetTranslationRef);
  return (p: ClusterProblem): string => {
    const versions = (p.versions ?? [])
      .map(v => `${v.version} (${v.clusters.join(', ')})`)
      .join(' · ');
    const on = { addon: p.addon ?? '', cluster: p.cluster ?? '' };
    switch (p.kind) {
      case 'addon-degraded':
        return p.detail
          ? t('clusters.problem.addonDegradedDetail', {
              ...on,
              detail: p.detail,
            })
          : t('clusters.problem.addonDegraded', on);
      case 'addon-out-of-sync':
        return t('clusters.problem.addonOutOfSync', on);
      case 'addon-operation-failed':
        return t('clusters.problem.addonOperationFailed', on);
      case 'addon-missing':
        return t('clusters.problem.addonMissing', on);
      case 'kubernetes-skew':
        return t('clusters.problem.kubernetesSkew', {
          type: p.clusterType ?? '',
          versions,
        });
      case 'talos-skew':
        return t('clusters.problem.talosSkew', {
          type: p.clusterType ?? '',
          versions,
        });
      case 'addon-version-skew':
        return t('clusters.problem.addonVersionSkew', {
          addon: p.addon ?? '',
          type: p.clusterType ?? '',
          versions,
        });
      case 'untargeted-cluster':
        return t('clusters.problem.untargeted', on);
      default:
        return p.kind;
    }
  };
}

/** The problems of the clusters shown, each with its ArgoCD link when it has one. */
export function ClusterProblems(props: { problems: ClusterProblem[] }) {
  const { problems } = props;
  const { t } = useTranslationRef(fleetTranslationRef);
  const text = useProblemText();
  return (
    <Flex direction="column" gap="2" data-testid="fleet-cluster-problems">
      <Text variant="title-x-small" weight="bold">
        {t('clusters.problemsTitle', { count: problems.length })}
      </Text>
      {problems.length === 0 ? (
        <Text color="secondary">{t('clusters.noProblems')}</Text>
      ) : (
        <ul style={{ margin: 0, paddingLeft: '1.2em' }}>
          {problems.map((p, i) => (
            <li key={`${p.kind}-${p.cluster ?? p.clusterType}-${p.addon}-${i}`}>
              <Text
                variant="body-small"
                color={
                  p.kind === 'addon-degraded' || p.kind === 'addon-missing'
                    ? 'danger'
                    : 'warning'
                }
              >
                {text(p)}
              </Text>
              {p.uiUrl ? (
                <>
                  {' '}
                  <Link
                    href={p.uiUrl}
                    target="_blank"
                    rel="noopener noreferrer"
                    variant="body-small"
                  >
                    {t('clusters.openInArgocd')}
                  </Link>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </Flex>
  );
}
