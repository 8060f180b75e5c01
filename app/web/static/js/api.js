// The API client. The login's refresh token lives in a cookie the API sets (HttpOnly, SameSite=Strict, sent
// to the auth routes only, dropped when the browser closes; app/auth/routes.py): no script reads it, and every
// tab of this browser refreshes with it, so a candidate opened in a new tab (Ctrl-click, middle click) needs no
// second login. It lived in the tab's sessionStorage before, which a new tab does not get. Each tab keeps its
// own access token, in memory and in its sessionStorage. A 401 refreshes once and retries.
//
// A reload reuses the kept access token while it has time left, not a refresh: refreshing at every load
// rotated the refresh token, and a second reload before that answer arrived lost the new pair, so the next
// load presented the used token and the API's reuse detection revoked the login. Where a load must refresh
// (the access token ran out) and a reload cuts the answer off, the API answers the token just rotated, sent
// again within its reuse grace (JWT_REFRESH_REUSE_GRACE_SECONDS), with the same new pair; so it does when two
// tabs refresh at once with the same cookie.

const ACCESS_KEY = "hr.access";
// The API's cookie beside the refresh token, with no secret: a login is there to resume.
const LOGIN_COOKIE = "hr_login=1";
// Seconds an access token kept over a reload must still have, else the load refreshes.
const ACCESS_MARGIN_S = 30;
let access = null;
let refreshing = null;
// The other tabs of this page in the browser, told of a logout so that none goes on showing candidates.
const tabs = "BroadcastChannel" in window ? new BroadcastChannel("hr.login") : null;
tabs?.addEventListener("message", (event) => {
  if (event.data !== "logged-out") return;
  access = null;
  sessionStorage.removeItem(ACCESS_KEY);
  window.dispatchEvent(new CustomEvent("hr:ended-elsewhere"));
});

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

function loginCookie() {
  return document.cookie.split("; ").includes(LOGIN_COOKIE);
}

export function hasSession() {
  return access !== null || sessionStorage.getItem(ACCESS_KEY) !== null || loginCookie();
}

/** Resume this tab's login after a load: its kept access token while it lasts, else a refresh (a new tab
 * refreshes with the browser's login cookie). */
export async function resume() {
  const kept = sessionStorage.getItem(ACCESS_KEY);
  if (kept && loginCookie() && secondsLeft(kept) > ACCESS_MARGIN_S) {
    access = kept;
    return true;
  }
  return refresh();
}

/** A JWT's claims, or {} when it cannot be read. */
function claims(token) {
  try {
    return JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
  } catch {
    return {};
  }
}

/** Seconds until a JWT's `exp` (0 when it cannot be read). */
function secondsLeft(token) {
  const { exp } = claims(token);
  return typeof exp === "number" ? exp - Date.now() / 1000 : 0;
}

function keep(pair) {
  access = pair.access_token;
  sessionStorage.setItem(ACCESS_KEY, pair.access_token);
}

/** Drop the tokens; `expired` when the API refused them (the session ended), not the user's logout. */
function forget(expired = false) {
  access = null;
  sessionStorage.removeItem(ACCESS_KEY);
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

/** A new access token from the login cookie; one refresh at a time in this tab, whoever asks. False when
 * there is no login or the API refused it (the session ended); an ApiError when it could not answer (a 503
 * while the database restarts, a 429): the login is kept for the next try, where every such answer logged the
 * recruiter out before. */
export function refresh() {
  if (!loginCookie()) return Promise.resolve(false);
  refreshing ??= (async () => {
    try {
      const response = await fetch("/api/v1/auth/refresh", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: "{}",
      });
      if (response.status >= 500 || response.status === 429) {
        throw new ApiError(response.status, await readBody(response).catch(() => null), response.headers);
      }
      if (!response.ok) {
        forget(true);
        return false;
      }
      const before = access ?? sessionStorage.getItem(ACCESS_KEY);
      keep(await response.json());
      // Someone else logged in at another tab of this browser meanwhile, and the cookie is theirs now: this
      // tab starts over as them rather than go on with the last user's search on screen.
      if (before && claims(before).sub !== claims(access).sub) window.dispatchEvent(new CustomEvent("hr:ended-elsewhere"));
      return true;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

/** End the login: the API revokes it and clears its cookies, and the other tabs are told. */
export async function logout() {
  if (loginCookie()) {
    await fetch("/api/v1/auth/logout", {
      method: "POST",
      headers: { "Content-Type": "application/json", ...(access ? { Authorization: `Bearer ${access}` } : {}) },
      body: "{}",
    }).catch(() => {});
  }
  tabs?.postMessage("logged-out");
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
