// A local HTTP endpoint for webhooks: keeps every request and checks its signature
// (Keyward-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>) as a receiver would.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

export function signatureValid(secret, header, body) {
  const parts = Object.fromEntries(String(header ?? '').split(',').map((part) => part.split('=')));
  if (!parts.t || !parts.v1) return false;
  const expected = createHmac('sha256', secret).update(`${parts.t}.${body}`).digest();
  const given = Buffer.from(parts.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export async function startWebhookReceiver() {
  const requests = [];
  const server = createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({ path: request.url, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(204).end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/hooks/keyward`,
    requests,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
