import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Another host serving a service's /signing_config.json and /trusted_root.json verbatim, so
 * that the config it serves names services elsewhere: what a client met when a service left
 * its public URL at the default and another instance answered there.
 */
export interface ConfigMirror {
  url: string;
  close(): Promise<void>;
}

export async function startConfigMirror(serviceUrl: string): Promise<ConfigMirror> {
  const documents = new Map<string, string>();
  for (const name of ['/signing_config.json', '/trusted_root.json'])
    documents.set(name, await (await fetch(`${serviceUrl}${name}`)).text());
  const server = createServer((req, res) => {
    const body = documents.get(req.url ?? '');
    if (body === undefined) res.writeHead(404).end();
    else res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
