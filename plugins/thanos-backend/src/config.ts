import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  redactUrlCredentials,
  warnAboutLegacyConfigKey,
} from '@pcscol/plugin-pegase-node';
import { MetricUnit } from '@pcscol/plugin-thanos-common';
import { parseDuration } from './services/promql';
import { DEFAULT_TEMPLATES, QueryTemplate } from './services/templates';

/**
 * Where this plugin's configuration lives: `pegase.thanos` (before 0.2: `thanos`, a
 * top-level key any other Thanos plugin could claim, so it is never read here).
 */
export const THANOS_CONFIG_KEY = 'pegase.thanos';

/**
 * One warning when the configuration still sits under the old `thanos` key and
 * `pegase.thanos` is absent: that block is not read (another Thanos plugin may own it), so the views would answer as unconfigured.
 */
export function warnAboutLegacyThanosConfig(
  config: Config,
  logger: { warn(message: string): void },
): void {
  warnAboutLegacyConfigKey(config, logger, {
    legacy: 'thanos',
    current: THANOS_CONFIG_KEY,
    product: 'Thanos',
    legacyOwner: 'other plugins',
  });
}

/** One configured querier. @public */
export interface QuerierConfig {
  name: string;
  url: string;
  token?: string;
  /**
   * `user:password` written in `url`, moved out of it (Node's fetch refuses a URL
   * holding credentials) and sent as Basic authentication when no token is set.
   */
  basicAuth?: string;
  tenantHeader?: string;
  tenant?: string;
  dedup: boolean;
  partialResponse: boolean;
  timeoutMs: number;
  scrapeIntervalSeconds: number;
  uiUrl?: string;
  grafanaUrl?: string;
}

/** The plugin's configuration, defaults applied. @public */
export interface ThanosConfig {
  queriers: QuerierConfig[];
  topInstances: number;
  cacheTtlSeconds: number;
  templates: QueryTemplate[];
}

const UNITS: MetricUnit[] = [
  'cores',
  'bytes',
  'percent',
  'ratio',
  'seconds',
  'reqps',
  'count',
  'short',
];
const ALLOWED = new Set([
  'namespace',
  'namespaces',
  'workload',
  'workloadPods',
  'window',
]);

// scheme://userinfo@rest, as RFC 3986 section 3.2.1 defines userinfo
const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)@/i;

function splitCredentials(url: string): { url: string; userinfo?: string } {
  const m = USERINFO.exec(url);
  if (!m) return { url };
  return {
    url: m[1] + url.slice(m[0].length),
    userinfo: decodeURIComponent(m[2]),
  };
}

function withoutCredentials(url: string | undefined): string | undefined {
  return url === undefined ? undefined : splitCredentials(url).url;
}

/** Reads `pegase.thanos.*` (throws a clear error naming the key for a bad value). @public */
export function readThanosConfig(config: Config): ThanosConfig {
  const root = config.getOptionalConfig(THANOS_CONFIG_KEY);
  const queriers = (root?.getOptionalConfigArray('queriers') ?? []).map(
    (q, i) => {
      const raw = q.getString('url').replace(/\/+$/, '');
      if (!/^https?:\/\//.test(raw)) {
        throw new InputError(
          `pegase.thanos.queriers[${i}].url must be an http(s) URL, got "${redactUrlCredentials(
            raw,
          )}"`,
        );
      }
      const { url, userinfo } = splitCredentials(raw);
      return {
        name: q.getString('name'),
        url,
        token: q.getOptionalString('token') || undefined,
        basicAuth: userinfo,
        tenantHeader: q.getOptionalString('tenantHeader') || undefined,
        tenant: q.getOptionalString('tenant') || undefined,
        dedup: q.getOptionalBoolean('dedup') ?? true,
        partialResponse: q.getOptionalBoolean('partialResponse') ?? true,
        timeoutMs: q.getOptionalNumber('timeoutMs') ?? 10000,
        scrapeIntervalSeconds: parseDuration(
          q.getOptionalString('scrapeInterval'),
          30,
        ),
        // links go to every user's browser: never with the operator's credentials
        uiUrl: withoutCredentials(q.getOptionalString('uiUrl'))?.replace(
          /\/+$/,
          '',
        ),
        grafanaUrl: withoutCredentials(q.getOptionalString('grafanaUrl')),
      };
    },
  );
  const templates = [...DEFAULT_TEMPLATES];
  for (const [i, tc] of (
    root?.getOptionalConfigArray('templates') ?? []
  ).entries()) {
    const key = `pegase.thanos.templates[${i}]`;
    const id = tc.getString('id');
    if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(id))
      throw new InputError(`${key}.id "${id}" must be kebab-case`);
    const base = templates.find(x => x.id === id);
    const unit = (tc.getOptionalString('unit') ??
      base?.unit ??
      'short') as MetricUnit;
    if (!UNITS.includes(unit))
      throw new InputError(
        `${key}.unit "${unit}" is not one of ${UNITS.join(', ')}`,
      );
    const rank = tc.getOptionalString('rank') ?? base?.rank ?? 'top';
    if (rank !== 'top' && rank !== 'bottom')
      throw new InputError(`${key}.rank must be top or bottom`);
    const tpl: QueryTemplate = {
      id,
      title: tc.getOptionalString('title') ?? base?.title ?? id,
      unit,
      types: tc.getOptionalStringArray('types') ?? base?.types ?? [],
      fleet: tc.getOptionalString('fleet') ?? base?.fleet,
      instance: tc.getOptionalString('instance') ?? base?.instance,
      legend: tc.getOptionalString('legend') ?? base?.legend ?? 'pod',
      rank,
      source: 'config',
    };
    for (const text of [tpl.fleet, tpl.instance]) {
      for (const p of [...(text ?? '').matchAll(/\$([A-Za-z_]+)/g)].map(
        m => m[1],
      )) {
        if (!ALLOWED.has(p))
          throw new InputError(`${key} uses unknown placeholder $${p}`);
      }
    }
    if (!tpl.fleet && !tpl.instance)
      throw new InputError(`${key} needs fleet or instance`);
    const at = templates.findIndex(x => x.id === id);
    if (at >= 0) templates[at] = tpl;
    else templates.push(tpl);
  }
  return {
    queriers,
    topInstances: root?.getOptionalNumber('topInstances') ?? 5,
    cacheTtlSeconds: root?.getOptionalNumber('cacheTtlSeconds') ?? 30,
    templates,
  };
}
