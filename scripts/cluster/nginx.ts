// A real nginx load balancer for `npm run cluster` and the multi-instance tests: Debian's nginx run
// as an unprivileged process from a config of our own in a temporary folder (its logs, pid file and
// temp folders there too), listening on loopback only, in front of every path the bot serves.
//
// Retries (docs/deployment.md, "Several instances behind a load balancer"): nginx passes a request
// to the next instance only when it could not be handed to the first (`proxy_next_upstream error
// timeout`, without `non_idempotent`). A connection refused (an instance stopped or killed) is
// therefore retried elsewhere for every method; a POST that reached an instance which then died is
// NOT sent again, because it may already have been acted on (a report logged, a reply posted):
// the caller gets a 502 and Teams or Slack retry it themselves, where the bot's own duplicate
// detection applies. Connections to the instances are not kept alive (nginx's default HTTP/1.0 with
// `Connection: close`): a kept-alive connection an instance closes at the moment nginx reuses it
// would turn a POST into a 502 for nothing. For the same reason nginx does not keep clients'
// connections alive: its graceful reload closes them, racing a client's next request.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface Upstream {
  port: number;
  /** Left out of the rotation (a rolling restart drains it first). */
  down: boolean;
}

/** nginx from PATH or Debian's /usr/sbin/nginx; NGINX_BIN overrides. */
export function nginxBinary(): string | undefined {
  if (process.env.NGINX_BIN) return existsSync(process.env.NGINX_BIN) ? process.env.NGINX_BIN : undefined;
  for (const dir of [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/local/sbin']) {
    const candidate = path.join(dir || '.', 'nginx');
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

export function nginxConfig(folder: string, port: number, upstreams: readonly Upstream[]): string {
  const servers = upstreams.map((u) => `    server 127.0.0.1:${u.port} max_fails=1 fail_timeout=2s${u.down ? ' down' : ''};`).join('\n');
  const tmp = (name: string) => path.join(folder, 'tmp', name);
  return `# Written by scripts/cluster/nginx.ts; loopback only.
worker_processes 1;
error_log ${path.join(folder, 'error.log')} warn;
pid ${path.join(folder, 'nginx.pid')};
events { worker_connections 1000; }
http {
  log_format upstream '$remote_addr [$time_iso8601] "$request" $status upstream=$upstream_addr upstream_status=$upstream_status ms=$request_time';
  access_log ${path.join(folder, 'access.log')} upstream;
  client_body_temp_path ${tmp('body')};
  proxy_temp_path ${tmp('proxy')};
  fastcgi_temp_path ${tmp('fastcgi')};
  uwsgi_temp_path ${tmp('uwsgi')};
  scgi_temp_path ${tmp('scgi')};
  # No kept-alive connections from clients: a reload (a rolling restart takes an instance out of the
  # list) closes them, and a client sending its next request at that moment would see it fail.
  keepalive_timeout 0;
  # Grant applications carry attachments; the bot checks their size itself.
  client_max_body_size 25m;
  upstream forum_bot {
${servers}
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://forum_bot;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      # Only what was never handed to an instance goes to the next one (see the header comment).
      proxy_next_upstream error timeout;
      proxy_next_upstream_tries ${upstreams.length};
      proxy_connect_timeout 2s;
      # Teams gives a turn 15 s; a grant upload may take longer.
      proxy_read_timeout 60s;
      proxy_send_timeout 60s;
    }
  }
}
`;
}

export interface Nginx {
  url: string;
  port: number;
  folder: string;
  pid(): number | undefined;
  /** Writes the upstream list and reloads gracefully; resolves once no worker of the old config is left (bounded). */
  reload(upstreams: readonly Upstream[]): Promise<void>;
  stop(): Promise<void>;
  errorLog(): string;
  accessLog(): string;
}

/** The pids of a process's children (Linux /proc). */
export function childrenOf(pid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces) in parentheses: state, ppid, ...
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(rest[1]) === pid) found.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts nginx on `port` (loopback) in `folder`. As root, it runs as `nobody` (the folder is handed to it). */
export async function startNginx(folder: string, port: number, upstreams: readonly Upstream[]): Promise<Nginx> {
  const binary = nginxBinary();
  if (!binary) throw new Error('nginx is not installed (Debian: apt-get install nginx)');
  for (const name of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(path.join(folder, 'tmp', name), { recursive: true });
  const configFile = path.join(folder, 'nginx.conf');
  writeFileSync(configFile, nginxConfig(folder, port, upstreams));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(spawnSync('id', ['-u', 'nobody']).stdout.toString().trim());
    const gid = Number(spawnSync('id', ['-g', 'nobody']).stdout.toString().trim());
    const own = (p: string) => {
      chownSync(p, uid, gid);
      for (const e of readdirSync(p, { withFileTypes: true })) if (e.isDirectory()) own(path.join(p, e.name));
      else chownSync(path.join(p, e.name), uid, gid);
    };
    own(folder);
  }
  const args = ['-p', folder, '-c', configFile, '-e', path.join(folder, 'error.log'), '-g', 'daemon off;'];
  const command = asRoot ? 'runuser' : binary;
  const commandArgs = asRoot ? ['-u', 'nobody', '--', binary, ...args] : args;
  const out = openSync(path.join(folder, 'nginx.out'), 'a');
  const child: ChildProcess = spawn(command, commandArgs, { stdio: ['ignore', out, out] });
  closeSync(out);
  let exited = false;
  const gone = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
  const read = (name: string) => (existsSync(path.join(folder, name)) ? readFileSync(path.join(folder, name), 'utf8') : '');
  const pidFile = path.join(folder, 'nginx.pid');
  const masterPid = () => {
    const text = read('nginx.pid').trim();
    return text ? Number(text) : undefined;
  };
  // Until it answers on its port (bounded: a ceiling, not a measure).
  for (let i = 0; ; i += 1) {
    if (exited) throw new Error(`nginx did not start: ${read('error.log').trim() || read('nginx.out').trim()}`);
    if (existsSync(pidFile)) {
      try {
        await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2000) });
        break;
      } catch {
        // Not listening yet.
      }
    }
    if (i > 300) {
      child.kill('SIGKILL');
      throw new Error(`nginx did not answer on 127.0.0.1:${port}: ${read('error.log')}`);
    }
    await sleep(50);
  }
  const signal = (name: NodeJS.Signals) => {
    const pid = masterPid();
    if (pid) {
      try {
        process.kill(pid, name);
      } catch {
        // Already gone.
      }
    }
  };
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    folder,
    pid: masterPid,
    async reload(next) {
      const master = masterPid();
      if (!master) throw new Error('nginx is not running');
      const before = childrenOf(master);
      writeFileSync(configFile, nginxConfig(folder, port, next));
      signal('SIGHUP');
      // The reload is done once new workers run and the old ones have finished their requests
      // and exited (nginx's graceful reload). Bounded: about 30 s at most.
      for (let i = 0; i < 600; i += 1) {
        const now = childrenOf(master);
        if (now.length > 0 && before.every((pid) => !now.includes(pid))) return;
        await sleep(50);
      }
      throw new Error(`nginx did not finish reloading: ${read('error.log').slice(-2000)}`);
    },
    async stop() {
      if (exited) return;
      const master = masterPid();
      // SIGQUIT: a graceful stop (requests in progress are finished).
      signal('SIGQUIT');
      await Promise.race([gone, sleep(15_000)]);
      if (!exited) {
        signal('SIGKILL');
        child.kill('SIGKILL');
      }
      // Workers die with the master; wait for them too (bounded).
      for (let i = 0; master && i < 100 && alive(master); i += 1) await sleep(50);
    },
    errorLog: () => read('error.log'),
    accessLog: () => read('access.log'),
  };
}
