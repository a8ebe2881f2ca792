/**
 * Anchoring of the audit log's signed checkpoints on Hyperledger Fabric.
 *
 * <p>{@link io.twinguard.audit.anchor.FabricAnchorClient} talks to the {@code audit-anchor}
 * chaincode (module {@code audit-ledger/chaincode}) through a peer's gateway: {@code registerLog}
 * once per log with its signed-note verifier key, then {@code anchor} for each signed checkpoint
 * (a C2SP signed note whose text is {@link io.twinguard.signing.note.Checkpoint#text()}), which
 * returns the transaction id and block number to store beside the checkpoint; {@code getAnchor}
 * and {@code listAnchors} read anchors back for verification. Its calls block: run them on a
 * worker ({@code vertx.executeBlocking}). {@link io.twinguard.audit.anchor.FabricNetwork#read}
 * reads the connection settings that {@code scripts/fabric.sh up} writes.
 *
 * <p>{@link io.twinguard.audit.anchor.AnchoringService} anchors a log's newest checkpoint in the
 * background and stores each receipt in the {@code log_anchor} table; {@link
 * io.twinguard.audit.anchor.AnchorVerifier} checks a local log against every anchor of it (rollback,
 * fork). See {@code audit-ledger/ANCHORING.md}.
 */
package io.twinguard.audit.anchor;
