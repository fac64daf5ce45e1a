// Slack's Socket Mode end, for tests: a WebSocket server on loopback (just enough RFC 6455 for one
// client at a time) that says hello, sends envelopes, records the acknowledgements, and can drop
// the connection as Slack does when it recycles one.
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { Duplex } from 'node:stream';

export const APP_TOKEN = 'xapp-1-A0FORUM-test';

/** Just enough RFC 6455 for one client: text frames both ways, ping -> pong, close. */
export class TinySocketServer {
  readonly acks: string[] = [];
  /** WebSocket connections opened so far (a reconnection adds one). */
  connections = 0;
  private readonly waiting: { count: number; resolve: () => void }[] = [];
  private socket: Duplex | undefined;
  private buffer = Buffer.alloc(0);
  private connected!: () => void;
  readonly ready = new Promise<void>((resolve) => (this.connected = resolve));
  private readonly server: Server = createServer((_req, res) => res.writeHead(404).end());

  constructor() {
    this.server.on('upgrade', (req, socket) => {
      const accept = createHash('sha1').update(`${String(req.headers['sec-websocket-key'])}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
      socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
      this.socket = socket;
      socket.on('data', (chunk: Buffer) => this.read(chunk));
      socket.on('error', () => socket.destroy());
      this.buffer = Buffer.alloc(0);
      this.send({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0FORUM' } });
      this.connections += 1;
      this.connected();
      for (const waiter of this.waiting.filter((w) => this.connections >= w.count)) {
        this.waiting.splice(this.waiting.indexOf(waiter), 1);
        waiter.resolve();
      }
    });
  }

  /** Resolves once `count` connections have been opened in all. */
  connection(count: number): Promise<void> {
    if (this.connections >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push({ count, resolve }));
  }

  /** Hangs up on the client without a closing handshake, as a dropped network does. */
  drop(): void {
    this.socket?.destroy();
    this.socket = undefined;
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    return `ws://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/link`;
  }

  send(message: unknown, opcode = 0x1): void {
    const payload = Buffer.isBuffer(message) ? message : Buffer.from(typeof message === 'string' ? message : JSON.stringify(message));
    const length = payload.length;
    const header = length < 126 ? Buffer.from([0x80 | opcode, length]) : Buffer.from([0x80 | opcode, 126, length >> 8, length & 0xff]);
    this.socket?.write(Buffer.concat([header, payload]));
  }

  private read(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    while (this.buffer.length >= 2) {
      const opcode = (this.buffer[0] ?? 0) & 0x0f;
      let length = (this.buffer[1] ?? 0) & 0x7f;
      let offset = 2;
      if (length === 126) {
        length = this.buffer.readUInt16BE(2);
        offset = 4;
      }
      if (this.buffer.length < offset + 4 + length) return;
      const mask = this.buffer.subarray(offset, offset + 4);
      const payload = Buffer.from(this.buffer.subarray(offset + 4, offset + 4 + length).map((byte, i) => byte ^ (mask[i % 4] ?? 0)));
      this.buffer = this.buffer.subarray(offset + 4 + length);
      if (opcode === 0x1) this.acks.push(payload.toString('utf8'));
      else if (opcode === 0x9) this.send(payload, 0xa);
      else if (opcode === 0x8) {
        // The closing handshake: echo the status code, then hang up.
        this.send(payload.subarray(0, 2), 0x8);
        this.socket?.end();
      }
    }
  }

  async close(): Promise<void> {
    this.socket?.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

