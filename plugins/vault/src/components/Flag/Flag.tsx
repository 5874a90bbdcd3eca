import type { ReactNode } from 'react';
import { Badge, Text } from '@backstage/ui';

/** A small status badge: bound, overdue, too broad, a finding severity. */
export function Flag(props: {
  tone?: 'danger' | 'warning' | 'success' | 'secondary';
  children: ReactNode;
}) {
  return (
    <Badge size="small">
      <Text as="span" variant="body-x-small" color={props.tone ?? 'primary'}>
        {props.children}
      </Text>
    </Badge>
  );
}
