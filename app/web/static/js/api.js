// The API client: the access token lives in this module's memory only; the refresh token in this tab's
// sessionStorage (so a reload keeps the login, a closed tab ends it). A 401 refreshes once and retries.

const REFRESH_KEY = "hr.refresh";
let access = null;
let refreshing = null;

export class ApiError extends Error {
  constructor(status, body) {
    const error = (body && body.error) || {};
    super(error.message || `the API answered ${status}`);
    this.status = status;
    this.code = error.code;
    this.details = error.details;
  }

  /** "field: problem" lines of a 422, else the message. */
  describe() {
    if (Array.isArray(this.details) && this.details.length) {
      return this.details.map((d) => (d.field ? `${d.field}: ${d.problem}` : d.problem)).join("; ");
    }
    return this.message;
  }
}

export function hasSession() {
  return access !== null || sessionStorage.getItem(REFRESH_KEY) !== null;
}

function keep(pair) {
  access = pair.access_token;
  sessionStorage.setItem(REFRESH_KEY, pair.refresh_token);
}

/** Drop the tokens; `expired` when the API refused them (the session ended), not the user's logout. */
function forget(expired = false) {
  access = null;
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
  if (!response.ok) throw new ApiError(response.status, body);
  keep(body);
}

/** A new token pair from the refresh token; one refresh at a time, whoever asks. */
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
export async function call(method, path, { json, form, signal } = {}) {
  if (access === null && !(await refresh())) throw new ApiError(401, null);
  const send = () => {
    const headers = { Authorization: `Bearer ${access}` };
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
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}
