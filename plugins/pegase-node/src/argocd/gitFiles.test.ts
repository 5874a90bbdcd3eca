import { gitFileParams, gitPathMatcher, matchGitFiles } from './gitFiles';

const files = [
  'instances/eu-sxb-1/production/a/instance.json',
  'instances/eu-sxb-1/production/a/values.yaml',
  'instances/eu-sxb-1/sandbox/b/instance.json',
  'instances/fr-cfe-uca/production/c/instance.json',
  'instances/fr-cfe-uca/production/archive/old/instance.json',
  'instances/top.json',
  'other/instance.json',
];

describe('the Git files generator', () => {
  it('matches as git ls-files pathspecs by default: * also crosses folders', () => {
    const m = gitPathMatcher('instances/*/production/*/instance.json');
    expect(files.filter(m)).toEqual([
      'instances/eu-sxb-1/production/a/instance.json',
      'instances/fr-cfe-uca/production/c/instance.json',
      'instances/fr-cfe-uca/production/archive/old/instance.json',
    ]);
    // no wildcard: the file, or everything under the folder
    expect(files.filter(gitPathMatcher('instances/eu-sxb-1'))).toHaveLength(3);
    expect(files.filter(gitPathMatcher('instances/top.json'))).toEqual([
      'instances/top.json',
    ]);
    expect(files.filter(gitPathMatcher('instances/?op.json'))).toEqual([
      'instances/top.json',
    ]);
  });

  it('matches with doublestar when the new globbing is on: * stays in its folder', () => {
    const m = gitPathMatcher('instances/*/production/*/instance.json', true);
    expect(files.filter(m)).toEqual([
      'instances/eu-sxb-1/production/a/instance.json',
      'instances/fr-cfe-uca/production/c/instance.json',
    ]);
    expect(files.filter(gitPathMatcher('**/instance.json', true))).toHaveLength(
      5,
    );
    expect(
      files.filter(
        gitPathMatcher('instances/*/{sandbox,production}/*/*.json', true),
      ),
    ).toHaveLength(3);
  });

  it('removes what an exclude entry matches, whatever the include order, and sorts', () => {
    expect(
      matchGitFiles(
        [
          { path: 'instances/**/archive/**', exclude: true },
          { path: 'instances/*/*/*/instance.json' },
          { path: 'other/instance.json' },
        ],
        [...files].reverse(),
      ),
    ).toEqual([
      'instances/eu-sxb-1/production/a/instance.json',
      'instances/eu-sxb-1/sandbox/b/instance.json',
      'instances/fr-cfe-uca/production/c/instance.json',
      'other/instance.json',
    ]);
  });

  it('gives the object keys and the path parameters, under pathParamPrefix when set', () => {
    const p = gitFileParams('fleet/eu-sxb-1/Univ_A.json', { name: 'a' });
    expect(p).toEqual({
      name: 'a',
      path: {
        path: 'fleet/eu-sxb-1',
        basename: 'eu-sxb-1',
        filename: 'Univ_A.json',
        basenameNormalized: 'eu-sxb-1',
        filenameNormalized: 'univ-a.json',
        segments: ['fleet', 'eu-sxb-1'],
      },
    });
    expect(gitFileParams('x/y.json', {}, 'inv')).toEqual({
      inv: { path: expect.objectContaining({ path: 'x', basename: 'x' }) },
    });
  });
});
