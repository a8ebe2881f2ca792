package io.twinguard.audit.log.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.audit.log.LogConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every compliance query of {@link LeafFilter}, as {@link LogStore#leavesMatching} builds it, is
 * planned on an index of the schema's migrations (V6) and never as a scan of the whole table, on
 * 100,000 leaves of an embedded PostgreSQL where each filter value matches a few rows among many.
 * Only the plan's shape is asserted; the planner chooses it from the table's statistics, so the
 * data are spread as a log's are (time rising with the index, many callers, subjects, revisions).
 */
class QueryIndexPlanTest {

  private static final int ROWS = 100_000;
  private static final OffsetDateTime EPOCH = OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

  @TempDir static Path dir;
  static Database database;
  static Connection connection;

  @BeforeAll
  static void fill() throws SQLException {
    database = Database.start(LogConfig.embeddedIn(dir));
    connection = DriverManager.getConnection(database.jdbcUrl(), "postgres", "postgres");
    try (Statement s = connection.createStatement()) {
      s.execute(
          """
          INSERT INTO log_leaf (idx, leaf, kind, record_time, decision_id, caller, target, purpose, decision,
                                bundle_revision, subjects, reason_codes)
          SELECT g, convert_to(repeat(md5(g::text), 10), 'UTF8'), CASE WHEN g %% 50 = 0 THEN 'registry' ELSE 'decision' END,
                 timestamptz '2026-01-01 00:00:00+00' + g * interval '1 second', 'dec-' || g,
                 'caller-' || (g %% 1000), 'target-' || (g %% 997), 'purpose-' || (g %% 500),
                 CASE WHEN g %% 4 = 0 THEN 'deny' ELSE 'allow' END, 'rev-' || (g / 100),
                 ARRAY['subject-' || (g %% 5000), 'subject-' || ((g * 7) %% 5000)],
                 CASE WHEN g %% 4 = 0 THEN ARRAY['reason-' || (g %% 800)] ELSE '{}'::text[] END
          FROM generate_series(0, %d) g
          """.formatted(ROWS - 1));
      s.execute("VACUUM ANALYZE log_leaf");
    }
  }

  @AfterAll
  static void stop() throws SQLException {
    connection.close();
    database.close();
  }

  static Stream<Arguments> queries() {
    return Stream.of(
        Arguments.of(Map.of(LeafFilter.SUBJECT, "subject-4242"), "log_leaf_subjects", 40),
        Arguments.of(
            filters(LeafFilter.SUBJECT, "subject-4244", LeafFilter.OUTCOME, "deny"), "log_leaf_subjects", 40),
        Arguments.of(Map.of(LeafFilter.CALLER, "caller-421"), "log_leaf_parties", 100),
        Arguments.of(Map.of(LeafFilter.TARGET, "target-421"), "log_leaf_parties", 100),
        Arguments.of(Map.of(LeafFilter.PURPOSE, "purpose-421"), "log_leaf_parties", 101),
        Arguments.of(Map.of(LeafFilter.BUNDLE_REVISION, "rev-421"), "log_leaf_bundle_revision", 100),
        Arguments.of(Map.of(LeafFilter.DECISION_ID, "dec-42421"), "log_leaf_decision_id", 1),
        Arguments.of(Map.of(LeafFilter.REASON_CODE, "reason-420"), "log_leaf_reason_codes", 101),
        Arguments.of(
            filters(LeafFilter.FROM, EPOCH.plusSeconds(42_000), LeafFilter.TO, EPOCH.plusSeconds(42_060)),
            "log_leaf_time", 60),
        Arguments.of(
            filters(LeafFilter.KIND, "registry", LeafFilter.FROM, EPOCH.plusSeconds(42_000), LeafFilter.TO,
                EPOCH.plusSeconds(44_000)),
            "log_leaf_time", 40),
        Arguments.of(
            filters(LeafFilter.CALLER, "caller-421", LeafFilter.AFTER, 50_000L), "log_leaf_parties", 50));
  }

  @ParameterizedTest
  @MethodSource("queries")
  void leavesMatching_selectiveFilter_isPlannedOnItsIndexWithoutATableScan(
      Map<LeafFilter, Object> filters, String index, int rows) throws SQLException {
    String sql = leavesMatching(filters);

    List<JsonObject> nodes = new ArrayList<>();
    collect(plan(sql, filters), nodes);

    List<String> indexes = nodes.stream().map(n -> n.getString("Index Name")).filter(n -> n != null).toList();
    assertTrue(indexes.contains(index), "planned on " + index + ": " + nodes);
    assertFalse(
        nodes.stream().anyMatch(n -> "Seq Scan".equals(n.getString("Node Type"))), "no table scan: " + nodes);
    assertEquals(rows, count(sql, filters), "the filter selects the rows the plan is for");
  }

  /** The statement {@link LogStore#leavesMatching} sends, with JDBC's placeholders, for a page of 101. */
  private static String leavesMatching(Map<LeafFilter, Object> filters) {
    List<String> where = new ArrayList<>(List.of(LogStore.BELOW_SIZE));
    int parameter = 1;
    for (LeafFilter filter : filters.keySet()) {
      where.add(filter.condition(++parameter));
    }
    return String.format(LogStore.SELECT_LEAVES_MATCHING, String.join(" AND ", where), 101)
        .replaceAll("\\$\\d+", "?");
  }

  private static JsonObject plan(String sql, Map<LeafFilter, Object> filters) throws SQLException {
    try (PreparedStatement s = bound("EXPLAIN (FORMAT JSON) " + sql, filters);
        ResultSet result = s.executeQuery()) {
      result.next();
      return new JsonArray(result.getString(1)).getJsonObject(0).getJsonObject("Plan");
    }
  }

  private static int count(String sql, Map<LeafFilter, Object> filters) throws SQLException {
    try (PreparedStatement s = bound(sql, filters);
        ResultSet result = s.executeQuery()) {
      int n = 0;
      while (result.next()) {
        n++;
      }
      return n;
    }
  }

  private static PreparedStatement bound(String sql, Map<LeafFilter, Object> filters) throws SQLException {
    PreparedStatement s = connection.prepareStatement(sql);
    s.setLong(1, ROWS);
    int parameter = 1;
    for (Object value : filters.values()) {
      s.setObject(++parameter, value);
    }
    return s;
  }

  private static void collect(JsonObject node, List<JsonObject> out) {
    out.add(node);
    JsonArray children = node.getJsonArray("Plans", new JsonArray());
    for (int i = 0; i < children.size(); i++) {
      collect(children.getJsonObject(i), out);
    }
  }

  /** Filters in a fixed order, as {@link LogStore#leavesMatching} numbers their parameters. */
  private static Map<LeafFilter, Object> filters(Object... pairs) {
    Map<LeafFilter, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      out.put((LeafFilter) pairs[i], pairs[i + 1]);
    }
    return out;
  }
}
