import type { Metadata } from "next";
import { NotFoundPage, WithTopBar } from "@/components/layout/status-page";

export const metadata: Metadata = { title: "Page not found" };

/** An address that matches no page (`notFound()` in a signed-in screen: app/(app)/not-found.tsx). */
export default function NotFound() {
  return (
    <WithTopBar>
      <NotFoundPage />
    </WithTopBar>
  );
}
