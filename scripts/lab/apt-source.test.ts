import { describe, expect, it } from 'vitest';
import {
  aptOptions,
  orderCandidates,
  parseDeb822Sources,
  parseOneLineSources,
  parseShowSrc,
  pickDebianMirror,
  privateSourcesList,
  upstreamOf,
} from './apt-source';
import { ENGINE_SPECS } from './engines';

// Shaped like a Debian image's /etc/apt/sources.list.d/debian.sources (hosts are placeholders).
const DEB822 = `Types: deb
# a comment line, as the image's file has one
URIs: http://mirror.example/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://mirror.example/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
`;

const SHOWSRC = `Package: redis
Version: 5:7.0.15-1~deb12u7
Checksums-Sha256:
 700c69619407c47eb51f015752bd3214256932f5e04a7f064a1fdef24c011319 1960 redis_7.0.15-1~deb12u7.dsc
 4b1dc4ee6d622a09fff9c6777191209750fb5e5a725ef78ea012d6eef4c22982 3025940 redis_7.0.15.orig.tar.gz
 1414177085364a374a89de565845dbb9798ef46c8a91a2726e4485a376b6b9ec 45456 redis_7.0.15-1~deb12u7.debian.tar.xz
Package-List:
 redis deb database optional arch=all

Package: redis
Version: 5:8.0.2-3+deb13u3
Checksums-Sha256:
 31ba0def05d365d9d91691dd559a0026e5e9aa3f30892bc9a68fbd5d4f8a5625 1915 redis_8.0.2-3+deb13u3.dsc
 caf3c0069f06fc84c5153bd2a348b204c578de80490c73857bee01d9b5d7401f 3860147 redis_8.0.2.orig.tar.gz

Package: redis
Version: 5:7.0.11-1
Checksums-Sha256:
 aaaa 100 redis_7.0.11.orig.tar.gz
`;

describe('mirror discovery', () => {
  it('picks the main archive from deb822 and keeps its keyring, skipping -security', () => {
    const mirror = pickDebianMirror(parseDeb822Sources(DEB822, 'debian.sources'));
    expect(mirror).toEqual({ uri: 'http://mirror.example/debian', keyring: '/usr/share/keyrings/debian-archive-keyring.gpg', origin: 'debian.sources' });
  });

  it('reads the one-line format and ignores disabled or security entries', () => {
    const entries = [
      ...parseDeb822Sources('Types: deb\nURIs: http://mirror.a/debian\nSuites: bookworm\nEnabled: no\n', 'a.sources'),
      ...parseOneLineSources(
        '# comment\ndeb http://security.mirror.example/debian-security bookworm-security main\n' +
          'deb [arch=amd64 signed-by=/k.gpg] http://ftp.example.org/debian/ bookworm main contrib\n',
        'sources.list',
      ),
    ];
    expect(pickDebianMirror(entries)).toEqual({ uri: 'http://ftp.example.org/debian', keyring: '/k.gpg', origin: 'sources.list' });
  });

  it('writes deb-src lines for both suites on that mirror only', () => {
    const list = privateSourcesList({ uri: 'http://mirror.example/debian', keyring: '/k.gpg', origin: 'x' });
    expect(list).toContain('deb-src [signed-by=/k.gpg] http://mirror.example/debian bookworm main');
    expect(list).toContain('deb-src [signed-by=/k.gpg] http://mirror.example/debian trixie main');
  });

  it('redirects every apt path into the private dirs', () => {
    const options = aptOptions({ root: '/c/apt', sourcesList: '/c/apt/sources.list', lists: '/c/apt/lists', cache: '/c/apt/cache' }).join(' ');
    expect(options).toContain('-o Dir::Etc::SourceList=/c/apt/sources.list -o Dir::Etc::SourceParts=/dev/null');
    expect(options).toContain('-o Dir::State::Lists=/c/apt/lists -o Dir::Cache=/c/apt/cache');
  });
});

describe('source versions', () => {
  it('reduces Debian versions to upstream ones', () => {
    expect(upstreamOf('5:7.0.15-1~deb12u7')).toBe('7.0.15');
    expect(upstreamOf('8.1.1+dfsg1-3+deb13u3')).toBe('8.1.1');
    expect(upstreamOf('5:8.0.2-3+deb13u3')).toBe('8.0.2');
  });

  it('finds the .orig tarball of each version and orders pinned first, then same series newest first', () => {
    const candidates = parseShowSrc(SHOWSRC, 'redis');
    expect(candidates.map((c) => c.orig.name)).toEqual(['redis_7.0.15.orig.tar.gz', 'redis_8.0.2.orig.tar.gz', 'redis_7.0.11.orig.tar.gz']);
    expect(orderCandidates(candidates, ENGINE_SPECS['redis-7.0']).map((c) => c.version)).toEqual(['5:7.0.15-1~deb12u7', '5:7.0.11-1']);
    expect(orderCandidates(candidates, ENGINE_SPECS['redis-8.0']).map((c) => c.version)).toEqual(['5:8.0.2-3+deb13u3']);
    expect(orderCandidates(candidates, ENGINE_SPECS['valkey-8.1'])).toEqual([]);
  });
});
