// The API client: the token pair lives in this tab's sessionStorage (so a reload keeps the login, a closed
// tab ends it) and the access token in this module's memory too. A 401 refreshes once and retries.
//
// A reload reuses the kept access token while it has time left, not a refresh: refreshing at every load
// rotated the refresh token, and a second reload before that answer arrived lost the new pair, so the next
// load presented the used token and the API's reuse detection revoked the login. Where a load must refresh
// (the access token ran out) and a reload cuts the answer off, the API answers the token just rotated, sent
// again within its reuse grace (JWT_REFRESH_REUSE_GRACE_SECONDS), with the same new pair. The access token
// beside the refresh token in the same storage exposes nothing more than the refresh token already does.

const REFRESH_KEY = "hr.refresh";
const ACCESS_KEY = "hr.access";
// Seconds an access token kept over a reload must still have, else the load refreshes.
const ACCESS_MARGIN_S = 30;
let access = null;
let refreshing = null;

export class ApiError extends Error {
  /** `headers`: the response's, for Retry-After (a 503 while a service starts or is overloaded, a 429). */
  constructor(status, body, headers = null) {
    const error = (body && body.error) || {};
    // A 503 without the API's body comes from a proxy in front of it (the API starting, or none ready).
    const fallback =
      status === 503 ? "the service is unavailable (starting or overloaded)" : `the API answered ${status}`;
    super(error.message || fallback);
    this.status = status;
    this.code = error.code;
    this.details = error.details;
    const wait = Number(headers?.get("Retry-After") ?? Number.NaN);
    // Seconds to wait before trying again, or null (an HTTP date or nothing: not said).
    this.retryAfter = Number.isInteger(wait) && wait >= 0 ? wait : null;
  }

  /** "field: problem" lines of a 422, else the message; with when to try again where the API said so. */
  describe() {
    const text =
      Array.isArray(this.details) && this.details.length
        ? this.details.map((d) => (d.field ? `${d.field}: ${d.problem}` : d.problem)).join("; ")
        : this.message;
    if (this.retryAfter === null || /try again in/i.test(text)) return text;
    return `${text} (try again in ${waitWords(this.retryAfter)})`;
  }
}

function waitWords(seconds) {
  if (seconds < 120) return seconds === 1 ? "1 second" : `${seconds} seconds`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

export function hasSession() {
  return access !== null || sessionStorage.getItem(REFRESH_KEY) !== null;
}

/** Resume this tab's login after a load: its kept access token while it lasts, else a refresh. */
export async function resume() {
  const kept = sessionStorage.getItem(ACCESS_KEY);
  if (kept && sessionStorage.getItem(REFRESH_KEY) && secondsLeft(kept) > ACCESS_MARGIN_S) {
    access = kept;
    return true;
  }
  return refresh();
}

/** Seconds until a JWT's `exp` (0 when it cannot be read). */
function secondsLeft(token) {
  try {
    const payload = JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
    return typeof payload.exp === "number" ? payload.exp - Date.now() / 1000 : 0;
  } catch {
    return 0;
  }
}

function keep(pair) {
  access = pair.access_token;
  sessionStorage.setItem(ACCESS_KEY, pair.access_token);
  sessionStorage.setItem(REFRESH_KEY, pair.refresh_token);
}

/** Drop the tokens; `expired` when the API refused them (the session ended), not the user's logout. */
function forget(expired = false) {
  access = null;
  sessionStorage.removeItem(ACCESS_KEY);
  sessionStorage.removeItem(REFRESH_KEY);
  window.dispatchEvent(new CustomEvent("hr:logged-out", { detail: { expired } }));
}

async function readBody(response) {
  const type = response.headers.get("Content-Type") || "";
  return type.includes("json") ? response.json() : null;
}

export async function login(username, password) {
  const response = await fetch("/api/v1/auth/login", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  const body = await readBody(response);
  if (!response.ok) throw new ApiError(response.status, body, response.headers);
  keep(body);
}

/** A new token pair from the refresh token; one refresh at a time, whoever asks. False when the API refused
 * the token (the session ended); an ApiError when it could not answer (a 503 while the database restarts, a
 * 429): the tokens are kept for the next try, where every such answer logged the recruiter out before. */
export function refresh() {
  const token = sessionStorage.getItem(REFRESH_KEY);
  if (!token) return Promise.resolve(false);
  refreshing ??= (async () => {
    try {
      const response = await fetch("/api/v1/auth/refresh", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ refresh_token: token }),
      });
      if (response.status >= 500 || response.status === 429) {
        throw new ApiError(response.status, await readBody(response).catch(() => null), response.headers);
      }
      if (!response.ok) {
        forget(true);
        return false;
      }
      keep(await response.json());
      return true;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

export async function logout() {
  const token = sessionStorage.getItem(REFRESH_KEY);
  if (token) {
    await fetch("/api/v1/auth/logout", {
      method: "POST",
      headers: { "Content-Type": "application/json", ...(access ? { Authorization: `Bearer ${access}` } : {}) },
      body: JSON.stringify({ refresh_token: token }),
    }).catch(() => {});
  }
  forget();
}

/** Change the signed-in user's password: the API ends every session of theirs and answers a new pair. */
export async function changePassword(current, next) {
  keep(await api("POST", "/api/v1/auth/password", { json: { current_password: current, new_password: next } }));
}

/** Call the API as the logged-in user: the Response, after one refresh on a 401. */
export async function call(method, path, { json, form, signal, purpose } = {}) {
  if (access === null && !(await refresh())) throw new ApiError(401, null);
  const send = () => {
    const headers = { Authorization: `Bearer ${access}` };
    // Why the page asks, where the API treats it apart (facet counts are no search of the user's history).
    if (purpose) headers["X-Search-Purpose"] = purpose;
    let body;
    if (json !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(json);
    } else if (form !== undefined) {
      body = form;
    }
    return fetch(path, { method, headers, body, signal });
  };
  let response = await send();
  if (response.status === 401 && (await refresh())) response = await send();
  if (response.status === 401) forget(true);
  return response;
}

/** Call the API and read its JSON, or throw ApiError with the API's message. */
export async function api(method, path, options) {
  const response = await call(method, path, options);
  const body = await readBody(response);
  if (!response.ok) throw new ApiError(response.status, body, response.headers);
  return body;
}
