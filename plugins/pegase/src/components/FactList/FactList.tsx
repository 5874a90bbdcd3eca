import type { ReactNode } from 'react';
import { Flex, Grid, Text } from '@backstage/ui';

/** One labelled value of a card. */
export interface Fact {
  label: string;
  value: ReactNode;
}

/**
 * The labelled values of a Pégase card, in a two-column grid (one column
 * on narrow screens): the `@backstage/ui` counterpart of the MUI
 * `StructuredMetadataTable`.
 */
export function FactList(props: { facts: Fact[] }) {
  return (
    <Grid.Root columns={{ initial: '1', sm: '2' }} gap="3">
      {props.facts.map(fact => (
        <Flex key={fact.label} direction="column" gap="1">
          <Text variant="body-small" color="secondary">
            {fact.label}
          </Text>
          <Text as="div" variant="body-medium">
            {fact.value}
          </Text>
        </Flex>
      ))}
    </Grid.Root>
  );
}
