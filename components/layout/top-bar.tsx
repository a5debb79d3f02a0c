"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { signOut } from "next-auth/react";

type Role = "admin" | "reviewer" | "labeler";

const LINKS: Array<{ href: string; label: string; roles: Role[] }> = [
  { href: "/", label: "Label", roles: ["admin", "reviewer", "labeler"] },
  { href: "/my-work", label: "My work", roles: ["admin", "reviewer", "labeler"] },
  { href: "/review", label: "Review", roles: ["admin", "reviewer"] },
  { href: "/admin/projects", label: "Projects", roles: ["admin"] },
  { href: "/admin/users", label: "Users", roles: ["admin"] },
  { href: "/admin/audit", label: "Audit log", roles: ["admin"] },
  { href: "/tokens", label: "API tokens", roles: ["admin", "reviewer", "labeler"] },
];

export function TopBar({ user }: { user: { name: string; role: Role } }) {
  const pathname = usePathname();
  const current = (href: string) =>
    href === "/" ? pathname === "/" || pathname.startsWith("/work") : pathname.startsWith(href);
  return (
    <header className="topbar">
      <Link href="/" className="topbar-brand">
        Exemplar
      </Link>
      <nav aria-label="Main">
        {LINKS.filter((l) => l.roles.includes(user.role)).map((l) => (
          <Link key={l.href} href={l.href} aria-current={current(l.href) ? "page" : undefined}>
            {l.label}
          </Link>
        ))}
      </nav>
      <div className="topbar-user">
        <span>
          {user.name} <span className="badge">{user.role}</span>
        </span>
        <button className="button button-small" type="button" onClick={() => signOut({ callbackUrl: "/login" })}>
          Sign out
        </button>
      </div>
    </header>
  );
}
