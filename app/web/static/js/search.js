// The search view: one plain-language box (smart search), what it understood as removable chips, facet
// filters with counts, sort, result cards and cursor paging past 10,000 hits.
import { api, ApiError } from "./api.js";
import { clear, h, highlighted, month, plural, years } from "./dom.js";

const PAGE = 20;
// The longest text the API searches (app/search/schemas.py MAX_QUERY_CHARS), in characters (code points).
const MAX_QUERY_CHARS = 500;
const FACET_ROWS = 10;
// The experience facet's bands as filters: the facet counts each band without its upper end ("5-10": 5 up
// to under 10, a 10 is among "10+"), and years are kept in tenths, so a band's filter ends a tenth below it
// (with 10 there, a candidate of exactly 10 years was in "5-10" and "10+" both, beyond the count shown).
const EXPERIENCE = { "0-2": [null, 1.9], "2-5": [2, 4.9], "5-10": [5, 9.9], "10+": [10, null] };
const LISTS = [
  ["skills", "skill", "Skills"],
  ["companies", "company", "Companies"],
  ["locations", "place", "Locations"],
];

// Email addresses in the text, as the search finds them (app/search/emails.py): it answers with their
// candidates, but the request it says it read leaves contact details out, so the page keeps them beside it
// (`emails`, shown as chips) and sends them as words again (`sent`) when a chip or a filter changes.
const EMAIL = /(?<![\p{L}\p{N}_.+-])[\p{L}\p{N}_.%+-]+@[\p{L}\p{N}_-]+(?:\.[\p{L}\p{N}_-]+)+(?![\p{L}\p{N}_-])/gu;

const state = {
  key: null, // the address (after "#/search?") the current results are of
  text: null, // the plain-language text they came from, if any
  request: null, // the structured search behind the results (interpreted, then edited)
  shown: null, // a copy of the request the results shown are of, for an edit the API did not answer
  interpreter: null,
  notSearched: [], // what the smart search left out of the text ("without Java"): it cannot exclude
  warnings: [], // the lists the text named past what a search takes ("the sentence names 22 places; ...")
  results: [],
  total: 0,
  relation: "eq",
  facets: null,
  facetsSample: null, // how many of the best matches the facets count (null: every match)
  nextCursor: null,
  sequence: 0, // answers of superseded searches are dropped
  opened: null, // the candidate last opened from the results, whose card takes the focus on the way back
  around: null, // a search around a candidate: { name } for its chip, once their record is read
};

const $ = (id) => document.getElementById(id);

export function setupSearch() {
  // On a phone the results come first; the filters open on demand.
  if (window.matchMedia("(max-width: 760px)").matches) $("filters-box").open = false;
  $("search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const q = $("q").value.trim();
    if (!q) return;
    const key = new URLSearchParams({ q }).toString();
    if (location.hash === `#/search?${key}`) runSmart(q, key);
    else location.hash = `#/search?${key}`;
  });
  $("sort").addEventListener("change", () => {
    if (!state.request) return;
    state.request.sort = $("sort").value;
    runStructured();
  });
  $("more").addEventListener("click", more);
  $("results").addEventListener("keydown", moveThroughResults);
  $("results").addEventListener("click", (event) => {
    state.opened = event.target.closest(".card h3 a") ? event.target.closest(".card").dataset.candidateId : null;
  });
}

// Searches around one candidate that their page opens here (`#/search?about=worked_with&candidate=<id>`),
// with the filters, sort and paging of any search: the page itself lists only the first few.
export const AROUND = {
  worked_with: "colleagues of",
  same_department: "same department as",
  similar_candidates: "similar to",
};

/** The address of a search around a candidate. */
export function aroundLink(kind, candidateId) {
  return `#/search?about=${kind}&candidate=${candidateId}`;
}

/** Show the view for `#/search?q=...` (or a search around a candidate): searches when it is new, else shows
 * what it has. */
export function showSearch(params) {
  const q = params.get("q");
  const about = params.get("about");
  const candidate = params.get("candidate");
  const key = params.toString();
  const fresh = key !== state.key;
  const kept = fresh ? keptRequest(params.get("r")) : null;
  if (kept) {
    $("q").value = q || "";
    restore(kept, q, key, params);
  } else if (fresh && about in AROUND && candidate) {
    $("q").value = "";
    runAround(about, candidate, key);
  } else if (fresh && q) {
    $("q").value = q;
    runSmart(q, key);
  } else if (!state.request) {
    $("q").focus();
    showRecent();
  } else if (state.opened) {
    // Back from a candidate: on their card again, not at the top of the page (unless `/` put it in the box).
    if (!$("view-search").contains(document.activeElement)) {
      document.querySelector(`#results [data-candidate-id="${state.opened}"] h3 a`)?.focus();
    }
    state.opened = null;
  }
}

function started() {
  $("recent").hidden = true;
  performance.clearMarks("hr:search-start");
  performance.mark("hr:search-start");
  $("search-error").textContent = "";
  busy(true);
  return ++state.sequence;
}

/** A search in flight, seen and heard: "Searching…" beside the results' heading (a status region) and the
 * results marked busy. Only the list was marked, which nobody sees: a slow search looked like no search. */
function busy(on) {
  $("search-busy").textContent = on ? "Searching…" : "";
  if (on) $("results").setAttribute("aria-busy", "true");
  else $("results").removeAttribute("aria-busy");
}

function finished() {
  const list = $("results");
  busy(false);
  list.dataset.searches = String(Number(list.dataset.searches || 0) + 1);
  performance.mark("hr:search-end");
  performance.measure("hr:search", "hr:search-start", "hr:search-end");
}

/** Say why a search failed. `what` is what failed ("Search failed", "More results could not be loaded");
 * a search that failed (not a page more of the one shown) leaves the results of the search before it marked
 * as such, and said so in the alert: left as they were under the error, they read as this search's answer. */
function failed(error, what = "Search failed") {
  busy(false);
  // A 401 has sent the user to the login; its error would still be here when they come back.
  if (error instanceof ApiError && error.status === 401) return;
  const why = error instanceof ApiError ? `${what}: ${error.describe()}` : `${what}: the API did not answer.`;
  $("search-error").textContent = what === "Search failed" ? withStale(why) : why;
}

/** The sentence said, and that the results on screen are the search before's, where there are any. */
function withStale(sentence) {
  const stale = staleResults();
  return stale ? `${sentence.replace(/\.?$/, ".")} ${stale}` : sentence;
}

/** Mark the results on screen as those of the search before the one that failed: their cards dashed, the
 * heading and the alert saying so. The sentence for the alert, or "" when no search is shown. */
function staleResults() {
  if (!state.shown) return "";
  $("results").dataset.stale = "";
  $("results-title").textContent = `Earlier results: ${resultCount()}`;
  return "The results below are those of the search before.";
}

async function runSmart(q, key) {
  const mine = started();
  // Said here, before the API's "query: at most 500 characters" (or a pasted page) reads as the page's fault.
  const length = [...q].length;
  if (length > MAX_QUERY_CHARS) {
    busy(false);
    $("search-error").textContent =
      `Not searched: the text has ${length} characters and a search takes ${MAX_QUERY_CHARS} at most. ` +
      withStale("Shorten it to the skills, roles, places and employers that matter.");
    return;
  }
  try {
    const body = await api("POST", "/api/v1/search/smart", {
      json: { query: q, limit: PAGE, facets: true, highlight: true },
    });
    if (mine !== state.sequence) return;
    const emails = [...new Set((q.match(EMAIL) || []).map((address) => address.toLowerCase()))];
    const request = { ...body.interpreted, emails, facets: true, highlight: true, cursor: null, offset: 0 };
    const response = await withOwnCounts(body.response, sent(request));
    if (mine !== state.sequence) return;
    state.key = key;
    state.text = q;
    state.around = null;
    state.interpreter = body.interpreter;
    state.notSearched = body.not_searched || [];
    state.warnings = body.warnings || [];
    state.request = request;
    $("sort").value = state.request.sort;
    take(response, false);
    finished();
  } catch (error) {
    if (mine === state.sequence) failed(error);
  }
}

/** A search around a candidate, named on its chip by the candidate's name. */
async function runAround(kind, candidateId, key) {
  state.key = key;
  state.text = null;
  state.interpreter = null;
  state.notSearched = [];
  state.warnings = [];
  state.request = blankRequest(kind, candidateId);
  $("sort").value = "relevance";
  nameAround(candidateId);
  await runStructured();
}

/** The name of the candidate a search is around, on its chip once their record is read. */
function nameAround(candidateId) {
  const around = { name: null };
  state.around = around;
  api("GET", `/api/v1/candidates/${candidateId}`)
    .then((c) => {
      around.name = c.full_name || "an unnamed candidate";
      if (state.around === around) renderChips();
    })
    .catch(() => {});
}

function blankRequest(kind, candidateId) {
  return {
    search_type: kind,
    candidate_id: candidateId,
    query: null,
    emails: [],
    skills: [],
    skills_mode: "any",
    required_skills: [],
    companies: [],
    locations: [],
    titles: [],
    departments: [],
    min_experience_years: null,
    max_experience_years: null,
    education_level: null,
    sort: "relevance",
    limit: PAGE,
    facets: true,
    highlight: false,
    cursor: null,
    offset: 0,
  };
}

// What a search's address keeps of its request (`&r=`, after a filter, chip or sort changed it), so that a
// reload, the Back button or the link sent to a colleague shows the same results: only the text was kept,
// and every filter ticked and the sort were lost.
const KEPT = [
  "search_type", "candidate_id", "query", "emails", "skills", "skills_mode", "required_skills", "companies",
  "locations", "titles", "departments", "min_experience_years", "max_experience_years", "education_level", "sort",
];

/** The request an address keeps, or null (none, or not one this page wrote). */
function keptRequest(r) {
  if (!r) return null;
  try {
    const kept = JSON.parse(r);
    return kept && typeof kept === "object" && typeof kept.search_type === "string" ? kept : null;
  } catch {
    return null;
  }
}

/** The search an address keeps, run again. */
async function restore(kept, q, key, params) {
  const around = kept.search_type in AROUND;
  state.key = key;
  state.text = q;
  // How the text was understood and what it left out, as the address keeps them (gone after a reload).
  const by = params.get("by");
  state.interpreter = by && /^[a-z_]{1,20}$/.test(by) ? by : null;
  state.notSearched = keptWords(params.get("left"));
  state.warnings = [];
  state.around = null;
  const request = { ...blankRequest(kept.search_type, null), highlight: !around };
  for (const field of KEPT) if (field in kept) request[field] = kept[field];
  state.request = request;
  $("sort").value = request.sort;
  if (around && request.candidate_id) nameAround(request.candidate_id);
  await runStructured();
}

/** The parts of the text a search left out, as the address keeps them (JSON), else none. */
function keptWords(left) {
  try {
    const words = JSON.parse(left ?? "[]");
    return Array.isArray(words) ? words.filter((w) => typeof w === "string").slice(0, 20) : [];
  } catch {
    return [];
  }
}

/** The address of the results shown: the text or the candidate the search is around, and its request. */
function remember() {
  const r = state.request;
  const params = new URLSearchParams();
  if (r.search_type in AROUND) {
    params.set("about", r.search_type);
    params.set("candidate", r.candidate_id);
  } else if (state.text) {
    params.set("q", state.text);
    // The notes under the chips, for a reload or a copied link to show them as well.
    if (state.interpreter) params.set("by", state.interpreter);
    if (state.notSearched.length) params.set("left", JSON.stringify(state.notSearched));
  }
  params.set("r", JSON.stringify(Object.fromEntries(KEPT.map((field) => [field, r[field]]))));
  state.key = params.toString();
  history.replaceState(null, "", `#/search?${state.key}`);
}

/** Where "Back to results" goes: the search shown, as its address keeps it. */
export function searchAddress() {
  return state.key ? `#/search?${state.key}` : "#/search";
}

async function runStructured() {
  const mine = started();
  try {
    const request = { ...sent(state.request), cursor: null };
    const [body, counts] = await Promise.all([
      api("POST", "/api/v1/search/candidates", { json: request }),
      ownCounts(request),
    ]);
    if (mine !== state.sequence) return;
    take(withCounts(body, counts), false);
    remember();
    finished();
  } catch (error) {
    if (mine !== state.sequence) return;
    // The edit did not take: the chips, filters and sort say again what the results shown are of (a box
    // stayed ticked over results without its filter, and "Show more" sent it with their cursor).
    state.request = structuredClone(state.shown);
    if (state.request) $("sort").value = state.request.sort;
    render(null);
    failed(error);
  }
}

async function more() {
  if (!state.nextCursor) return;
  const mine = started();
  const first = state.results.length;
  try {
    const body = await api("POST", "/api/v1/search/candidates", {
      json: { ...sent(state.request), facets: false, cursor: state.nextCursor },
    });
    if (mine !== state.sequence) return;
    take(body, true);
    finished();
    // Keyboard users continue where the new page starts.
    document.querySelectorAll("#results .card h3 a")[first]?.focus();
  } catch (error) {
    // The results shown are still this search's: only the next page did not come.
    if (mine === state.sequence) failed(error, "More results could not be loaded");
  }
}

// Facets whose values are alternatives (a place or employer ticked lets in whoever has any of those ticked;
// one experience band at a time), each with the request fields that filter by it. Counted over the results,
// such a facet showed only the ticked value's own people: with Vandelay ticked, "Initech GmbH 7" (those who
// worked at both), though ticking it too let in all its 19 (34 results); with Chicago ticked no other place
// was left to tick, nor another experience band than with a count of 0.
const ALTERNATIVES = {
  companies: ["companies"],
  locations: ["locations"],
  experience: ["min_experience_years", "max_experience_years"],
};

/** The counts of each facet the request filters by: the same search without that facet's own filter (one
 * result, its facets only), as a recruiter choosing another value or one more sees them. */
async function ownCounts(request) {
  if (!request.facets) return {};
  const counted = Object.entries(ALTERNATIVES).filter(([, fields]) => fields.some((f) => filtersBy(request, f)));
  const answers = await Promise.all(
    counted.map(([, fields]) => {
      const without = { ...request, limit: 1, highlight: false, cursor: null, offset: 0 };
      for (const field of fields) without[field] = Array.isArray(request[field]) ? [] : null;
      return api("POST", "/api/v1/search/candidates", { json: without, purpose: "facet-counts" });
    }),
  );
  return Object.fromEntries(counted.map(([facet], i) => [facet, answers[i].facets?.[facet]]));
}

function filtersBy(request, field) {
  const value = request[field];
  return Array.isArray(value) ? value.length > 0 : value !== null && value !== undefined;
}

/** A response whose facets count each filtered facet as `ownCounts` found it. The filtered search's own rows
 * of that facet stay as `within_<facet>`: the values its filter lets in, as the engine read it. */
function withCounts(response, counts) {
  if (!response.facets) return response;
  const facets = { ...response.facets };
  for (const [facet, buckets] of Object.entries(counts)) {
    if (!buckets) continue;
    facets[`within_${facet}`] = response.facets[facet] || [];
    facets[facet] = buckets;
  }
  return { ...response, facets };
}

async function withOwnCounts(response, request) {
  return withCounts(response, await ownCounts(request));
}

/** The request as the API takes it: the text's email addresses back among its words. */
function sent(request) {
  const { emails = [], ...rest } = request;
  const words = [rest.query, ...emails].filter(Boolean).join(" ");
  return { ...rest, query: words || null };
}

function take(response, appended) {
  if (appended) {
    // A page read after the list's point in time expired goes on from the live index, where a candidate
    // added or changed meanwhile can bring back one already shown: shown once.
    const shown = new Set(state.results.map((hit) => hit.candidate_id));
    response = { ...response, results: response.results.filter((hit) => !shown.has(hit.candidate_id)) };
  }
  state.results = appended ? state.results.concat(response.results) : response.results;
  state.nextCursor = response.next_cursor;
  if (!appended) {
    state.shown = structuredClone(state.request);
    state.total = response.total;
    state.relation = response.total_relation;
    state.facets = response.facets;
    state.facetsSample = response.facets_sample;
  }
  render(appended ? response.results : null);
}

function render(appendedOnly) {
  const focused = focusedControl();
  renderChips();
  renderFacets();
  refocus(focused);
  $("results-title").textContent = state.request ? resultCount() : "Results";
  const list = $("results");
  if (!appendedOnly) {
    clear(list);
    delete list.dataset.stale;
  }
  for (const hit of appendedOnly || state.results) list.append(card(hit));
  if (!state.results.length && state.request) list.append(h("li", { class: "empty" }, "No candidate matches. Remove a chip or a filter."));
  $("more").hidden = !state.nextCursor;
}

/** "20 candidates", or "At least 1,000 candidates" where counting stopped. */
function resultCount() {
  return state.relation === "gte" ? `At least ${state.total.toLocaleString("en")} candidates` : plural(state.total, "candidate");
}

/** The chip button or filter the keyboard is on, before the chips and filters are drawn anew. */
function focusedControl() {
  const el = document.activeElement;
  if (el?.closest("#facets")) return { facet: el.dataset.control };
  if (el?.closest("#chips")) return { chip: [...document.querySelectorAll("#chips button")].indexOf(el) };
  return null;
}

/** The same filter again, or the chip now where the removed one was (else the search box): a keyboard user
 * keeps their place instead of starting over from the top of the page. */
function refocus(focused) {
  if (!focused) return;
  if (focused.facet !== undefined) {
    const control = [...document.querySelectorAll("#facets input")].find((input) => input.dataset.control === focused.facet);
    control?.focus();
  } else {
    const buttons = document.querySelectorAll("#chips button");
    (buttons[Math.min(focused.chip, buttons.length - 1)] || $("q")).focus();
  }
}

function card(hit) {
  const where = [hit.current_title, hit.current_company].filter(Boolean).join(" at ");
  const snippets = Object.values(hit.highlights || {}).flat().slice(0, 2);
  return h(
    "li",
    { class: "card", dataset: { candidateId: hit.candidate_id } },
    // "100% match" read aloud: the bare "100%" before the name said nothing of what it measured.
    h("span", { class: "score", title: "match score" }, `${Math.round(hit.match_score * 100)}%`, h("span", { class: "visually-hidden" }, " match")),
    h("h3", {}, h("a", { href: `#/candidates/${hit.candidate_id}` }, hit.full_name || "Unnamed candidate")),
    h("p", { class: "meta" }, [where || "No current job", hit.location, years(hit.total_experience_years)].filter(Boolean).join(" · ")),
    hit.overlap_months ? h("p", { class: "meta together" }, together(hit)) : null,
    employerLine(hit),
    hit.matched_skills.length || hit.missing_skills.length
      ? h(
          "ul",
          { class: "skills", "aria-label": "Asked skills" },
          hit.matched_skills.map((s) => h("li", { class: "skill matched" }, h("span", { class: "visually-hidden" }, "has "), s)),
          hit.missing_skills.map((s) => h("li", { class: "skill missing" }, h("span", { class: "visually-hidden" }, "lacks "), s)),
        )
      : null,
    snippets.map((s) => h("p", { class: "snippet" }, highlighted(s))),
    hit.match_reasons.length ? h("ul", { class: "reasons", "aria-label": "Why it matches" }, hit.match_reasons.map((r) => h("li", {}, r))) : null,
  );
}

// How many of a card's jobs at the employers filtered by it names; the candidate's page has them all.
const EMPLOYER_JOBS = 3;

/** With an employer ticked, where and when the person worked there, unless the line above says it (their
 * current job): "Worked at Acme Corp as Web Designer, Jan 2010 – Jan 2012". Such a card named only the
 * current employer, another, as if the filter had let in the wrong person. */
function employerLine(hit) {
  const jobs = (hit.employer_jobs || []).filter((j) => !(j.is_current && j.company === hit.current_company));
  if (!jobs.length) return null;
  const said = jobs.slice(0, EMPLOYER_JOBS).map((j) => {
    const as = j.title ? ` as ${j.title}` : "";
    const span = j.is_current
      ? j.start_date && `since ${month(j.start_date)}`
      : [month(j.start_date), month(j.end_date)].filter(Boolean).join(" – ");
    return `${j.is_current ? "Works" : "Worked"} at ${j.company}${as}${span ? `, ${span}` : ""}`;
  });
  const more = jobs.length > EMPLOYER_JOBS ? `; ${plural(jobs.length - EMPLOYER_JOBS, "more job")} there` : "";
  return h("p", { class: "meta employer", dataset: { employerJobs: "" } }, said.join("; ") + more);
}

/** "36 months together at Hooli": where a colleague worked beside the candidate the search is about. */
export function together(hit) {
  const at = hit.overlap_companies?.length ? ` at ${hit.overlap_companies.join(", ")}` : "";
  return `${plural(hit.overlap_months, "month")} together${at}`;
}

function chip(kind, label, remove, key = kind) {
  return h(
    "span",
    { class: "chip", role: "listitem", dataset: { chip: key } },
    h("span", { class: "kind" }, `${kind}:`),
    label,
    h("button", { type: "button", "aria-label": `Remove ${kind} ${label}`, onclick: remove }, "×"),
  );
}

function renderChips() {
  const box = clear($("chips"));
  const r = state.request;
  if (!r) return;
  const edit = (change) => () => {
    change(r);
    runStructured();
  };
  if (r.search_type in AROUND) {
    // Removed, the search around the candidate ends: back to an empty search box.
    const name = state.around?.name || "this candidate";
    box.append(chip(AROUND[r.search_type], name, () => startAfresh(), "around"));
  }
  if (r.query) box.append(chip("words", r.query, edit((x) => (x.query = null))));
  for (const address of r.emails || []) {
    box.append(chip("email", address, edit((x) => (x.emails = x.emails.filter((v) => v !== address)))));
  }
  for (const [field, listed] of [...LISTS, ["required_skills", "must have"], ["titles", "title"]]) {
    const kind = field === "skills" ? skillsRole(r) : listed;
    for (const value of r[field] || []) {
      const remove = edit((x) => (x[field] = x[field].filter((v) => v !== value)));
      box.append(chip(kind, value, remove, kind.replace(" ", "-")));
    }
  }
  if (r.min_experience_years !== null || r.max_experience_years !== null) {
    box.append(chip("years", yearsAsked(r), edit((x) => (x.min_experience_years = x.max_experience_years = null))));
  }
  if (r.education_level) box.append(chip("education", r.education_level, edit((x) => (x.education_level = null))));
  if (state.notSearched.length) {
    const left = state.notSearched.map((p) => `“${p}”`).join(", ");
    box.append(h("span", { class: "hint", id: "not-searched" }, `Not searched: ${left} (a search cannot exclude).`));
  }
  for (const warning of state.warnings) {
    box.append(h("span", { class: "hint", dataset: { warning: warning.field } }, `Left out: ${warning.problem}.`));
  }
  if (state.interpreter) {
    box.append(h("span", { class: "hint" }, state.interpreter === "claude" ? "Understood by Claude." : "Understood by the offline rules."));
  }
}

/** No search: the box empty and focused, no results, chips or filters. */
function startAfresh() {
  state.sequence++;
  busy(false); // a search still in flight is dropped
  Object.assign(state, { key: null, text: null, request: null, shown: null, around: null, results: [], total: 0, facets: null, nextCursor: null });
  state.interpreter = null;
  state.notSearched = [];
  state.warnings = [];
  history.replaceState(null, "", "#/search");
  render(null);
  $("results-title").textContent = "Results";
  $("q").value = "";
  $("q").focus();
  showRecent();
}

// How many of the user's recent searches the empty search view lists.
const RECENT = 8;

/** The user's own recent searches (GET /api/v1/search/history), each a link that runs it again as it was
 * understood, while no search is shown: the API kept them, the page never showed them. */
async function showRecent() {
  const mine = state.sequence;
  let history;
  try {
    history = await api("GET", "/api/v1/search/history?limit=50");
  } catch {
    return; // Nothing to offer; the search box works as ever.
  }
  if (mine !== state.sequence || state.request) return;
  const seen = new Set();
  const items = [];
  for (const entry of history.items) {
    // Those typed in the box: the candidate pages' own colleague and similar searches are no one's choice.
    if (entry.search_type !== "smart") continue;
    const label = describeRequest(entry.request);
    if (!label || seen.has(label)) continue;
    seen.add(label);
    const kept = JSON.stringify(Object.fromEntries(KEPT.map((field) => [field, entry.request[field]])));
    const when = new Date(entry.created_at).toLocaleString("en", { dateStyle: "medium", timeStyle: "short" });
    items.push(
      h("li", {}, h("a", { href: `#/search?${new URLSearchParams({ r: kept })}` }, label), " ", h("span", { class: "meta" }, `${plural(entry.result_count, "candidate")} · ${when}`)),
    );
    if (items.length === RECENT) break;
  }
  clear($("recent-list")).append(...items);
  $("recent").hidden = !items.length;
}

/** A search in a line, as its chips say it: "python engineers · skill Kubernetes · Berlin · 5+ years". */
function describeRequest(r) {
  const years =
    r.min_experience_years === null && r.max_experience_years === null
      ? null
      : r.max_experience_years === null
        ? `${r.min_experience_years}+ years`
        : `${r.min_experience_years ?? 0}–${r.max_experience_years} years`;
  // A skill the text names is said once, as the text ("kubernetes", not "kubernetes · kubernetes").
  const text = (r.query || "").toLowerCase();
  return [
    r.query,
    ...(r.skills || []).filter((skill) => !text.includes(skill.toLowerCase())),
    ...(r.required_skills || []).map((s) => `must have ${s}`),
    ...(r.companies || []).map((c) => `at ${c}`),
    ...(r.locations || []),
    ...(r.titles || []),
    years,
    r.education_level,
  ]
    .filter(Boolean)
    .join(" · ");
}

function renderFacets() {
  const box = clear($("facets"));
  const facets = state.facets;
  if (!facets || !state.request) {
    box.append(h("p", { class: "hint" }, "Search to see filters."));
    return;
  }
  // When many match, the counts are those of the best few hundred (the API says how many).
  const sample = state.facetsSample;
  if (sample != null) {
    box.append(h("p", { class: "hint", id: "facets-sample" }, `Counts among the best ${sample.toLocaleString("en")} matches.`));
  }
  for (const [field, kind, title] of LISTS) {
    const ticked = tickedValues(state.request, field);
    const chosen = new Set(ticked.map((v) => v.toLowerCase()));
    let rows = (facets[field] || []).slice(0, FACET_ROWS);
    const takenIn = [];
    for (const value of chosen) {
      // A place or employer takes in other values ("Berlin": "Berlin, Germany"; "ACME Inc.": "Acme Corp"): one
      // ticked row with the count the API gives for it, not a row without a count, or with one value's
      // count, above unticked rows of values it takes in.
      const asked = (facets[`asked_${field}`] || []).find((b) => b.value.toLowerCase() === value);
      if (asked) {
        takenIn.push(...rows.filter((b) => takesIn(field, asked, b, facets) && b.value.toLowerCase() !== value));
        rows = rows.filter((b) => !takesIn(field, asked, b, facets));
      }
      if (asked || !rows.some((b) => b.value.toLowerCase() === value)) {
        rows.unshift({ value: ticked.find((v) => v.toLowerCase() === value), count: asked ? asked.count : null });
      }
    }
    if (!rows.length) continue;
    // The rows a ticked place holds, said under the ticked rows: "York" lets in "New York, United States"
    // (its filter reads the word), which a recruiter sees here rather than a row gone without a word.
    const heldBy = ticked.length === 1 ? ticked[0] : "The places ticked";
    const held = [...new Set(takenIn.map((b) => `${b.value} (${b.count.toLocaleString("en")})`))];
    const within =
      field === "locations" && held.length
        ? h("p", { class: "hint facet-within", id: `facet-${field}-within` }, `${heldBy} takes in ${held.join(", ")}`)
        : null;
    const lastTicked = rows.findLastIndex((b) => chosen.has(b.value.toLowerCase()));
    box.append(
      h(
        "fieldset",
        { dataset: { facet: field } },
        h("legend", {}, title),
        rows.flatMap((bucket, i) => {
          const id = `facet-${field}-${i}`;
          const row = h(
            "div",
            { class: "facet" },
            h("input", {
              type: "checkbox",
              id,
              dataset: { control: `${field}:${bucket.value.toLowerCase()}` },
              checked: chosen.has(bucket.value.toLowerCase()),
              "aria-describedby":
                [bucket.count === null ? null : `${id}-count`, within && i <= lastTicked ? within.id : null]
                  .filter(Boolean)
                  .join(" ") || null,
              onchange: (event) => toggle(field, bucket.value, event.target.checked),
            }),
            h("label", { for: id }, bucket.value),
            facetCount(id, bucket.count),
          );
          // Under the last ticked row, what the ticked places hold.
          return within && i === lastTicked ? [row, within] : [row];
        }),
      ),
    );
  }
  const ranges = facets.experience || [];
  if (ranges.length) {
    const current = Object.entries(EXPERIENCE).find(
      ([, [low, high]]) => low === state.request.min_experience_years && high === state.request.max_experience_years,
    );
    const anyChosen = state.request.min_experience_years === null && state.request.max_experience_years === null;
    // Years asked as no band ("5+ years" typed): a row of their own, ticked as its chip says. No box was
    // ticked, as if the search let in any experience, and ticking a band was the only way to say so.
    const asked = !anyChosen && !current ? [{ value: yearsAsked(state.request), count: null, asked: true }] : [];
    box.append(
      h(
        "fieldset",
        { dataset: { facet: "experience" } },
        h("legend", {}, "Experience (years)"),
        [{ value: "any", count: null }, ...asked, ...ranges].map((bucket) => {
          const id = bucket.asked ? "facet-experience-asked" : `facet-experience-${bucket.value.replace("+", "plus")}`;
          return h(
            "div",
            { class: "facet" },
            h("input", {
              type: "radio",
              name: "experience",
              id,
              dataset: { control: `experience:${bucket.value}` },
              checked: bucket.asked || (bucket.value === "any" ? anyChosen : current?.[0] === bucket.value),
              "aria-describedby": bucket.count === null ? null : `${id}-count`,
              onchange: () => bucket.asked || setExperience(bucket.value),
            }),
            h("label", { for: id }, bucket.value === "any" ? "Any" : bucket.value),
            facetCount(id, bucket.count),
          );
        }),
      ),
    );
  }
}

/** The years a request asks, as its chip says them: "5+", "up to 3", "2–5". */
function yearsAsked(r) {
  const low = r.min_experience_years;
  const high = r.max_experience_years;
  return high === null ? `${low}+` : low === null ? `up to ${high}` : `${low}–${high}`;
}

/** A facet row's count, the description of its box: a screen reader on the box said "Hooli, checkbox" and
 * never the count beside it. */
function facetCount(id, count) {
  if (count === null) return null;
  const said = `${count.toLocaleString("en")} ${count === 1 ? "candidate" : "candidates"}`;
  return h("span", { class: "count", id: `${id}-count`, "aria-label": said }, count.toLocaleString("en"));
}

/** Whether the filter of an asked place or employer (an `asked_` bucket) lets in a facet row's people, as
 * the search reads it: a place when the filtered search itself counts the row's value (`within_locations`:
 * the place filter reads other names and folds accents, "München" takes in "Munich, Germany", "Austin, TX"
 * "Austin, United States", which the names' words did not say, so such rows stood unticked as if left out),
 * an employer by its company key (the API's `key`), as the company filter matches ("ACME Inc." takes in "Acme
 * Corp", not "Acme Logistics"; their words said the opposite), or an employer without a key
 * ("Self-employed"), by its words. */
function takesIn(field, asked, row, facets) {
  const within = facets[`within_${field}`];
  if (field === "locations" && within) return within.some((b) => b.value === row.value);
  if (asked.key && row.key) return asked.key === row.key;
  const words = (text) => text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const have = new Set(words(row.value));
  return words(asked.value).every((word) => have.has(word));
}

/** What the search makes of the request's `skills` (app/search/queries.py `skill_filters`), as their chips
 * say: the skills the text names only rank ("skill"); with no text left to name them (its chip removed) they
 * filter, one skill as a must and several as "one of"; with skills_mode "all" each one is a must. */
function skillsRole(r) {
  const skills = r.skills || [];
  if (r.skills_mode === "all" || (!r.query && skills.length === 1)) return "must have";
  return r.query ? "skill" : "one of";
}

/** The values a facet shows ticked: each one is in every result. A ticked skill is a required one, or one of
 * the request's skills where they are a must. */
function tickedValues(r, field) {
  if (field !== "skills") return r[field] || [];
  return [...(r.required_skills || []), ...(skillsRole(r) === "must have" ? r.skills || [] : [])];
}

function toggle(field, value, on) {
  const r = state.request;
  const others = (list) => (list || []).filter((v) => v.toLowerCase() !== value.toLowerCase());
  if (field === "skills") {
    // Unticked, a skill the request asked as a must is not asked any more; one the text named still ranks.
    if (!on && skillsRole(r) === "must have") r.skills = others(r.skills);
    r.required_skills = on ? [...others(r.required_skills), value] : others(r.required_skills);
  } else {
    r[field] = on ? [...others(r[field]), value] : others(r[field]);
  }
  runStructured();
}

function setExperience(key) {
  const [low, high] = key === "any" ? [null, null] : EXPERIENCE[key];
  state.request.min_experience_years = low;
  state.request.max_experience_years = high;
  runStructured();
}

function moveThroughResults(event) {
  if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
  const links = [...document.querySelectorAll("#results .card h3 a")];
  const at = links.indexOf(document.activeElement);
  if (at < 0) return;
  event.preventDefault();
  const next = links[Math.min(Math.max(at + (event.key === "ArrowDown" ? 1 : -1), 0), links.length - 1)];
  next.focus();
  next.closest(".card").scrollIntoView({ block: "nearest" });
}

/** From the search box, ArrowDown goes to the first result. */
export function focusFirstResult() {
  const first = document.querySelector("#results .card h3 a");
  if (first) first.focus();
  return Boolean(first);
}
