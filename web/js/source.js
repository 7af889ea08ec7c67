// Where the portfolio comes from: a sample, an uploaded file, or text pasted in the box. Everything
// but a screenshot ends up as text in the box, so the user sees (and may edit) what is sent.

import { ApiError, getSample } from "./api.js";
import { $ } from "./render.js";
import { EXAMPLE_PORTFOLIO } from "./example.js";

/** A screenshot chosen for upload (sent as image/png or image/jpeg), or null. */
let image = null;

function box() {
  return $("#portfolio");
}

function setText(text, hint) {
  image = null;
  box().disabled = false;
  box().value = text;
  describe(hint);
}

/** Copies persona, risk profile and language of a JSON body into the form, so the form shows what is sent. */
function adoptOptions(text) {
  try {
    const body = JSON.parse(text);
    if (body?.persona) {
      const radio = document.querySelector(`input[name="persona"][value="${CSS.escape(body.persona)}"]`);
      if (radio) radio.checked = true;
    }
    for (const [id, value] of [["risk-profile", body?.riskProfile], ["language", body?.language]]) {
      const select = $(`#${id}`);
      if (value && [...select.options].some((o) => o.value === value)) select.value = value;
    }
  } catch {
    // Not JSON (a CSV): nothing to adopt.
  }
}

function describe(prefix) {
  const text = box().value.trim();
  let hint = "JSON as in the example, or a brokerage CSV export.";
  if (image) hint = `Screenshot ${image.name} (${Math.round(image.size / 1024)} KiB) will be read by the server.`;
  else if (text.startsWith("{") || text.startsWith("[")) {
    try {
      const body = JSON.parse(text);
      const count = (Array.isArray(body) ? body : body.holdings ?? []).length;
      hint = `JSON with ${count} holding${count === 1 ? "" : "s"}.`;
    } catch {
      hint = "This looks like JSON but does not parse yet.";
    }
  } else if (text) {
    const rows = text.split(/\r?\n/).filter((l) => l.trim()).length;
    hint = `CSV with ${rows} non-empty line${rows === 1 ? "" : "s"} (header included).`;
  }
  $("#source-hint").textContent = prefix ? `${prefix} · ${hint}` : hint;
}

export async function loadSample(name) {
  let text;
  try {
    text = await getSample(name);
  } catch (error) {
    if (name !== "example.json") throw error;
    text = JSON.stringify(EXAMPLE_PORTFOLIO, null, 2);
  }
  $("#file").value = "";
  setText(text, `Sample ${name}`);
  adoptOptions(text);
}

/** @param {File} file */
export async function loadFile(file) {
  $("#sample").value = "";
  if (/^image\/(png|jpeg)$/.test(file.type)) {
    image = file;
    box().value = "";
    box().disabled = true;
    describe();
    return;
  }
  if (file.size > 1024 * 1024) throw new ApiError("The file is too large", { detail: "Uploads of positions are limited to 1 MiB." });
  const text = await file.text();
  setText(text.replace(/^\uFEFF/, ""), `File ${file.name}`);
  adoptOptions(text);
}

/**
 * What to send: { kind: "json", body } or { kind: "csv"|"image", body, type }.
 * @throws {ApiError} when there is nothing to send or the JSON does not parse
 */
export function readSource() {
  if (image) return { kind: "image", body: image, type: image.type };
  const text = box().value.trim();
  if (!text) throw new ApiError("There is no portfolio to analyse", { detail: "Choose a sample, upload a file or paste holdings." });
  if (text.startsWith("{") || text.startsWith("[")) {
    let body;
    try {
      body = JSON.parse(text);
    } catch (error) {
      throw new ApiError("The JSON is not valid", { detail: error.message });
    }
    return { kind: "json", body: Array.isArray(body) ? { holdings: body } : body };
  }
  return { kind: "csv", body: text, type: "text/csv" };
}

box()?.addEventListener("input", () => describe());
