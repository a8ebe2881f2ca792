package io.twinguard.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {

  @Test
  void group_osThreadNames_groupOfWhatTheyDo() {
    // the JVM's OS thread names: the Java name cut to 15 characters
    assertEquals("Hazelcast", ThreadCpu.group("hz.gallant_nobe"));
    assertEquals("Vert.x event loops", ThreadCpu.group("vert.x-eventloo"));
    assertEquals("Vert.x workers", ThreadCpu.group("vert.x-worker-t"));
    assertEquals("JIT compilers", ThreadCpu.group("C2 CompilerThre"));
    assertEquals("JIT compilers", ThreadCpu.group("C1 CompilerThre"));
    assertEquals("GC", ThreadCpu.group("GC Thread#1"));
    assertEquals("GC", ThreadCpu.group("G1 Conc#0"));
    assertEquals("other: pool-#-thread-#", ThreadCpu.group("pool-3-thread-12"));
  }

  @Test
  void of_thisJvm_hasItsCompilerThreadsAndNoNegativeTime() {
    Map<String, Long> groups = ThreadCpu.of(ProcessHandle.current().pid());
    assertTrue(groups.containsKey("JIT compilers"), groups.toString());
    assertTrue(groups.values().stream().allMatch(nanos -> nanos >= 0), groups.toString());
  }

  @Test
  void of_noSuchProcess_empty() {
    assertEquals(Map.of(), ThreadCpu.of(Long.MAX_VALUE));
  }

  @Test
  void addDifference_twoReadings_addsEachGroupsGrowth() {
    Map<String, Long> sum = new HashMap<>(Map.of("GC", 5L));
    ThreadCpu.addDifference(sum, Map.of("GC", 10L, "Hazelcast", 3L), Map.of("GC", 30L, "Hazelcast", 3L, "JIT compilers", 7L));
    assertEquals(Map.of("GC", 25L, "Hazelcast", 0L, "JIT compilers", 7L), sum);
  }
}
