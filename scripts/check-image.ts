/*
 * The production image check (bundle, Dockerfile replay, start, stop): a thin
 * entry for scripts/test.sh. The code and its tests are in packages/check-image.
 *
 *   source scripts/toolchain.sh
 *   node --require @backstage/cli/config/nodeTransform.cjs scripts/check-image.ts [--no-build] [--keep]
 */
import { runCheckImage } from '../packages/check-image/src/main';

runCheckImage();
