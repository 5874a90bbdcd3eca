import {
  CURRENT_VERSION,
  DEPENDENCIES,
  DependencyDef,
  RELEASES,
  SUB_CHARTS,
  SubChartDef,
  dependencyRange,
  inRelease,
  subChart,
  subChartVersion,
} from './components';
import { HelmDependency } from './helm';
import { openApiSpec } from './openapi';
import { sha256 } from './rng';
import { KeyComment, toYaml } from './yamlText';

const OWNER_TITLES: Record<string, string> = {
  'equipe-toulouse': 'Équipe produit Toulouse',
  'equipe-strasbourg': 'Équipe produit Strasbourg',
  'equipe-nantes': 'Équipe produit Nantes',
  'equipe-marseille': 'Équipe produit Marseille',
  architecture: 'Architecture',
  ops: 'Ops Stack NG',
};

/** The repository of a dependency: the vendored folder, or the Helm repository it claims. */
export function dependencyRepository(sub: SubChartDef): string {
  return sub.repository ?? `file://charts/${sub.chart}`;
}

/** The API names a backend provides (explicit or default `<component>-api`). */
export function providedApis(sub: SubChartDef, key = sub.chart): string[] {
  if (sub.type !== 'service') return [];
  return sub.providesApis ?? [`${key}-api`];
}

/** The umbrella `dependencies:` entries of release `releaseIndex`. */
export function dependencyEntries(
  releaseIndex: number,
): Array<Record<string, unknown>> {
  return DEPENDENCIES.filter(d => inRelease(d, releaseIndex)).map(d => {
    const sub = subChart(d.chart);
    const entry: Record<string, unknown> = { name: d.chart };
    if (d.alias) entry.alias = d.alias;
    entry.version = dependencyRange(sub, releaseIndex);
    entry.repository = dependencyRepository(sub);
    entry.condition = `${d.key}.enabled`;
    if (d.tags) entry.tags = d.tags;
    return entry;
  });
}

/** The dependencies of an umbrella version, for the enabling rules. */
export function helmDependencies(version: string): HelmDependency[] {
  const idx = RELEASES.findIndex(r => r.version === version);
  if (idx < 0) throw new Error(`unknown umbrella version ${version}`);
  return DEPENDENCIES.filter(d => inRelease(d, idx)).map(d => ({
    key: d.key,
    condition: `${d.key}.enabled`,
    tags: d.tags,
  }));
}

/** The serviceAccount of a dependency (annotation of a non-aliased chart, else its key). */
export function serviceAccountOf(d: DependencyDef): string {
  return (!d.alias && subChart(d.chart).serviceAccount) || d.key;
}

/** The umbrella values.yaml as a plain object. */
export function umbrellaValues(): Record<string, unknown> {
  const values: Record<string, unknown> = {
    global: {
      imageRegistry: 'docker.pc-scol.fr',
      domain: 'pegase.pc-scol.fr',
      kafka: { bootstrapServers: 'kafka:9092' },
      vault: { address: 'https://vault.pc-scol.fr:8200' },
    },
    tags: { connecteurs: true, outils: true },
  };
  for (const d of DEPENDENCIES) {
    const sub = subChart(d.chart);
    const v: Record<string, unknown> = {};
    if (!d.tagGoverned) v.enabled = d.enabledByDefault;
    if (sub.type === 'service') v.replicaCount = 2;
    else if (sub.type === 'connector') v.schedule = '0 2 * * *';
    else v.replicaCount = 1;
    values[d.key] = v;
  }
  return values;
}

function umbrellaValuesComments(): KeyComment[] {
  const first = (pred: (d: DependencyDef) => boolean) =>
    DEPENDENCIES.find(pred)!.key;
  const comments: KeyComment[] = [
    { path: ['global'], comment: 'Shared with every sub-chart.' },
    {
      path: ['tags'],
      comment:
        'Dependency tags: connectors carry `connecteurs`, tools `outils`. A condition value\n' +
        '(`<key>.enabled`) set here or in an instance wins over the tags, as in Helm.',
      spaceBefore: true,
    },
    {
      path: [first(d => subChart(d.chart).type === 'website')],
      comment: 'Frontends (Angular)',
      spaceBefore: true,
    },
    {
      path: [first(d => subChart(d.chart).type === 'service')],
      comment: 'Backends (Spring Boot)',
      spaceBefore: true,
    },
    {
      path: [first(d => subChart(d.chart).type === 'connector')],
      comment:
        'Connectors: no `enabled` here on purpose, `tags.connecteurs` decides (an instance\n' +
        'sets `tags.connecteurs: false` to drop them all, or `<connector>.enabled` for one).',
      spaceBefore: true,
    },
    {
      path: ['connecteur-moodle', 'enabled'],
      comment: 'Disabled by default: enabled per instance.',
    },
    { path: ['kafka'], comment: 'MOM and database servers', spaceBefore: true },
    {
      path: ['gateway-public'],
      comment: 'Transverse components and tools',
      spaceBefore: true,
    },
    {
      path: ['kafka-ui', 'enabled'],
      comment: 'Disabled by default: enabled per instance.',
    },
  ];
  return comments;
}

const DEPLOYMENT_TEMPLATE = `{{- $workload := .Values.workload | default .Chart.Name }}
{{- $sa := .Values.serviceAccount.name | default .Chart.Name }}
{{- $registry := (.Values.global).imageRegistry | default "docker.pc-scol.fr" }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ $workload }}
  labels:
    app.kubernetes.io/name: {{ $workload }}
    app.kubernetes.io/instance: {{ .Release.Name }}
    app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
    app.kubernetes.io/part-of: pegase
    helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
spec:
  replicas: {{ .Values.replicaCount }}
  selector:
    matchLabels:
      app.kubernetes.io/name: {{ $workload }}
      app.kubernetes.io/instance: {{ .Release.Name }}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: {{ $workload }}
        app.kubernetes.io/instance: {{ .Release.Name }}
    spec:
      serviceAccountName: {{ $sa }}
      containers:
        - name: {{ .Chart.Name }}
          image: "{{ $registry }}/{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
          imagePullPolicy: {{ .Values.image.pullPolicy }}
          ports:
            - name: http
              containerPort: {{ .Values.service.port }}
          env:
            - name: PEGASE_INSTANCE
              value: {{ .Release.Name | quote }}
            # Vault: Kubernetes auth on kubernetes/<cluster>, role = instance name
            - name: VAULT_AUTH_PATH
              value: {{ printf "kubernetes/%s" ((.Values.global).cluster | default "local") | quote }}
            - name: VAULT_ROLE
              value: {{ .Release.Name | quote }}
            - name: VAULT_KV_PATH
              value: {{ printf "pegase/%s/kv/data/%s" .Release.Namespace $sa | quote }}
          {{- with .Values.probes }}
          readinessProbe:
            httpGet:
              path: {{ .readinessPath }}
              port: http
          {{- end }}
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
`;

const LIBRARY_TEMPLATE = `{{/*
pegase-commons: named templates shared by the Pégase charts (library chart: nothing is
rendered from this file on its own).
*/}}
{{- define "pegase-commons.labels" -}}
app.kubernetes.io/name: {{ .Values.workload | default .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/part-of: pegase
{{- end }}

{{- define "pegase-commons.deployment" -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Values.workload | default .Chart.Name }}
  labels:
    {{- include "pegase-commons.labels" . | nindent 4 }}
spec:
  replicas: {{ .Values.replicaCount | default 1 }}
  selector:
    matchLabels:
      {{- include "pegase-commons.labels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "pegase-commons.labels" . | nindent 8 }}
    spec:
      serviceAccountName: {{ .Values.serviceAccount.name | default .Chart.Name }}
      containers:
        - name: {{ .Chart.Name }}
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
{{- end }}
`;

function subChartYaml(sub: SubChartDef): string {
  const annotations: Record<string, string> = {
    'pc-scol.fr/owner': sub.owner,
    'pc-scol.fr/component-type': sub.type,
  };
  if (sub.type === 'service' && !sub.implicitApi) {
    annotations['pc-scol.fr/provides-apis'] = providedApis(sub).join(',');
  }
  if (sub.consumesApis?.length)
    annotations['pc-scol.fr/consumes-apis'] = sub.consumesApis.join(',');
  if (sub.databases?.length) {
    annotations['pc-scol.fr/databases'] = sub.databases
      .map(d => `${d.name}:${d.engine}`)
      .join(',');
  }
  if (sub.kafkaTopics?.length)
    annotations['pc-scol.fr/kafka-topics'] = sub.kafkaTopics.join(',');
  if (sub.openapi) annotations['pc-scol.fr/openapi'] = sub.openapi;
  if (sub.workload) annotations['pc-scol.fr/workload'] = sub.workload;
  if (sub.serviceAccount)
    annotations['pc-scol.fr/service-account'] = sub.serviceAccount;
  const chart = {
    apiVersion: 'v2',
    name: sub.chart,
    description: sub.description,
    type: sub.helmType ?? 'application',
    version: subChartVersion(sub),
    appVersion: sub.appVersion,
    maintainers: [
      { name: OWNER_TITLES[sub.owner], email: `${sub.owner}@pc-scol.invalid` },
    ],
    annotations,
  };
  return toYaml(chart, {
    header: `Sub-chart ${sub.chart} of the Pégase umbrella chart (illustrative demo data).`,
    comments: [
      {
        path: ['annotations'],
        comment:
          'Read by the Pégase Portal catalog providers (see the README, section Demo data).',
      },
    ],
  });
}

const SERVICE_PORTS: Record<string, number> = {
  postgresql: 5432,
  mongodb: 27017,
  kafka: 9092,
};

function subChartValues(sub: SubChartDef): string {
  const values: Record<string, unknown> = {
    replicaCount: sub.type === 'service' ? 2 : 1,
    image: {
      repository: `pcscol/${sub.chart}`,
      tag: sub.appVersion,
      pullPolicy: 'IfNotPresent',
    },
  };
  if (sub.workload) values.workload = sub.workload;
  values.serviceAccount = { create: true, name: sub.serviceAccount ?? '' };
  values.service = { port: SERVICE_PORTS[sub.chart] ?? 8080 };
  const big =
    sub.type === 'service' ||
    sub.type === 'database' ||
    sub.type === 'message-broker';
  values.resources = {
    requests: { cpu: big ? '250m' : '50m', memory: big ? '768Mi' : '128Mi' },
    limits: { memory: big ? '1536Mi' : '256Mi' },
  };
  if (sub.type === 'service') {
    values.probes = { readinessPath: '/actuator/health/readiness' };
    values.spring = { profiles: 'kubernetes' };
    values.databases = (sub.databases ?? []).map(d => ({
      name: d.name,
      engine: d.engine,
    }));
  }
  if (sub.type === 'database' || sub.type === 'message-broker') {
    values.persistence = { size: sub.type === 'database' ? '50Gi' : '20Gi' };
  }
  if (sub.type === 'connector') values.schedule = '0 2 * * *';
  return toYaml(values, {
    header: `Default values of ${sub.chart}. The umbrella chart overrides them under its key.`,
    comments: [
      { path: ['image', 'tag'], comment: 'defaults to the appVersion' },
    ],
  });
}

/** Every file of charts/pegase/ (relative to charts/pegase/) and charts/index.yaml. */
export function chartFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  const current = RELEASES.length - 1;
  const deps = dependencyEntries(current);

  files['pegase/Chart.yaml'] = toYaml(
    {
      apiVersion: 'v2',
      name: 'pegase',
      description:
        'Pégase, the student information system: umbrella chart of its 57 sub-charts',
      type: 'application',
      version: CURRENT_VERSION,
      appVersion: RELEASES[current].appVersion,
      kubeVersion: '>=1.30.0-0',
      home: 'https://www.pc-scol.fr',
      maintainers: [
        { name: 'Architecture', email: 'architecture@pc-scol.invalid' },
      ],
      annotations: { 'pc-scol.fr/owner': 'architecture' },
      dependencies: deps,
    },
    {
      header:
        'The Pégase umbrella chart (demo data generated by @pcscol/demo-fleet: names are\n' +
        'illustrative). 57 dependencies; nginx-gateway and pegase-batch are included twice\n' +
        'under aliases, so charts/ holds 55 sub-chart folders.',
      comments: [
        {
          path: ['dependencies'],
          comment:
            'Each `condition` points at `<alias or name>.enabled` in values.yaml; connectors\n' +
            'carry the tag `connecteurs`, tools the tag `outils`.',
        },
      ],
    },
  );

  const lockDeps = DEPENDENCIES.map(d => {
    const sub = subChart(d.chart);
    return {
      name: d.chart,
      repository: dependencyRepository(sub),
      version: subChartVersion(sub),
    };
  });
  files['pegase/Chart.lock'] = toYaml({
    dependencies: lockDeps,
    digest: `sha256:${sha256(JSON.stringify({ deps, lockDeps }))}`,
    generated: RELEASES[current].created,
  });

  files['pegase/values.yaml'] = toYaml(umbrellaValues(), {
    header:
      'Default values of the Pégase umbrella chart. One key per dependency (alias or name).\n' +
      'Each instance adds its own values.yaml on top (instances/<region>/<usage>/<instance>/).',
    comments: umbrellaValuesComments(),
  });

  for (const sub of SUB_CHARTS) {
    const dir = `pegase/charts/${sub.chart}`;
    files[`${dir}/Chart.yaml`] = subChartYaml(sub);
    files[`${dir}/values.yaml`] = subChartValues(sub);
    if (sub.helmType === 'library') {
      files[`${dir}/templates/_deployment.tpl`] = LIBRARY_TEMPLATE;
    } else {
      files[`${dir}/templates/deployment.yaml`] = DEPLOYMENT_TEMPLATE;
    }
    if (sub.type === 'service') {
      const api = providedApis(sub)[0];
      files[`${dir}/${sub.openapi ?? 'files/openapi.yaml'}`] = toYaml(
        openApiSpec(sub.chart, api),
        {
          header: `OpenAPI of ${api} (illustrative).`,
        },
      );
    }
  }

  files['index.yaml'] = toYaml(
    {
      apiVersion: 'v1',
      entries: {
        pegase: [...RELEASES]
          .map((r, idx) => ({
            apiVersion: 'v2',
            name: 'pegase',
            version: r.version,
            appVersion: r.appVersion,
            description: `Pégase ${r.appVersion}`,
            type: 'application',
            created: r.created,
            digest: sha256(`pegase-${r.version}`),
            urls: [`https://charts.pc-scol.fr/pegase/pegase-${r.version}.tgz`],
            dependencies: dependencyEntries(idx),
          }))
          .reverse(),
      },
      generated: RELEASES[current].created,
    },
    {
      header:
        'Helm repository index of the released umbrella versions (newest first): the\n' +
        'dependencies of an instance on an older chartVersion are read from here.',
    },
  );
  return files;
}
