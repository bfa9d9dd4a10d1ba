import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../config/app-config';
import { EngineClient, EngineUnavailableError } from './engine-client';

/** A stand-in engine on a local port: each test says how it answers. */
async function engineAnswering(handle: (request: IncomingMessage, response: ServerResponse) => void): Promise<{ server: Server; url: string }> {
  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/engine-rest` };
}

const clientFor = (url: string) => new EngineClient(loadConfig({ ENGINE_URL: url, ENGINE_API_TOKEN: 'token-for-the-spec' }));

describe('EngineClient', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  });

  it('returns the instance the engine started when the answer to the start was lost', async () => {
    const engine = await engineAnswering((request, response) => {
      if (request.method === 'POST') return request.socket.destroy();
      response.setHeader('Content-Type', 'application/json');
      response.end(JSON.stringify(request.url?.includes('businessKey=claim-1') ? [{ id: 'instance-1' }] : []));
    });
    servers.push(engine.server);
    await expect(clientFor(engine.url).startProcessOnce('expense-claim', 'claim-1', { claimId: 'claim-1' })).resolves.toEqual({ id: 'instance-1' });
  });

  it('fails the start when the engine has no instance under the business key', async () => {
    const engine = await engineAnswering((request, response) => {
      if (request.method === 'POST') return request.socket.destroy();
      response.setHeader('Content-Type', 'application/json');
      response.end('[]');
    });
    servers.push(engine.server);
    await expect(clientFor(engine.url).startProcessOnce('expense-claim', 'claim-2', {})).rejects.toBeInstanceOf(EngineUnavailableError);
  });

  it('sends to the next engine node when one refuses the connection', async () => {
    const live = await engineAnswering((_request, response) => {
      response.setHeader('Content-Type', 'application/json');
      response.end(JSON.stringify({ version: '1.0.3' }));
    });
    servers.push(live.server);
    const gone = await engineAnswering(() => undefined);
    await new Promise((resolve) => gone.server.close(resolve));
    const client = clientFor(`${gone.url},${live.url}`);
    await expect(client.version()).resolves.toBe('1.0.3');
    expect(client.url).toBe(live.url);
  });
});
