"use client";

import { useState, useTransition } from "react";
import { revokeTokenAction } from "@/app/(app)/tokens/actions";
import styles from "./tokens.module.css";

/** Revokes at once (no confirm dialog): a revoked token is replaced in seconds, a leaked one is not. */
export function RevokeTokenButton({ tokenId }: { tokenId: string }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function revoke() {
    setError(null);
    startTransition(async () => {
      const result = await revokeTokenAction(tokenId);
      if (!result.ok) setError(result.formError ?? "Could not revoke the token");
    });
  }

  return (
    <div className={styles.revoke}>
      <button type="button" className="button button-small button-danger" onClick={revoke} disabled={pending}>
        Revoke
      </button>
      <span className="field-error" aria-live="polite">
        {error}
      </span>
    </div>
  );
}
