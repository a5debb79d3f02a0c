import type { Metadata } from "next";
import { NotFoundPage } from "@/components/layout/status-page";

export const metadata: Metadata = { title: "Page not found" };

/** `notFound()` in a signed-in screen (missing, or another user's): inside the app's layout and top bar. */
export default function NotFound() {
  return <NotFoundPage />;
}
