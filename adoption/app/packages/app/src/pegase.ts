// Pégase Portal's frontend plugins, as an adopting app lists them in
// `features` (issue 27's adoption check type-checks these imports; with
// `app.packages: all` the app also discovers them from package.json).
import architecturePlugin from '@pcscol/plugin-architecture';
import argocdPlugin from '@pcscol/plugin-argocd';
import fleetPlugin from '@pcscol/plugin-fleet';
import pegasePlugin from '@pcscol/plugin-pegase';
import thanosPlugin from '@pcscol/plugin-thanos';
import vaultPlugin from '@pcscol/plugin-vault';

export const pegaseFeatures = [
  architecturePlugin,
  argocdPlugin,
  fleetPlugin,
  pegasePlugin,
  thanosPlugin,
  vaultPlugin,
];
