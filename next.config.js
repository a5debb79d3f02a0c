/** @type {import('next').NextConfig} */
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

module.exports = {
  poweredByHeader: false,
  reactStrictMode: true,
  // The CLI and tests run the same lib/ code outside Next; nothing here is Next-specific.
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};
