"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { signOut } from "next-auth/react";
import { useEffect, useRef, useState } from "react";
import { SentBackCount } from "@/components/nav/sent-back-count";

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

/**
 * The app's top bar. One markup for every width: on a wide screen the links and the user sit in
 * the bar (the Menu button is hidden); on a narrow one (globals.css, 900px) they fold into a list
 * the Menu button opens. Escape, a click outside or a followed link closes it.
 */
export function TopBar({ user }: { user: { name: string; role: Role } }) {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const bar = useRef<HTMLElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const current = (href: string) =>
    href === "/" ? pathname === "/" || pathname.startsWith("/work") : pathname.startsWith(href);

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      button.current?.focus();
    };
    const onPointer = (event: PointerEvent) => {
      if (!bar.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onPointer);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onPointer);
    };
  }, [open]);

  return (
    <header className="topbar" ref={bar}>
      <Link href="/" className="topbar-brand">
        Exemplar
      </Link>
      <button
        ref={button}
        type="button"
        className="button button-small topbar-menu-button"
        aria-expanded={open}
        aria-controls="topbar-menu"
        onClick={() => setOpen(!open)}
      >
        Menu
        <SentBackCount placement="menu" />
      </button>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: closes the menu when one of its links is followed */}
      {/* biome-ignore lint/a11y/useKeyWithClickEvents: a link followed by keyboard fires click too */}
      <div
        id="topbar-menu"
        className="topbar-menu"
        data-open={open || undefined}
        onClick={(event) => (event.target as Element).closest("a") && setOpen(false)}
      >
        <nav aria-label="Main">
          {LINKS.filter((l) => l.roles.includes(user.role)).map((l) => (
            <Link key={l.href} href={l.href} aria-current={current(l.href) ? "page" : undefined}>
              {l.label}
              {l.href === "/my-work" && <SentBackCount />}
            </Link>
          ))}
        </nav>
        <div className="topbar-user">
          <span className="topbar-name">
            {user.name} <span className="badge">{user.role}</span>
          </span>
          <button className="button button-small" type="button" onClick={() => signOut({ callbackUrl: "/login" })}>
            Sign out
          </button>
        </div>
      </div>
    </header>
  );
}
