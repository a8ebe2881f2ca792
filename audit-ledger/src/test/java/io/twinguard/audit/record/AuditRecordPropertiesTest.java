package io.twinguard.audit.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.twinguard.audit.record.DecisionRecord.BlockRef;
import io.twinguard.audit.record.DecisionRecord.Reason;
import io.twinguard.audit.record.DecisionRecord.Verdict;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Random valid typed records: the leaf written straight from the typed value is the one the
 * schema-validating path makes of its JSON text, byte for byte, with the same query fields.
 */
class AuditRecordPropertiesTest {

  private static final long SEED = 20261201;
  private static final int RECORDS = 1000;

  /** Characters that stress escaping and sorting: quotes, backslash, DEL, non-ASCII, surrogate pairs. */
  private static final String[] ID_CHARS = {
    "a", "Z", "0", "-", ":", "/", ".", " ", "\"", "\\", "\u007f", "\u00e9", "\u20ac", "\u2028", "\ufb33",
    "\ud83d\ude02", "\ud800\udc00"
  };

  @Test
  void parseOfJsonOfTypedRecord_givesTheSameLeafAndFields() throws InvalidRecordException {
    Random random = new Random(SEED);
    for (int i = 0; i < RECORDS; i++) {
      DecisionRecord record = decision(random);

      AuditRecord typed = AuditRecord.of(record);
      AuditRecord parsed = AuditRecord.parse(typed.json());

      assertArrayEquals(parsed.leaf(), typed.leaf(), typed.json());
      assertEquals(parsed.fields(), typed.fields(), typed.json());
    }
  }

  @Test
  void parseOfJsonOfRegistryRecord_givesTheSameLeafAndFields() throws InvalidRecordException {
    Random random = new Random(SEED + 1);
    for (int i = 0; i < RECORDS; i++) {
      RegistryRecord.Action action = RegistryRecord.Action.values()[random.nextInt(3)];
      RegistryRecord record = new RegistryRecord(time(random), id(random), action,
          action == RegistryRecord.Action.MODE ? null : id(random), digest(random));

      AuditRecord typed = AuditRecord.of(record);
      AuditRecord parsed = AuditRecord.parse(typed.json());

      assertArrayEquals(parsed.leaf(), typed.leaf(), typed.json());
      assertEquals(parsed.fields(), typed.fields(), typed.json());
    }
  }

  @Test
  void parseOfJsonOfForwardingRecord_givesTheSameLeafAndFields() throws InvalidRecordException {
    Random random = new Random(SEED + 2);
    List<String> blockKinds = List.copyOf(RecordLimits.BLOCK_KIND.values());
    for (int i = 0; i < RECORDS; i++) {
      ForwardingRecord record = new ForwardingRecord(id(random), time(random), id(random), id(random),
          new BlockRef(blockKinds.get(random.nextInt(blockKinds.size())), id(random)), id(random), id(random),
          ids(random), ids(random), random.nextBoolean(), ids(random), id(random), digest(random), ids(random),
          random.nextInt(Integer.MAX_VALUE));

      AuditRecord typed = AuditRecord.of(record);
      AuditRecord parsed = AuditRecord.parse(typed.json());

      assertArrayEquals(parsed.leaf(), typed.leaf(), typed.json());
      assertEquals(parsed.fields(), typed.fields(), typed.json());
    }
  }

  private static DecisionRecord decision(Random r) {
    List<Reason> reasons = new ArrayList<>();
    for (int i = r.nextInt(3); i > 0; i--) {
      List<String> policies = List.copyOf(RecordLimits.POLICY.values());
      reasons.add(new Reason(policies.get(r.nextInt(policies.size())), id(r), message(r)));
    }
    List<JsonObject> obligations = new ArrayList<>();
    for (int i = r.nextInt(3); i > 0; i--) {
      obligations.add(object(r, 0).put("type", id(r)));
    }
    List<String> blockKinds = List.copyOf(RecordLimits.BLOCK_KIND.values());
    return new DecisionRecord(
        id(r), time(r), maybe(r, id(r)), maybe(r, id(r)),
        r.nextBoolean() ? null : new BlockRef(blockKinds.get(r.nextInt(blockKinds.size())), id(r)),
        maybe(r, id(r)), maybe(r, id(r)), ids(r), ids(r), r.nextBoolean(), ids(r), maybe(r, id(r)),
        digest(r), Verdict.values()[r.nextInt(3)], 100 + r.nextInt(500),
        r.nextBoolean() ? null : URI.create("https://twinguard.example/problems/p" + r.nextInt(1000)),
        r.nextBoolean() ? null : 100 + r.nextInt(500), maybe(r, digest(r)), reasons, obligations, null,
        maybe(r, "sha-256:" + "0123456789abcdef".repeat(4)));
  }

  private static String id(Random r) {
    int length = r.nextInt(10) == 0 ? RecordLimits.ID.maxLength() : 1 + r.nextInt(40);
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < length; i++) {
      s.append(ID_CHARS[r.nextInt(ID_CHARS.length)]);
    }
    return s.toString();
  }

  /** Any well-formed text, control characters included (they must be escaped). */
  private static String message(Random r) {
    int length = r.nextInt(20) == 0 ? RecordLimits.MESSAGE.maxLength() : r.nextInt(60);
    StringBuilder s = new StringBuilder();
    while (s.codePointCount(0, s.length()) < length) {
      int cp = switch (r.nextInt(4)) {
        case 0 -> r.nextInt(0x20);
        case 1 -> 0x20 + r.nextInt(0x60);
        case 2 -> 0xa0 + r.nextInt(0xd800 - 0xa0);
        default -> 0x10000 + r.nextInt(0x100000);
      };
      s.appendCodePoint(cp);
    }
    return s.toString();
  }

  private static List<String> ids(Random r) {
    Set<String> ids = new LinkedHashSet<>();
    for (int i = r.nextInt(5); i > 0; i--) {
      ids.add(id(r));
    }
    return List.copyOf(ids);
  }

  private static Instant time(Random r) {
    long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    long nanos = switch (r.nextInt(3)) {
      case 0 -> 0;
      case 1 -> r.nextInt(1000) * 1_000_000L;
      default -> r.nextInt(1_000_000_000);
    };
    return Instant.ofEpochSecond(min + (long) (r.nextDouble() * (max - min)), nanos);
  }

  private static String digest(Random r) {
    byte[] hash = new byte[r.nextBoolean() ? 32 : 64];
    r.nextBytes(hash);
    return (hash.length == 32 ? "sha-256=:" : "sha-512=:") + Base64.getEncoder().encodeToString(hash) + ":";
  }

  private static String maybe(Random r, String value) {
    return r.nextInt(4) == 0 ? null : value;
  }

  private static JsonObject object(Random r, int depth) {
    JsonObject object = new JsonObject();
    for (int i = r.nextInt(4); i > 0; i--) {
      object.put(r.nextInt(5) == 0 ? message(r) : id(r), value(r, depth + 1));
    }
    return object;
  }

  private static Object value(Random r, int depth) {
    int kinds = depth < 3 ? 10 : 8;
    return switch (r.nextInt(kinds)) {
      case 0 -> null;
      case 1 -> r.nextBoolean();
      case 2 -> message(r);
      case 3 -> r.nextInt();
      case 4 -> r.nextLong();
      case 5 -> finite(Double.longBitsToDouble(r.nextLong()));
      case 6 -> (double) r.nextInt(10_000) / 100;
      case 7 -> r.nextGaussian() * Math.pow(10, r.nextInt(30) - 15);
      case 8 -> object(r, depth);
      default -> {
        JsonArray array = new JsonArray();
        for (int i = r.nextInt(4); i > 0; i--) {
          array.add(value(r, depth + 1));
        }
        yield array;
      }
    };
  }

  private static double finite(double d) {
    return Double.isFinite(d) ? d : 0.5;
  }
}
