import { StandInModule } from '../types';
import { startMetricsExporter } from './exporter';

export {
  startMetricsExporter,
  incidentsOf,
  renderExposition,
  versionIncidents,
  versionAlertComponent,
  applyVersionIncidents,
  ALERT_VERSIONS_ENV,
  EXPORTER_REFRESH_ENV,
  VERSION_ALERT,
  type VersionIncident,
  type Incident,
  type MetricsExporterOptions,
} from './exporter';
export * from './series';

/**
 * The live metrics exporter Prometheus scrapes in the demo (not an upstream of
 * the portal: Prometheus is; see packages/stand-ins/prometheus/).
 */
export const standIn: StandInModule = {
  name: 'exporter',
  demoPort: 18160,
  urlEnv: 'THANOS_EXPORTER_URL',
  start: startMetricsExporter,
};
