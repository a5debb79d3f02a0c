import { requireActor } from "@/lib/auth/current-user";
import { TopBar } from "@/components/layout/top-bar";

/** Every screen behind sign-in. The check here is for navigation; data functions check again. */
export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const actor = await requireActor();
  return (
    <>
      <TopBar user={{ name: actor.name, role: actor.role }} />
      {children}
    </>
  );
}
