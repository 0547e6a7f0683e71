/** Plain node:http / node:net clients for the real-process tests, every call bounded in time. */
import { Agent, request } from 'node:http';
import { connect, type Socket } from 'node:net';

export interface Reply { status: number; body: string; headers: Record<string, string | string[] | undefined> }

export interface CallOptions {
  agent?: Agent | false;
  body?: unknown;
  headers?: Record<string, string>;
  host?: string;
  /** The whole exchange must finish within this, or the call rejects (default 10 s). */
  timeoutMs?: number;
}

/** GET (or POST with a JSON body) and read the whole response. */
export function call(port: number, path: string, options: CallOptions = {}): Promise<Reply> {
  const { agent = false, body, headers = {}, host = '127.0.0.1', timeoutMs = 10_000 } = options;
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request({
      host, port, path, agent, method: payload ? 'POST' : 'GET',
      headers: { ...headers, ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { text += c; });
      res.on('end', () => { clearTimeout(timer); resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }); });
    });
    const timer = setTimeout(() => req.destroy(new Error(`${path}: no response within ${timeoutMs} ms`)), timeoutMs);
    req.on('error', (err) => { clearTimeout(timer); reject(err); });
    req.end(payload);
  });
}

/** A raw TCP connection to the server that records everything it receives and when it closed. */
export interface RawConnection {
  readonly socket: Socket;
  /** Everything received so far. */
  received(): string;
  /** Resolves when the server (or we) closed the connection. */
  readonly closed: Promise<void>;
}

/** Opens a raw connection and writes `data` (e.g. a partial request). */
export async function rawConnection(port: number, data: string, host = '127.0.0.1'): Promise<RawConnection> {
  const socket = connect(port, host);
  await new Promise<void>((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject); });
  let text = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => { text += chunk; });
  socket.on('error', () => undefined); // a reset is an outcome the tests look at, not a crash
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  if (data) socket.write(data);
  return { socket, received: () => text, closed };
}

/** A V2 inference of two flowers (labels [0, 2]). */
export const INFER = { inputs: [{ name: 'input', shape: [2, 4], datatype: 'FP32', data: [5.1, 3.5, 1.4, 0.2, 6.7, 3.0, 5.2, 2.3] }] };

/** Starts a POST /infer whose body is only half sent; finish() sends the rest and returns the raw response. */
export async function halfSentInference(port: number): Promise<{ connection: RawConnection; finish: () => Promise<string> }> {
  const body = JSON.stringify(INFER);
  const connection = await rawConnection(port, `POST /v2/models/iris/infer HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\n`
    + `content-length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 20)}`);
  const finish = async () => {
    connection.socket.end(body.slice(20));
    await connection.closed;
    return connection.received();
  };
  return { connection, finish };
}
