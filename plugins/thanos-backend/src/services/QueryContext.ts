/*
 * What the graph and alert queries share.
 */
import { ThanosConfig } from '../config';
import { QuerierClient } from './QuerierClient';
import { QueryCache } from './QueryCache';

/** What querying needs: the config, one client per querier, the cache, the clock. */
export interface QueryContext {
  config: ThanosConfig;
  clients: Map<string, QuerierClient>;
  cache: QueryCache;
  /** Unix seconds. */
  now: () => number;
}
