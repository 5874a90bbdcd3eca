import type { ReactNode } from 'react';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { Button, Flex, Text } from '@backstage/ui';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { pegaseReactTranslationRef } from '../../translations';

/** The state `useAsync`/`useAsyncRetry` (react-use) returns. @public */
export interface AsyncState<T> {
  /** True while the value loads. */
  loading: boolean;
  /** Why loading failed, if it did. */
  error?: Error;
  /** The loaded value (kept while it loads again). */
  value?: T;
}

/** Props of {@link AsyncContent}. @public */
export interface AsyncContentProps<T> {
  /** The state to render. */
  state: AsyncState<T>;
  /** Renders a retry button under the error (`useAsyncRetry`'s `retry`). */
  retry?: () => void;
  /** True when the value has nothing to show: renders `empty` instead. */
  isEmpty?: (value: T) => boolean;
  /** The empty state; default a short "Nothing to show." */
  empty?: ReactNode;
  /** Renders the loaded value. */
  children: (value: T) => ReactNode;
}

/**
 * The one loading/error/empty pattern of the Pégase views: Backstage's
 * `Progress` while loading, its `ResponseErrorPanel` (which shows a
 * `ResponseError`'s status and body) on failure, then the content.
 * @public
 */
export function AsyncContent<T>(props: AsyncContentProps<T>) {
  const { state, retry, isEmpty, empty, children } = props;
  const { t } = useTranslationRef(pegaseReactTranslationRef);
  if (state.loading && state.value === undefined) return <Progress />;
  if (state.error) {
    return (
      <Flex direction="column" gap="2">
        <ResponseErrorPanel error={state.error} />
        {retry ? (
          <div>
            <Button variant="secondary" onPress={retry}>
              {t('retry')}
            </Button>
          </div>
        ) : null}
      </Flex>
    );
  }
  if (state.value === undefined) return <Progress />;
  if (isEmpty?.(state.value)) {
    return <>{empty ?? <Text color="secondary">{t('empty')}</Text>}</>;
  }
  return <>{children(state.value)}</>;
}
