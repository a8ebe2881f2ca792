package io.twinguard.adapters.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Topic filters against the examples of MQTT 3.1.1 section 4.7. */
class TopicFilterTest {

  @ParameterizedTest
  @CsvSource({
      "sport/tennis/player1/#, sport/tennis/player1, true",
      "sport/tennis/player1/#, sport/tennis/player1/ranking, true",
      "sport/tennis/player1/#, sport/tennis/player1/score/wimbledon, true",
      "sport/#, sport, true",
      "sport/tennis/+, sport/tennis/player1, true",
      "sport/tennis/+, sport/tennis/player1/ranking, false",
      "sport/+, sport, false",
      "sport/+, sport/, true",
      "+/+, /finance, true",
      "/+, /finance, true",
      "+, /finance, false",
      "#, $SYS/broker, false",
      "+/monitor/Clients, $SYS/monitor/Clients, false",
      "$SYS/#, $SYS/broker, true",
      "$SYS/monitor/+, $SYS/monitor/Clients, true",
  })
  void matches_asTheStandardsExamplesSay(String filter, String topic, boolean expected) {
    assertEquals(expected, TopicFilter.matches(filter, topic));
  }

  @ParameterizedTest
  @ValueSource(strings = {"sport/tennis#", "sport/tennis/#/ranking", "sport+", "", "a/b+c"})
  void filterProblem_whenInvalid_namesIt(String filter) {
    assertNotNull(TopicFilter.filterProblem(filter));
  }

  @ParameterizedTest
  @ValueSource(strings = {"#", "+", "+/tennis/#", "sport/+/player1", "/"})
  void filterProblem_whenValid_isNull(String filter) {
    assertNull(TopicFilter.filterProblem(filter));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a/+", "a/#", ""})
  void topicProblem_whenWildcardOrEmpty_namesIt(String topic) {
    assertNotNull(TopicFilter.topicProblem(topic));
  }
}
