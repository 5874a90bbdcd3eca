import { createFrontendModule } from '@backstage/frontend-plugin-api';
import {
  HomePageLayoutBlueprint,
  type HomePageLayoutProps,
} from '@backstage/plugin-home-react/alpha';
import { Container, Grid } from '@backstage/ui';

/**
 * The widgets the home page shows, in this order. The home plugin's own
 * sample widgets (jokes from the internet, world clocks…) are left out.
 */
const ORDER = [
  'FleetProblems',
  'FleetRollouts',
  'FleetVersions',
  'TeamComponents',
];

const rank = (name?: string) => ORDER.indexOf(name ?? '');

/**
 * The portal's home (`/`): problems first, full width, then the rollouts
 * (running, and waves awaiting an approval), the version distribution and the
 * user's teams' components, two by two. A fixed layout
 * rather than the home plugin's customizable grid: everybody sees problems first.
 */
export function PegaseHomeLayout({ widgets }: HomePageLayoutProps) {
  const [first, ...rest] = widgets
    .filter(w => rank(w.name) >= 0)
    .sort((a, b) => rank(a.name) - rank(b.name));
  return (
    <Container my="4">
      <Grid.Root columns={{ initial: '1', md: '2' }} gap="4">
        {first ? (
          <Grid.Item colSpan={{ initial: '1', md: '2' }}>
            {first.component}
          </Grid.Item>
        ) : null}
        {rest.map((w, i) => (
          <Grid.Item key={w.name ?? i}>{w.component}</Grid.Item>
        ))}
      </Grid.Root>
    </Container>
  );
}

const homeLayout = HomePageLayoutBlueprint.make({
  params: { loader: async () => PegaseHomeLayout },
});

/** The home page's layout; its widgets come from the plugins (the fleet's first). */
export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [homeLayout],
});
