import { inRequestScope } from "@/lib/testing/next-request-scope";
import { NextRequest } from "next/server";
import * as authRoute from "@/app/api/auth/[...nextauth]/route";

/** The origin next-auth builds its URLs from in tests (NEXTAUTH_URL). */
export const ORIGIN = "http://exemplar.test";
export const PASSWORD = "correct horse battery"; // the factories' password
const ROUTE_PAGE = "/api/auth/[...nextauth]/route";

type Handler = (request: NextRequest, context: { params: Promise<{ nextauth: string[] }> }) => Promise<Response>;
export type AuthRoute = { GET: Handler; POST: Handler };

export type Answer = {
  status: number;
  retryAfter: string | null;
  body: unknown;
  text: string;
  sessionCookie: string | null;
};

/**
 * A browser talking to next-auth's real route handler (app/api/auth/[...nextauth]/route.ts): it keeps
 * the cookies next-auth sets, fetches a CSRF token first as next-auth's client does, and posts real
 * `application/x-www-form-urlencoded` bodies. `address` is the client address the server sees
 * (X-Forwarded-For as `next start` writes it when nothing stands in front).
 */
export class SignInClient {
  private readonly cookies = new Map<string, string>();

  /** `route`: another copy of the route module, as a second app instance would load it. */
  constructor(
    readonly address = randomAddress(),
    private readonly route: AuthRoute = authRoute,
  ) {}

  async request(method: "GET" | "POST", path: string, body?: string): Promise<Answer> {
    const url = new URL(path, ORIGIN);
    const headers = new Headers({ "x-forwarded-for": this.address, host: url.host });
    if (this.cookies.size > 0) headers.set("cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    if (body !== undefined) headers.set("content-type", "application/x-www-form-urlencoded");
    const request = new NextRequest(url, { method, headers, body });
    // What Next's router gives the catch-all route: every segment after /api/auth/.
    const nextauth = url.pathname
      .replace(/^\/api\/auth\//, "")
      .split("/")
      .map(decodeURIComponent);
    const handler = method === "GET" ? this.route.GET : this.route.POST;
    const response = await inRequestScope(request, ROUTE_PAGE, () =>
      handler(request, { params: Promise.resolve({ nextauth }) }),
    );
    let sessionCookie: string | null = null;
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const [name, ...value] = pair!.split("=");
      this.cookies.set(name!, value.join("="));
      if (/^(__Secure-)?next-auth\.session-token/.test(name!) && value.join("=")) sessionCookie = cookie;
    }
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: kept as text
    }
    return {
      status: response.status,
      retryAfter: response.headers.get("retry-after"),
      body: parsed,
      text,
      sessionCookie,
    };
  }

  private csrf: Promise<string> | undefined;

  /** Fetched once, then reused while its cookie lasts (so parallel posts share one, as tabs would). */
  csrfToken(): Promise<string> {
    this.csrf ??= this.request("GET", "/api/auth/csrf").then(
      (answer) => (answer.body as { csrfToken: string }).csrfToken,
    );
    return this.csrf;
  }

  /**
   * What the login form posts. `fields` is sent in order, as typed (repeat a name to repeat the field);
   * the CSRF token and `json=true` are added.
   */
  async post(fields: Array<[string, string]>, path = "/api/auth/callback/credentials"): Promise<Answer> {
    const csrfToken = await this.csrfToken();
    const body = new URLSearchParams([...fields, ["csrfToken", csrfToken], ["json", "true"]]).toString();
    return this.request("POST", path, body);
  }

  signIn(email: string, password: string, path?: string): Promise<Answer> {
    return this.post(
      [
        ["email", email],
        ["password", password],
        ["callbackUrl", `${ORIGIN}/`],
      ],
      path,
    );
  }
}

export const randomAddress = () =>
  `198.51.${Math.floor(Math.random() * 250) + 1}.${Math.floor(Math.random() * 250) + 1}`;
