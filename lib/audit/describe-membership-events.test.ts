import { describe, expect, it } from "vitest";
import { type AuditNames, type DescribableEvent, describeEvent, sentenceText } from "@/lib/audit/describe-event";

const ADA = "11111111-1111-4111-8111-111111111111";
const LEO = "22222222-2222-4222-8222-222222222222";
const GONE = "77777777-7777-4777-8777-777777777777";
const PROJECT = "33333333-3333-4333-8333-333333333333";

const names: AuditNames = {
  users: new Map([
    [ADA, { name: "Ada", email: "ada@example.test" }],
    [LEO, { name: "Leo", email: "leo@example.test" }],
  ]),
  projects: new Map([[PROJECT, { name: "Support answers", slug: "support" }]]),
  responses: new Map(),
  prompts: new Map(),
  tokens: new Map(),
};

const say = (e: Partial<DescribableEvent>) =>
  sentenceText(
    describeEvent(
      {
        action: "project.update",
        actor: { id: ADA, name: "Ada" },
        entityType: "project",
        entityId: PROJECT,
        projectId: PROJECT,
        before: null,
        after: null,
        ...e,
      },
      names,
    ),
  );
const member = (action: string, before: unknown, after: unknown, entityId = LEO) =>
  say({ action, entityType: "user", entityId, before, after });

describe("project membership and lifecycle in the audit log's words", () => {
  it("says who was added, changed or removed, in which project and with which role", () => {
    expect(member("project.member_add", null, { email: "leo@example.test", role: "labeler" })).toBe(
      "Ada added Leo to Support answers as a labeler.",
    );
    expect(member("project.member_update", { role: "labeler" }, { email: "leo@example.test", role: "reviewer" })).toBe(
      "Ada made Leo a reviewer in Support answers (was a labeler).",
    );
    expect(member("project.member_remove", { email: "leo@example.test" }, { releasedTasks: 2 })).toBe(
      "Ada removed Leo from Support answers; 2 tasks they held went back to the pool.",
    );
    expect(member("project.member_remove", { email: "leo@example.test" }, { releasedTasks: 0 })).toBe(
      "Ada removed Leo from Support answers.",
    );
  });

  it("names a member whose account is gone by the email the event kept", () => {
    expect(member("project.member_remove", { email: "old@example.test" }, { releasedTasks: 0 }, GONE)).toBe(
      "Ada removed old@example.test from Support answers.",
    );
  });

  it("says what a deleted project held, from the event alone", () => {
    expect(
      say({
        action: "project.delete",
        projectId: null,
        entityId: GONE,
        before: { slug: "old", name: "Old answers", prompts: 12, responses: 1 },
      }),
    ).toBe("Ada deleted the project “Old answers” with 12 prompts and 1 response.");
  });

  it("uses the page's verbs for a status or access change", () => {
    const change = (before: object, after: object) => say({ before, after });
    expect(change({ status: "active" }, { status: "paused" })).toBe("Ada paused Support answers.");
    expect(change({ status: "paused" }, { status: "active" })).toBe("Ada resumed Support answers.");
    expect(change({ status: "active" }, { status: "archived" })).toBe("Ada archived Support answers.");
    expect(change({ status: "archived" }, { status: "active" })).toBe("Ada unarchived Support answers.");
    expect(change({ access: "members" }, { access: "everyone" })).toBe("Ada opened Support answers to everyone.");
    expect(change({ access: "everyone" }, { access: "members" })).toBe("Ada made Support answers members only.");
  });
});
