import type { Metadata } from "next";
import { ForbiddenPage } from "@/components/layout/status-page";

export const metadata: Metadata = { title: "No access" };

/**
 * `forbidden()` from requireActor (lib/auth/current-user.ts): a signed-in user whose role does not
 * open this screen (a labeler on /admin/…) gets 403 and this page, inside the app's top bar.
 */
export default function Forbidden() {
  return <ForbiddenPage />;
}
