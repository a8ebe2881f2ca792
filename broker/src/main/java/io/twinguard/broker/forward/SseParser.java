package io.twinguard.broker.forward;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a server-sent event stream (the text/event-stream format of the HTML standard) into the
 * data of its events: lines are separated by LF, CR or CRLF; an empty line ends an event; the
 * values of its {@code data:} lines, joined by LF, are the event's data. Comments and other fields
 * are skipped. Not thread-safe: one parser per stream.
 */
public final class SseParser {

  private final StringBuilder pending = new StringBuilder();
  private final StringBuilder data = new StringBuilder();
  private boolean hasData;

  /** Feeds the next chunk; returns the data of every event the chunk completed, in order. */
  public List<String> feed(String chunk) {
    pending.append(chunk);
    List<String> events = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < pending.length(); i++) {
      char c = pending.charAt(i);
      if (c != '\n' && c != '\r') {
        continue;
      }
      if (c == '\r' && i + 1 == pending.length()) {
        break;
      }
      line(pending.substring(start, i), events);
      if (c == '\r' && pending.charAt(i + 1) == '\n') {
        i++;
      }
      start = i + 1;
    }
    pending.delete(0, start);
    return events;
  }

  private void line(String line, List<String> events) {
    if (line.isEmpty()) {
      if (hasData) {
        events.add(data.toString());
      }
      data.setLength(0);
      hasData = false;
      return;
    }
    if (line.startsWith("data")) {
      String value = line.length() > 4 && line.charAt(4) == ':' ? line.substring(5) : line.equals("data") ? "" : null;
      if (value == null) {
        return;
      }
      if (value.startsWith(" ")) {
        value = value.substring(1);
      }
      if (hasData) {
        data.append('\n');
      }
      data.append(value);
      hasData = true;
    }
  }
}
