// Checks every record's inclusion proof in this browser with the consent portal's verifier
// (portal.js: the checkpoint's Ed25519 signature with WebCrypto, then the RFC 9162 path to its
// root), and says how many held.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const buttons = Array.from(document.querySelectorAll("button.check"));
  const summary = document.getElementById("browser-check");
  const tally = () => {
    const ok = document.querySelectorAll(".proof-result.proof-ok").length;
    const bad = document.querySelectorAll(".proof-result.proof-bad").length;
    const text = ok + " of " + buttons.length + " proofs checked against the signed checkpoint"
      + (bad > 0 ? ", " + bad + " FAILED" : "") + (ok + bad < buttons.length ? " (checking…)" : "");
    const state = bad > 0 ? "proof-bad" : (ok === buttons.length ? "proof-ok" : "");
    // set only what changed: the observer sees this element's class too, and setting it again
    // (even to the same value) would wake the observer for ever
    if (summary.textContent !== text) summary.textContent = text;
    if (summary.className !== state) summary.className = state;
  };
  new MutationObserver(tally).observe(document.body, { subtree: true, attributes: true, attributeFilter: ["class"] });
  buttons.forEach((b) => b.click());
  tally();
});
