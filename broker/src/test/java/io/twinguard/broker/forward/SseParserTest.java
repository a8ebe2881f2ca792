package io.twinguard.broker.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {

  @Test
  void feed_eventsSplitAcrossChunks_comeOutWhole() {
    SseParser parser = new SseParser();
    List<String> events = new ArrayList<>();

    events.addAll(parser.feed(": hello\n\ndata: {\"a\""));
    events.addAll(parser.feed(":1}\n\ndata: {\"b\":2}\r"));
    events.addAll(parser.feed("\n\r\n"));

    assertEquals(List.of("{\"a\":1}", "{\"b\":2}"), events);
  }

  @Test
  void feed_multipleDataLines_joinWithNewline_andOtherFieldsAreSkipped() {
    SseParser parser = new SseParser();

    List<String> events = parser.feed("event: x\nid: 7\ndata:first\ndata: second\nretry: 10\n\n");

    assertEquals(List.of("first\nsecond"), events);
  }

  @Test
  void feed_blankLinesWithoutData_yieldNothing() {
    assertEquals(List.of(), new SseParser().feed("\n\n: comment\n\n"));
  }
}
