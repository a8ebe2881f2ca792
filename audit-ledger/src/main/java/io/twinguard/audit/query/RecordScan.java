package io.twinguard.audit.query;

import io.twinguard.audit.log.AuditLog;
import io.twinguard.audit.log.internal.LeafFilter;
import io.twinguard.audit.log.internal.LogStore;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the records of one kind in a time range in bulk, in index order and without proofs, for
 * tools that re-read much of the log (policy replay). Only leaves a checkpoint covers are read, so
 * a scan never sees a batch that is still being committed. Auditors who need proofs use {@link
 * QueryService}.
 */
public final class RecordScan {

  /** The most records one page may hold. */
  public static final int MAX_PAGE = 10_000;

  private final AuditLog log;
  private final LogStore store;

  public RecordScan(AuditLog log) {
    this.log = log;
    this.store = new LogStore(log.pool());
  }

  /**
   * One record as stored.
   *
   * @param index its leaf index
   * @param leaf its canonical JSON bytes (copied in and out)
   */
  public record Scanned(long index, byte[] leaf) {
    public Scanned {
      leaf = leaf.clone();
    }

    @Override
    public byte[] leaf() {
      return leaf.clone();
    }

    /** The record's canonical JSON text. */
    public String json() {
      return new String(leaf, StandardCharsets.UTF_8);
    }
  }

  /**
   * A page of records.
   *
   * @param records the records, in index order
   * @param next the index to pass as {@code after} for the next page; empty on the last one
   */
  public record Page(List<Scanned> records, Optional<Long> next) {
    public Page {
      records = List.copyOf(records);
    }
  }

  /**
   * Up to {@code limit} records of {@code kind} at or after {@code from} and before {@code to}, with
   * an index above {@code after}.
   *
   * @throws IllegalArgumentException when the limit is not 1 to {@link #MAX_PAGE}
   */
  public Future<Page> page(String kind, Optional<Instant> from, Optional<Instant> to, Optional<Long> after,
      int limit) {
    if (limit < 1 || limit > MAX_PAGE) {
      throw new IllegalArgumentException("a page holds 1 to " + MAX_PAGE + " records, not " + limit);
    }
    Map<LeafFilter, Object> filters = new EnumMap<>(LeafFilter.class);
    filters.put(LeafFilter.KIND, kind);
    from.ifPresent(v -> filters.put(LeafFilter.FROM, v.atOffset(ZoneOffset.UTC)));
    to.ifPresent(v -> filters.put(LeafFilter.TO, v.atOffset(ZoneOffset.UTC)));
    after.ifPresent(v -> filters.put(LeafFilter.AFTER, v));
    return log.latestCheckpoint().compose(latest -> latest.isEmpty()
        ? Future.succeededFuture(new Page(List.of(), Optional.empty()))
        : store.leavesMatching(latest.get().size(), filters, limit + 1).map(rows -> {
          boolean more = rows.size() > limit;
          List<Scanned> records = rows.subList(0, Math.min(limit, rows.size())).stream()
              .map(row -> new Scanned(row.index(), row.leaf()))
              .toList();
          return new Page(records, more ? Optional.of(records.get(records.size() - 1).index()) : Optional.empty());
        }));
  }
}
