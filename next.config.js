// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // ioredis uses Node's net/tls and must not be bundled into the server build.
  serverExternalPackages: ['ioredis'],
  // SSE must not be gzip-buffered by `next start`; we send `no-transform` too, but a dashboard
  // that streams small frames gains nothing from compression of its API.
  compress: false,
  poweredByHeader: false,
  reactStrictMode: true,
};

module.exports = nextConfig;
