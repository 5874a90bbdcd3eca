/* eslint-disable no-console */
import { runPreview, USAGE } from './preview';

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  if (command !== 'preview') {
    process.stderr.write(`${USAGE}\n`);
    process.exitCode = command === '--help' || command === '-h' ? 0 : 2;
    return;
  }
  const write = (stream: NodeJS.WriteStream, s: string) =>
    new Promise<void>(resolve =>
      stream.write(s) ? resolve() : stream.once('drain', () => resolve()),
    );
  const chunks: string[] = [];
  const code = await runPreview(
    rest,
    s => chunks.push(s),
    s => process.stderr.write(`${s}\n`),
  );
  for (const c of chunks) await write(process.stdout, c);
  process.exitCode = code;
}

main().catch(e => {
  process.stderr.write(`error: ${e?.stack ?? e}\n`);
  process.exitCode = 1;
});
