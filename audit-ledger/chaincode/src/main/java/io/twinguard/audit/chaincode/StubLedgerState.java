package io.twinguard.audit.chaincode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;

/** The ledger state of one transaction, through the Fabric chaincode stub. */
final class StubLedgerState implements LedgerState {

  private final ChaincodeStub stub;

  StubLedgerState(ChaincodeStub stub) {
    this.stub = stub;
  }

  @Override
  public byte[] get(String key) {
    byte[] value = stub.getState(key);
    return value == null || value.length == 0 ? null : value;
  }

  @Override
  public void put(String key, byte[] value) {
    stub.putState(key, value);
  }

  @Override
  public List<byte[]> range(String startInclusive, String endExclusive, int limit) {
    List<byte[]> values = new ArrayList<>();
    try (QueryResultsIterator<KeyValue> results = stub.getStateByRange(startInclusive, endExclusive)) {
      for (KeyValue kv : results) {
        if (values.size() == limit) {
          break;
        }
        values.add(kv.getValue());
      }
    } catch (Exception e) {
      throw new IllegalStateException("range query failed", e);
    }
    return values;
  }

  @Override
  public String txId() {
    return stub.getTxId();
  }

  @Override
  public Instant txTimestamp() {
    return stub.getTxTimestamp();
  }
}
