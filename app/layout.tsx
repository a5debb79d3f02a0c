import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Exemplar", template: "%s · Exemplar" },
  description: "Write the ideal assistant responses language models learn from.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
