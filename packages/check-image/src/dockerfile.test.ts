import fs from 'node:fs';
import path from 'node:path';
import {
  parseArg,
  parseCopy,
  parseDockerfile,
  parseEnv,
  runCommand,
  splitWords,
  substitute,
} from './dockerfile';

const repoRoot = path.resolve(__dirname, '../../..');

describe('parseDockerfile', () => {
  it('reads the backend Dockerfile: comments dropped, continuations joined, lines kept', () => {
    const text = fs.readFileSync(
      path.join(repoRoot, 'packages/backend/Dockerfile'),
      'utf8',
    );
    const instructions = parseDockerfile(text);
    expect(instructions[0]).toMatchObject({
      keyword: 'FROM',
      args: 'node:22-bookworm-slim',
    });
    const keywords = instructions.map(i => i.keyword);
    expect(keywords).toContain('WORKDIR');
    expect(keywords[keywords.length - 1]).toBe('CMD');
    // the apt-get RUN spans five lines, the continuations become one instruction
    const apt = instructions.find(i => i.args.includes('apt-get update'))!;
    expect(apt.keyword).toBe('RUN');
    expect(apt.args).toMatch(
      /^--mount=type=cache,target=\/var\/cache\/apt,sharing=locked --mount=.* apt-get update && apt-get install/,
    );
    expect(text.split('\n')[apt.line - 1]).toMatch(/^RUN /);
    expect(instructions.every(i => !i.args.includes('#'))).toBe(true);
    expect(JSON.parse(instructions[instructions.length - 1].args)).toEqual([
      'node',
      'packages/backend',
      '--config',
      'app-config.yaml',
      '--config',
      'app-config.production.yaml',
    ]);
  });

  it('drops comment and blank lines inside a continued instruction', () => {
    const text = [
      '# header',
      '',
      'run echo a \\',
      '  # a comment in the middle',
      '',
      '  && echo b',
      'EXPOSE 7007',
    ].join('\n');
    expect(parseDockerfile(text)).toEqual([
      { keyword: 'RUN', args: 'echo a && echo b', line: 3 },
      { keyword: 'EXPOSE', args: '7007', line: 7 },
    ]);
  });

  it('handles CRLF line ends', () => {
    expect(parseDockerfile('FROM x\r\nRUN a \\\r\n b\r\n')).toEqual([
      { keyword: 'FROM', args: 'x', line: 1 },
      { keyword: 'RUN', args: 'a b', line: 2 },
    ]);
  });

  it('refuses a file whose last instruction ends with a backslash, naming the file', () => {
    expect(() => parseDockerfile('RUN a \\', 'x/Dockerfile')).toThrow(
      'x/Dockerfile: the last instruction ends with a "\\"',
    );
  });
});

describe('words, ENV and ARG', () => {
  it('splits on whitespace and honours quotes', () => {
    expect(splitWords(`a "b c" 'd e' f"g h"i "x\\"y"`)).toEqual([
      'a',
      'b c',
      'd e',
      'fg hi',
      'x"y',
    ]);
  });

  it('reads ENV in the key=value form and the legacy form', () => {
    expect(parseEnv('NODE_OPTIONS="--max-old-space-size=1536"')).toEqual({
      NODE_OPTIONS: '--max-old-space-size=1536',
    });
    expect(parseEnv('A=1 B="two words"')).toEqual({ A: '1', B: 'two words' });
    expect(parseEnv('GREETING hello world')).toEqual({
      GREETING: 'hello world',
    });
    expect(() => parseEnv('A=1 =2')).toThrow('ENV: cannot parse "=2"');
  });

  it('reads ARG with and without a default', () => {
    expect(parseArg('NODE_MAJOR=22 TARGET')).toEqual({
      NODE_MAJOR: '22',
      TARGET: undefined,
    });
  });

  it('substitutes $VAR, ${VAR}, defaults and alternatives, keeps \\$', () => {
    const vars = { APP: '/app', EMPTY: '', TAG: '22' };
    expect(substitute('$APP/x ${APP}/y', vars)).toBe('/app/x /app/y');
    expect(substitute('${MISSING:-fallback} ${EMPTY:-e}', vars)).toBe(
      'fallback e',
    );
    expect(substitute('${TAG:+tagged}${EMPTY:+no}', vars)).toBe('tagged');
    expect(substitute('cost \\$5', vars)).toBe('cost $5');
    expect(() => substitute('$MISSING', vars)).toThrow(
      'variable "MISSING" is not set (ARG or ENV)',
    );
  });
});

describe('COPY and RUN arguments', () => {
  it('reads the backend Dockerfile COPY lines', () => {
    expect(
      parseCopy(
        '--chown=node:node yarn.lock package.json packages/backend/dist/skeleton.tar.gz ./',
      ),
    ).toEqual({
      flags: ['--chown=node:node'],
      sources: [
        'yarn.lock',
        'package.json',
        'packages/backend/dist/skeleton.tar.gz',
      ],
      dest: './',
    });
  });

  it('names the stage of COPY --from', () => {
    expect(
      parseCopy('--from=build --chown=node:node /src/dist ./dist'),
    ).toEqual({
      from: 'build',
      flags: ['--from=build', '--chown=node:node'],
      sources: ['/src/dist'],
      dest: './dist',
    });
  });

  it('reads the JSON form, flags before it', () => {
    expect(parseCopy('--chmod=644 ["a file", "b", "./dest/"]')).toEqual({
      flags: ['--chmod=644'],
      sources: ['a file', 'b'],
      dest: './dest/',
    });
  });

  it('refuses a COPY without a destination', () => {
    expect(() => parseCopy('--chown=node:node only')).toThrow(
      'COPY needs a source and a destination',
    );
  });

  it('drops the BuildKit flags of RUN and refuses its exec form', () => {
    expect(
      runCommand(
        '--mount=type=cache,target=/home/node/.yarn/berry/cache,sharing=locked,uid=1000,gid=1000 yarn workspaces focus --all --production',
      ),
    ).toBe('yarn workspaces focus --all --production');
    expect(() => runCommand('["yarn", "install"]')).toThrow(
      'RUN ["..."] form is not replayed',
    );
  });
});
