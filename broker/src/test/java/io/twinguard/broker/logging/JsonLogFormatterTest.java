package io.twinguard.broker.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class JsonLogFormatterTest {

  @Test
  void format_putsFieldsOfTheFirstParameterOnOneJsonLine() {
    LogRecord record = new LogRecord(Level.INFO, "call");
    record.setLoggerName("io.twinguard.broker.call");
    record.setInstant(Instant.EPOCH);
    record.setParameters(new Object[] {Map.of("decision_id", "d-1", "status", 403)});

    String line = new JsonLogFormatter().format(record);

    JsonObject json = new JsonObject(line.strip());
    assertEquals("1970-01-01T00:00:00Z", json.getString("time"));
    assertEquals("INFO", json.getString("level"));
    assertEquals("call", json.getString("message"));
    assertEquals("d-1", json.getString("decision_id"));
    assertEquals(403, json.getInteger("status"));
    assertEquals(1, line.lines().count());
  }

  @Test
  void format_exception_givesClassAndMessageButNoStack() {
    LogRecord record = new LogRecord(Level.SEVERE, "failed");
    record.setThrown(new IllegalStateException("boom"));

    JsonObject json = new JsonObject(new JsonLogFormatter().format(record).strip());

    assertEquals("java.lang.IllegalStateException: boom", json.getString("error"));
    assertFalse(json.encode().contains("at io."));
  }
}
