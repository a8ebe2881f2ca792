package io.twinguard.audit.cli;

import io.twinguard.audit.log.InclusionProof;
import io.twinguard.audit.merkle.Rfc9162;
import java.io.PrintWriter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code twinguard audit proof --index N | --hash HEX}: a leaf with its inclusion proof and
 * checkpoint, named by its index or (once shared writers' integrator gave it one) its RFC 9162
 * leaf hash, the audit reference a shared writer answers with.
 */
@Command(
    name = "proof",
    mixinStandardHelpOptions = true,
    description = "Print a leaf with its RFC 9162 inclusion proof against the newest checkpoint.")
final class ProofCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin LogOptions options;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Leaf leaf;

  /** Which leaf: exactly one of the two. */
  static final class Leaf {
    @Option(names = "--index", required = true, description = "the leaf index")
    Long index;

    @Option(names = "--hash", required = true,
        description = "the leaf hash (SHA-256 of 0x00 and the leaf) in hex, of a leaf that shared writers' "
            + "integrator wrote")
    String hash;
  }

  @Option(
      names = "--json",
      description =
          "print {leaf, index, tree_size, inclusion_path, checkpoint} as JSON (base64 bytes and hashes)")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    byte[] hash = leaf.hash == null ? null : leafHash(leaf.hash);
    return LogSession.run(
        "proof",
        options,
        spec.commandLine().getErr(),
        log ->
            (hash == null ? log.inclusionProof(leaf.index) : log.inclusionProof(hash))
                .map(
                    proof -> {
                      print(proof, out);
                      return 0;
                    }));
  }

  private byte[] leafHash(String hex) {
    try {
      byte[] hash = HexFormat.of().parseHex(hex);
      if (hash.length == Rfc9162.HASH_SIZE) {
        return hash;
      }
    } catch (IllegalArgumentException e) {
      // refused below, as any other malformed hash
    }
    throw new CommandLine.ParameterException(spec.commandLine(),
        "--hash must be " + Rfc9162.HASH_SIZE * 2 + " hex digits, not '" + hex + "'");
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
