import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dockerIgnoreMatcher, readDockerIgnore } from './dockerignore';

const repoRoot = path.resolve(__dirname, '../../..');

describe('the repository .dockerignore', () => {
  const ignored = readDockerIgnore(repoRoot);

  it('excludes sources, plugins, node_modules and the Yarn cache', () => {
    expect(ignored('node_modules')).toBe(true);
    expect(ignored('node_modules/react/index.js')).toBe(true);
    expect(ignored('.yarn/cache/x.zip')).toBe(true);
    expect(ignored('.yarn/install-state.gz')).toBe(true);
    expect(ignored('packages/backend/src/index.ts')).toBe(true);
    expect(ignored('packages/app/node_modules/x')).toBe(true);
    expect(ignored('plugins/vault/package.json')).toBe(true);
    expect(ignored('app-config.local.yaml')).toBe(true);
  });

  it('keeps what the Dockerfile copies', () => {
    for (const rel of [
      '.yarn/releases',
      '.yarnrc.yml',
      'backstage.json',
      'yarn.lock',
      'package.json',
      'packages/backend/dist/skeleton.tar.gz',
      'packages/backend/dist/bundle.tar.gz',
      'catalog/all.yaml',
      'catalog/org',
      'templates',
      'app-config.yaml',
      'app-config.production.yaml',
    ]) {
      expect([rel, ignored(rel)]).toEqual([rel, false]);
    }
  });

  it('excludes nothing when the context has no .dockerignore', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockerignore-'));
    try {
      expect(readDockerIgnore(dir)('anything')).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });
});

describe('dockerIgnoreMatcher', () => {
  it('skips comments and blank lines, anchors at the root', () => {
    const ignored = dockerIgnoreMatcher('# build output\n\n/dist\n');
    expect(ignored('dist')).toBe(true);
    expect(ignored('dist/a.js')).toBe(true);
    expect(ignored('packages/x/dist')).toBe(false);
    expect(ignored('# build output')).toBe(false);
  });

  it('matches * and ? within one segment', () => {
    const ignored = dockerIgnoreMatcher('*.log\npackages/*/tmp\nfile?.txt');
    expect(ignored('a.log')).toBe(true);
    expect(ignored('sub/a.log')).toBe(false);
    expect(ignored('packages/app/tmp/x')).toBe(true);
    expect(ignored('packages/app/deep/tmp')).toBe(false);
    expect(ignored('file1.txt')).toBe(true);
    expect(ignored('file12.txt')).toBe(false);
  });

  it('matches ** across any number of segments, zero included', () => {
    const ignored = dockerIgnoreMatcher('**/*.test.ts\ndocs/**/draft');
    expect(ignored('a.test.ts')).toBe(true);
    expect(ignored('plugins/x/src/a.test.ts')).toBe(true);
    expect(ignored('docs/draft')).toBe(true);
    expect(ignored('docs/a/b/draft/page.md')).toBe(true);
    expect(ignored('docs/a/final')).toBe(false);
  });

  it('re-includes with !, the last matching line winning', () => {
    const ignored = dockerIgnoreMatcher(
      'packages/*/dist\n!packages/backend/dist\npackages/backend/dist/*.map',
    );
    expect(ignored('packages/app/dist/index.html')).toBe(true);
    expect(ignored('packages/backend/dist/bundle.tar.gz')).toBe(false);
    expect(ignored('packages/backend/dist/bundle.js.map')).toBe(true);
  });

  it('escapes regular expression characters and normalises paths', () => {
    const ignored = dockerIgnoreMatcher('a+b.(c)\nsome/dir/');
    expect(ignored('a+b.(c)')).toBe(true);
    expect(ignored('aab.(c)')).toBe(false);
    expect(ignored('./some/dir/x')).toBe(true);
    expect(ignored('some/dir/')).toBe(true);
  });
});
