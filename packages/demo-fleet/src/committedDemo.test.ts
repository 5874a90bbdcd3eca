import fs from 'node:fs';
import path from 'node:path';
import { generateFleet } from './generateFleet';
import { readTree, repoRoot, tmpDir } from './testUtils';

/**
 * catalog/demo-gitops is the output of
 * `yarn workspace @pcscol/demo-fleet generate --instances 50 --out catalog/demo-gitops`:
 * it must not drift from the generator (regenerate it after changing the generator).
 */
describe('committed demo repository', () => {
  it('equals a fresh generation with the default seed and date', () => {
    const committed = path.join(repoRoot(), 'catalog/demo-gitops');
    expect(fs.existsSync(path.join(committed, 'README.md'))).toBe(true);
    const fresh = tmpDir('demo-fleet-committed');
    try {
      generateFleet({ outDir: fresh, instances: 50 });
      const a = readTree(committed);
      const b = readTree(fresh);
      expect([...a.keys()]).toEqual([...b.keys()]);
      const changed = [...a.keys()].filter(k => !a.get(k)!.equals(b.get(k)!));
      expect(changed).toEqual([]);
    } finally {
      fs.rmSync(fresh, { recursive: true, force: true });
    }
  });
});
