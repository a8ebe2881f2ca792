package io.twinguard.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WarmUpTest {

  @Test
  void settled_compilersUnderATenthOfTheCpu_true() {
    assertTrue(WarmUp.settled(Map.of("Vert.x event loops", 950L, "JIT compilers", 50L)));
  }

  @Test
  void settled_compilersAtATenthOrMore_false() {
    assertFalse(WarmUp.settled(Map.of("Vert.x event loops", 900L, "JIT compilers", 100L)));
    assertFalse(WarmUp.settled(Map.of("Vert.x event loops", 600L, "JIT compilers", 400L, "GC", 10L)));
  }

  @Test
  void settled_noCpuAtAll_false() {
    assertFalse(WarmUp.settled(Map.of()));
    assertFalse(WarmUp.settled(Map.of("JIT compilers", 0L)));
  }

  @Test
  void jitShare_compilersAndOtherGroups_compilersOverAll() {
    assertEquals(0.25, WarmUp.jitShare(Map.of("JIT compilers", 250L, "Hazelcast", 250L, "GC", 500L)), 1e-9);
  }
}
