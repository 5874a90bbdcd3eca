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
  for (const entry of fs.readdirSync(__dirname, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === 'cli') continue;
    const indexFile = path.join(__dirname, entry.name, 'index.ts');
    if (!fs.existsSync(indexFile)) continue;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { standIn } = require(indexFile) as { standIn?: StandInModule };
    if (standIn) modules.push(standIn);
  }
  return modules.sort((a, b) => a.demoPort - b.demoPort);
}
