// A minimal WebSocket client (RFC 6455) for reading the playground's conversation stream: Node 20 has
// no global WebSocket without a flag and the project adds no packages for tests. It receives text
// frames (JSON, one value each), answers pings and closes; that is all the stream needs.
import { createHash, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import type { Socket } from 'node:net';

const HANDSHAKE_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export interface JsonWebSocket {
  /** Every JSON message received so far, oldest first. */
  messages: unknown[];
  /** Resolves with the first message (already received or still to come) that matches. */
  waitFor<T>(match: (message: unknown) => message is T, timeoutMs: number, what: string): Promise<T>;
  close(): void;
}

/** A client frame (clients must mask) with FIN set. */
function frame(opcode: number, payload: Buffer): Buffer {
  if (payload.length > 125) throw new Error('control/short frames only');
  const mask = randomBytes(4);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ (mask[i % 4] ?? 0)));
  return Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | payload.length]), mask, masked]);
}

/** Splits complete server frames off the front of `buffer`; returns what is left over. */
function readFrames(buffer: Buffer, onFrame: (fin: boolean, opcode: number, payload: Buffer) => void): Buffer {
  let rest = buffer;
  for (;;) {
    if (rest.length < 2) return rest;
    const first = rest[0] ?? 0;
    const second = rest[1] ?? 0;
    let length = second & 0x7f;
    let offset = 2;
    if (length === 126) {
      if (rest.length < 4) return rest;
      length = rest.readUInt16BE(2);
      offset = 4;
    } else if (length === 127) {
      if (rest.length < 10) return rest;
      length = Number(rest.readBigUInt64BE(2));
      offset = 10;
    }
    const maskLength = second & 0x80 ? 4 : 0;
    if (rest.length < offset + maskLength + length) return rest;
    const mask = rest.subarray(offset, offset + maskLength);
    const payload = Buffer.from(rest.subarray(offset + maskLength, offset + maskLength + length));
    if (maskLength) for (let i = 0; i < payload.length; i++) payload[i] = (payload[i] ?? 0) ^ (mask[i % 4] ?? 0);
    onFrame((first & 0x80) !== 0, first & 0x0f, payload);
    rest = rest.subarray(offset + maskLength + length);
  }
}

/** Opens ws://host:port/path and resolves once the handshake is accepted. */
export function openJsonWebSocket(url: string, timeoutMs = 5_000): Promise<JsonWebSocket> {
  const target = new URL(url);
  const key = randomBytes(16).toString('base64');
  return new Promise((resolve, reject) => {
    const req = request({
      host: target.hostname,
      port: target.port,
      path: target.pathname,
      timeout: timeoutMs,
      headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Key': key, 'Sec-WebSocket-Version': '13' },
    });
    req.once('timeout', () => req.destroy(new Error(`no WebSocket handshake from ${url} within ${timeoutMs} ms`)));
    req.once('error', reject);
    req.once('response', (res) => reject(new Error(`${url} answered HTTP ${res.statusCode} instead of upgrading`)));
    req.once('upgrade', (res, socket: Socket, head: Buffer) => {
      const expected = createHash('sha1').update(key + HANDSHAKE_GUID).digest('base64');
      if (res.headers['sec-websocket-accept'] !== expected) {
        socket.destroy();
        return reject(new Error('the WebSocket handshake answer does not match the key'));
      }
      req.setTimeout(0);
      resolve(wrap(socket, head));
    });
    req.end();
  });
}

function wrap(socket: Socket, head: Buffer): JsonWebSocket {
  const messages: unknown[] = [];
  const listeners = new Set<(message: unknown) => void>();
  let buffered: Buffer = Buffer.alloc(0);
  let fragments: Buffer[] = [];
  let closed = false;
  const deliver = (text: string) => {
    const message: unknown = JSON.parse(text);
    messages.push(message);
    for (const listener of [...listeners]) listener(message);
  };
  const onData = (chunk: Buffer) => {
    buffered = readFrames(Buffer.concat([buffered, chunk]), (fin, opcode, payload) => {
      if (opcode === 0x9) socket.write(frame(0xa, payload));
      else if (opcode === 0x8) close();
      else if (opcode === 0x1 || opcode === 0x0) {
        fragments.push(payload);
        if (!fin) return;
        const text = Buffer.concat(fragments).toString('utf8');
        fragments = [];
        deliver(text);
      }
    });
  };
  const close = () => {
    if (closed) return;
    closed = true;
    if (!socket.destroyed) socket.end(frame(0x8, Buffer.from([0x03, 0xe8])));
    setTimeout(() => socket.destroy(), 200).unref();
  };
  socket.on('data', onData);
  socket.on('close', () => (closed = true));
  socket.on('error', () => (closed = true));
  if (head.length) onData(head);

  const waitFor = <T>(match: (message: unknown) => message is T, timeoutMs: number, what: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const seen = messages.find(match);
      if (seen !== undefined) return resolve(seen as T);
      const timer = setTimeout(() => {
        listeners.delete(listener);
        reject(new Error(`no ${what} on the WebSocket within ${timeoutMs} ms; received:\n${JSON.stringify(messages, null, 1).slice(0, 4000)}`));
      }, timeoutMs);
      const listener = (message: unknown) => {
        if (!match(message)) return;
        clearTimeout(timer);
        listeners.delete(listener);
        resolve(message);
      };
      listeners.add(listener);
    });

  return { messages, waitFor, close };
}
