import type { LookupAddress } from "node:dns";
import type { lookup } from "node:dns";
import { describe, expect, it } from "vitest";
import { isRefusedAddress, lookupRefusing, REFUSED_ADDRESS } from "@/lib/assistant/endpoint-guard";

/** A resolver that answers every name with `addresses`, as a hostile DNS server would. */
const resolvingTo = (addresses: LookupAddress[]) =>
  ((_host: string, _options: unknown, callback: (e: null, a: LookupAddress[]) => void) =>
    callback(null, addresses)) as unknown as typeof lookup;

function resolve(addresses: LookupAddress[], all: boolean) {
  return new Promise<{ error: NodeJS.ErrnoException | null; result: unknown }>((done) =>
    lookupRefusing(resolvingTo(addresses))("models.example", { all }, (error, result) => done({ error, result })),
  );
}

describe("where a model connection may connect", () => {
  it("refuses link-local and metadata addresses in every spelling, and allows loopback and private ones", () => {
    for (const address of [
      "169.254.169.254",
      "169.254.0.1",
      "fd00:ec2::254",
      "fe80::1",
      "::ffff:169.254.169.254",
      "100.100.100.200",
      "::ffff:100.100.100.200",
      // NAT64: the IPv4 address behind 64:ff9b::/96, as an IPv6-only network reaches it.
      "64:ff9b::a9fe:a9fe",
      "64:ff9b::169.254.10.1",
      "64:ff9b::6464:64c8",
    ])
      expect(isRefusedAddress(address, false), address).toBe(true);
    for (const address of [
      "127.0.0.1",
      "::1",
      "10.0.0.5",
      "192.168.1.20",
      "172.16.0.1",
      "fd00::1",
      "8.8.8.8",
      "100.100.100.201",
      "64:ff9b::808:808",
    ])
      expect(isRefusedAddress(address, false), address).toBe(false);
    expect(isRefusedAddress("169.254.169.254", true)).toBe(false);
    expect(isRefusedAddress("64:ff9b::a9fe:a9fe", true)).toBe(false);
  });

  it("refuses a name that resolves to a metadata address when connecting, whatever it resolved to before", async () => {
    const refused = await resolve([{ address: "169.254.169.254", family: 4 }], false);
    expect(refused.error?.code).toBe(REFUSED_ADDRESS);
    // One bad address among good ones is enough: the socket could pick any of them.
    const mixed = await resolve(
      [
        { address: "10.0.0.5", family: 4 },
        { address: "fd00:ec2::254", family: 6 },
      ],
      true,
    );
    expect(mixed.error?.code).toBe(REFUSED_ADDRESS);
    const fine = await resolve([{ address: "10.0.0.5", family: 4 }], true);
    expect(fine).toEqual({ error: null, result: [{ address: "10.0.0.5", family: 4 }] });
  });
});
