import { parseArgocdFile } from './objects';
import { renderApplication } from './generate';
import { TemplateRenderError } from './goTemplate';

const ctx = { file: 'argocd/x.yaml', location: '/repo/argocd/x.yaml' };

describe('parseArgocdFile', () => {
  it('reads ApplicationSets by role and app-of-apps, ignores other kinds', () => {
    const r = parseArgocdFile(
      `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata: { name: fleet, namespace: argocd }
spec:
  goTemplate: true
  generators:
    - git:
        repoURL: https://git.example/g.git
        revision: main
        pathParamPrefix: inv
        files: [{ path: "a/*.json" }, { path: "a/_*.json", exclude: true }]
  template: { metadata: { name: "{{.name}}" }, spec: {} }
---
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: { name: root }
spec:
  source: { repoURL: https://git.example/g.git, path: ./argocd/addons/ }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: other }
`,
      ctx,
    );
    expect(r.problems).toEqual([]);
    expect(r.applicationSets).toHaveLength(1);
    expect(r.applicationSets[0]).toMatchObject({
      name: 'fleet',
      namespace: 'argocd',
      role: 'instances',
      generators: [
        {
          type: 'git-files',
          pathParamPrefix: 'inv',
          files: [{ path: 'a/*.json' }, { path: 'a/_*.json', exclude: true }],
        },
      ],
    });
    expect(r.applications).toMatchObject([
      { name: 'root', path: 'argocd/addons', children: [] },
    ]);
  });

  it('warns about what it cannot follow: other generators, templatePatch', () => {
    const r = parseArgocdFile(
      `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata: { name: m }
spec:
  generators:
    - matrix: { generators: [] }
  templatePatch: "x"
  template: { metadata: { name: m }, spec: {} }
`,
      ctx,
    );
    expect(r.applicationSets[0].role).toBe('other');
    expect(r.problems.map(p => [p.severity, p.message])).toEqual([
      [
        'warning',
        "argocd/x.yaml, line 6, field 'spec.generators[0]': ApplicationSet 'm': the matrix generator is not read by the portal; what it generates is unknown",
      ],
      [
        'warning',
        "argocd/x.yaml, field 'spec.templatePatch': ApplicationSet 'm': templatePatch is not applied by the portal; its generated Applications are rendered from spec.template only",
      ],
    ]);
  });

  it('refuses to render fasttemplate (goTemplate not true)', () => {
    const r = parseArgocdFile(
      `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata: { name: f }
spec:
  generators: [{ clusters: {} }]
  template: { metadata: { name: "{{name}}" }, spec: {} }
`,
      ctx,
    );
    expect(() =>
      renderApplication(r.applicationSets[0], { name: 'a' }),
    ).toThrow(
      new TemplateRenderError(
        'goTemplate is not true: fasttemplate ({{param}}) is not rendered by the portal',
      ),
    );
  });
});
