package io.twinguard.audit.log;

import io.twinguard.audit.TestRecords;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The process KillTest kills: appends records with many in flight (and four batches committing at
 * once) and prints {@code ack INDEX DECISION_ID} for each append only after its future completed,
 * until it is killed.
 */
public final class KillTarget {

  private KillTarget() {}

  public static void main(String[] args) throws InterruptedException {
    Path dir = Path.of(args[0]);
    long first = Long.parseLong(args[1]);
    Vertx vertx = Vertx.vertx();
    AuditLog log =
        AuditLog.open(vertx, LogConfig.embeddedIn(dir).withBatching(64, Duration.ofMillis(2)).withInFlight(4)).await();
    PrintStream out = System.out;
    out.println("ready");
    out.flush();
    Semaphore inFlight = new Semaphore(256);
    AtomicLong next = new AtomicLong(first);
    while (true) {
      inFlight.acquire();
      long n = next.getAndIncrement();
      log.append(TestRecords.decision(n))
          .onComplete(
              ar -> {
                inFlight.release();
                if (ar.succeeded()) {
                  synchronized (out) {
                    out.println("ack " + ar.result().index() + " dec-" + n);
                    out.flush();
                  }
                }
              });
    }
  }
}
