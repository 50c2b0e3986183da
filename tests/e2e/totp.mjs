// RFC 6238 codes (SHA-1, 30 s, 6 digits) for the two-factor sign-in test, from the base32
// secret the server hands out at enrolment.
import { createHmac } from 'node:crypto';

function base32(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of text.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(char).toString(2).padStart(5, '0');
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

export function totp(secret, time = Date.now()) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(time / 1000 / 30)));
  const mac = createHmac('sha1', base32(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(value).padStart(6, '0');
}

// Turns two-factor sign-in on for a user through the API, as the user would in the portal.
export async function enableTotp(url, email, password) {
  const signIn = await fetch(`${url}/api/v1/session`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }),
  });
  if (!signIn.ok) throw new Error(`sign-in of ${email}: ${signIn.status} ${await signIn.text()}`);
  const cookie = signIn.headers.get('set-cookie').split(';')[0];
  const { csrf_token: csrf } = await signIn.json();
  const headers = { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' };
  const enrolment = await (await fetch(`${url}/api/v1/me/totp`, { method: 'POST', headers, body: '{}' })).json();
  const verified = await fetch(`${url}/api/v1/me/totp/verify`, {
    method: 'POST', headers, body: JSON.stringify({ code: totp(enrolment.secret) }),
  });
  if (!verified.ok) throw new Error(`totp verify: ${verified.status} ${await verified.text()}`);
  return enrolment.secret;
}
