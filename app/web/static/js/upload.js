// Uploads: one or many files, each with its own row that follows the parsing live until it ends.
import { api, ApiError, call } from "./api.js";
import { h } from "./dom.js";

const POLL_MS = 750;
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
  const item = h("li", { class: "upload", dataset: { upload: file.name } }, h("strong", {}, file.name), " — ", status, " ", detail);
  document.getElementById("uploads").prepend(item);
  return {
    set(state, text, link) {
      item.dataset.status = state;
      status.className = `status ${state}`;
      status.textContent = LABELS[state] || state;
      detail.replaceChildren(text || "", link || "");
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
    line.set("refused", error instanceof ApiError ? error.describe() : "the API did not answer");
    return;
  }
  if (accepted.duplicate) {
    const resume = accepted.resume;
    line.set(resume.parsing_status, "already uploaded", candidateLink(resume));
    if (resume.parsing_status === "completed" || resume.parsing_status === "failed") return;
  } else {
    line.set(accepted.status);
  }
  follow(accepted.status_url, line);
}

async function follow(url, line) {
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    let resume;
    try {
      resume = await api("GET", url);
    } catch (error) {
      line.set("failed", error instanceof ApiError ? error.describe() : "lost contact with the API");
      return;
    }
    if (resume.parsing_status === "completed") {
      line.set("completed", "", candidateLink(resume));
      return;
    }
    if (resume.parsing_status === "failed") {
      line.set("failed", resume.error || "the file could not be read");
      return;
    }
    line.set(resume.parsing_status, resume.attempts > 1 ? `attempt ${resume.attempts}` : "");
  }
}

function candidateLink(resume) {
  if (!resume.candidate_id) return null;
  return h("a", { href: `#/candidates/${resume.candidate_id}` }, "Open the candidate");
}
