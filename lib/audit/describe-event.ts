/**
 * An audit event as one plain sentence, with links to what it is about. Pure: the names come in
 * `AuditNames` (lib/audit/event-subjects.ts reads them), so the wording is tested without a database.
 * Parts are plain strings or links; the page prints them as text, never as markup.
 */
export type SentencePart = string | { text: string; href: string };

export type AuditNames = {
  users: Map<string, { name: string; email: string }>;
  projects: Map<string, { name: string; slug: string }>;
  /** A response's prompt and author. */
  responses: Map<string, { promptId: string; externalId: string | null; authorId: string }>;
  prompts: Map<string, { externalId: string | null }>;
  tokens: Map<string, { name: string; ownerId: string }>;
};

export type DescribableEvent = {
  action: string;
  actor: { id: string; name: string } | null;
  entityType: string;
  entityId: string | null;
  projectId: string | null;
  before: unknown;
  after: unknown;
};

const record = (value: unknown): Record<string, unknown> =>
  value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;

const DECISIONS: Record<string, string> = {
  accept: "accepted",
  reject: "rejected",
  revise: "sent back for a revision",
  edit: "edited and accepted",
};

/** Settings keys as the settings form names them. */
const SETTING_NAMES: Record<string, string> = {
  name: "name",
  description: "description",
  responsesPerPrompt: "responses per prompt",
  maxResponseTokens: "token limit",
  leaseMinutes: "lease minutes",
  tokenizer: "tokenizer",
  labelerMetadataKeys: "metadata shown to labelers",
  blindReview: "blind review",
  labelersSeeScores: "labelers see scores",
  secondOpinionRate: "second-opinion share",
  rejectReasons: "reject reasons",
  rubric: "rubric",
  access: "who sees it",
  status: "status",
};

/** A change of status alone, as the verb the project page's buttons use. */
const STATUS_VERBS: Record<string, string> = {
  paused: "paused",
  archived: "archived",
  "paused>active": "resumed",
  "archived>active": "unarchived",
};

/** Export parameters left out of a request are the API's defaults; say them so the sentence is whole. */
const EXPORT_DEFAULTS: Record<string, string> = { format: "openai", status: "accepted" };

export function describeEvent(event: DescribableEvent, names: AuditNames): SentencePart[] {
  const who: SentencePart[] = event.actor
    ? [{ text: event.actor.name, href: `/admin/audit?actorId=${event.actor.id}` }]
    : ["The command line"];
  const after = record(event.after);
  const before = record(event.before);
  const project = projectPart(event.projectId ?? (event.entityType === "project" ? event.entityId : null), names);
  const inProject = project ? [" in ", project] : [];
  const user = (id: string | null | undefined): SentencePart => {
    const found = id ? names.users.get(id) : undefined;
    return found ? { text: found.name, href: `/admin/audit?actorId=${id}` } : "a deleted user";
  };
  const promptOf = (promptId: string | undefined, externalId: string | null | undefined): SentencePart =>
    promptId
      ? { text: externalId ? `prompt ${externalId}` : "a prompt", href: `/review/prompts/${promptId}` }
      : "a prompt";

  switch (event.action) {
    case "review.decide": {
      const response = event.entityId ? names.responses.get(event.entityId) : undefined;
      const verb = DECISIONS[String(after.decision)] ?? `decided (${String(after.decision)})`;
      const secondOpinion = after.secondOpinion === true ? " as a second opinion" : "";
      return [
        ...who,
        ` ${verb}${secondOpinion} `,
        ...(response ? [user(response.authorId), "'s "] : ["a "]),
        responseLink(event.entityId, "response"),
        " to ",
        promptOf(response?.promptId, response?.externalId),
        ...inProject,
        ".",
      ];
    }
    case "review.rank": {
      const promptId = typeof after.promptId === "string" ? after.promptId : undefined;
      const ranked = Array.isArray(after.responseIds) ? after.responseIds.length : 0;
      return [
        ...who,
        ` ${event.before ? "re-ranked" : "ranked"} ${plural(ranked, "response")} to `,
        promptOf(promptId, promptId ? names.prompts.get(promptId)?.externalId : undefined),
        ...inProject,
        ".",
      ];
    }
    case "response.revise":
    case "response.edit": {
      const response = event.entityId ? names.responses.get(event.entityId) : undefined;
      const verb = event.action === "response.revise" ? "resubmitted their sent-back" : "edited their";
      return [
        ...who,
        ` ${verb} `,
        responseLink(event.entityId, "response"),
        " to ",
        promptOf(response?.promptId, response?.externalId),
        ...inProject,
        typeof after.revision === "number" ? ` (revision ${after.revision}).` : ".",
      ];
    }
    case "user.create":
      return [...who, " created the account of ", user(event.entityId), ` as ${String(after.role ?? "a user")}.`];
    case "user.update": {
      const tokens = typeof after.tokensRevoked === "number" ? after.tokensRevoked : 0;
      const tail = tokens > 0 ? `; ${plural(tokens, "API token")} revoked.` : ".";
      const role = after.role !== undefined && after.role !== before.role;
      const off = after.active === false && before.active !== false;
      const on = after.active === true && before.active === false;
      const password = after.passwordChanged === true;
      const changes = [role, off, on, password].filter(Boolean).length;
      const them = user(event.entityId);
      if (changes === 1 && role)
        return [...who, " changed ", them, `'s role from ${String(before.role)} to ${String(after.role)}${tail}`];
      if (changes === 1 && off) return [...who, " deactivated ", them, tail];
      if (changes === 1 && on) return [...who, " activated ", them, ` again${tail}`];
      if (changes === 1 && password) return [...who, " set a new password for ", them, tail];
      const parts = [
        role ? `role from ${String(before.role)} to ${String(after.role)}` : null,
        off ? "deactivated" : null,
        on ? "activated again" : null,
        password ? "new password" : null,
      ].filter((x): x is string => x !== null);
      return [...who, " changed ", them, parts.length > 0 ? `: ${sentenceList(parts)}${tail}` : tail];
    }
    case "user.password_reset": {
      const tokens = typeof after.tokensRevoked === "number" ? after.tokensRevoked : 0;
      return [
        ...who,
        " reset the password of ",
        user(event.entityId),
        `; their sessions ended${tokens > 0 ? ` and ${plural(tokens, "API token")} ${tokens === 1 ? "was" : "were"} revoked` : ""}.`,
      ];
    }
    case "project.create":
      return [...who, " created the project ", project ?? "(deleted)", "."];
    case "project.update": {
      const keys = Object.keys(after);
      const where = project ?? "a deleted project";
      if (keys.length === 1 && keys[0] === "status") {
        const verb = STATUS_VERBS[String(after.status)] ?? STATUS_VERBS[`${before.status}>${after.status}`];
        if (verb) return [...who, ` ${verb} `, where, "."];
      }
      if (keys.length === 1 && keys[0] === "access") {
        return after.access === "everyone"
          ? [...who, " opened ", where, " to everyone."]
          : [...who, " made ", where, " members only."];
      }
      const fields = keys.map((key) => SETTING_NAMES[key] ?? key);
      return [
        ...who,
        ` changed ${fields.length > 0 ? sentenceList(fields) : "the settings"} of `,
        project ?? "a deleted project",
        ".",
      ];
    }
    case "project.delete": {
      const count = (value: unknown) => (typeof value === "number" ? value : 0);
      return [
        ...who,
        ` deleted the project “${String(before.name ?? before.slug ?? "?")}” with ${plural(count(before.prompts), "prompt")} and ${plural(count(before.responses), "response")}.`,
      ];
    }
    case "project.member_add":
    case "project.member_update":
    case "project.member_remove": {
      // The email is in the event, so a member whose account is gone since is still named.
      const email = after.email ?? before.email;
      const member =
        event.entityId && names.users.has(event.entityId)
          ? user(event.entityId)
          : typeof email === "string"
            ? email
            : "a deleted user";
      const where = project ?? "a deleted project";
      if (event.action === "project.member_add")
        return [...who, " added ", member, " to ", where, ` as a ${String(after.role ?? "member")}.`];
      if (event.action === "project.member_update")
        return [
          ...who,
          " made ",
          member,
          ` a ${String(after.role)} in `,
          where,
          before.role ? ` (was a ${String(before.role)}).` : ".",
        ];
      const released = typeof after.releasedTasks === "number" ? after.releasedTasks : 0;
      return [
        ...who,
        " removed ",
        member,
        " from ",
        where,
        released > 0 ? `; ${plural(released, "task")} they held went back to the pool.` : ".",
      ];
    }
    case "guidelines.publish":
      return [
        ...who,
        ` published guidelines version ${String(after.version ?? "?")} of `,
        typeof project === "object" && project
          ? { ...project, href: `${project.href}?section=guidelines` }
          : "a project",
        ".",
      ];
    case "prompts.import": {
      const imported = typeof after.imported === "number" ? after.imported : 0;
      const skipped = typeof after.skipped === "number" ? after.skipped : 0;
      return [
        ...who,
        ` imported ${plural(imported, "prompt")} into `,
        project ?? "a deleted project",
        skipped > 0 ? ` (${plural(skipped, "line")} skipped: ids already there).` : ".",
      ];
    }
    case "suggestions.generate": {
      const total = typeof after.total === "number" ? after.total : 0;
      return [
        ...who,
        ` started generating suggestions for ${plural(total, "open prompt")} of `,
        project ?? "a deleted project",
        ".",
      ];
    }
    case "suggestions.cancel":
      return [...who, " cancelled the suggestion generation of ", project ?? "a deleted project", "."];
    case "export.run": {
      const params = {
        ...EXPORT_DEFAULTS,
        ...Object.fromEntries(Object.entries(after).map(([k, v]) => [k, String(v)])),
      };
      const shown = Object.entries(params)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ");
      return [...who, " exported ", project ?? "a deleted project", ` (${shown}).`];
    }
    case "token.create": {
      const scoped = after.scope ? ` for ${String(after.scope)} of ` : "";
      return [
        ...who,
        ` created the API token “${String(after.name ?? names.tokens.get(event.entityId ?? "")?.name ?? "?")}”`,
        ...(scoped && project ? [scoped, project, " only."] : ["."]),
      ];
    }
    case "token.revoke": {
      const token = event.entityId ? names.tokens.get(event.entityId) : undefined;
      const label = `API token “${token?.name ?? "?"}”.`;
      if (!token || token.ownerId === event.actor?.id) return [...who, ` revoked their ${label}`];
      return [...who, " revoked ", user(token.ownerId), `'s ${label}`];
    }
    default:
      // An action this page has no words for yet: still who, what and on which thing.
      return [
        ...who,
        ` did ${event.action} on ${event.entityType}${event.entityId ? ` ${event.entityId.slice(0, 8)}` : ""}`,
        ...inProject,
        ".",
      ];
  }
}

function projectPart(id: string | null, names: AuditNames): { text: string; href: string } | null {
  const found = id ? names.projects.get(id) : undefined;
  return found ? { text: found.name, href: `/admin/projects/${found.slug}` } : null;
}

function responseLink(id: string | null, text: string): SentencePart {
  return id ? { text, href: `/review/responses/${id}` } : text;
}

/** "a", "a and b", "a, b and c". */
function sentenceList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/** The sentence as plain text (for titles, tests and the CSV-minded). */
export function sentenceText(parts: SentencePart[]): string {
  return parts.map((p) => (typeof p === "string" ? p : p.text)).join("");
}

/** Each action in words, for the filter's options. */
export const ACTION_LABELS: Record<string, string> = {
  "review.decide": "Review decision",
  "review.rank": "Ranking",
  "response.revise": "Resubmitted after revision",
  "response.edit": "Response edited by its author",
  "user.create": "Account created",
  "user.update": "Role or activation changed",
  "user.password_reset": "Password reset",
  "project.create": "Project created",
  "project.update": "Project settings changed",
  "project.delete": "Project deleted",
  "project.member_add": "Member added to a project",
  "project.member_update": "Member's project role changed",
  "project.member_remove": "Member removed from a project",
  "guidelines.publish": "Guidelines published",
  "prompts.import": "Prompts imported",
  "suggestions.generate": "Suggestions generated ahead",
  "suggestions.cancel": "Suggestion generation cancelled",
  "export.run": "Export",
  "token.create": "API token created",
  "token.revoke": "API token revoked",
};
