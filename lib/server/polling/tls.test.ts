import { readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@/scripts/harness/free-port';
import { startRedis, type RedisProcess } from '@/scripts/harness/redis-process';
import { makeTestCertificates, type TestCertificates } from '@/scripts/harness/tls-certs';
import { nextSnapshot, startPoller } from './poller.test-support';
import type { TargetPoller } from './target-poller';

describe('rediss:// against a real TLS redis-server', () => {
  let certs: TestCertificates;
  let server: RedisProcess;
  let tlsPort: number;
  const pollers: TargetPoller[] = [];

  beforeAll(async () => {
    certs = makeTestCertificates();
    tlsPort = await freePort();
    server = await startRedis({
      password: 'tls-pw',
      args: [
        '--tls-port',
        String(tlsPort),
        '--tls-cert-file',
        certs.serverCert,
        '--tls-key-file',
        certs.serverKey,
        '--tls-ca-cert-file',
        certs.caCert,
        '--tls-auth-clients',
        'no',
      ],
    });
  });
  afterAll(async () => {
    await Promise.all(pollers.map((p) => p.stop()));
    await server?.kill();
    rmSync(certs.dir, { recursive: true, force: true });
  });

  it('samples over TLS, with an ACL password in the URL, when the CA is given', async () => {
    const poller = startPoller(`rediss://default:tls-pw@127.0.0.1:${tlsPort}`, { intervalMs: 200, tlsCa: readFileSync(certs.caCert, 'utf8') });
    pollers.push(poller);
    const snapshot = await nextSnapshot(poller, (s) => s.ok);
    expect(snapshot.server.engine).toBe('redis');
    expect(snapshot.info.used_memory).toBeGreaterThan(0);
  });

  it('refuses a server whose certificate it cannot verify, and says so', async () => {
    const poller = startPoller(`rediss://default:tls-pw@127.0.0.1:${tlsPort}`, { intervalMs: 200 });
    pollers.push(poller);
    const snapshot = await nextSnapshot(poller, (s) => !s.ok && /certificate/i.test(s.error ?? ''));
    expect(snapshot.error).not.toContain('tls-pw');
  });
});
