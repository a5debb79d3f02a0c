// On every response, pages and API alike (docs/security.md). Pages get their Content-Security-Policy,
// with a per-request nonce, from proxy.ts.
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
  // Older browsers' frame protection; CSP frame-ancestors 'none' is the current one.
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

// The API returns JSON, JSONL and CSV, never a document to run: if one is ever opened as a page,
// nothing in it may load, run or be framed.
const apiHeaders = [
  {
    key: "Content-Security-Policy",
    value: "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  },
];

/** @type {import('next').NextConfig} */
module.exports = {
  // Parallel work on one checkout: each worker builds and serves its own folder (default .next).
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // `npm test` sets it for its build, right after its own `tsc --noEmit` of the whole tree passed.
  typescript: { ignoreBuildErrors: process.env.NEXT_SKIP_TYPECHECK === "1" },
  poweredByHeader: false,
  // Loaded by Node from node_modules, so one instance of its 200,000-entry tables per process instead of one
  // per place the server bundles it (docs/decisions/031; e2e/server-build.spec.ts checks it stays so).
  serverExternalPackages: ["gpt-tokenizer"],
  // forbidden() and app/forbidden.tsx: a page a role may not open answers 403 with its own page
  // (lib/auth/current-user.ts requireActor).
  experimental: { authInterrupts: true },
  reactStrictMode: true,
  // The CLI and tests run the same lib/ code outside Next; nothing here is Next-specific.
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      { source: "/api/:path*", headers: apiHeaders },
    ];
  },
};
