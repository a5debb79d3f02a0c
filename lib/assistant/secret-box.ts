import "server-only";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { encryptionKeySecret } from "@/lib/env";

/**
 * Model connections' API keys at rest: AES-256-GCM under a key derived (HKDF-SHA256) from
 * EXEMPLAR_ENCRYPTION_KEY for this one purpose. A sealed key is
 * `version (1 byte) ‖ nonce (12) ‖ tag (16) ‖ ciphertext`, and the connection's id is the associated data,
 * so a sealed key copied onto another connection's row does not open there.
 */
const VERSION = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const KEY_INFO = "exemplar model-connection-api-keys-v1";

let derived: { secret: string; key: Buffer } | undefined;

function sealingKey(): Buffer {
  const secret = encryptionKeySecret();
  if (derived?.secret !== secret) derived = { secret, key: Buffer.from(hkdfSync("sha256", secret, "", KEY_INFO, 32)) };
  return derived.key;
}

export function sealApiKey(plaintext: string, connectionId: string): Uint8Array<ArrayBuffer> {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv("aes-256-gcm", sealingKey(), nonce);
  cipher.setAAD(Buffer.from(connectionId, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const sealed = Buffer.concat([Buffer.from([VERSION]), nonce, cipher.getAuthTag(), ciphertext]);
  return new Uint8Array(sealed);
}

/** The API key, or null when it cannot be opened (another encryption key, or an altered row). */
export function openApiKey(sealed: Uint8Array, connectionId: string): string | null {
  const bytes = Buffer.from(sealed);
  if (bytes.length < 1 + NONCE_BYTES + TAG_BYTES || bytes[0] !== VERSION) return null;
  const nonce = bytes.subarray(1, 1 + NONCE_BYTES);
  const tag = bytes.subarray(1 + NONCE_BYTES, 1 + NONCE_BYTES + TAG_BYTES);
  try {
    const decipher = createDecipheriv("aes-256-gcm", sealingKey(), nonce);
    decipher.setAAD(Buffer.from(connectionId, "utf8"));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(bytes.subarray(1 + NONCE_BYTES + TAG_BYTES)), decipher.final()]).toString(
      "utf8",
    );
  } catch {
    return null;
  }
}
