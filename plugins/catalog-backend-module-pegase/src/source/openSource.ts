// Opening a source moved to pegase-node (fleet-backend reads the same source);
// this module keeps the names its providers, CLI and tests import.
export {
  emptySource,
  openSource,
  overlaySource,
  prefixedSource,
  SourceNotModified,
  withoutVault,
  type OpenedSource,
  type OpenSourceOptions,
  type SourceState,
} from '@pcscol/plugin-pegase-node';
