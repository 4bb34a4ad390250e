import { describe, expect, it } from 'vitest';
import { publicOrigin } from './public-origin';

const at = (headers: Record<string, string>) => new Request('http://127.0.0.1:3000/api/x', { headers });

describe('publicOrigin', () => {
  it('uses the Host, or the forwarded host and scheme behind a proxy', () => {
    expect(publicOrigin(at({ host: '127.0.0.1:3000' }), null)).toBe('http://127.0.0.1:3000');
    expect(publicOrigin(at({ host: 'internal:3000', 'x-forwarded-host': 'dash.example.com', 'x-forwarded-proto': 'https' }), ['dash.example.com'])).toBe(
      'https://dash.example.com',
    );
  });
  it('refuses a scheme other than http(s), a host off the allow-list, and a malformed host', () => {
    expect(publicOrigin(at({ host: 'localhost:3000', 'x-forwarded-proto': 'javascript' }), null)).toBeNull();
    expect(publicOrigin(at({ host: 'evil.example' }), ['localhost'])).toBeNull();
    expect(publicOrigin(at({ host: 'localhost', 'x-forwarded-host': 'a.example/>[x](http://evil' }), null)).toBeNull();
    expect(publicOrigin(at({ host: 'localhost', 'x-forwarded-host': 'evil.example' }), ['localhost'])).toBeNull();
  });
});
