import { RolloutPage } from '../RolloutPage';
import { RolloutsList } from './RolloutsList';

/**
 * The Fleet page's Rollouts tab: the list, or one rollout's page when the
 * URL names it (`?tab=rollouts&rollout=<id>`), so a rollout can be shared.
 */
export function RolloutsTab(props: {
  rolloutId?: string;
  rolloutHref: (id?: string) => string;
}) {
  if (props.rolloutId) {
    return <RolloutPage id={props.rolloutId} backHref={props.rolloutHref()} />;
  }
  return <RolloutsList rolloutHref={props.rolloutHref} />;
}
