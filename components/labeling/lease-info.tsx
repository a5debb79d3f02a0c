"use client";

import { useEffect, useState } from "react";
import { LocalTime } from "@/components/local-time";

/**
 * When the claim on the task ends. Quiet while it holds; after it lapses a submit still counts
 * if the prompt needs responses (docs/decisions/003-task-leasing.md), so this only informs.
 */
export function LeaseInfo({ expiresAt }: { expiresAt: Date }) {
  const [lapsed, setLapsed] = useState(false);
  useEffect(() => {
    const check = () => setLapsed(Date.now() >= expiresAt.getTime());
    check();
    const timer = setInterval(check, 15_000);
    return () => clearInterval(timer);
  }, [expiresAt]);

  return lapsed ? (
    <span className="badge badge-warn" title="Submitting still works while the prompt needs responses">
      Lease ended <LocalTime value={expiresAt} clock />
    </span>
  ) : (
    <span title="The task is held for you until then">
      Held until <LocalTime value={expiresAt} clock />
    </span>
  );
}
