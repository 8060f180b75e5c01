// The page's entry point: login, the router (#/search, #/candidates/<id>, #/upload, #/password), keyboard
// shortcuts.
import { api, ApiError, hasSession, login, logout, resume } from "./api.js";
import { showCandidate } from "./candidate.js";
import { setupPassword, showPassword } from "./password.js";
import { focusFirstResult, setupSearch, showSearch } from "./search.js";
import { setupUpload } from "./upload.js";

const VIEWS = ["login", "search", "candidate", "upload", "password"];
const $ = (id) => document.getElementById(id);
let loggedIn = false;
// Who logged in last at this tab (lower case, as typed), to start over when someone else logs in.
const USER_KEY = "hr.user";

function show(name) {
  for (const view of VIEWS) $(`view-${view}`).hidden = view !== name;
  document.querySelector("[data-when=in]").hidden = !loggedIn;
  for (const link of document.querySelectorAll("[data-nav]")) {
    if (link.dataset.nav === name) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

/** The page loaded afresh at its bare address: no search, results, candidate or upload rows of the session
 * before (the next person at this browser saw them, the search text in the address too). A login made just
 * before is kept: its refresh token is in the browser's login cookie. */
function startOver() {
  history.replaceState(null, "", location.pathname);
  location.reload();
}

async function route() {
  if (!loggedIn) {
    show("login");
    $("login-username").focus();
    return;
  }
  const [path, query = ""] = location.hash.replace(/^#/, "").split("?");
  const candidate = path.match(/^\/candidates\/([0-9a-fA-F-]{32,36})$/);
  if (candidate) {
    show("candidate");
    await showCandidate(candidate[1]);
  } else if (path === "/upload") {
    document.title = "Upload · HR Resume Search";
    show("upload");
  } else if (path === "/password") {
    document.title = "Password · HR Resume Search";
    show("password");
    showPassword();
  } else {
    document.title = "HR Resume Search";
    show("search");
    showSearch(new URLSearchParams(query));
  }
}

/** What the signed-in user may do, asked beside the first view: a viewer (read only) has no Upload link, and
 * the upload view says why instead of offering files that would each come back refused. */
async function showPermissions() {
  let me;
  try {
    me = await api("GET", "/api/v1/auth/me");
  } catch {
    return; // The page stays as it is; an upload refused says why.
  }
  const canWrite = me.permissions.includes("write");
  document.querySelector("[data-nav=upload]").hidden = !canWrite;
  $("upload-form").hidden = !canWrite;
  $("upload-denied").hidden = canWrite;
  $("upload-denied").textContent = canWrite
    ? ""
    : `Your account (${me.role}) can search and read candidates. Uploading resumes needs a recruiter's account.`;
}

function setupLogin() {
  $("login-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.target;
    const error = $("login-error");
    error.textContent = "";
    const username = form.username.value.trim();
    if (!username || !form.password.value) {
      error.textContent = "Enter your username and password.";
      return;
    }
    try {
      await login(username, form.password.value);
    } catch (failure) {
      error.textContent =
        failure instanceof ApiError && failure.status === 401
          ? "Wrong username or password."
          : failure instanceof ApiError
            ? failure.describe()
            : "The API did not answer.";
      return;
    }
    form.password.value = "";
    // Another user at this tab after a session ended: nothing of the last one's work stays on the page.
    const before = sessionStorage.getItem(USER_KEY);
    sessionStorage.setItem(USER_KEY, username.toLowerCase());
    if (before !== null && before !== username.toLowerCase()) {
      startOver();
      return;
    }
    loggedIn = true;
    showPermissions();
    route();
  });
  $("logout").addEventListener("click", async () => {
    await logout();
    sessionStorage.removeItem(USER_KEY);
    startOver();
  });
  // Logged out at another tab, or another user logged in there: nothing of this tab's work stays on screen.
  window.addEventListener("hr:ended-elsewhere", startOver);
  window.addEventListener("hr:logged-out", (event) => {
    // A refresh token that expired or was revoked lands here, mid-search: say why the login is back.
    // The refused call and its failed refresh both end here; the first one says it.
    if (!loggedIn) return;
    loggedIn = false;
    $("login-error").textContent = event.detail?.expired ? "Your session has ended. Log in again." : "";
    route();
  });
}

function setupKeys() {
  document.addEventListener("keydown", (event) => {
    const typing = event.target.closest("input, textarea, select, [contenteditable]");
    if (event.key === "/" && !typing && loggedIn && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      if ($("view-search").hidden) {
        // Shown now, not at the hashchange: a hidden box cannot take the focus.
        location.hash = "#/search";
        show("search");
      }
      $("q").focus();
      $("q").select();
    } else if (event.key === "ArrowDown" && event.target.id === "q") {
      if (focusFirstResult()) event.preventDefault();
    }
  });
}

async function start() {
  setupLogin();
  setupSearch();
  setupUpload();
  setupPassword();
  setupKeys();
  window.addEventListener("hashchange", route);
  const kept = hasSession();
  try {
    loggedIn = kept && (await resume());
  } catch {
    // The API could not answer the refresh (a 503, no connection): the login stands, and the view's first
    // call refreshes again and says what failed.
    loggedIn = true;
  }
  // The API refused the kept login (logged out elsewhere, a password changed, expired): said, not a bare form.
  if (kept && !loggedIn) $("login-error").textContent = "Your session has ended. Log in again.";
  if (loggedIn) showPermissions();
  await route();
  document.documentElement.dataset.ready = "true";
  performance.mark("hr:ready");
}

start();
