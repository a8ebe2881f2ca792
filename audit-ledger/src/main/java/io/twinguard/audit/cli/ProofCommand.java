package io.twinguard.audit.cli;

import io.twinguard.audit.log.InclusionProof;
import io.twinguard.audit.merkle.Rfc9162;
import java.io.PrintWriter;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code twinguard audit proof --index N}: a leaf with its inclusion proof and checkpoint. */
@Command(
    name = "proof",
    mixinStandardHelpOptions = true,
    description = "Print a leaf with its RFC 9162 inclusion proof against the newest checkpoint.")
final class ProofCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin LogOptions options;

  @Option(names = "--index", required = true, description = "the leaf index")
  long index;

  @Option(
      names = "--json",
      description =
          "print {leaf, index, tree_size, inclusion_path, checkpoint} as JSON (base64 bytes and hashes)")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    return LogSession.run(
        "proof",
        options,
        spec.commandLine().getErr(),
        log ->
            log.inclusionProof(index)
                .map(
                    proof -> {
                      print(proof, out);
                      return 0;
                    }));
  }

  private void print(InclusionProof proof, PrintWriter out) {
    if (json) {
      out.println(proof.toJson().encodePrettily());
    } else {
      Base64.Encoder b64 = Base64.getEncoder();
      out.println("index: " + proof.index());
      out.println("tree size: " + proof.checkpoint().size());
      out.println("leaf hash: " + b64.encodeToString(Rfc9162.leafHash(proof.leaf())));
      out.println("inclusion path:");
      proof.path().forEach(h -> out.println("  " + b64.encodeToString(h)));
      out.println("checkpoint:");
      out.print(proof.checkpoint().note());
    }
    out.flush();
  }
}
