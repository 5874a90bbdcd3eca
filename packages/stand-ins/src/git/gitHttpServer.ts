import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { listen } from '../listen';
import { git } from './gitCommand';
import { RunningStandIn, StandInOptions } from '../types';

/** The repository path every client uses: `<url>/gitops.git`. @public */
export const GITOPS_REPO_PATH = '/gitops.git';

/**
 * Creates a bare repository whose `main` branch holds one commit with the files of
 * `sourceDir` (the demo GitOps folder, or a generated fleet).
 *
 * @public
 */
export function createBareRepository(root: string, sourceDir?: string): string {
  const bare = path.join(root, GITOPS_REPO_PATH);
  git(['init', '--quiet', '--bare', '-b', 'main', bare]);
  if (sourceDir) {
    // A bare git dir with a separate work tree commits the folder as it is,
    // without copying it first.
    const env = { GIT_DIR: bare, GIT_WORK_TREE: path.resolve(sourceDir) };
    git(['add', '--all', '.'], env);
    git(
      ['commit', '--quiet', '--allow-empty', '-m', 'Initial GitOps repository'],
      env,
    );
  }
  return bare;
}

/** Parses the header block of a CGI answer. */
function parseCgiHeaders(block: string) {
  let status = 200;
  const headers: Record<string, string> = {};
  for (const line of block.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const name = line.slice(0, i).trim();
    const value = line.slice(i + 1).trim();
    if (name.toLowerCase() === 'status') status = parseInt(value, 10) || 200;
    else headers[name] = value;
  }
  return { status, headers };
}

function authorized(req: http.IncomingMessage, token?: string): boolean {
  if (!token) return true;
  const auth = req.headers.authorization ?? '';
  if (auth.startsWith('Bearer ')) return auth.slice(7) === token;
  if (auth.startsWith('Basic ')) {
    const decoded = Buffer.from(auth.slice(6), 'base64').toString('utf8');
    return decoded.slice(decoded.indexOf(':') + 1) === token;
  }
  return false;
}

/**
 * Serves a real git repository over the smart HTTP protocol through
 * `git http-backend` (clone, fetch and push), as a forge would.
 *
 * @public
 */
export async function startGitHttpServer(
  options: StandInOptions,
): Promise<RunningStandIn & { repositoryDir: string; repoUrl: string }> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pegase-git-'));
  const repositoryDir = createBareRepository(root, options.gitopsDir);

  const server = await listen((req, res) => {
    if (!authorized(req, options.token)) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="gitops"' });
      res.end('Unauthorized');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    const child = spawn('git', ['http-backend'], {
      env: {
        ...process.env,
        GIT_PROJECT_ROOT: root,
        GIT_HTTP_EXPORT_ALL: '1',
        GIT_CONFIG_COUNT: '1',
        GIT_CONFIG_KEY_0: 'http.receivepack',
        GIT_CONFIG_VALUE_0: 'true',
        REQUEST_METHOD: req.method ?? 'GET',
        PATH_INFO: decodeURIComponent(url.pathname),
        QUERY_STRING: url.search.slice(1),
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        HTTP_CONTENT_ENCODING: String(req.headers['content-encoding'] ?? ''),
        GIT_PROTOCOL: String(req.headers['git-protocol'] ?? ''),
        REMOTE_USER: 'demo',
        REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
      },
    });
    req.pipe(child.stdin);
    let head = Buffer.alloc(0);
    let headersSent = false;
    child.stdout.on('data', (chunk: Buffer) => {
      if (headersSent) {
        res.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      // CGI headers end with an empty line (CRLF or LF).
      const crlf = head.indexOf('\r\n\r\n');
      const lf = head.indexOf('\n\n');
      let end = -1;
      if (crlf >= 0) end = crlf + 4;
      else if (lf >= 0) end = lf + 2;
      if (end < 0) return;
      const { status, headers } = parseCgiHeaders(
        head.subarray(0, end).toString('latin1'),
      );
      res.writeHead(status, headers);
      headersSent = true;
      res.write(head.subarray(end));
    });
    child.stderr.on('data', () => {});
    child.on('close', () => {
      if (!headersSent) res.writeHead(500);
      res.end();
    });
  }, options.port);

  return {
    ...server,
    repositoryDir,
    repoUrl: `${server.url}${GITOPS_REPO_PATH}`,
    async stop() {
      await server.stop();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
