"use client";

import { usePathname } from "next/navigation";
import { useWaiting } from "@/components/my-work/use-waiting";
import styles from "./sent-back-count.module.css";

/**
 * The number of the labeler's responses sent back for revision: beside "My work" in the nav, and on
 * the phone's Menu button (`placement="menu"`), where the nav is folded away.
 */
export function SentBackCount({ placement = "link" }: { placement?: "link" | "menu" }) {
  const count = useWaiting(usePathname())?.sentBack ?? 0;
  if (count === 0) return null;
  return (
    <span
      className={`badge badge-warn ${styles.count}`}
      data-testid={placement === "menu" ? "sent-back-count-menu" : "sent-back-count"}
    >
      <span aria-hidden="true">{count}</span>
      <span className="visually-hidden">, {count} sent back to you</span>
    </span>
  );
}
