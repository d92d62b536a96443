// A local HTTP receiver for webhook tests: records each POST and answers with the status the
// test scripted for its path (default 200), or with a redirect to a scripted location.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  contentType: string | undefined;
  body: unknown;
}

export interface Receiver {
  base: string;
  received: Received[];
  /** Statuses to answer on `path`, in order; the last one repeats. */
  script(path: string, statuses: number[]): void;
  /** Answer `path` with `status` (a 3xx) and `Location: location`. */
  redirect(path: string, location: string, status?: number): void;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const scripts = new Map<string, number[]>();
  const redirects = new Map<string, { location: string; status: number }>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push({ path, contentType: req.headers['content-type'], body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      const redirect = redirects.get(path);
      if (redirect) return void res.writeHead(redirect.status, { location: redirect.location }).end();
      const statuses = scripts.get(path) ?? [200];
      const status = statuses.length > 1 ? (statuses.shift() as number) : (statuses[0] ?? 200);
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'no');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    received,
    script: (path, statuses) => scripts.set(path, [...statuses]),
    redirect: (path, location, status = 302) => redirects.set(path, { location, status }),
    close: () => new Promise((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
