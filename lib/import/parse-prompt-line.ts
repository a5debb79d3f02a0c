import type { PromptMessage, Role } from "@/lib/conversation/types";

/** One prompt read from an import line, before it is stored (docs/glossary.md: prompt). */
export type ParsedPrompt = { externalId: string | null; messages: PromptMessage[]; metadata: Record<string, unknown> };
export type ParsePromptLineResult = { ok: true; prompt: ParsedPrompt } | { ok: false; message: string };

const SHAPE_KEYS = ["prompt", "messages", "turns", "conversations"] as const;
type Shape = (typeof SHAPE_KEYS)[number];
const SHAPE_LIST = `"prompt", "messages", "turns" or "conversations"`;
/** Keys with a meaning of their own; every other top-level key is kept in metadata. */
const KNOWN_KEYS = new Set<string>([...SHAPE_KEYS, "id", "metadata", "system"]);
/** JSON.parse builds any depth iteratively, but walking (and later storing) it recurses. */
const MAX_METADATA_DEPTH = 64;

/**
 * The two list shapes differ only in names: OpenAI/TRL `messages` are strict (their spec allows nothing
 * else, so an unknown key is a mistake), while ShareGPT dumps routinely carry extra keys per turn, and an
 * empty `gpt` value is how those dumps leave a turn unwritten.
 */
type Dialect = {
  list: "messages" | "conversations";
  roleKey: string;
  contentKey: string;
  roles: ReadonlyMap<string, Role>;
  names: Record<Role, string>;
  strict: boolean;
};
const OPENAI: Dialect = {
  list: "messages",
  roleKey: "role",
  contentKey: "content",
  roles: new Map<string, Role>([
    ["system", "system"],
    ["user", "user"],
    ["assistant", "assistant"],
  ]),
  names: { system: "system", user: "user", assistant: "assistant" },
  strict: true,
};
const SHAREGPT: Dialect = {
  list: "conversations",
  roleKey: "from",
  contentKey: "value",
  roles: new Map<string, Role>([
    ["system", "system"],
    ["human", "user"],
    ["gpt", "assistant"],
  ]),
  names: { system: "system", user: "human", assistant: "gpt" },
  strict: false,
};

/** Reads one already-parsed JSON value as a prompt; never throws for bad input, says what is wrong instead. */
export function parsePromptLine(value: unknown): ParsePromptLineResult {
  try {
    return { ok: true, prompt: readPrompt(value) };
  } catch (error) {
    if (error instanceof InvalidLine) return { ok: false, message: error.message };
    throw error;
  }
}

/** Lets the readers below stop at the first problem without threading results through every call. */
class InvalidLine extends Error {}
function fail(message: string): never {
  throw new InvalidLine(message);
}

function readPrompt(value: unknown): ParsedPrompt {
  if (!isPlainObject(value)) fail(`expected a JSON object, got ${kindOf(value)}`);
  const shapes = SHAPE_KEYS.filter((key) => Object.hasOwn(value, key));
  if (shapes.length === 0) fail(`expected one of the keys ${SHAPE_LIST}`);
  if (shapes.length > 1) fail(`give only one of ${SHAPE_LIST} (found ${shapes.map((k) => `"${k}"`).join(" and ")})`);
  const shape = shapes[0] as Shape;
  const externalId = readId(value);
  const metadata = readMetadata(value);
  const system = readSystem(value, shape);
  const messages =
    shape === "prompt"
      ? [...system, { role: "user" as const, content: text(value.prompt, "prompt") }, slot()]
      : shape === "turns"
        ? [...system, ...readTurns(value.turns)]
        : readList(value[shape], shape === "messages" ? OPENAI : SHAREGPT);
  return { externalId, messages, metadata };
}

function readId(value: Record<string, unknown>): string | null {
  if (!Object.hasOwn(value, "id")) return null;
  const id = value.id;
  if (typeof id === "number" && Number.isInteger(id)) {
    // Past 2^53 JSON.parse has already rounded the number, so the id the user wrote is lost.
    if (!Number.isSafeInteger(id)) fail("id is an integer too large to read exactly; write it as a string");
    return String(id);
  }
  if (typeof id !== "string" || id.trim() === "") fail("id must be a non-empty string or an integer");
  return noNul(id, "id");
}

function readMetadata(value: Record<string, unknown>): Record<string, unknown> {
  const own = Object.hasOwn(value, "metadata") ? value.metadata : {};
  if (!isPlainObject(own)) fail(`metadata must be an object, got ${kindOf(own)}`);
  // fromEntries and spread define own properties, so a "__proto__" key stays data, not a prototype.
  const extras = Object.fromEntries(Object.entries(value).filter(([key]) => !KNOWN_KEYS.has(key)));
  checkStored(extras, "", 0);
  checkStored(own, "metadata", 0);
  return { ...extras, ...own };
}

function readSystem(value: Record<string, unknown>, shape: Shape): PromptMessage[] {
  if (!Object.hasOwn(value, "system")) return [];
  if (shape === "messages" || shape === "conversations") {
    fail(`system is not allowed with "${shape}"; put the system message in the list`);
  }
  return [{ role: "system", content: text(value.system, "system") }];
}

function readTurns(turns: unknown): PromptMessage[] {
  if (!Array.isArray(turns) || turns.length === 0) fail("turns must be a non-empty array of strings");
  return turns.flatMap((turn, i): PromptMessage[] => [{ role: "user", content: text(turn, `turns[${i}]`) }, slot()]);
}

function readList(list: unknown, d: Dialect): PromptMessage[] {
  if (!Array.isArray(list) || list.length === 0) fail(`${d.list} must be a non-empty array`);
  const messages = list.map((item, i) => readItem(item, `${d.list}[${i}]`, d));
  const { user, assistant } = d.names;
  messages.forEach((m, i) => {
    const at = `${d.list}[${i}]`;
    const previous = messages[i - 1];
    if (m.role === "system" && i > 0) fail(`${at}: a system message is allowed only first`);
    if (m.role !== "system" && m.role !== "user" && (previous === undefined || previous.role === "system")) {
      fail(`${at} must be a ${user} message: only a system message may come before the first ${user} message`);
    }
    if (m.role === "assistant" && m.content === null && previous?.role !== "user") {
      fail(`${at}: a slot (empty ${assistant} message) must directly follow a ${user} message`);
    }
  });
  if (!messages.some((m) => m.role === "user")) fail(`${d.list} must contain a ${user} message`);
  const last = messages[messages.length - 1] as PromptMessage;
  if (last.role === "user") return [...messages, slot()];
  if (last.content !== null) {
    fail(
      `${d.list}[${messages.length - 1}]: conversation ends with a written ${assistant} message; nothing left to write`,
    );
  }
  return messages;
}

function readItem(item: unknown, at: string, d: Dialect): PromptMessage {
  if (!isPlainObject(item)) fail(`${at} must be an object with "${d.roleKey}" and "${d.contentKey}"`);
  const unexpected = d.strict ? Object.keys(item).find((key) => key !== d.roleKey && key !== d.contentKey) : undefined;
  if (unexpected !== undefined) {
    fail(
      `${at} has an unexpected key ${JSON.stringify(unexpected)}; only "${d.roleKey}" and "${d.contentKey}" are allowed`,
    );
  }
  const raw = item[d.roleKey];
  const role = typeof raw === "string" ? d.roles.get(raw) : undefined;
  if (role === undefined) {
    const allowed = [...d.roles.keys()].map((r) => `"${r}"`);
    fail(`${at}.${d.roleKey} must be ${allowed.slice(0, -1).join(", ")} or ${allowed.at(-1)} (${shown(raw)})`);
  }
  const content = item[d.contentKey];
  const path = `${at}.${d.contentKey}`;
  if (role !== "assistant") return { role, content: text(content, path) };
  if (content === null) return slot();
  if (!d.strict && typeof content === "string" && content.trim() === "") return slot();
  if (typeof content !== "string" || content.trim() === "") {
    fail(`${path} must be ${d.strict ? "a non-empty string" : "a string"} or null (a slot)`);
  }
  return { role, content: noNul(content, path) };
}

function slot(): PromptMessage {
  return { role: "assistant", content: null };
}

/** A required piece of text. Kept exactly as written: no trimming, whatever the characters. */
function text(value: unknown, path: string): string {
  if (typeof value !== "string" || value.trim() === "") fail(`${path} must be a non-empty string`);
  return noNul(value, path);
}

// PostgreSQL text and jsonb cannot hold U+0000, so such a line could never be stored.
function noNul(value: string, path: string): string {
  if (value.includes("\u0000")) fail(`${path} must not contain a NUL character (\\u0000); PostgreSQL cannot store it`);
  return value;
}

/** Metadata is stored as jsonb: no NUL in any key or string, and a depth the storing code can walk. */
function checkStored(value: unknown, path: string, depth: number): void {
  if (depth > MAX_METADATA_DEPTH) fail(`${path} is nested too deeply (more than ${MAX_METADATA_DEPTH} levels)`);
  if (typeof value === "string") noNul(value, path);
  else if (Array.isArray(value)) value.forEach((v, i) => checkStored(v, `${path}[${i}]`, depth + 1));
  else if (isPlainObject(value)) {
    for (const [key, v] of Object.entries(value)) {
      const keyPath = /^[A-Za-z_$][\w$]*$/.test(key)
        ? path
          ? `${path}.${key}`
          : key
        : `${path}[${JSON.stringify(key)}]`;
      if (key.includes("\u0000")) noNul(key, `the key ${keyPath}`);
      checkStored(v, keyPath, depth + 1);
    }
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (value === undefined) return "nothing";
  const type = typeof value;
  return type === "object" ? "an object" : `a ${type}`;
}

/** What was found, short and escaped, so a message never carries raw control characters. */
function shown(value: unknown): string {
  if (value === undefined) return "missing";
  if (typeof value !== "string") return `got ${kindOf(value)}`;
  const chars = [...value];
  return `got ${JSON.stringify(chars.length > 40 ? `${chars.slice(0, 40).join("")}…` : value)}`;
}
