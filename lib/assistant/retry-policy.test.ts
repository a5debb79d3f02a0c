import { describe, expect, it } from "vitest";
import { modelUnavailable } from "@/lib/errors";
import { afterFailure } from "@/lib/assistant/retry-policy";

const policy = { maxAttempts: 5, backoffBaseMs: 2000, backoffMaxMs: 10_000 };
const failure = (reason: string, extra: { status?: number; retryAfter?: number } = {}) =>
  modelUnavailable("failed", 502, { reason, ...extra });

describe("what a failed attempt at a pre-generated suggestion leads to", () => {
  it("waits exactly a 429's Retry-After", () => {
    expect(afterFailure(failure("rate_limited", { retryAfter: 7 }), 1, policy)).toEqual({
      retryInMs: 7000,
      reason: "rate_limited",
    });
  });

  it("backs off exponentially on 5xx, timeouts and an unreachable model, half of it random, capped", () => {
    const at = (attempts: number, random: number) =>
      afterFailure(failure("model_error", { status: 503 }), attempts, policy, () => random).retryInMs;
    expect([at(1, 0), at(1, 1)]).toEqual([1000, 2000]);
    expect([at(2, 0), at(3, 0), at(4, 0)]).toEqual([2000, 4000, 5000]);
    expect(afterFailure(failure("timeout"), 1, policy, () => 0).retryInMs).toBe(1000);
    expect(afterFailure(failure("unreachable"), 1, policy, () => 0).retryInMs).toBe(1000);
  });

  it("gives up once the attempts are spent, and at once on what would only fail again", () => {
    expect(afterFailure(failure("model_error", { status: 500 }), 5, policy).retryInMs).toBeNull();
    for (const error of [
      failure("model_error", { status: 400 }),
      failure("model_error", { status: 401 }),
      failure("malformed"),
      failure("address_refused"),
      new Error("a bug"),
    ])
      expect(afterFailure(error, 1, policy).retryInMs).toBeNull();
    expect(afterFailure(new Error("a bug"), 1, policy).reason).toBe("internal_error");
  });
});
