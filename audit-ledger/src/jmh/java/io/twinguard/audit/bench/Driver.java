package io.twinguard.audit.bench;

/** A load on a sink of records, as {@link SharedAppendLoad} drives it. */
interface Driver {

  /** Appends completed so far. */
  long completed();

  /** Throws if an append failed. */
  void check();

  /** Stops issuing appends. */
  void stop() throws InterruptedException;
}
