// Uploads: one or many files, each with its own row that follows the parsing live until it ends.
import { api, ApiError, call } from "./api.js";
import { h } from "./dom.js";

const POLL_MS = 750;
// The longest wait between two status checks while the API does not answer.
const MAX_POLL_MS = 10_000;
const LABELS = {
  uploading: "Uploading…",
  queued: "Queued for parsing",
  processing: "Parsing…",
  completed: "Parsed",
  failed: "Parsing failed",
  refused: "Refused",
};

export function setupUpload() {
  const input = document.getElementById("files");
  input.addEventListener("change", () => {
    uploadAll([...input.files]);
    input.value = "";
  });
  const drop = document.getElementById("drop");
  drop.addEventListener("dragover", (event) => {
    event.preventDefault();
    drop.classList.add("over");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    drop.classList.remove("over");
    uploadAll([...event.dataTransfer.files]);
  });
}

async function uploadAll(files) {
  // One at a time keeps the order of the rows the order of the files; the parsing runs in parallel.
  for (const file of files) await uploadOne(file);
}

function row(file) {
  const status = h("span", { class: "status" }, LABELS.uploading);
  const detail = h("span", { class: "detail" });
  const item = h("li", { class: "upload", dataset: { upload: file.name } }, h("strong", {}, file.name), " — ", status, detail);
  document.getElementById("uploads").prepend(item);
  return {
    set(state, text, link) {
      item.dataset.status = state;
      status.className = `status ${state}`;
      status.textContent = LABELS[state] || state;
      // "Parsing failed: the PDF is incomplete", "Parsed: already uploaded · Open the candidate": the parts ran
      // together before ("Parsing failed the PDF…", "already uploadedOpen the candidate"), read aloud too.
      detail.replaceChildren(text ? `: ${text}` : "", link ? " · " : "", link || "");
    },
  };
}

async function uploadOne(file) {
  const line = row(file);
  const form = new FormData();
  form.append("file", file, file.name);
  let accepted;
  try {
    const response = await call("POST", "/api/v1/resumes/upload", { form });
    const body = await response.json().catch(() => null);
    if (!response.ok) throw new ApiError(response.status, body, response.headers);
    accepted = body;
  } catch (error) {
    // The row names the file: "Refused: empty file", not "Refused: file: empty file".
    line.set("refused", error instanceof ApiError ? error.describe().replace(/^file: /, "") : "the API did not answer");
    return;
  }
  if (accepted.duplicate) {
    const resume = accepted.resume;
    line.set(resume.parsing_status, "already uploaded", candidateLink(resume));
    if (resume.parsing_status === "completed" || resume.parsing_status === "failed") return;
  } else {
    line.set(accepted.status);
  }
  const state = accepted.duplicate ? accepted.resume.parsing_status : accepted.status;
  follow(accepted.status_url, line, state, accepted.duplicate ? "already uploaded" : "");
}

/** Poll the resume's status until its parsing ends; `note` ("already uploaded") stays beside every state. */
async function follow(url, line, state, note) {
  const say = (text) => [note, text].filter(Boolean).join("; ");
  let wait = POLL_MS;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, wait));
    let resume;
    try {
      resume = await api("GET", url);
    } catch (error) {
      // The session ended (the login is shown) or the resume was deleted: nothing more to follow.
      if (error instanceof ApiError && error.status < 500 && error.status !== 429) {
        if (error.status !== 401) line.set("failed", say(error.describe()));
        return;
      }
      // The API out of reach for a moment (restarting, a proxy's 503, busy): the worker parses on without
      // the page, so ask again, less often, rather than call the parse failed for good.
      const why = error instanceof ApiError ? error.describe() : "the API did not answer";
      line.set(state, say(`${why}; checking again`));
      wait = Math.min(Math.max(wait * 2, (error.retryAfter ?? 0) * 1000), MAX_POLL_MS);
      continue;
    }
    wait = POLL_MS;
    state = resume.parsing_status;
    if (resume.parsing_status === "completed") {
      line.set("completed", say(""), candidateLink(resume));
      return;
    }
    if (resume.parsing_status === "failed") {
      line.set("failed", say(resume.error || "the file could not be read"));
      return;
    }
    line.set(resume.parsing_status, say(waitingFor(resume)));
  }
}

// Seconds a parse may take before its row says when a stopped worker's job is taken up again: most take one.
const SLOW_PARSE_MS = 30_000;

/** What a resume not parsed yet waits for: a failed attempt's reason and when the next comes, or, when its
 * parse runs long (its worker may have been stopped), when the worker's lease ends and another takes it up. A
 * killed worker's resume read "Parsing…" for the five minutes of its lease, as if stuck for good. */
function waitingFor(resume) {
  const attempt = resume.attempts > 1 ? `attempt ${resume.attempts}` : "";
  const at = (iso) => new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  if (resume.retry_at) {
    const why = resume.error ? `attempt ${resume.attempts} failed: ${resume.error}` : `attempt ${resume.attempts} failed`;
    return `${why}; tried again at ${at(resume.retry_at)}`;
  }
  const claimed = Date.parse(resume.updated_at);
  if (resume.lease_expires_at && Date.now() - claimed > SLOW_PARSE_MS) {
    return [attempt, `still parsing; if its worker stopped, another takes it up at ${at(resume.lease_expires_at)}`]
      .filter(Boolean)
      .join("; ");
  }
  return attempt;
}

function candidateLink(resume) {
  if (!resume.candidate_id) return null;
  return h("a", { href: `#/candidates/${resume.candidate_id}` }, "Open the candidate");
}
