/* eslint-disable no-console */
import { redactUrlCredentials } from '@pcscol/plugin-pegase-node';
import { runPreview, USAGE } from './preview';
import { FLEET_USAGE, runFleet, runPlanUpgrade } from './fleet';
import { APPLICATIONS_USAGE, runApplications } from './applications';
import { ADDONS_USAGE, runAddons } from './addons';

const COMMANDS = {
  preview: runPreview,
  fleet: runFleet,
  'plan-upgrade': runPlanUpgrade,
  applications: runApplications,
  addons: runAddons,
};

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  const run = Object.hasOwn(COMMANDS, command ?? '')
    ? COMMANDS[command as keyof typeof COMMANDS]
    : undefined;
  if (!run) {
    process.stderr.write(
      `${USAGE}\n\n${FLEET_USAGE}\n\n${APPLICATIONS_USAGE}\n\n${ADDONS_USAGE}\n`,
    );
    process.exitCode = command === '--help' || command === '-h' ? 0 : 2;
    return;
  }
  const write = (stream: NodeJS.WriteStream, s: string) =>
    new Promise<void>(resolve =>
      stream.write(s) ? resolve() : stream.once('drain', () => resolve()),
    );
  const chunks: string[] = [];
  const code = await run(
    rest,
    s => chunks.push(s),
    // stderr often ends in a CI log: no credentials of the source's URL
    s => process.stderr.write(`${redactUrlCredentials(s)}\n`),
  );
  for (const c of chunks) await write(process.stdout, c);
  process.exitCode = code;
}

main().catch(e => {
  process.stderr.write(
    `error: ${redactUrlCredentials(String(e?.stack ?? e))}\n`,
  );
  process.exitCode = 1;
});
