package io.twinguard.signing.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpiffeIdTest {

  @Test
  void parse_twinId_splitsTrustDomainAndPath() {
    SpiffeId id = SpiffeId.parse("spiffe://city.example/twin/hvac-room-1");

    assertEquals(new TrustDomain("city.example"), id.trustDomain());
    assertEquals("/twin/hvac-room-1", id.path());
    assertEquals("spiffe://city.example/twin/hvac-room-1", id.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "https://city.example/twin/a", "spiffe://city.example", "spiffe://city.example/",
      "spiffe://City.example/twin/a", "spiffe://city.example:443/twin/a",
      "spiffe://user@city.example/twin/a", "spiffe://city.example/twin/a?x=1",
      "spiffe://city.example/twin/a#f", "spiffe://city.example/twin//a",
      "spiffe://city.example/twin/../a", "spiffe://city.example/twin/a%20b",
      "SPIFFE://city.example/twin/a", "spiffe:///twin/a"})
  void parse_invalidId_isRefused(String text) {
    assertThrows(IllegalArgumentException.class, () -> SpiffeId.parse(text));
  }
}
