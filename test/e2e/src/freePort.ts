import { createServer } from 'node:net';

/**
 * A port nothing listens on, chosen below Linux's ephemeral range (32768–60999): a port the system hands out to
 * outgoing connections (the broker clients make many) could be taken again before the inbox binds it.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = 21000 + Math.floor(Math.random() * 8000);
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
}
