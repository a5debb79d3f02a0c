import "server-only";
import { lookup as dnsLookup, promises as dns } from "node:dns";
import http from "node:http";
import https from "node:https";
import { BlockList, isIP, type LookupFunction } from "node:net";
import { Readable } from "node:stream";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

/**
 * Where a model connection may not point (docs/security.md "Model connections"). An admin types the base URL and
 * the server, not the admin's browser, connects to it, so it must not become a way to read what only the server
 * can reach. Link-local addresses are refused: that is where clouds answer with instance metadata and credentials
 * (169.254.169.254, AWS's fd00:ec2::254), and so are the metadata addresses outside that range (Alibaba Cloud's
 * 100.100.100.200). Loopback and private ranges stay allowed, because a model served beside the app (vLLM,
 * Ollama, llama.cpp) lives there. EXEMPLAR_ALLOW_LINK_LOCAL_MODELS=1 lifts the refusal.
 */
const REFUSED = new BlockList();
REFUSED.addSubnet("169.254.0.0", 16, "ipv4");
REFUSED.addAddress("100.100.100.200", "ipv4");
REFUSED.addSubnet("fe80::", 10, "ipv6");
REFUSED.addAddress("fd00:ec2::254", "ipv6");
// The same IPv4 addresses through a NAT64 gateway (64:ff9b::/96 + the IPv4 address), which reaches them on an
// IPv6-only network. The IPv4-mapped spelling (::ffff:169.254.169.254) is refused by the rules above already.
REFUSED.addSubnet("64:ff9b::a9fe:0", 112, "ipv6");
REFUSED.addAddress("64:ff9b::6464:64c8", "ipv6");

export const REFUSED_ADDRESS = "EXEMPLAR_REFUSED_ADDRESS";

export function isRefusedAddress(
  address: string,
  allowLinkLocal = env().EXEMPLAR_ALLOW_LINK_LOCAL_MODELS === "1",
): boolean {
  if (allowLinkLocal) return false;
  const family = isIP(address);
  return family !== 0 && REFUSED.check(address, family === 6 ? "ipv6" : "ipv4");
}

function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1");
}

/**
 * Refuses a base URL whose host is, or resolves to, a refused address: the admin hears it when saving. A name
 * that does not resolve yet is accepted; every connection is checked again when it is made (`guardedFetch`).
 */
export async function assertEndpointAllowed(baseUrl: string): Promise<void> {
  const host = hostOf(new URL(baseUrl));
  const addresses = isIP(host)
    ? [host]
    : await dns.lookup(host, { all: true }).then(
        (found) => found.map((a) => a.address),
        () => [],
      );
  const refused = addresses.find((address) => isRefusedAddress(address));
  if (refused) {
    throw new AppError("validation_error", "The model connection is not valid", [
      {
        path: ["baseUrl"],
        message: `${host} is a link-local or cloud metadata address (${refused}); set EXEMPLAR_ALLOW_LINK_LOCAL_MODELS=1 to allow it`,
      },
    ]);
  }
}

function refusal(hostname: string, address: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${hostname} resolves to ${address}, a refused link-local or metadata address`), {
    code: REFUSED_ADDRESS,
  });
}

// Checks the addresses a name resolves to at the moment of connecting, so a name that resolved to a public
// address when the admin saved it cannot be re-pointed at the metadata service later (DNS rebinding).
export const guardedLookup = lookupRefusing(dnsLookup);

/** `systemLookup`: how names resolve (the OS's resolver; a test passes its own). */
export function lookupRefusing(systemLookup: typeof dnsLookup): LookupFunction {
  return ((hostname, options, callback) => {
    systemLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, "", 0);
      const refused = addresses.find((a) => isRefusedAddress(a.address));
      if (refused) return callback(refusal(hostname, refused.address), "", 0);
      if (options.all) return (callback as (e: null, a: typeof addresses) => void)(null, addresses);
      const first = addresses[0]!;
      return callback(null, first.address, first.family);
    });
  }) as LookupFunction;
}

/** Request headers a model endpoint gets; the client's others (platform details, env-configured extras) stay here. */
const FORWARDED_HEADERS = ["accept", "content-type", "user-agent"];

/**
 * A `fetch` for the OpenAI client that connects only where `isRefusedAddress` allows, follows no redirect (a
 * 3xx is an answer, not a new destination), and sends only the headers above plus, when the connection has a key,
 * `Authorization`. Built on node:http because the global fetch offers no hook at connect time.
 */
export function guardedFetch(options: { authorization: boolean }): typeof fetch {
  return (input, init) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (url.protocol !== "http:" && url.protocol !== "https:") {
        reject(new TypeError(`Only http and https model endpoints are allowed, not ${url.protocol}`));
        return;
      }
      const host = hostOf(url);
      if (isIP(host) && isRefusedAddress(host)) {
        reject(refusal(host, host));
        return;
      }
      const given = new Headers(init?.headers);
      const headers: Record<string, string> = {};
      for (const name of FORWARDED_HEADERS) {
        const value = given.get(name);
        if (value !== null) headers[name] = value;
      }
      const auth = given.get("authorization");
      if (options.authorization && auth) headers.authorization = auth;
      const body = init?.body;
      if (body != null && typeof body !== "string") {
        reject(new TypeError("A model request body must be a string"));
        return;
      }
      if (body != null) headers["content-length"] = String(Buffer.byteLength(body));

      const signal = init?.signal;
      if (signal?.aborted) {
        reject(abortError());
        return;
      }
      const transport = url.protocol === "https:" ? https : http;
      const request = transport.request(url, { method: init?.method ?? "GET", headers, lookup: guardedLookup });
      const onAbort = () => request.destroy(abortError());
      signal?.addEventListener("abort", onAbort, { once: true });
      request.once("close", () => signal?.removeEventListener("abort", onAbort));
      request.once("error", reject);
      request.once("response", (incoming) => {
        const status = incoming.statusCode ?? 0;
        if (status < 200 || status > 599) {
          request.destroy();
          reject(new TypeError(`The model endpoint answered with status ${status}`));
          return;
        }
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(incoming.headers)) {
          for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value])
            responseHeaders.append(name, one);
        }
        const empty = status === 204 || status === 304 || init?.method === "HEAD";
        if (empty) incoming.resume();
        resolve(
          new Response(empty ? null : (Readable.toWeb(incoming) as ReadableStream<Uint8Array>), {
            status,
            statusText: incoming.statusMessage,
            headers: responseHeaders,
          }),
        );
      });
      request.end(body ?? undefined);
    });
}

function abortError(): Error {
  return Object.assign(new Error("The model request was aborted"), { name: "AbortError" });
}
