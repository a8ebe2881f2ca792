// Checks an access-history entry in the browser: the RFC 9162 inclusion proof of its leaf against
// the signed checkpoint (C2SP tlog-checkpoint in a C2SP signed note), whose Ed25519 signature is
// verified with WebCrypto against the log's verifier key. Nothing here trusts the page's server
// beyond the key the citizen can compare with the published one.
"use strict";

const utf8 = new TextEncoder();

function b64(text) {
  const raw = atob(text);
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

async function sha256(bytes) {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
}

function equal(a, b) {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

// RFC 9162 section 2.1.3.2
async function rootFromProof(index, size, leafHash, path) {
  if (index >= size) throw new Error("index outside the tree");
  let fn = index, sn = size - 1, r = leafHash;
  for (const p of path) {
    if (sn === 0) throw new Error("proof too long");
    if (fn % 2 === 1 || fn === sn) {
      r = await sha256(concat(Uint8Array.of(1), p, r));
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
      }
    } else {
      r = await sha256(concat(Uint8Array.of(1), r, p));
    }
    fn = Math.floor(fn / 2); sn = Math.floor(sn / 2);
  }
  if (sn !== 0) throw new Error("proof too short");
  return r;
}

// C2SP signed note: text, an empty line, signature lines "— name base64(keyhash || signature)"
async function openCheckpoint(note, logKey) {
  const split = note.lastIndexOf("\n\n");
  if (split < 0) throw new Error("not a signed note");
  const text = note.substring(0, split + 1);
  const [name, hash, keyB64] = [logKey.split("+")[0], logKey.split("+")[1], logKey.split("+").slice(2).join("+")];
  const key = b64(keyB64);
  if (key[0] !== 1) throw new Error("not an Ed25519 log key");
  const publicKey = await crypto.subtle.importKey("raw", key.slice(1), { name: "Ed25519" }, false, ["verify"]);
  for (const line of note.substring(split + 2).split("\n")) {
    if (!line.startsWith("\u2014 " + name + " ")) continue;
    const sig = b64(line.substring(3 + name.length));
    const hex = Array.from(sig.slice(0, 4), (x) => x.toString(16).padStart(2, "0")).join("");
    if (hex !== hash.toLowerCase()) continue;
    if (await crypto.subtle.verify({ name: "Ed25519" }, publicKey, sig.slice(4), utf8.encode(text))) {
      const lines = text.split("\n");
      return { size: Number(lines[1]), root: b64(lines[2]) };
    }
  }
  throw new Error("the checkpoint is not signed by the log key");
}

async function check(button) {
  const result = document.getElementById("proof-" + button.dataset.index);
  result.textContent = "Checking…";
  result.className = "proof-result";
  try {
    const response = await fetch(button.dataset.proof, { credentials: "same-origin" });
    if (!response.ok) throw new Error("the proof could not be fetched (" + response.status + ")");
    const proof = await response.json();
    const checkpoint = await openCheckpoint(proof.checkpoint, proof.log_key);
    if (checkpoint.size !== proof.tree_size) throw new Error("the proof is for another tree size");
    const leafHash = await sha256(concat(Uint8Array.of(0), b64(proof.leaf)));
    const root = await rootFromProof(proof.index, checkpoint.size, leafHash, proof.inclusion_path.map(b64));
    if (!equal(root, checkpoint.root)) throw new Error("the proof does not lead to the signed root");
    result.textContent = "Proof checked: entry " + proof.index + " is in the signed log of " + checkpoint.size + " entries.";
    result.className = "proof-result proof-ok";
  } catch (e) {
    result.textContent = "Proof failed: " + e.message;
    result.className = "proof-result proof-bad";
  }
}

document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("button.check")) {
    button.addEventListener("click", () => check(button));
  }
});
