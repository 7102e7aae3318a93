import type { Server } from 'node:http';
import type { Express } from 'express';

/** Starts listening; resolves with the server and its address once bound. */
export async function listen(
  app: Express,
  port: number,
  host: string,
): Promise<{ server: Server; url: string }> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    server.once('error', reject);
    server.once('listening', () => {
      const address = server.address();
      const boundPort = typeof address === 'object' && address ? address.port : port;
      resolve({ server, url: `http://${host}:${boundPort}` });
    });
  });
}

/** Stops accepting connections and waits for open ones to finish. */
export async function closeServer(server: Server): Promise<void> {
  server.closeIdleConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
