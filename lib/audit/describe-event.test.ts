import { describe, expect, it } from "vitest";
import { type AuditNames, type DescribableEvent, describeEvent, sentenceText } from "@/lib/audit/describe-event";

const ADA = "11111111-1111-4111-8111-111111111111";
const LEO = "22222222-2222-4222-8222-222222222222";
const PROJECT = "33333333-3333-4333-8333-333333333333";
const RESPONSE = "44444444-4444-4444-8444-444444444444";
const PROMPT = "55555555-5555-4555-8555-555555555555";
const TOKEN = "66666666-6666-4666-8666-666666666666";

const names: AuditNames = {
  users: new Map([
    [ADA, { name: "Ada", email: "ada@example.test" }],
    [LEO, { name: "Leo", email: "leo@example.test" }],
  ]),
  projects: new Map([[PROJECT, { name: "Support answers", slug: "support" }]]),
  responses: new Map([[RESPONSE, { promptId: PROMPT, externalId: "faq-7", authorId: LEO }]]),
  prompts: new Map([[PROMPT, { externalId: "faq-7" }]]),
  tokens: new Map([[TOKEN, { name: "nightly", ownerId: LEO }]]),
};

const event = (e: Partial<DescribableEvent>): DescribableEvent => ({
  action: "project.create",
  actor: { id: ADA, name: "Ada" },
  entityType: "project",
  entityId: PROJECT,
  projectId: PROJECT,
  before: null,
  after: null,
  ...e,
});
const say = (e: Partial<DescribableEvent>) => sentenceText(describeEvent(event(e), names));

describe("an audit event in words", () => {
  it("names the people, the prompt by its external id and the project, with links to each", () => {
    const parts = describeEvent(
      event({
        action: "review.decide",
        entityType: "response",
        entityId: RESPONSE,
        after: { decision: "reject", status: "rejected" },
      }),
      names,
    );
    expect(sentenceText(parts)).toBe("Ada rejected Leo's response to prompt faq-7 in Support answers.");
    expect(parts.filter((p) => typeof p !== "string")).toEqual([
      { text: "Ada", href: `/admin/audit?actorId=${ADA}` },
      { text: "Leo", href: `/admin/audit?actorId=${LEO}` },
      { text: "response", href: `/review/responses/${RESPONSE}` },
      { text: "prompt faq-7", href: `/review/prompts/${PROMPT}` },
      { text: "Support answers", href: "/admin/projects/support" },
    ]);
  });

  it("says what a user change did, and never shows a password", () => {
    const base = { action: "user.update", entityType: "user", entityId: LEO, projectId: null };
    expect(say({ ...base, before: { role: "labeler", active: true }, after: { role: "reviewer", active: true } })).toBe(
      "Ada changed Leo's role from labeler to reviewer.",
    );
    expect(
      say({
        ...base,
        before: { role: "labeler", active: true },
        after: { role: "labeler", active: false, tokensRevoked: 2 },
      }),
    ).toBe("Ada deactivated Leo; 2 API tokens revoked.");
    expect(
      say({
        action: "user.password_reset",
        entityType: "user",
        entityId: LEO,
        projectId: null,
        after: { sessionsEnded: true, tokensRevoked: 1 },
      }),
    ).toBe("Ada reset the password of Leo; their sessions ended and 1 API token was revoked.");
  });

  it("spells out imports, exports, guidelines, settings and tokens", () => {
    expect(say({ action: "prompts.import", after: { imported: 20, skipped: 1 } })).toBe(
      "Ada imported 20 prompts into Support answers (1 line skipped: ids already there).",
    );
    expect(say({ action: "export.run", after: { format: "sharegpt", split: "train" } })).toBe(
      "Ada exported Support answers (format sharegpt, status accepted, split train).",
    );
    expect(say({ action: "guidelines.publish", entityType: "guidelines_version", after: { version: 3 } })).toBe(
      "Ada published guidelines version 3 of Support answers.",
    );
    expect(
      say({ action: "project.update", before: { leaseMinutes: 60 }, after: { leaseMinutes: 30, blindReview: true } }),
    ).toBe("Ada changed lease minutes and blind review of Support answers.");
    expect(say({ action: "token.revoke", entityType: "api_token", entityId: TOKEN, projectId: null })).toBe(
      "Ada revoked Leo's API token “nightly”.",
    );
    expect(
      say({ action: "review.rank", entityType: "ranking", after: { promptId: PROMPT, responseIds: ["a", "b", "c"] } }),
    ).toBe("Ada ranked 3 responses to prompt faq-7 in Support answers.");
  });

  it("still says who and what for an action it has no words for, and for the command line", () => {
    expect(say({ action: "project.archive", actor: null })).toBe(
      "The command line did project.archive on project 33333333 in Support answers.",
    );
  });
});
