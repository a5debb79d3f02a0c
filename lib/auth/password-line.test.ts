import { describe, expect, it } from "vitest";
import { takingTurns } from "@/lib/auth/password";
import { AppError } from "@/lib/errors";

// Password hashes share libuv's four threads with the rest of the server: sign-ins take turns, so a
// stream of them (unknown emails cost a hash too) cannot hold every thread.
describe("password hashes take turns", () => {
  it("runs two at once, queues the rest in order, and refuses past the line's length", async () => {
    const inTurn = takingTurns(2, 3);
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const gates: Array<() => void> = [];
    const job = (n: number) =>
      inTurn(async () => {
        running += 1;
        most = Math.max(most, running);
        order.push(n);
        await new Promise<void>((resolve) => gates.push(resolve));
        running -= 1;
        return n;
      });
    const jobs = [1, 2, 3, 4, 5].map(job);
    const refused = await job(6).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe("rate_limited");
    while (order.length < 5 || gates.length > 0) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      gates.shift()?.();
    }
    expect(await Promise.all(jobs)).toEqual([1, 2, 3, 4, 5]);
    expect(order).toEqual([1, 2, 3, 4, 5]);
    expect(most).toBe(2);
    // The line is free again.
    const again = job(7);
    await new Promise((resolve) => setTimeout(resolve, 5));
    gates.shift()?.();
    expect(await again).toBe(7);
  });
});
