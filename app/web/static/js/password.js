// The password view: the signed-in user changes their own password (POST /api/v1/auth/password). The API
// ends every session of theirs and answers a fresh token pair, which this tab carries on with.
import { ApiError, changePassword } from "./api.js";

const $ = (id) => document.getElementById(id);

/** Show the form empty, its last outcome cleared, the first field focused. */
export function showPassword() {
  $("password-form").reset();
  $("password-error").textContent = "";
  $("password-done").textContent = "";
  $("password-current").focus();
}

export function setupPassword() {
  $("password-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.target;
    const error = $("password-error");
    const done = $("password-done");
    error.textContent = "";
    done.textContent = "";
    const current = form.current_password.value;
    const next = form.new_password.value;
    if (!current || !next) {
      error.textContent = "Enter your current password and a new one.";
      return;
    }
    if (next !== form.repeat.value) {
      error.textContent = "The new password and its repetition differ.";
      return;
    }
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      await changePassword(current, next);
    } catch (failure) {
      // The API's own words: "current_password: wrong password", "new_password: ... at least 12 characters",
      // or the 429's "too many attempts ...".
      error.textContent = failure instanceof ApiError ? failure.describe() : "The API did not answer.";
      return;
    } finally {
      button.disabled = false;
    }
    form.reset();
    done.textContent = "Password changed. Your other sessions have ended.";
  });
}
