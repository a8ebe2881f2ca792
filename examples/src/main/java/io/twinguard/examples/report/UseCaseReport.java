package io.twinguard.examples.report;

import java.util.List;

/**
 * A use case's part of the report: how it ended and the audit records it left.
 *
 * @param id UC1 ... UC6
 * @param title what it shows
 * @param failure why it failed, or null
 * @param evidence its records in log order, each with its proof
 */
public record UseCaseReport(String id, String title, String failure, List<Evidence> evidence) {
  public UseCaseReport {
    evidence = List.copyOf(evidence);
  }

  public boolean ok() {
    return failure == null;
  }
}
