package io.twinguard.audit.chaincode;

import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Default;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.json.JSONArray;

/**
 * The anchoring contract: audit logs register their signed-note verifier key, then anchor signed
 * checkpoints (C2SP tlog-checkpoint in a C2SP signed note). Results are JSON; refusals are
 * {@link ChaincodeException}s with a message meant for the caller. The rules are in {@link
 * AnchorBook}.
 *
 * <p>Transactions: {@code RegisterLog(logId, verifierKey)}, {@code Anchor(logId, checkpoint)},
 * and the queries {@code GetAnchor(logId)}, {@code ListAnchors(logId, fromSize, toSize)}.
 */
@Contract(
    name = "AnchorContract",
    info = @Info(title = "twinguard audit anchors", version = "1.0"))
@Default
public final class AnchorContract implements ContractInterface {

  /** Registers a log id with the verifier key {@code name+hash+base64key}; returns the registration. */
  @Transaction(name = "RegisterLog", intent = Transaction.TYPE.SUBMIT)
  public String registerLog(Context ctx, String logId, String verifierKey) {
    return book(ctx).registerLog(logId, verifierKey).toJson().toString();
  }

  /** Verifies and stores a signed checkpoint; returns the stored anchor. */
  @Transaction(name = "Anchor", intent = Transaction.TYPE.SUBMIT)
  public String anchor(Context ctx, String logId, String checkpoint) {
    return book(ctx).anchor(logId, checkpoint).toJson().toString();
  }

  /** The latest anchor of a log. */
  @Transaction(name = "GetAnchor", intent = Transaction.TYPE.EVALUATE)
  public String getAnchor(Context ctx, String logId) {
    return book(ctx).latest(logId).toJson().toString();
  }

  /** The anchors with tree sizes in {@code [fromSize, toSize]} (decimal), oldest first, at most 1000. */
  @Transaction(name = "ListAnchors", intent = Transaction.TYPE.EVALUATE)
  public String listAnchors(Context ctx, String logId, String fromSize, String toSize) {
    JSONArray out = new JSONArray();
    book(ctx).list(logId, size("from", fromSize), size("to", toSize))
        .forEach(record -> out.put(record.toJson()));
    return out.toString();
  }

  private static AnchorBook book(Context ctx) {
    return new AnchorBook(new StubLedgerState(ctx.getStub()));
  }

  private static long size(String name, String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new ChaincodeException(name + " is not a decimal tree size: " + text);
    }
  }
}
