// Tests talk to loopback only: the bot under test, stand-in connectors, token issuers and Slack
// APIs all listen on 127.0.0.1. A connection to any other host from the test process (a fixture
// that kept a real serviceUrl, a client that was not pointed at a stand-in) is refused here at
// once, instead of waiting for a DNS or network timeout, and the test that made it fails.
// Loaded for every run by .mocharc.json (`require`); child processes are not covered.
import net from 'node:net';

const LOOPBACK = /^(?:127(?:\.\d{1,3}){3}|::1|localhost|::ffff:127(?:\.\d{1,3}){3})$/i;
const attempts: string[] = [];

type ConnectArgs = Parameters<net.Socket['connect']>;
const original = net.Socket.prototype.connect;

function targetOf(args: unknown[]): { host?: string; path?: string } {
  const [first, second] = args;
  if (Array.isArray(first)) return targetOf(first);
  if (first && typeof first === 'object') return first as { host?: string; path?: string };
  if (typeof first === 'string' && !/^\d+$/.test(first)) return { path: first };
  return { host: typeof second === 'string' ? second : 'localhost' };
}

net.Socket.prototype.connect = function connect(this: net.Socket, ...args: ConnectArgs) {
  const { host, path } = targetOf(args);
  if (path === undefined && host !== undefined && !LOOPBACK.test(host)) {
    attempts.push(host);
    const error = Object.assign(new Error(`connection to ${host} refused by test/helpers/loopback-only.ts: tests use loopback stand-ins only`), { code: 'ECONNREFUSED' });
    process.nextTick(() => this.destroy(error));
    return this;
  }
  return original.apply(this, args);
} as typeof net.Socket.prototype.connect;

export const mochaHooks = {
  afterEach(this: { currentTest?: { title: string } }) {
    if (attempts.length === 0) return;
    const hosts = [...new Set(attempts.splice(0))].join(', ');
    throw new Error(`this test (or one before it in the file) tried to reach ${hosts}: point it at a loopback stand-in`);
  },
};
