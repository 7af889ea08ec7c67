// The page's controller: starts a run, follows it live (SignalR) with catch-up fetches for whatever
// the live channel missed, and draws the result once the status endpoint has the output.

import { ApiError, PAGE_STOP_REASON, getEvents, getStatus, startAnalysis, terminate, userId } from "./api.js";
import { loadIdentity, needsSignIn } from "./identity.js";
import { LiveChannel } from "./live.js";
import { Conversation } from "./conversation.js";
import { showSignIn, wireSignIn } from "./sign-in.js";
import { RunState } from "./run-state.js";
import { readSource, loadSample, loadFile } from "./source.js";
import { $, NODE_LABELS, clearMessages, renderMessages, renderProgress, renderResults, setStatus, showError } from "./render.js";
import { clearCharts, drawAllocation, drawCalendarYears, drawDrawdown, drawRiskContribution } from "./charts.js";
import { calendarYearSeries, drawdownSeries } from "./output-view.js";

const RUN_KEY = "advisor.currentRun";
const QUIET_MS = 4000;

/** @type {{ id: string, state: RunState, lastActivity: number, riskProfile?: string } | null} */
let run = null;
/** Events that arrived before the POST answered with the run's id. */
let early = [];
let catchUp = { busy: false, again: false };
let frame = 0;
/** The next render scrolls the conversation to its end (the user has just asked). */
let scrollToEnd = false;

const conversation = new Conversation({ onChange: () => { scheduleRender(); syncAskForm(); } });

const live = new LiveChannel({
  onEvent: (event) => {
    if (run && event?.runId === run.id) feed([event]);
    else if (!conversation.offer(event) && early.length < 2000) early.push(event);
  },
  onCatchUpDue: () => {
    requestCatchUp();
    if (conversation.running) void conversation.catchUp(conversation.running).catch(() => {});
  },
  onState: (state) => {
    const badge = $('[data-testid="connection-state"]');
    badge.dataset.state = state;
    badge.textContent = { connected: "live", connecting: "connecting…", reconnecting: "reconnecting…", disconnected: "offline" }[state];
  },
});

/** @returns {number} how many of `events` were applied (new and next in seq order) */
function feed(events) {
  if (!run) return 0;
  const applied = run.state.receive(events);
  if (applied.length) {
    run.lastActivity = Date.now();
    scheduleRender();
    if (run.state.isTerminal && applied.some((e) => e.seq === run.state.terminal.seq)) void onTerminal(run);
  }
  if (run.state.hasGap) requestCatchUp();
  return applied.length;
}

function scheduleRender() {
  if (frame) return;
  frame = requestAnimationFrame(() => {
    frame = 0;
    if (!run) return;
    renderProgress(run.state);
    renderMessages(run.state, conversation.turns, window.__advisor.output, { toEnd: scrollToEnd });
    scrollToEnd = false;
    if (!run.state.isTerminal) {
      const node = run.state.nodes.find((n) => run.state.nodeState[n].status === "running");
      const doing = node ? `: ${(NODE_LABELS[node] ?? node).toLowerCase()}` : "";
      setStatus(run.state.started ? `Running${doing} · ${run.state.percent} %` : "Starting…", "running");
    }
  });
}

/** Fetches events after the last applied seq; coalesces overlapping requests into one more round. */
async function requestCatchUp() {
  if (!run) return;
  if (catchUp.busy) {
    catchUp.again = true;
    return;
  }
  catchUp.busy = true;
  try {
    do {
      catchUp.again = false;
      const current = run;
      const events = await getEvents(current.id, current.state.lastSeq);
      if (run === current) window.__advisor.caughtUp += feed(events);
    } while (catchUp.again && run);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) forgetRun();
  } finally {
    catchUp.busy = false;
  }
}

async function onTerminal(current) {
  const terminal = current.state.terminal;
  $("#stop").disabled = true;
  $("#start").disabled = false;
  // A completed analysis stays the page's current one: a reload restores it and its conversation.
  if (terminal.type !== "run_completed") sessionStorage.removeItem(RUN_KEY);
  scheduleRender();
  if (terminal.type === "run_failed") {
    setStatus("The analysis failed.", "failed");
    showError(new ApiError(terminal.message || "The analysis failed", { detail: terminal.code ? `Code: ${terminal.code}` : undefined }));
    return;
  }
  if (terminal.type === "run_terminated") {
    setStatus(terminal.reason && terminal.reason !== PAGE_STOP_REASON ? `Stopped: ${terminal.reason}.` : "Stopped.", "terminated");
    return;
  }
  setStatus("Completed · loading the results…", "loading");
  for (let attempt = 0; attempt < 60 && run === current; attempt++) {
    try {
      const status = await getStatus(current.id);
      if (run !== current) return; // a new analysis started meanwhile: this output is no longer the page's
      if (status.runtimeStatus === "Completed" && status.output) {
        showOutput(status.output);
        setStatus(`Completed · 100 %`, "completed");
        return;
      }
      if (status.runtimeStatus === "Failed" || status.runtimeStatus === "Terminated") {
        setStatus(`The analysis ended as ${status.runtimeStatus}.`, status.runtimeStatus.toLowerCase());
        return;
      }
    } catch (error) {
      if (attempt > 5) showError(error);
    }
    await new Promise((r) => setTimeout(r, Math.min(250 * (attempt + 1), 2000)));
  }
}

function showOutput(output) {
  window.__advisor.output = output;
  openConversation(run.id);
  $("#results").hidden = false;
  renderResults(output, run?.riskProfile);
  drawAllocation($("#chart-allocation"), output.holdings ?? []);
  $('[data-testid="chart-drawdown"]').hidden = !drawDrawdown($("#chart-drawdown"), output);
  $('[data-testid="chart-risk-contribution"]').hidden = !drawRiskContribution($("#chart-risk-contribution"), output);
  $('[data-testid="chart-calendar-years"]').hidden = !drawCalendarYears($("#chart-calendar-years"), output);
  const drawdown = drawdownSeries(output);
  $("#drawdown-caption").textContent = drawdown?.benchmark
    ? `Drawdown vs ${output.performance?.benchmark ?? "benchmark"}`
    : `Drawdown since ${output.performance?.startDate ?? "the start"}`;
  const partial = calendarYearSeries(output)?.partial ?? [];
  $("#calendar-note").textContent = partial.length ? `* part of the year only (${partial.join("; ")})` : "";
  const advice = output.advice ?? {};
  $("#advisor-model").textContent = [advice.model ? `model: ${advice.model}` : "", advice.partial ? "reply incomplete" : ""].filter(Boolean).join(" · ");
}

/** The analysis completed: its conversation opens, with the turns already asked (after a reload). */
function openConversation(analysisId) {
  if (conversation.analysisId !== analysisId) {
    conversation.reset(analysisId);
    conversation.restore().catch((error) => showError(error, $("#ask-error")));
  }
  $("#ask-form").hidden = false;
  syncAskForm();
}

function syncAskForm() {
  const running = conversation.running;
  $("#ask").disabled = Boolean(running) || conversation.asking;
  $("#turn-stop").disabled = !running;
}

async function onAsk(event) {
  event.preventDefault();
  const box = $("#question");
  const content = box.value.trim();
  showError(null, $("#ask-error"));
  if (!content) {
    showError(new ApiError("Type a question first"), $("#ask-error"));
    return;
  }
  $("#ask").disabled = true;
  try {
    await conversation.ask(content);
    scrollToEnd = true;
    box.value = "";
  } catch (error) {
    showError(error, $("#ask-error"));
  } finally {
    syncAskForm();
  }
}

async function onTurnStop() {
  $("#turn-stop").disabled = true;
  try {
    await conversation.stop();
  } catch (error) {
    showError(error, $("#ask-error"));
  } finally {
    syncAskForm();
  }
}

function resetView() {
  window.__advisor.output = null;
  conversation.reset();
  $("#ask-form").hidden = true;
  showError(null, $("#ask-error"));
  clearCharts();
  clearMessages();
  $("#advisor-model").textContent = "";
  showError(null);
  $("#results").hidden = true;
  renderProgress(new RunState("none"));
}

function beginFollowing(id) {
  run = { id, state: new RunState(id), lastActivity: Date.now() };
  window.__advisor.runId = id;
  sessionStorage.setItem(RUN_KEY, id);
  const buffered = early.filter((e) => e?.runId === id);
  early = [];
  renderProgress(run.state);
  feed(buffered);
  void requestCatchUp();
  $("#stop").disabled = false;
  $("#start").disabled = true;
}

function forgetRun() {
  if (run && !run.state.started) setStatus("The last analysis is no longer available.", "idle");
  run = null;
  sessionStorage.removeItem(RUN_KEY);
  $("#stop").disabled = true;
  $("#start").disabled = false;
}

async function onSubmit(event) {
  event.preventDefault();
  showError(null);
  let source;
  try {
    source = readSource();
  } catch (error) {
    showError(error);
    return;
  }
  const form = new FormData($("#start-form"));
  const options = { persona: form.get("persona"), riskProfile: form.get("riskProfile"), language: form.get("language") };
  $("#start").disabled = true;
  run = null;
  resetView();
  $("#messages").lang = options.language || "en";
  setStatus("Connecting…", "starting");
  // A hub that does not answer within 5 s must not hold the run back: polling covers until it joins.
  const liveOk = await Promise.race([live.ensureStarted(), new Promise((r) => setTimeout(() => r(false), 5000))]);
  if (!liveOk) setStatus("Live updates unavailable; following by polling.", "starting");
  try {
    early = [];
    const accepted = await startAnalysis(source, options);
    setStatus("Starting…", "running");
    beginFollowing(accepted.id);
    run.riskProfile = source.kind === "json" ? options.riskProfile ?? source.body.riskProfile : options.riskProfile;
    if (matchMedia("(max-width: 899px)").matches) $("#progress-title").scrollIntoView({ behavior: "smooth", block: "start" });
  } catch (error) {
    setStatus("Not started.", "rejected");
    showError(error);
    $("#start").disabled = false;
  }
}

async function onStop() {
  if (!run) return;
  $("#stop").disabled = true;
  setStatus("Stopping…", "stopping");
  try {
    await terminate(run.id);
    requestCatchUp();
  } catch (error) {
    // 409: the run ended on its own meanwhile; its terminal event tells how.
    if (error instanceof ApiError && error.status === 409) {
      requestCatchUp();
      return;
    }
    // Stop always frees the page, even when the server cannot be told (it may be gone).
    showError(error);
    forgetRun();
    setStatus("Stopped following the analysis.", "terminated");
  }
}

/**
 * Safety net: poll while the live channel is down or quiet, so a missed terminal event still arrives;
 * and try the hub again every 10 s while it is down and no automatic reconnect is under way.
 */
let ticks = 0;
setInterval(() => {
  ticks++;
  const turn = conversation.running;
  if (turn && (live.state !== "connected" || Date.now() - turn.lastActivity > QUIET_MS)) void conversation.catchUp(turn).catch(() => {});
  if (!run || run.state.isTerminal) return;
  if (live.state !== "connected" || Date.now() - run.lastActivity > QUIET_MS) void requestCatchUp();
  if (live.state === "disconnected" && ticks % 10 === 0) void live.ensureStarted().then((ok) => ok && requestCatchUp());
}, 1000);

async function init() {
  window.__advisor = {
    live,
    get run() { return run; },
    conversation,
    runId: null,
    output: null,
    /** Events applied from catch-up fetches rather than the live channel (tests read it). */
    caughtUp: 0,
    /** Drops and re-opens the hub connection (tests and manual checks of the catch-up path). */
    reconnect: () => live.reconnect(),
  };
  let signInError = null;
  await loadIdentity().catch((error) => { signInError = error; });
  $("#user-id").textContent = userId();
  wireSignIn();
  if (needsSignIn()) {
    showSignIn(signInError);
    return;
  }
  $("#start-form").addEventListener("submit", onSubmit);
  $("#stop").addEventListener("click", onStop);
  $("#ask-form").addEventListener("submit", onAsk);
  $("#turn-stop").addEventListener("click", onTurnStop);
  $("#question").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      $("#ask-form").requestSubmit();
    }
  });
  $("#sample").addEventListener("change", (e) => e.target.value && loadSample(e.target.value).catch(showError));
  $("#file").addEventListener("change", (e) => e.target.files?.[0] && loadFile(e.target.files[0]).catch(showError));
  // Shown only now: until the host has said who the caller is (and the handlers are wired), a start would go nowhere.
  $("#start-card").hidden = false;
  renderProgress(new RunState("none"));
  void live.ensureStarted();
  // The form is ready for a new analysis even when the last one (and its conversation) is resumed.
  $("#sample").value = "example.json";
  loadSample("example.json").catch(showError);
  const resumed = sessionStorage.getItem(RUN_KEY);
  if (resumed) {
    setStatus("Resuming the last analysis…", "running");
    beginFollowing(resumed);
  }
}

void init();
