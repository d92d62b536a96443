import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Native drivers and Prisma's runtime are loaded by Node's own require at run time:
  // bundling better-sqlite3 would lose its .node binary, and Prisma's driver adapters
  // expect to share one instance of @prisma/client with the generated clients.
  serverExternalPackages: ['better-sqlite3', 'pg', '@prisma/client', '@prisma/adapter-better-sqlite3', '@prisma/adapter-pg'],
  // Lets two builds of one checkout coexist (parallel e2e runs while developing); default .next.
  distDir: process.env.ACCESS_ATLAS_DIST_DIR ?? '.next',
  poweredByHeader: false,
  reactStrictMode: true,
  experimental: {
    // proxy.ts sees every request but the two upload routes, and Next buffers each one's body up to
    // this size, silently dropping the rest. The API's JSON bodies are far smaller, and the route
    // wrapper refuses any above its own, lower limit (JSON_BODY_LIMIT in lib/server/http/with-route.ts),
    // so a body cut off here is refused with 413, never parsed.
    proxyClientMaxBodySize: '1mb',
  },
};

export default nextConfig;
