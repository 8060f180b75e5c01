// The candidate view: profile, experience timeline, skills, education, original files, colleagues (who
// worked alongside, with the months together) and similar candidates, each a link.
import { api, ApiError, call } from "./api.js";
import { clear, h, month, plural, years } from "./dom.js";
import { aroundLink, searchAddress, together } from "./search.js";

const view = () => document.getElementById("view-candidate");
let shown = 0; // answers for a candidate no longer shown are dropped

export async function showCandidate(id) {
  const mine = ++shown;
  const box = clear(view());
  box.append(h("p", { class: "hint", role: "status" }, "Loading the candidate…"));
  let candidate;
  try {
    candidate = await api("GET", `/api/v1/candidates/${id}`);
  } catch (error) {
    if (mine !== shown) return;
    clear(box).append(
      h("h1", { tabindex: "-1" }, "Candidate not available"),
      h("p", { class: "error", role: "alert" }, error instanceof ApiError ? error.describe() : "The API did not answer."),
      h("p", {}, h("a", { href: "#/search" }, "Back to the search")),
    );
    // Not the name of the candidate shown before, in the tab and in the history.
    document.title = "Candidate not available · HR Resume Search";
    box.querySelector("h1").focus();
    return;
  }
  if (mine !== shown) return;
  // Each panel that fills in later says so in a status region of its own, in a line: the whole view was one
  // live region, and a screen reader read the record, the colleagues and the similar candidates at once.
  const colleagues = h("div", { "aria-busy": "true" }, h("p", { class: "hint", role: "status" }, "Looking for colleagues…"));
  const similar = h("div", { "aria-busy": "true" }, h("p", { class: "hint", role: "status" }, "Looking for similar candidates…"));
  const files = h("div", {});
  clear(box).append(render(candidate, colleagues, similar, files));
  document.title = `${candidate.full_name || "Candidate"} · HR Resume Search`;
  box.querySelector("h1").focus();
  // Offered where a job names its department: without one the search finds nobody, whoever worked there.
  const departments = candidate.work_experience.some((j) => j.department);
  await Promise.all([
    fillPeople(colleagues, mine, { search_type: "worked_with", candidate_id: id, limit: 10 }, colleagueLine, "colleague", (total) => [
      total > 10 ? h("a", { href: aroundLink("worked_with", id), dataset: { around: "worked_with" } }, `All ${plural(total, "colleague")}, to filter and sort`) : null,
      departments ? h("a", { href: aroundLink("same_department", id), dataset: { around: "same_department" } }, "People of the same department") : null,
    ]),
    fillPeople(similar, mine, { search_type: "similar_candidates", candidate_id: id, limit: 6 }, similarLine, "similar candidate", () =>
      h("a", { href: aroundLink("similar_candidates", id), dataset: { around: "similar_candidates" } }, "More similar candidates, to filter and sort"),
    ),
    fillFiles(files, mine, candidate.resume_ids),
  ]);
}

function render(c, colleagues, similar, files) {
  const where = [c.current_title, c.current_company].filter(Boolean).join(" at ");
  return h(
    "article",
    { dataset: { candidateDetail: c.id } },
    h("p", {}, h("a", { href: searchAddress() }, "← Back to results")),
    h(
      "div",
      { class: "detail-head" },
      h("h1", { tabindex: "-1" }, c.full_name || "Unnamed candidate"),
      h("span", { class: "meta" }, [where, c.location, years(c.total_experience_years)].filter(Boolean).join(" · ")),
    ),
    h("p", { class: "meta" }, [c.email, c.phone].filter(Boolean).join(" · ")),
    h(
      "div",
      { class: "detail-grid" },
      h(
        "div",
        {},
        c.summary ? h("section", { class: "panel", "aria-labelledby": "summary-title" }, h("h2", { id: "summary-title" }, "Summary"), h("p", {}, c.summary)) : null,
        h(
          "section",
          { class: "panel", "aria-labelledby": "experience-title" },
          h("h2", { id: "experience-title" }, "Experience"),
          c.work_experience.length
            ? h("ol", { class: "timeline", dataset: { timeline: "" } }, c.work_experience.map(job))
            : h("p", { class: "hint" }, "No jobs on record."),
        ),
        h(
          "section",
          { class: "panel", "aria-labelledby": "education-title" },
          h("h2", { id: "education-title" }, "Education"),
          c.education.length
            ? h("ul", { class: "people" }, c.education.map(school))
            : h("p", { class: "hint" }, "No education on record."),
        ),
      ),
      h(
        "div",
        {},
        h(
          "section",
          { class: "panel", "aria-labelledby": "skills-title" },
          h("h2", { id: "skills-title" }, "Skills"),
          h("ul", { class: "skills" }, c.skills.map((s) => h("li", { class: "skill" }, s.years ? `${s.name} (${years(s.years)})` : s.name))),
        ),
        h("section", { class: "panel", "aria-labelledby": "files-title" }, h("h2", { id: "files-title" }, "Original files"), files),
        h("section", { class: "panel", "aria-labelledby": "colleagues-title", dataset: { colleagues: "" } }, h("h2", { id: "colleagues-title" }, "Worked with"), colleagues),
        h("section", { class: "panel", "aria-labelledby": "similar-title", dataset: { similar: "" } }, h("h2", { id: "similar-title" }, "Similar candidates"), similar),
      ),
    ),
  );
}

function job(j) {
  const end = j.is_current ? "present" : month(j.end_date);
  const when = [month(j.start_date), end].filter(Boolean).join(" – ");
  return h(
    "li",
    {},
    h("h3", {}, [j.title, j.company].filter(Boolean).join(" · ") || "A job"),
    // A consultant's client beside the employer (`company`), never in its place.
    h("p", { class: "when" }, [when, j.client ? `for ${j.client}` : null, j.department, j.location].filter(Boolean).join(" · ")),
    j.description ? h("p", {}, j.description) : null,
  );
}

function school(e) {
  const degree = [e.degree, e.field_of_study].filter(Boolean).join(", ");
  const year = e.graduation_year || (e.end_date ? e.end_date.slice(0, 4) : null);
  return h("li", {}, h("strong", {}, e.institution || "An institution"), h("p", { class: "meta" }, [degree, year].filter(Boolean).join(" · ")));
}

function colleagueLine(hit) {
  // Where they were together, apart from where the colleague is now: "36 months together at Hooli · Analyst at Globex".
  const now = [hit.current_title, hit.current_company].filter(Boolean).join(" at ");
  return [hit.overlap_months ? together(hit) : null, now].filter(Boolean).join(" · ");
}

function similarLine(hit) {
  return [hit.current_title, hit.current_company, `${Math.round(hit.match_score * 100)}% alike`].filter(Boolean).join(" · ");
}

/** The first few people a search around the candidate finds, and `further(total)`: links to the whole search
 * (with filters, sort and paging) and related ones; before, the first ten colleagues were all there was. */
async function fillPeople(box, mine, search, line, noun, further) {
  // The panel's status line stays (a region announces a change of its own text), saying what was found.
  const status = box.querySelector("[role=status]");
  let body;
  try {
    // The page's own search, not the recruiter's: kept out of their history like the facet counts.
    body = await api("POST", "/api/v1/search/candidates", { json: search, purpose: "candidate-panel" });
  } catch (error) {
    if (mine !== shown) return;
    status.textContent = error instanceof ApiError ? error.describe() : "The API did not answer.";
    box.removeAttribute("aria-busy");
    return;
  }
  if (mine !== shown) return;
  status.textContent = body.total ? `${plural(body.total, noun)} found.` : "Nobody found.";
  box.removeAttribute("aria-busy");
  box.append(
    body.results.length
      ? h(
          "ul",
          { class: "people" },
          body.results.map((hit) =>
            h(
              "li",
              { dataset: { candidateId: hit.candidate_id } },
              h("a", { href: `#/candidates/${hit.candidate_id}` }, hit.full_name || "Unnamed candidate"),
              h("p", { class: "meta" }, line(hit)),
            ),
          ),
        )
      : null,
    h("p", { class: "further" }, [further(body.total)].flat().filter(Boolean).flatMap((link, i) => (i ? [" · ", link] : [link]))),
  );
}

async function fillFiles(box, mine, ids) {
  if (!ids.length) {
    clear(box).append(h("p", { class: "hint" }, "No file: entered by hand."));
    return;
  }
  const resumes = await Promise.all(ids.map((id) => api("GET", `/api/v1/resumes/${id}`).catch(() => null)));
  if (mine !== shown) return;
  clear(box).append(
    h(
      "ul",
      { class: "people" },
      resumes.filter(Boolean).map((r) => {
        const said = h("p", { class: "error", role: "alert" });
        return h(
          "li",
          {},
          h("button", { type: "button", class: "secondary", dataset: { download: r.id }, onclick: () => download(r, said) }, `Download ${r.original_filename}`),
          h("p", { class: "meta" }, `${FILE_TYPES[r.content_type] || r.content_type} · ${Math.max(1, Math.round(r.size_bytes / 1024))} KB`),
          said,
        );
      }),
    ),
  );
}

// The kinds of file a recruiter uploads, by the names they know them by ("text/plain" read "PLAIN").
const FILE_TYPES = {
  "application/pdf": "PDF",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
  "text/plain": "TXT",
};

/** Save the original file; a refusal (the file no longer stored, the API down) is said under its button,
 * where a click did nothing at all before. */
async function download(resume, said) {
  said.textContent = "";
  let response;
  try {
    response = await call("GET", `/api/v1/resumes/${resume.id}/file`);
  } catch (error) {
    said.textContent = `Download failed: ${error instanceof ApiError ? error.describe() : "the API did not answer."}`;
    return;
  }
  if (!response.ok) {
    const body = await response.json().catch(() => null);
    if (response.status !== 401) said.textContent = `Download failed: ${new ApiError(response.status, body, response.headers).describe()}`;
    return;
  }
  const url = URL.createObjectURL(await response.blob());
  const link = h("a", { href: url, download: resume.original_filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
