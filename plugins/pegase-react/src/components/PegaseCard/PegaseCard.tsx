import type { ReactNode } from 'react';
import {
  ButtonLink,
  Card,
  CardBody,
  CardFooter,
  CardHeader,
  Flex,
  Text,
} from '@backstage/ui';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { pegaseReactTranslationRef } from '../../translations';

/** A link to the upstream UI a card's data comes from (ArgoCD, Vault, Thanos…). @public */
export interface UpstreamLink {
  /** Shown as "Open in \{name\}". */
  name: string;
  /** The URL of that UI. */
  href: string;
}

/** Props of {@link PegaseCard}. @public */
export interface PegaseCardProps {
  /** The card's title. */
  title: ReactNode;
  /** One line under the title (a version, a count, a status). */
  subtitle?: ReactNode;
  /** Controls at the right of the title (a refresh button, a toggle). */
  actions?: ReactNode;
  /** Adds an "Open in …" link to the footer. */
  upstream?: UpstreamLink;
  /** The card's body. */
  children?: ReactNode;
  /** Set on the card's root element. */
  'data-testid'?: string;
}

/**
 * The one card of the Pégase plugins' entity pages: a `@backstage/ui` Card
 * with a title, optional actions and subtitle, and a link to the upstream UI.
 * @public
 */
export function PegaseCard(props: PegaseCardProps) {
  const { title, subtitle, actions, upstream, children } = props;
  const { t } = useTranslationRef(pegaseReactTranslationRef);
  return (
    <Card data-testid={props['data-testid']}>
      <CardHeader>
        <Flex justify="between" align="center">
          <Flex direction="column" gap="1">
            <Text as="h2" variant="title-x-small" weight="bold">
              {title}
            </Text>
            {subtitle ? (
              <Text variant="body-small" color="secondary">
                {subtitle}
              </Text>
            ) : null}
          </Flex>
          {actions ? <Flex gap="2">{actions}</Flex> : null}
        </Flex>
      </CardHeader>
      <CardBody>{children}</CardBody>
      {upstream ? (
        <CardFooter>
          <ButtonLink
            href={upstream.href}
            target="_blank"
            rel="noopener noreferrer"
            variant="tertiary"
          >
            {t('openUpstream', { name: upstream.name })}
          </ButtonLink>
        </CardFooter>
      ) : null}
    </Card>
  );
}
