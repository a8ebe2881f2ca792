package io.twinguard.broker.logging;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * Formats java.util.logging records as one JSON object per line: {@code time}, {@code level},
 * {@code logger}, {@code message}, the fields of a {@link Map} passed as the record's first
 * parameter (for example {@code decision_id}, {@code outcome}), and the exception's class and
 * message, never its stack: logs carry identifiers, not payloads.
 *
 * <p>Select it with {@code java.util.logging.ConsoleHandler.formatter =
 * io.twinguard.broker.logging.JsonLogFormatter}.
 */
public final class JsonLogFormatter extends Formatter {

  @Override
  public String format(LogRecord record) {
    JsonObject line = new JsonObject()
        .put("time", DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(record.getMillis())))
        .put("level", record.getLevel().getName())
        .put("logger", record.getLoggerName())
        .put("message", record.getMessage());
    Object[] parameters = record.getParameters();
    if (parameters != null && parameters.length > 0 && parameters[0] instanceof Map<?, ?> fields) {
      fields.forEach((key, value) -> line.put(String.valueOf(key), value instanceof Number || value instanceof Boolean
          ? value : String.valueOf(value)));
    }
    if (record.getThrown() != null) {
      line.put("error", record.getThrown().getClass().getName() + ": " + record.getThrown().getMessage());
    }
    return line.encode() + System.lineSeparator();
  }
}
