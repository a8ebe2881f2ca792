package io.twinguard.tests.load;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * A Flight Recorder event around one measured round of one target, so that a profile of the
 * benchmark can be cut into targets ({@code scripts/profile-steps.py}; the cluster benchmarks mark
 * theirs with the configuration as target and the mix as mode). Costs nothing when no recording runs.
 */
@Name("twinguard.bench.Round")
@Label("Measured round")
@Category("twinguard")
@Description("One measured round of one target of the broker load benchmark")
public final class MeasuredRound extends Event {

  @Label("Target")
  String target;

  @Label("Mode")
  String mode;

  @Label("Requests")
  long requests;

  /** A round of {@code target} in {@code mode}, begun now. */
  public static MeasuredRound start(String target, String mode) {
    MeasuredRound round = new MeasuredRound();
    round.target = target;
    round.mode = mode;
    round.begin();
    return round;
  }

  /** Ends the round, which answered {@code answered} requests, and commits it to the recording. */
  public void end(long answered) {
    requests = answered;
    commit();
  }
}
