package io.twinguard.tests.load;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * A Flight Recorder event around one measured round of one target, so that a profile of the
 * benchmark can be cut into targets ({@code scripts/profile-steps.py}). Costs nothing when no
 * recording runs.
 */
@Name("twinguard.bench.Round")
@Label("Measured round")
@Category("twinguard")
@Description("One measured round of one target of the broker load benchmark")
final class MeasuredRound extends Event {

  @Label("Target")
  String target;

  @Label("Mode")
  String mode;

  @Label("Requests")
  long requests;
}
