// Dragoman's pages: live parts swapped in when the stream says the session changed, forms
// posted without a reload, the utility calculator and a mediator's suggestions. No build step.
"use strict";

function csrf() {
  const live = document.getElementById("live");
  return live ? live.dataset.csrf || "" : "";
}

async function refresh() {
  const live = document.getElementById("live");
  const reply = await fetch(live.dataset.panel, { credentials: "same-origin" });
  if (!reply.ok) return;
  const fresh = document.createElement("div");
  fresh.innerHTML = await reply.text();
  for (const part of fresh.querySelectorAll("[data-part]")) {
    const old = live.querySelector(`[data-part="${part.dataset.part}"]`);
    if (!old) live.appendChild(part);
    else if (old.dataset.sig !== part.dataset.sig) old.replaceWith(part);
  }
  wire(live);
}

async function act(event) {
  event.preventDefault();
  const form = event.target;
  const body = new FormData(form, event.submitter);
  const reply = await fetch(form.getAttribute("action"), {
    method: "POST", body, credentials: "same-origin",
    headers: { "Accept": "application/json", "X-CSRF-Token": csrf() },
  });
  const error = form.querySelector("[data-error]");
  if (!reply.ok) {
    const data = await reply.json().catch(() => ({ detail: reply.statusText }));
    if (error) error.textContent = data.detail; else alert(data.detail);
    return;
  }
  if (form.querySelector("textarea")) form.reset();
  const key = form.querySelector("input[name=key]");
  if (key && form.closest("#message")) key.value = key.value.slice(0, 12) + Date.now().toString(36);
  await refresh();
}

async function postJson(url, data) {
  const reply = await fetch(url, {
    method: "POST", credentials: "same-origin", body: JSON.stringify(data),
    headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf() },
  });
  return [reply.ok, await reply.json()];
}

function selected(form) {
  const outcome = {};
  for (const select of form.querySelectorAll("select[name^='issue:']")) {
    outcome[select.name.slice(6)] = select.value;
  }
  return outcome;
}

// A number on screen: three decimals, with an ellipsis where rounding dropped digits.
function shown(x) {
  const text = x.toFixed(3);
  return Number(text) === x ? text : text + "…";
}

async function evaluate(form) {
  const [ok, data] = await postJson(form.dataset.evaluate, { outcome: selected(form) });
  const out = document.getElementById("calc-result");
  if (!ok) { out.textContent = data.detail; return; }
  const verdict = data.acceptable ? "inside your red lines" : "breaches: " + data.breaches.join("; ");
  const deal = data.utility >= data.reservation_value ? "above" : "below";
  out.textContent = `Your utility: ${shown(data.utility)} (${deal} your reservation value ` +
    `${shown(data.reservation_value)}); ${verdict}.`;
  out.className = data.acceptable ? "notice ok" : "notice bad";
}

async function suggest(event) {
  event.preventDefault();
  const form = event.target;
  const [ok, data] = await postJson(form.dataset.suggest, { strategy: form.strategy.value });
  const out = document.getElementById("suggestion");
  if (!ok) { out.textContent = data.detail; return; }
  if (!data.outcome) { out.textContent = `${data.strategy} would relay a party's proposal.`; return; }
  out.textContent = `${data.strategy} suggests: ` +
    Object.entries(data.outcome_text).map(([k, v]) => `${k}: ${v}`).join("; ");
  const target = document.getElementById("action-form");
  for (const [issue, value] of Object.entries(data.outcome)) {
    const select = target && target.querySelector(`select[name='issue:${issue}']`);
    if (select) select.value = String(value);
  }
}

function wire(root) {
  for (const form of root.querySelectorAll("form[data-act]:not([data-wired])")) {
    form.dataset.wired = "1";
    form.addEventListener("submit", act);
  }
  for (const form of root.querySelectorAll("form[data-evaluate]:not([data-wired])")) {
    form.dataset.wired = "1";
    form.addEventListener("change", () => evaluate(form));
    evaluate(form);
  }
  for (const form of root.querySelectorAll("form[data-suggest]:not([data-wired])")) {
    form.dataset.wired = "1";
    form.addEventListener("submit", suggest);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  wire(document);
  const live = document.getElementById("live");
  if (live && live.dataset.stream) {
    const stream = new EventSource(live.dataset.stream);
    stream.addEventListener("update", () => refresh());
  }
});
