import type { Metadata } from "next";
import { connection } from "next/server";
import { ZodWithoutEval } from "@/components/zod-without-eval";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Exemplar", template: "%s · Exemplar" },
  description: "Write the ideal assistant responses language models learn from.",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Render every page per request, the 404 page included: Next.js puts proxy.ts's per-request CSP
  // nonce on its scripts only while rendering, so a page prerendered at build time would have
  // scripts the browser refuses to run.
  await connection();
  return (
    <html lang="en">
      <body>
        <ZodWithoutEval />
        {children}
      </body>
    </html>
  );
}
