import "server-only";
import { randomUUID } from "node:crypto";
import type { ModelConnection } from "@/generated/prisma/client";
import { prisma } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { requireProject, type ProjectIntent } from "@/lib/projects/access";
import { recordEvent } from "@/lib/audit/record-event";
import { assertEndpointAllowed } from "@/lib/assistant/endpoint-guard";
import { openApiKey, sealApiKey } from "@/lib/assistant/secret-box";
import { encryptionKeySecret } from "@/lib/env";
import type { AssistantMode, PutAssistantInput } from "@/lib/assistant/schemas";
import type { ConnectionRow } from "@/lib/assistant/sql/suggestions";

/** The connection the single-connection API manages; more named ones can sit beside it. */
export const DEFAULT_CONNECTION = "default";

/** A connection as the API shows it: everything but the key, which never leaves the server. */
export type AssistantSettings = {
  baseUrl: string;
  model: string;
  mode: AssistantMode;
  candidates: number;
  temperature: number | null;
  maxTokens: number | null;
  systemPrompt: string | null;
  timeoutSeconds: number;
  /** Calls at once while suggestions are generated ahead (lib/assistant/generation-worker.ts). */
  concurrency: number;
  apiKeySet: boolean;
  updatedAt: Date;
};

function toSettings(connection: ModelConnection): AssistantSettings {
  return {
    baseUrl: connection.baseUrl,
    model: connection.model,
    mode: connection.mode,
    candidates: connection.candidates,
    temperature: connection.temperature,
    maxTokens: connection.maxTokens,
    systemPrompt: connection.systemPrompt,
    timeoutSeconds: connection.timeoutSeconds,
    concurrency: connection.concurrency,
    apiKeySet: connection.apiKeyEncrypted !== null,
    updatedAt: connection.updatedAt,
  };
}

/** What the audit log keeps of a connection: the settings, and whether a key is set, never the key. */
function audited({ updatedAt: _, ...settings }: AssistantSettings) {
  return settings;
}

function adminProject(actor: Actor, projectIdOrSlug: string, intent: ProjectIntent): Promise<{ id: string }> {
  assertCan(actor, "admin");
  return requireProject(actor, projectIdOrSlug, "admin", intent);
}

function findDefault(projectId: string) {
  return prisma.modelConnection.findUnique({
    where: { projectId_name: { projectId, name: DEFAULT_CONNECTION } },
  });
}

export async function getAssistantSettings(actor: Actor, projectIdOrSlug: string): Promise<AssistantSettings> {
  const project = await adminProject(actor, projectIdOrSlug, "read");
  const connection = await findDefault(project.id);
  if (!connection) throw notFound("Model connection");
  return toSettings(connection);
}

/**
 * Creates or replaces the project's connection. Every field is set from `input` but the key: omitted keeps the
 * stored one (only while `baseUrl` stays on the same origin), `null` removes it, a string is sealed
 * (lib/assistant/secret-box.ts) before it reaches the database.
 */
export async function putAssistantSettings(
  actor: Actor,
  projectIdOrSlug: string,
  input: PutAssistantInput,
): Promise<AssistantSettings> {
  const project = await adminProject(actor, projectIdOrSlug, "write");
  await assertEndpointAllowed(input.baseUrl);
  return prisma.$transaction(async (tx) => {
    const before = await tx.modelConnection.findUnique({
      where: { projectId_name: { projectId: project.id, name: DEFAULT_CONNECTION } },
    });
    // The key goes to whatever baseUrl says, so keeping it across a move to another origin would hand it to a
    // server it was never meant for (an admin's own, say): moving it there takes the key anew, or null.
    const origin = new URL(input.baseUrl).origin;
    if (input.apiKey === undefined && before?.apiKeyEncrypted && new URL(before.baseUrl).origin !== origin) {
      throw new AppError("validation_error", "The model connection is not valid", [
        {
          path: ["apiKey"],
          message: `The stored key is not sent to a new server (${origin}): give apiKey for it, or null for none`,
        },
      ]);
    }
    const id = before?.id ?? randomUUID();
    const apiKeyEncrypted =
      input.apiKey === undefined
        ? (before?.apiKeyEncrypted ?? null)
        : input.apiKey === null
          ? null
          : sealApiKey(input.apiKey, id);
    const data = {
      baseUrl: input.baseUrl,
      model: input.model,
      mode: input.mode,
      candidates: input.candidates,
      temperature: input.temperature,
      maxTokens: input.maxTokens,
      systemPrompt: input.systemPrompt,
      timeoutSeconds: input.timeoutSeconds,
      concurrency: input.concurrency,
      apiKeyEncrypted,
    };
    const connection = before
      ? await tx.modelConnection.update({ where: { id }, data })
      : await tx.modelConnection.create({ data: { id, projectId: project.id, name: DEFAULT_CONNECTION, ...data } });
    const settings = toSettings(connection);
    await recordEvent(
      {
        actorId: actor.id,
        action: "assistant.update",
        entityType: "model_connection",
        entityId: connection.id,
        projectId: project.id,
        before: before ? audited(toSettings(before)) : undefined,
        after: audited(settings),
      },
      tx,
    );
    return settings;
  });
}

/** Turns the assistant off: the connection and its key are deleted; the suggestions it wrote stay. */
export async function deleteAssistantSettings(actor: Actor, projectIdOrSlug: string): Promise<void> {
  const project = await adminProject(actor, projectIdOrSlug, "write");
  await prisma.$transaction(async (tx) => {
    const before = await tx.modelConnection.findUnique({
      where: { projectId_name: { projectId: project.id, name: DEFAULT_CONNECTION } },
    });
    if (!before) return;
    await tx.modelConnection.delete({ where: { id: before.id } });
    await recordEvent(
      {
        actorId: actor.id,
        action: "assistant.delete",
        entityType: "model_connection",
        entityId: before.id,
        projectId: project.id,
        before: audited(toSettings(before)),
      },
      tx,
    );
  });
}

/**
 * What a labeler's screen needs to offer the model's help: the mode and the model's name. Never the URL or the
 * key (the connection's settings are for admins); `null` when the project has no connection.
 */
export type LabelerAssistant = { mode: AssistantMode; model: string };

export async function labelerAssistant(projectId: string): Promise<LabelerAssistant | null> {
  const connection = await prisma.modelConnection.findUnique({
    where: { projectId_name: { projectId, name: DEFAULT_CONNECTION } },
    select: { mode: true, model: true },
  });
  return connection;
}

/** A connection ready to call: its settings and the opened key. Server-side only; never returned by the API. */
export type LiveConnection = AssistantSettings & { id: string; apiKey: string | null };

/** The parameters a suggestion records of the connection that made it (never the key). */
export function suggestionParameters(connection: LiveConnection, how: { streamed: boolean; pregenerated?: true }) {
  return {
    baseUrl: connection.baseUrl,
    mode: connection.mode,
    candidates: connection.candidates,
    temperature: connection.temperature,
    maxTokens: connection.maxTokens,
    systemPrompt: connection.systemPrompt,
    ...how,
  };
}

export async function liveConnection(projectId: string): Promise<LiveConnection | null> {
  const connection = await findDefault(projectId);
  if (!connection) return null;
  return live({
    c_id: connection.id,
    c_base_url: connection.baseUrl,
    c_model: connection.model,
    c_mode: connection.mode,
    c_candidates: connection.candidates,
    c_temperature: connection.temperature,
    c_max_tokens: connection.maxTokens,
    c_system_prompt: connection.systemPrompt,
    c_timeout_seconds: connection.timeoutSeconds,
    c_concurrency: connection.concurrency,
    c_api_key_encrypted: connection.apiKeyEncrypted ? Buffer.from(connection.apiKeyEncrypted) : null,
    c_updated_at: connection.updatedAt,
  });
}

/**
 * Opened API keys, by connection id and sealed key: a labeler's request reads the row with everything else it needs
 * (lib/assistant/sql/suggestions.ts) and opens the key only when it changed since this process last saw it.
 * Bounded: the oldest seen goes first.
 */
const MAX_CACHED = 256;
type OpenedKey = { sealed: Buffer; secret: string; apiKey: string };
const globalForKeys = globalThis as unknown as { exemplarOpenedKeys?: Map<string, OpenedKey> };
const openedKeys = (globalForKeys.exemplarOpenedKeys ??= new Map());

function openKey(connectionId: string, sealed: Buffer): string {
  // Keyed by the server's encryption key too: a key that no longer opens the row must not keep working.
  const secret = encryptionKeySecret();
  const cached = openedKeys.get(connectionId);
  if (cached?.secret === secret && cached.sealed.equals(sealed)) return cached.apiKey;
  const apiKey = openApiKey(sealed, connectionId);
  if (apiKey === null) {
    throw new AppError(
      "conflict",
      "The model connection's API key cannot be read with this server's encryption key; an admin must enter it again",
    );
  }
  openedKeys.delete(connectionId);
  if (openedKeys.size >= MAX_CACHED) openedKeys.delete(openedKeys.keys().next().value!);
  openedKeys.set(connectionId, { sealed: Buffer.from(sealed), secret, apiKey });
  return apiKey;
}

/** The connection of a row read by the app's own SQL; throws when its key cannot be opened. */
export function live(row: ConnectionRow): LiveConnection {
  const apiKey = row.c_api_key_encrypted ? openKey(row.c_id, row.c_api_key_encrypted) : null;
  const connection: LiveConnection = {
    id: row.c_id,
    baseUrl: row.c_base_url,
    model: row.c_model,
    mode: row.c_mode,
    candidates: row.c_candidates,
    temperature: row.c_temperature,
    maxTokens: row.c_max_tokens,
    systemPrompt: row.c_system_prompt,
    timeoutSeconds: row.c_timeout_seconds,
    concurrency: row.c_concurrency,
    apiKeySet: row.c_api_key_encrypted !== null,
    updatedAt: row.c_updated_at,
    apiKey,
  };
  return connection;
}
