// The client against a real local HTTP server (node:http), as the browser would meet it.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, ApiError, NETWORK_ERROR, queryString } from './client';

interface Seen {
  method?: string;
  url?: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server;
let baseUrl = '';
const seen: Seen[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      seen.push({ method: request.method, url: request.url, headers: request.headers, body });
      const path = (request.url ?? '').split('?')[0];
      if (path === '/api/v1/ok') {
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"items":[1,2]}');
      } else if (path === '/api/v1/gone') {
        response.writeHead(204).end();
      } else if (path === '/api/v1/expired') {
        response
          .writeHead(409, { 'content-type': 'application/json' })
          .end('{"error":{"code":"license_expired","message":"the license has expired"}}');
      } else if (path === '/api/v1/proxy') {
        response.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad gateway</h1>');
      } else {
        response.writeHead(401, { 'content-type': 'application/json' })
          .end('{"error":{"code":"unauthorized","message":"sign in"}}');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('ApiClient', () => {
  it('sends the query and reads JSON', async () => {
    const client = new ApiClient({ baseUrl });
    const page = await client.get<{ items: number[] }>('/api/v1/ok', { q: 'a b', page: 2, status: ['eol', 'unknown'], empty: '' });
    expect(page.items).toEqual([1, 2]);
    expect(seen.at(-1)?.url).toBe('/api/v1/ok?q=a+b&page=2&status=eol&status=unknown');
  });

  it('sends the CSRF token on unsafe methods only', async () => {
    const client = new ApiClient({ baseUrl });
    client.setCsrfToken('csrf-123');
    await client.get('/api/v1/ok');
    expect(seen.at(-1)?.headers['x-csrf-token']).toBeUndefined();
    await client.patch('/api/v1/ok', { name: 'New' });
    expect(seen.at(-1)?.headers['x-csrf-token']).toBe('csrf-123');
    expect(seen.at(-1)?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(seen.at(-1)?.body ?? '')).toEqual({ name: 'New' });
  });

  it('answers nothing for 204', async () => {
    await expect(new ApiClient({ baseUrl }).delete('/api/v1/gone')).resolves.toBeUndefined();
  });

  it('turns {error:{code,message}} into an ApiError with status and code', async () => {
    const error = await new ApiClient({ baseUrl }).post('/api/v1/expired').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 409, code: 'license_expired', message: 'the license has expired' });
  });

  it('keeps a generic code for a body that is not the API error', async () => {
    const error = await new ApiClient({ baseUrl }).get('/api/v1/proxy').catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 502, code: 'http_502' });
  });

  it('tells the app when a signed-in request comes back 401', async () => {
    const client = new ApiClient({ baseUrl });
    let ended = 0;
    client.onUnauthorized(() => ended++);
    await client.get('/api/v1/other').catch(() => undefined);
    expect(ended).toBe(0);
    client.setCsrfToken('csrf');
    await client.get('/api/v1/other').catch(() => undefined);
    expect(ended).toBe(1);
  });

  it('reports an unreachable server as a network error', async () => {
    const error = await new ApiClient({ baseUrl: 'http://127.0.0.1:1' }).get('/x').catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 0, code: NETWORK_ERROR });
  });

  it('leaves empty and false values out of the query', () => {
    expect(queryString({ q: '', hide_expired: false, page: 1 })).toBe('?page=1');
    expect(queryString({})).toBe('');
  });
});
