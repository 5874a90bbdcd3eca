import fs from 'node:fs';
import path from 'node:path';
import { StandInModule } from './types';

/**
 * Every stand-in module of this package: each folder of `src/` whose `index.ts`
 * exports `standIn`. Adding an upstream means adding a folder, nothing else.
 *
 * @public
 */
export function loadStandInModules(): StandInModule[] {
  const modules: StandInModule[] = [];
  // Never bundled (dev-only package): the modules are the folders beside this file.
  // eslint-disable-next-line no-restricted-syntax
  const sourceDir = __dirname;
  for (const entry of fs.readdirSync(sourceDir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === 'cli') continue;
    const indexFile = path.join(sourceDir, entry.name, 'index.ts');
    if (!fs.existsSync(indexFile)) continue;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { standIn } = require(indexFile) as { standIn?: StandInModule };
    if (standIn) modules.push(standIn);
  }
  return modules.sort((a, b) => a.demoPort - b.demoPort);
}
