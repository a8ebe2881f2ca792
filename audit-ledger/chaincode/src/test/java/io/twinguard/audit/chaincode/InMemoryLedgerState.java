package io.twinguard.audit.chaincode;

import java.time.Instant;
import java.util.List;
import java.util.TreeMap;

/** A ledger state in a sorted map, with a transaction id that the test sets. */
final class InMemoryLedgerState implements LedgerState {

  private final TreeMap<String, byte[]> values = new TreeMap<>();
  private String txId = "tx0";

  void nextTransaction(String id) {
    txId = id;
  }

  int size() {
    return values.size();
  }

  @Override
  public byte[] get(String key) {
    byte[] value = values.get(key);
    return value == null ? null : value.clone();
  }

  @Override
  public void put(String key, byte[] value) {
    values.put(key, value.clone());
  }

  @Override
  public List<byte[]> range(String startInclusive, String endExclusive, int limit) {
    return values.subMap(startInclusive, endExclusive).values().stream().limit(limit).toList();
  }

  @Override
  public String txId() {
    return txId;
  }

  @Override
  public Instant txTimestamp() {
    return Instant.parse("2026-01-01T00:00:00Z");
  }
}
