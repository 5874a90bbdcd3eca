import {
  renderGoTemplate,
  renderTemplateObject,
  sanitizeName,
  TemplateRenderError,
} from './goTemplate';
import { gitFileParams } from './gitFiles';

const params = gitFileParams(
  'instances/eu-sxb-1/production/unistra-production/instance.json',
  {
    name: 'unistra-production',
    university: 'UniStra',
    cluster: 'sxb-prod-1',
    replicas: 3,
    enabled: true,
    tags: ['a'],
    nested: { team: 'ops' },
  },
);

const render = (t: string, opts = {}) => renderGoTemplate(t, params, opts);
const refusal = (t: string, opts = {}) => {
  try {
    render(t, opts);
  } catch (e) {
    if (e instanceof TemplateRenderError) return e.message;
    throw e;
  }
  throw new Error(`'${t}' was rendered`);
};

describe('renderGoTemplate: the constructs the demo uses', () => {
  it('renders fields, path parameters and index', () => {
    expect(render('{{.name}}')).toBe('unistra-production');
    expect(render('{{ .cluster }}-x')).toBe('sxb-prod-1-x');
    expect(render('{{.path.basename}}')).toBe('unistra-production');
    expect(render('{{.path.path}}/{{.path.filename}}')).toBe(
      'instances/eu-sxb-1/production/unistra-production/instance.json',
    );
    expect(render('{{index .path.segments 1}}')).toBe('eu-sxb-1');
    expect(render('{{index .path.segments 2}}')).toBe('production');
    expect(render('{{.nested.team}}')).toBe('ops');
    expect(render('{{index .nested "team"}}')).toBe('ops');
    expect(render('{{.replicas}} {{.enabled}}')).toBe('3 true');
  });

  it('renders default, lower, normalize and pipes', () => {
    expect(render('{{.namespace | default .name}}')).toBe('unistra-production');
    expect(render('{{.name | default "x"}}')).toBe('unistra-production');
    expect(render('{{.chartVersion | default "25.0.0"}}')).toBe('25.0.0');
    expect(render('{{default "z" .missing}}')).toBe('z');
    expect(render('{{.university | default "" | lower}}')).toBe('unistra');
    expect(render('{{.university | upper}}')).toBe('UNISTRA');
    expect(render('{{"Univ_Côte Azur." | normalize}}')).toBe('univ-c-te-azur');
    expect(sanitizeName('--A.b_c--')).toBe('a.b-c');
    expect(render('{{ .name | trimSuffix "-production" }}')).toBe('unistra');
    expect(render('{{ .name | replace "-" "_" | trunc 7 }}')).toBe('unistra');
    expect(render('{{ lower (default "X" .missing) }}')).toBe('x');
    expect(render('a {{- " b " -}} c')).toBe('a b c');
    expect(render('{{/* a comment */}}ok')).toBe('ok');
  });

  it('renders every string of a template object, keys too', () => {
    expect(
      renderTemplateObject(
        {
          metadata: { name: '{{.name}}', labels: { '{{.cluster}}': 'x' } },
          spec: { n: 1, list: ['$values/{{.path.path}}/values.yaml'] },
        },
        params,
      ),
    ).toEqual({
      metadata: { name: 'unistra-production', labels: { 'sxb-prod-1': 'x' } },
      spec: {
        n: 1,
        list: [
          '$values/instances/eu-sxb-1/production/unistra-production/values.yaml',
        ],
      },
    });
  });
});

describe('renderGoTemplate: refusals, never a guess', () => {
  it('refuses control structures, variables and unknown functions', () => {
    expect(refusal('{{if .name}}x{{end}}')).toBe(
      "'{{if .name}}': the control structure '{{if}}'",
    );
    expect(refusal('{{range .tags}}{{.}}{{end}}')).toContain("'{{range}}'");
    expect(refusal('{{$x := .name}}')).toContain("the variable '$x'");
    expect(refusal('{{.name | title}}')).toBe(
      "'{{.name | title}}': the function 'title'",
    );
  });

  it('refuses a missing key (ArgoCD renders <no value>) and fails it with missingkey=error', () => {
    expect(refusal('{{.namespace}}')).toBe(
      "'{{.namespace}}' is missing (ArgoCD would render '<no value>')",
    );
    expect(
      refusal('{{.namespace | default .name}}', { missingKeyError: true }),
    ).toBe(
      "'{{.namespace | default .name}}': '.namespace' is missing (missingkey=error)",
    );
  });

  it('refuses values Go prints its own way, and bad indexes', () => {
    expect(refusal('{{.tags}}')).toContain('is a list');
    expect(refusal('{{.nested}}')).toContain('is a map');
    // JSON numbers are float64 in ArgoCD: Go prints a million as 1e+06
    expect(() => renderGoTemplate('{{.n}}', { n: 1000000 })).toThrow(
      "'{{.n}}' is a number (Go's printing of it is not rendered)",
    );
    expect(renderGoTemplate('{{.n}}', { n: 999999 })).toBe('999999');
    expect(refusal('{{index .path.segments 9}}')).toContain(
      'index 9 out of range (the list has 4 elements)',
    );
    expect(refusal('{{.name.first}}')).toContain(
      "'first' of a value that is no map",
    );
    expect(refusal('{{.missing | lower}}')).toContain(
      "'lower' of a missing value (it takes a string)",
    );
    expect(refusal('{{.name')).toBe("an unclosed '{{'");
    expect(refusal('{{ (.name }}')).toContain('an unclosed parenthesis');
  });
});
