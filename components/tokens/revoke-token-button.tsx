"use client";

import { useState, useTransition } from "react";
import { revokeTokenAction } from "@/app/(app)/tokens/actions";
import { ConfirmDialog } from "@/components/admin/confirm-dialog";
import styles from "./tokens.module.css";

/**
 * Revokes after one confirmation: a revocation cannot be undone, and whatever uses the token stops
 * at its next request. One step only, so a leaked token is still gone in seconds.
 */
export function RevokeTokenButton({ tokenId, name }: { tokenId: string; name: string }) {
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function revoke() {
    setError(null);
    startTransition(async () => {
      const result = await revokeTokenAction(tokenId);
      if (!result.ok) setError(result.formError ?? "Could not revoke the token");
      else setAsking(false);
    });
  }

  return (
    <div className={styles.revoke}>
      <button
        type="button"
        className="button button-small button-danger"
        onClick={() => setAsking(true)}
        disabled={pending}
      >
        Revoke
      </button>
      <ConfirmDialog
        open={asking}
        title={`Revoke the token “${name}”?`}
        confirmLabel="Revoke token"
        pending={pending}
        error={error}
        onConfirm={revoke}
        onCancel={() => {
          setAsking(false);
          setError(null);
        }}
      >
        <p>
          Every script or pipeline that uses it is refused from its next request on. A revoked token cannot be turned
          back on; create a new one if it is still needed.
        </p>
      </ConfirmDialog>
    </div>
  );
}
