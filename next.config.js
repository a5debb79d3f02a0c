/** @type {import('next').NextConfig} */
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

module.exports = {
  // Parallel work on one checkout: each worker builds and serves its own folder (default .next).
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // Only for a developer's throwaway builds; `npm test` and CI always type-check (tsc runs first too).
  typescript: { ignoreBuildErrors: process.env.NEXT_SKIP_TYPECHECK === "1" },
  poweredByHeader: false,
  reactStrictMode: true,
  // The CLI and tests run the same lib/ code outside Next; nothing here is Next-specific.
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};
