package io.twinguard.audit.chaincode;

import java.time.Instant;
import java.util.List;

/**
 * The part of a chaincode stub that the anchor book uses: simple keys, a key range, and the current
 * transaction's id and time. Lets the book's rules run against an in-memory state in unit tests.
 */
interface LedgerState {

  /** The value of a key, or {@code null} when the key is absent. */
  byte[] get(String key);

  void put(String key, byte[] value);

  /** Values of the keys in {@code [startInclusive, endExclusive)}, in key order, at most {@code limit}. */
  List<byte[]> range(String startInclusive, String endExclusive, int limit);

  String txId();

  Instant txTimestamp();
}
