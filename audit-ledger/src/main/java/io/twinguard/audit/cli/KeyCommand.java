package io.twinguard.audit.cli;

import io.twinguard.audit.log.LogConfig;
import io.twinguard.audit.log.internal.LogKeyFile;
import io.twinguard.signing.note.NoteSigner;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code twinguard audit key}: prints the log's verifier key; needs only the key file. */
@Command(
    name = "key",
    mixinStandardHelpOptions = true,
    description = "Print the log's verifier key in signed-note form: name+hexkeyhash+base64(0x01 || key).")
final class KeyCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin LogOptions options;

  @Override
  public Integer call() {
    try {
      LogConfig config = LogConfig.from(options.settings(Optional.empty()));
      NoteSigner signer = NoteSigner.create(config.origin(), LogKeyFile.loadOrCreate(config.keyFile()));
      spec.commandLine().getOut().println(signer.verifierKey().encode());
      spec.commandLine().getOut().flush();
      return 0;
    } catch (RuntimeException e) {
      return LogSession.fail("key", spec.commandLine().getErr(), e);
    }
  }
}
